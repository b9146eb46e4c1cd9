#!/usr/bin/python3
"""Write analytics/testdata/p190_golden.json.gz: igraph's reference values on the p190 graph.

Run once from the repository root with the Debian python3-igraph package:

    apt-get install -y python3-igraph
    /usr/bin/python3 scripts/golden_igraph.py

The graph is read exactly as the Go tests read it: every QID of p190_names.tsv.gz is a
node, every row of p190_relations.tsv.gz an undirected link; duplicate pairs and
self-loops are dropped (igraph's simplify). Values are keyed by QID, so the node order
does not matter.
"""
import gzip
import json
import math
import random
import sys

import igraph

TESTDATA = "analytics/testdata/"


def read_graph():
    with gzip.open(TESTDATA + "p190_names.tsv.gz", "rt", encoding="utf-8") as f:
        qids = [line.split("\t", 1)[0] for line in f if line.strip()]
    qids = sorted(set(qids))
    index = {q: i for i, q in enumerate(qids)}
    edges = []
    with gzip.open(TESTDATA + "p190_relations.tsv.gz", "rt", encoding="utf-8") as f:
        for line in f:
            a, b = line.rstrip("\n").split("\t")[:2]
            edges.append((index[a], index[b]))
    g = igraph.Graph(n=len(qids), edges=edges, directed=False)
    g.simplify(multiple=True, loops=True)
    return qids, g


def clean(values):
    return [None if (isinstance(v, float) and math.isnan(v)) else v for v in values]


def main():
    qids, g = read_graph()
    out = {
        "generator": "scripts/golden_igraph.py with python-igraph " + igraph.__version__,
        "qids": qids,
        "betweenness": g.betweenness(directed=False),
        "closeness": clean(g.closeness(normalized=True)),
        "harmonic": g.harmonic_centrality(normalized=False),
        "pagerank": g.pagerank(damping=0.85, directed=False, implementation="prpack"),
        "eigenvector": g.eigenvector_centrality(directed=False, scale=True),
        "coreness": g.coreness(),
        "components": sorted(len(c) for c in g.connected_components()),
        "stats": {
            "nodes": g.vcount(),
            "links": g.ecount(),
            "density": g.density(loops=False),
            "components": len(g.connected_components()),
            "largest_component": max(len(c) for c in g.connected_components()),
            "average_clustering_nan": g.transitivity_avglocal_undirected(mode="nan"),
            "average_clustering_zero": g.transitivity_avglocal_undirected(mode="zero"),
            "transitivity": g.transitivity_undirected(),
            "assortativity": g.assortativity_degree(directed=False),
            "diameter": g.diameter(directed=False, unconn=True),
            "mean_distance": g.average_path_length(directed=False, unconn=True),
        },
    }
    mods = []
    for seed in range(1, 11):
        random.seed(seed)
        mods.append(g.community_multilevel().modularity)
    out["louvain_modularity"] = mods
    with gzip.open(TESTDATA + "p190_golden.json.gz", "wt", encoding="utf-8") as f:
        json.dump(out, f)
    s = out["stats"]
    print("wrote %sp190_golden.json.gz: %d nodes, %d links, louvain Q %.4f..%.4f"
          % (TESTDATA, s["nodes"], s["links"], min(mods), max(mods)), file=sys.stderr)


if __name__ == "__main__":
    main()
