#!/usr/bin/python3
"""Write analytics/testdata/bipartite_networkx.json.gz: NetworkX's bipartite centralities on a
two-mode graph of places and city networks, the reference for analytics.Bipartite and
Exec.BipartiteCentrality.

Run once from the repository root with the Debian python3-networkx package:

    /usr/bin/python3 scripts/golden_networkx_bipartite.py

The graph is drawn here with a fixed seed and written into the golden file, so the Go test reads
exactly the graph NetworkX saw: 500 places ("P:000" ...) and 30 networks ("net-00" ...) whose sizes
fall off like those of real city networks (a few large, many small: a network k gets about
120/(k+1)+2 members, drawn with preferential attachment to places already in other networks), and
a few places and two small networks in components of their own. The graph is built from the
membership list (nx.Graph(edges)), so only places and networks with a membership are nodes.

- "degree": bipartite.degree_centrality(G, places);
- "closeness": bipartite.closeness_centrality(G, places) (normalized=True);
- "betweenness": bipartite.betweenness_centrality(G, places);
- "sharedCount": the projection onto places, bipartite.weighted_projected_graph(G, places), as
  [a, b, weight] with a < b (weight: the number of shared networks);
- "sharedNewman": bipartite.collaboration_weighted_projected_graph(G, places), Newman's weighting;
- "modularity": for the partition of the places into "P:0xx", "P:1xx", ... (by the first digit),
  nx.community.modularity on the count projection (weight="weight");
- "partnerships": 400 links among the places with a membership, drawn with the same seed (a
  partnership layer for the combination);
- "combinedLouvain": igraph's (python3-igraph) community_multilevel(weights=...) modularity, seeds
  1..10, on the combination partnerships=1, networks=0.5 with count weights: a pair weighs
  1 when partnered plus 0.5 times its number of shared networks (analytics.Projection.Combine);
  "newmanLouvain" the same on the Newman projection alone.
"""
import gzip
import json
import random

import igraph
import networkx as nx
from networkx.algorithms import bipartite

OUT = "analytics/testdata/bipartite_networkx.json.gz"


def draw():
    rnd = random.Random(12)
    places = ["P:%03d" % i for i in range(500)]
    edges = set()
    weight = {p: 1 for p in places[:470]}
    for k in range(28):
        net = "net-%02d" % k
        size = int(120 / (k + 1)) + 2
        pool = list(weight)
        for _ in range(size):
            p = rnd.choices(pool, weights=[weight[q] for q in pool])[0]
            if (p, net) not in edges:
                edges.add((p, net))
                weight[p] += 1
    # Two small networks among the last places: components of their own.
    for p in places[470:480]:
        edges.add((p, "net-28"))
    for p in places[480:484]:
        edges.add((p, "net-29"))
    edges.add(("P:484", "net-29"))
    return sorted(edges)


def main():
    edges = draw()
    g = nx.Graph(edges)
    places = sorted({p for p, _ in edges})
    out = {
        "networkx": nx.__version__,
        "edges": edges,
        "degree": bipartite.degree_centrality(g, places),
        "closeness": bipartite.closeness_centrality(g, places),
        "betweenness": bipartite.betweenness_centrality(g, places),
    }
    def pairs(h):
        return sorted([min(a, b), max(a, b), w] for a, b, w in h.edges(data="weight"))

    cnt = bipartite.weighted_projected_graph(g, places)
    out["sharedCount"] = pairs(cnt)
    out["sharedNewman"] = pairs(bipartite.collaboration_weighted_projected_graph(g, places))
    parts = {}
    for p in places:
        parts.setdefault(p[2], set()).add(p)
    out["modularity"] = nx.algorithms.community.modularity(cnt, list(parts.values()), weight="weight")
    rnd = random.Random(34)
    links = set()
    while len(links) < 400:
        a, b = rnd.sample(places, 2)
        links.add((min(a, b), max(a, b)))
    out["partnerships"] = sorted(links)
    combined = {}
    for a, b, w in cnt.edges(data="weight"):
        k = (min(a, b), max(a, b))
        combined[k] = combined.get(k, 0) + 0.5 * w
    for k in links:
        combined[k] = combined.get(k, 0) + 1

    def louvain(weights):
        index = {p: i for i, p in enumerate(places)}
        g2 = igraph.Graph(n=len(places), edges=[(index[a], index[b]) for a, b in weights])
        g2.es["weight"] = list(weights.values())
        mods = []
        for seed in range(1, 11):
            random.seed(seed)
            cl = g2.community_multilevel(weights="weight")
            mods.append(g2.modularity(cl.membership, weights="weight"))
        return mods

    out["combinedLouvain"] = louvain(combined)
    newman = {(min(a, b), max(a, b)): w for a, b, w in bipartite.collaboration_weighted_projected_graph(g, places).edges(data="weight")}
    out["newmanLouvain"] = louvain(newman)
    out["igraph"] = igraph.__version__
    for k in ("degree", "closeness", "betweenness"):
        out[k] = dict(sorted(out[k].items()))
    with gzip.open(OUT, "wt", encoding="utf-8") as f:
        json.dump(out, f, separators=(",", ":"))
    print(OUT, len(places), "places", g.number_of_nodes() - len(places), "networks", len(edges), "memberships")


if __name__ == "__main__":
    main()
