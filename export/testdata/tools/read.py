"""Reads citygraph exports with the tools' own readers and prints what they
saw as JSON, for export/tools_test.go.

    python3 read.py networkx-gexf FILE
    python3 read.py networkx-graphml FILE
    python3 read.py igraph-graphml FILE
    python3 read.py csv-excel FILE       # Python's csv, Excel dialect, ';'
    python3 read.py csv-rfc4180 FILE     # Python's csv, Excel dialect (',')
"""
import csv
import json
import sys


def networkx_graph(g):
    nodes = {str(n): {k: v for k, v in d.items()} for n, d in g.nodes(data=True)}
    edges = [[str(a), str(b), d.get("type"), d.get("kind")] for a, b, d in g.edges(data=True)]
    return {"multigraph": g.is_multigraph(), "directed": g.is_directed(), "nodes": nodes, "edges": edges}


def networkx_gexf(path):
    import networkx as nx
    from networkx.readwrite import gexf

    # NetworkX 3.0 and later know GEXF 1.3; Debian 12's 2.8.8 reads it
    # unchanged once it knows the 1.3 namespace, which is what 3.x adds.
    if "1.3" not in gexf.GEXF.versions:
        v = dict(gexf.GEXF.versions["1.2draft"])
        v.update(NS_GEXF="http://gexf.net/1.3", NS_VIZ="http://gexf.net/1.3/viz",
                 SCHEMALOCATION="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd", VERSION="1.3")
        gexf.GEXF.versions["1.3"] = v
    out = networkx_graph(nx.read_gexf(path))
    out["version"] = nx.__version__
    return out


def networkx_graphml(path):
    import networkx as nx

    out = networkx_graph(nx.read_graphml(path))
    out["version"] = nx.__version__
    return out


def igraph_graphml(path):
    import igraph

    g = igraph.Graph.Read_GraphML(path)
    def num(x):
        return None if x != x else x  # igraph reads a missing number as NaN

    nodes = {v["id"]: {"label": v["label"], "type": v["type"], "population": num(v["population"])} for v in g.vs}
    edges = [[g.vs[e.source]["id"], g.vs[e.target]["id"], e["type"], e["kind"]] for e in g.es]
    return {"directed": g.is_directed(), "nodes": nodes, "edges": edges, "version": igraph.__version__}


def read_csv(path, delimiter):
    with open(path, "rb") as f:
        bom = f.read(3) == b"\xef\xbb\xbf"
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f, dialect="excel", delimiter=delimiter))
    return {"bom": bom, "rows": rows}


def main():
    what, path = sys.argv[1], sys.argv[2]
    readers = {
        "networkx-gexf": networkx_gexf,
        "networkx-graphml": networkx_graphml,
        "igraph-graphml": igraph_graphml,
        "csv-excel": lambda p: read_csv(p, ";"),
        "csv-rfc4180": lambda p: read_csv(p, ","),
    }
    json.dump(readers[what](path), sys.stdout, default=str)


main()
