#!/usr/bin/python3
"""Write analytics/testdata/p190_networkx_gonum.json.gz: NetworkX's reference answers on the p190
graph for the analyses citygraph runs through gonum (k shortest paths, maximal cliques, k-clique
communities).

Run once from the repository root with the Debian python3-networkx package:

    apt-get install -y python3-networkx
    /usr/bin/python3 scripts/golden_networkx_gonum.py

The graph is read exactly as the Go tests read it (see scripts/golden_igraph.py): every QID of
p190_names.tsv.gz is a node, every row of p190_relations.tsv.gz an undirected link, duplicate
pairs and self-loops dropped. Answers are keyed by QID:

- "paths": for a few pairs (Mannheim-Kyiv, pairs drawn with a fixed seed, Mannheim and itself), the first K paths
  of nx.shortest_simple_paths (Yen's algorithm; among paths of equal length its order is its own,
  so the Go test compares the paths shorter than the K-th exactly and checks the rest);
- "cliques": every maximal clique of three or more places (nx.find_cliques), each sorted, and the
  number of maximal cliques of each size;
- "kclique": nx.algorithms.community.k_clique_communities for k = 3, 4, 5, each sorted.
"""
import gzip
import json
import random

import networkx as nx
from networkx.algorithms.community import k_clique_communities

TESTDATA = "analytics/testdata/"
K = 10
MANNHEIM, KYIV = "Q2119", "Q1899"


def read_graph():
    g = nx.Graph()
    with gzip.open(TESTDATA + "p190_names.tsv.gz", "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                g.add_node(line.split("\t", 1)[0])
    with gzip.open(TESTDATA + "p190_relations.tsv.gz", "rt", encoding="utf-8") as f:
        for line in f:
            a, b = line.rstrip("\n").split("\t")[:2]
            if a != b:
                g.add_edge(a, b)
    return g


def first_paths(g, a, b, k):
    out = []
    try:
        for p in nx.shortest_simple_paths(g, a, b):
            out.append(p)
            if len(out) == k:
                break
    except nx.NetworkXNoPath:
        pass
    return out


def pairs(g):
    largest = sorted(max(nx.connected_components(g), key=len))
    rnd = random.Random(190)
    out = [(MANNHEIM, KYIV)]
    while len(out) < 6:
        a, b = rnd.sample(largest, 2)
        out.append((a, b))
    # The graph is connected (one component of 10,055 places): no pair without a path here,
    # the hand-drawn tests have those. A place and itself: the one path of no links.
    out.append((MANNHEIM, MANNHEIM))
    return out


def main():
    g = read_graph()
    paths = [{"from": a, "to": b, "paths": first_paths(g, a, b, K)} for a, b in pairs(g)]
    cliques = sorted(sorted(c) for c in nx.find_cliques(g))
    by_size = {}
    for c in cliques:
        by_size[len(c)] = by_size.get(len(c), 0) + 1
    kclique = {}
    for k in (3, 4, 5):
        kclique[str(k)] = sorted(sorted(c) for c in k_clique_communities(g, k))
    out = {
        "generator": "scripts/golden_networkx_gonum.py with NetworkX " + nx.__version__,
        "k": K,
        "paths": paths,
        "cliquesBySize": {str(s): n for s, n in sorted(by_size.items())},
        "cliques": [c for c in cliques if len(c) >= 3],
        "kclique": kclique,
    }
    # mtime=0: the same answers give the same bytes.
    with gzip.GzipFile(TESTDATA + "p190_networkx_gonum.json.gz", "wb", mtime=0) as f:
        f.write(json.dumps(out, separators=(",", ":"), sort_keys=True).encode("utf-8"))
    print("paths:", [(p["from"], p["to"], [len(x) - 1 for x in p["paths"]]) for p in paths])
    print("cliques by size:", out["cliquesBySize"])
    print("k-clique communities:", {k: len(v) for k, v in kclique.items()})


if __name__ == "__main__":
    main()
