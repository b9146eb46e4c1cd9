#!/usr/bin/env python3
"""Time citygraph's graph kernels beside igraph and NetworKit on the same graphs, in one run.

Run it through scripts/bench_peers.sh, which installs the peers (Debian's python3-igraph,
NetworKit from PyPI in a virtual environment) and calls

    python scripts/bench_peers.py [--count 3] [--graphs p190,twin:25914:1] [--pairs FILE.csv]

from the repository root. For every graph it runs `analyticsbench` (citygraph's kernels, medians
of --count runs, all cores), which also writes the graph's edge list; it loads that edge list
into igraph and NetworKit and times the same kernels (medians of --count runs); and it times
whole citygraph processes that read the edge list from a file and compute exact betweenness
(process start to exit, the figure to hold against igraph's kernel alone). It prints a Markdown
table: wall seconds, citygraph's CPU seconds (all threads), and each peer's time over
citygraph's (> 1: citygraph faster), then the machine's load average. NetworKit's sequential
kernels (components, diameter) are timed on --threads and on one thread, and the faster
median counts (idle OpenMP threads spin on a shared machine).

--pairs FILE reads a CSV pair list with the columns city1, country1, city2, country2 (a place is
a name and a country; repeated pairs and self-loops are dropped), e.g. a twin-town list.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import igraph
import networkit as nk

# NetworKit kernels also timed on one thread; the faster median counts.
ONE_THREAD_TOO = {"components", "diameter"}

KERNELS = ["betweenness", "closeness", "harmonic", "pagerank", "louvain", "components", "diameter", "stats"]


def igraph_kernels(g):
    return {
        "betweenness": lambda: g.betweenness(directed=False),
        "closeness": lambda: g.closeness(normalized=True),
        "harmonic": lambda: g.harmonic_centrality(normalized=False),
        "pagerank": lambda: g.pagerank(damping=0.85, directed=False),
        "louvain": lambda: g.community_multilevel().modularity,
        "components": lambda: g.connected_components(),
        "diameter": lambda: g.diameter(directed=False, unconn=True),
        # The same figures as analytics.Stats, mean distance included.
        "stats": lambda: (g.density(), g.connected_components(), g.transitivity_avglocal_undirected(mode="nan"),
                          g.transitivity_undirected(), g.assortativity_degree(directed=False),
                          g.diameter(directed=False, unconn=True), g.average_path_length(directed=False, unconn=True)),
    }


def networkit_kernels(g):
    def run(algo):
        algo.run()
        return algo

    return {
        "betweenness": lambda: run(nk.centrality.Betweenness(g, normalized=False)).scores(),
        "closeness": lambda: run(nk.centrality.Closeness(g, True, nk.centrality.ClosenessVariant.GENERALIZED)).scores(),
        "harmonic": lambda: run(nk.centrality.HarmonicCloseness(g, normalized=False)).scores(),
        "pagerank": lambda: run(nk.centrality.PageRank(g, 0.85, 1e-12)).scores(),
        "louvain": lambda: run(nk.community.PLM(g, refine=False)).getPartition(),
        "components": lambda: run(nk.components.ConnectedComponents(g)).numberOfComponents(),
        "diameter": lambda: run(nk.distance.Diameter(g, nk.distance.DiameterAlgo.EXACT)).getDiameter(),
    }


def median_time(f, count):
    walls, cpus = [], []
    for _ in range(count):
        c0, t0 = time.process_time(), time.perf_counter()
        f()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus)


def whole_process(cmd, count):
    """Median wall seconds of running cmd to its end, and the largest peak RSS in MB."""
    walls, rss = [], 0
    with tempfile.NamedTemporaryFile("r") as out:
        for _ in range(count):
            # /usr/bin/time reports the child's own peak (a forked Python's would count ours).
            t0 = time.perf_counter()
            subprocess.run(["/usr/bin/time", "-o", out.name, "-f", "%M"] + cmd, check=True, stdout=subprocess.DEVNULL)
            walls.append(time.perf_counter() - t0)
            out.seek(0)
            rss = max(rss, int(out.read().split()[-1]) / 1024)
    return statistics.median(walls), rss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=3)
    ap.add_argument("--graphs", default="p190,twin:25914:1", help="comma-separated: p190, twin:LINKS:SEED")
    ap.add_argument("--pairs", help="also this CSV pair list (city1,country1,city2,country2)")
    ap.add_argument("--kernels", default=",".join(KERNELS))
    ap.add_argument("--threads", type=int, default=os.cpu_count(), help="threads for citygraph and NetworKit")
    ap.add_argument("--bench", default="./analyticsbench", help="the built analyticsbench binary")
    args = ap.parse_args()
    kernels = args.kernels.split(",")
    specs = [s for s in args.graphs.split(",") if s]
    if args.pairs:
        specs.append("pairs:" + args.pairs)
    nk.setNumberOfThreads(args.threads)
    rows, whole = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for spec in specs:
            edges = os.path.join(tmp, "edges.txt")
            cmd = [args.bench, "-graph", spec, "-count", str(args.count), "-edges", edges,
                   "-workers", str(args.threads), "-kernels", ",".join(kernels)]
            print("running", " ".join(cmd), file=sys.stderr)
            ours = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
            with open(edges) as f:
                n, m = map(int, f.readline().split())
                el = [tuple(map(int, line.split())) for line in f]
            ig = igraph.Graph(n=n, edges=el)
            assert ig.vcount() == ours["nodes"] and ig.ecount() == ours["links"], "graphs differ"
            gk = nk.Graph(n)
            for a, b in el:
                gk.addEdge(a, b)
            name = "p190" if spec == "p190" else ("pairs" if spec.startswith("pairs:") else spec)
            fi, fn = igraph_kernels(ig), networkit_kernels(gk)
            for k in kernels:
                print("peers", name, k, file=sys.stderr)
                it = median_time(fi[k], args.count)[0]
                nt = median_time(fn[k], args.count)[0] if k in fn else None
                if k in ONE_THREAD_TOO:
                    # These NetworKit kernels are sequential: with idle OpenMP threads
                    # spinning on a busy machine one thread can be much faster (p190's
                    # diameter: 1.5 ms CPU on 1 thread, 9.5 ms on 2 at load 20).
                    nk.setNumberOfThreads(1)
                    nt = min(nt, median_time(fn[k], args.count)[0])
                    nk.setNumberOfThreads(args.threads)
                rows.append((name, n, m, k, ours["seconds"][k], ours["cpu_seconds"][k], it, nt))
            if "betweenness" in kernels:
                cmd = [args.bench, "-graph", "edges:" + edges, "-count", "1", "-workers", str(args.threads),
                       "-kernels", "betweenness"]
                wall, rss = whole_process(cmd, args.count)
                it = next(r[6] for r in rows if r[0] == name and r[3] == "betweenness")
                whole.append((name, n, m, wall, rss, it))
    print("| graph | places | links | kernel | citygraph wall (s) | citygraph CPU (s) | igraph %s (s) | NetworKit %s, %d threads (s) | igraph / citygraph | NetworKit / citygraph |"
          % (igraph.__version__, nk.__version__, args.threads))
    print("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, n, m, k, mine, cpu, it, nt in rows:
        ntxt = "%.4f" % nt if nt is not None else "n/a"
        nrat = "%.1fx" % (nt / mine) if nt is not None and mine > 0 else "n/a"
        print("| %s | %d | %d | %s | %.4f | %.4f | %.4f | %s | %.1fx | %s |" % (name, n, m, k, mine, cpu, it, ntxt, it / mine, nrat))
    if whole:
        print("\n| graph | whole citygraph process: read the edge list, exact betweenness (s) | peak RSS (MB) | igraph's betweenness kernel alone (s) | citygraph / igraph |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for name, n, m, wall, rss, it in whole:
            print("| %s | %.3f | %.0f | %.3f | %.3fx |" % (name, wall, rss, it, wall / it))
    print("\nmedians of %d runs; NetworKit's %s: the faster of %d threads and 1; %d cores, load average %s (shared machine)"
          % (args.count, " and ".join(sorted(ONE_THREAD_TOO)), args.threads, os.cpu_count(),
             " ".join("%.2f" % x for x in os.getloadavg())))


if __name__ == "__main__":
    main()
