#!/usr/bin/python3
"""Write analytics/testdata/p190_networkx_closeness.json.gz: NetworkX's closeness with the
Wasserman-Faust scaling for disconnected graphs on the p190 graph, the reference for
analytics.ClosenessWF (the default of `analyze centrality --metric closeness` and of the API).

Run once from the repository root with the Debian python3-networkx package:

    /usr/bin/python3 scripts/golden_networkx_closeness.py

The graph is read exactly as the Go tests read it (see scripts/golden_networkx_gonum.py). Answers are
keyed by QID, for every place: "closeness" is nx.closeness_centrality(g, wf_improved=True), that is
((r-1)/(n-1)) * ((r-1)/sum of distances) with r the size of the place's component and n the number
of places; 0 for a place without links.
"""
import gzip
import json
import sys

import networkx as nx

sys.path.insert(0, "scripts")
from golden_networkx_gonum import read_graph  # noqa: E402

OUT = "analytics/testdata/p190_networkx_closeness.json.gz"


def main():
    g = read_graph()
    cl = nx.closeness_centrality(g, wf_improved=True)
    out = {
        "networkx": nx.__version__,
        "nodes": g.number_of_nodes(),
        "closeness": {k: cl[k] for k in sorted(cl)},
    }
    with gzip.open(OUT, "wt", encoding="utf-8") as f:
        json.dump(out, f, separators=(",", ":"))
    print(OUT, len(out["closeness"]), "places")


if __name__ == "__main__":
    main()
