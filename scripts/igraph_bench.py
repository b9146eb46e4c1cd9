#!/usr/bin/python3
"""Time citygraph's graph kernels beside python3-igraph on the same graphs, in one run.

Run from the repository root (python3-igraph is the Debian package; use /usr/bin/python3):

    apt-get install -y python3-igraph
    /usr/bin/python3 scripts/igraph_bench.py                 # p190 and the 17,717-place twin graph
    /usr/bin/python3 scripts/igraph_bench.py --count 5 --large  # also linear kernels on 100k links
    /usr/bin/python3 scripts/igraph_bench.py --graphs p190 --kernels betweenness

For every graph it first runs `go run ./scripts/analyticsbench` (medians of --count runs per
kernel, all cores), which also writes the graph's edge list; then it loads that edge list
into igraph and times the same kernels (medians of --count runs, igraph is single-threaded).
It prints a Markdown table: median wall seconds, citygraph's median CPU seconds (all threads; on
an idle machine wall time is about CPU time / cores for the parallel kernels), and igraph's wall
time over ours (> 1: citygraph faster).
"""
import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import igraph

FULL = ["betweenness", "closeness", "harmonic", "pagerank", "louvain", "components", "stats"]
LINEAR = ["pagerank", "louvain", "components"]


def igraph_kernels(g):
    return {
        "betweenness": lambda: g.betweenness(directed=False),
        "closeness": lambda: g.closeness(normalized=True),
        "harmonic": lambda: g.harmonic_centrality(normalized=False),
        "pagerank": lambda: g.pagerank(damping=0.85, directed=False),
        "louvain": lambda: g.community_multilevel().modularity,
        "components": lambda: g.connected_components(),
        # The same figures as analytics.Stats.
        "stats": lambda: (g.density(), g.connected_components(), g.transitivity_avglocal_undirected(mode="nan"),
                          g.transitivity_undirected(), g.assortativity_degree(directed=False),
                          g.diameter(directed=False, unconn=True), g.average_path_length(directed=False, unconn=True)),
    }


def median_time(f, count):
    ts = []
    for _ in range(count):
        t0 = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


def load_p190():
    with gzip.open("analytics/testdata/p190_names.tsv.gz", "rt", encoding="utf-8") as f:
        qids = sorted({line.split("\t", 1)[0] for line in f if line.strip()})
    index = {q: i for i, q in enumerate(qids)}
    edges = []
    with gzip.open("analytics/testdata/p190_relations.tsv.gz", "rt", encoding="utf-8") as f:
        for line in f:
            a, b = line.rstrip("\n").split("\t")[:2]
            edges.append((index[a], index[b]))
    g = igraph.Graph(n=len(qids), edges=edges)
    g.simplify()
    return g


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=3)
    ap.add_argument("--large", action="store_true", help="also the linear kernels on 100k links")
    ap.add_argument("--graphs", help="comma-separated subset of p190,twin:25914:1,twin:100000:1")
    ap.add_argument("--kernels", help="comma-separated subset of the kernels")
    args = ap.parse_args()
    graphs = [("p190", FULL), ("twin:25914:1", FULL)]
    if args.large:
        graphs.append(("twin:100000:1", LINEAR))
    if args.graphs:
        want = args.graphs.split(",")
        graphs = [(g, FULL if g != "twin:100000:1" else LINEAR) for g in want]
    if args.kernels:
        want = args.kernels.split(",")
        graphs = [(g, [k for k in ks if k in want]) for g, ks in graphs]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for spec, kernels in graphs:
            edges_path = os.path.join(tmp, "edges.txt")
            ks = kernels + (["load"] if spec == "p190" and not args.kernels else [])
            cmd = ["go", "run", "./scripts/analyticsbench", "-graph", spec, "-count", str(args.count),
                   "-edges", edges_path, "-kernels", ",".join(ks)]
            print("running", " ".join(cmd), file=sys.stderr)
            ours = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
            with open(edges_path) as f:
                n, m = map(int, f.readline().split())
                el = [tuple(map(int, line.split())) for line in f]
            g = igraph.Graph(n=n, edges=el)
            assert g.vcount() == ours["nodes"] and g.ecount() == ours["links"], "graphs differ"
            fns = igraph_kernels(g)
            if spec == "p190":
                fns["load"] = load_p190
            for k in ks:
                print("igraph", spec, k, file=sys.stderr)
                theirs = median_time(fns[k], args.count)
                mine = ours["seconds"][k]
                cpu = ours["cpu_seconds"][k]
                rows.append((spec, n, m, k, mine, cpu, theirs, theirs / mine if mine > 0 else float("inf")))
    print("| graph | places | links | kernel | citygraph wall (s) | citygraph CPU (s) | igraph %s (s) | igraph / citygraph wall |"
          % igraph.__version__)
    print("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |")
    for spec, n, m, k, mine, cpu, theirs, ratio in rows:
        print("| %s | %d | %d | %s | %.4f | %.4f | %.4f | %.1f |" % (spec, n, m, k, mine, cpu, theirs, ratio))
    print("\nmedians of %d runs; machine: %d cores, load average %s (shared, noisy)"
          % (args.count, os.cpu_count(), " ".join("%.2f" % x for x in os.getloadavg())))


if __name__ == "__main__":
    main()
