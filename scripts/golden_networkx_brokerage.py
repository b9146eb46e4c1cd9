#!/usr/bin/python3
"""Write analytics/testdata/p190_networkx_brokerage.json.gz: NetworkX's Burt measures on the p190
graph, the reference for analytics.Constraint and analytics.EffectiveSize.

Run once from the repository root with the Debian python3-networkx package:

    /usr/bin/python3 scripts/golden_networkx_brokerage.py

The graph is read exactly as the Go tests read it (see scripts/golden_networkx_gonum.py). NetworkX's
constraint recomputes every normalised weight (about sum of deg^3 steps; hours on this graph), so the
reference covers a sample: 600 places drawn with seed 1, the 20 best-linked places, Mannheim and
Kyiv. Answers are keyed by QID; places without links are left out (NetworkX gives them NaN):

- "constraint": nx.constraint (Burt 1992; unweighted, undirected);
- "effectiveSize": nx.effective_size (Borgatti's form n - 2t/n for unweighted undirected graphs).
"""
import gzip
import json
import math
import random
import sys

import networkx as nx

sys.path.insert(0, "scripts")
from golden_networkx_gonum import read_graph  # noqa: E402

OUT = "analytics/testdata/p190_networkx_brokerage.json.gz"


def clean(d):
    return {k: v for k, v in sorted(d.items()) if not math.isnan(v)}


def sample(g):
    rnd = random.Random(1)
    nodes = sorted(g.nodes())
    pick = set(rnd.sample(nodes, 600))
    pick.update(sorted(nodes, key=lambda v: (-g.degree(v), v))[:20])
    pick.update(["Q2119", "Q1899"])  # Mannheim, Kyiv
    return sorted(pick)


def main():
    g = read_graph()
    nodes = sample(g)
    out = {
        "networkx": nx.__version__,
        "nodes": nodes,
        "constraint": clean(nx.constraint(g, nodes=nodes)),
        "effectiveSize": clean(nx.effective_size(g, nodes=nodes)),
    }
    with gzip.open(OUT, "wt", encoding="utf-8") as f:
        json.dump(out, f, separators=(",", ":"))
    print(OUT, len(out["constraint"]), "places")


if __name__ == "__main__":
    main()
