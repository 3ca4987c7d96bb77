"""`make bench`: throughput and scaling figures, printed with ratios.

Sections (each can be chosen with BENCH=ner,extract,graph,neo4j):
  ner      `newskg ner` batch throughput on a fixed input, and model load time
  extract  extraction articles/s with 1 and 2 worker processes
  graph    graph build + dedup seconds and peak memory for N = 1k, 10k, 50k
  neo4j    nodes+relationships/s into the test server vs LOAD CSV of the CSV export
  cluster  plain build vs --cluster local:2 (articles/s, peak memory per worker), and the cluster
           assembly's memory per worker at 1k and 50k articles (see bench/cluster.py)
  geo      the gazetteer's load time and memory; what linking places adds to a 10k-article build (bench/geo.py)
  parallel whole build/extract commands on real articles with 1 and N workers, quiet and beside two busy
           processes, and the articles/s of extract, build and load (bench/parallel.py)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.corpus import article_texts
from bench.geo import bench_geo
from bench.parallel import bench_parallel

SECTIONS = os.environ.get("BENCH", "ner,extract,graph,neo4j,cluster,geo,parallel").split(",")


def _row(label: str, value: str) -> None:
    print(f"  {label:<44} {value}", flush=True)


def bench_ner() -> None:
    from newskg import api
    from newskg.ner.backend import HanLPBackend

    print("NER (bundled offline model, batch mode)")
    lines: list[str] = []
    for art in article_texts(400, seed=3):
        lines += [s + "。" for s in art.text.replace("\n", "").split("。") if s]
    lines = lines[:5000]
    t0 = time.perf_counter()
    backend = HanLPBackend()
    backend.component  # noqa: B018
    load = time.perf_counter() - t0
    list(api.ner(lines[:200], backend=backend))  # warm-up
    t0 = time.perf_counter()
    n = sum(1 for _ in api.ner(lines, backend=backend))
    secs = time.perf_counter() - t0
    chars = sum(map(len, lines))
    _row("model load", f"{load:.2f} s")
    _row(f"{n} sentences ({chars / n:.0f} chars avg)", f"{n / secs:,.0f} sentences/s, {chars / secs:,.0f} chars/s")
    bench_ner_vs_lac()


def bench_ner_vs_lac() -> None:
    from bench.lac import rows

    print("NER side by side (exact spans; F1 PERSON / ORGANIZATION / PLACE / micro; one thread each)")
    results = rows()
    for system, test_set, f1, rate in results:
        scores = " / ".join(f"{f1[t]:.3f}" for t in ("PERSON", "ORGANIZATION", "PLACE", "micro"))
        _row(f"{system}, {test_set}", f"{scores}   {rate:,.0f} sentences/s")
    ours = {s: (f, r) for name, s, f, r in results if name.startswith("newskg")}
    for name, s, f, r in results:
        if not name.startswith("newskg"):
            _row(
                f"ratio newskg / LAC, {s}",
                f"micro F1 {ours[s][0]['micro'] / max(f['micro'], 1e-9):.2f}, speed {ours[s][1] / r:.2f}",
            )


def bench_extract() -> None:
    from newskg.extract.parallel import parallel_extract
    from newskg.extract.pipeline import Extractor
    from newskg.ner.backend import HanLPBackend

    n = int(os.environ.get("BENCH_EXTRACT_N", "2400"))
    arts = list(article_texts(n, seed=5))
    print(f"Extraction ({n} synthetic articles, ~{sum(len(a.text) for a in arts) // n} chars each)")
    ext = Extractor(HanLPBackend())
    ext.backend.component  # type: ignore[attr-defined]  # noqa: B018
    t0 = time.perf_counter()
    one = sum(1 for _ in ext.extract(arts))
    r1 = one / (time.perf_counter() - t0)
    _row("1 worker", f"{r1:,.1f} articles/s")
    t0 = time.perf_counter()
    two = sum(1 for _ in parallel_extract(arts, None, 2))
    r2 = two / (time.perf_counter() - t0)
    _row("2 workers (incl. process start + model load)", f"{r2:,.1f} articles/s  ratio 2w/1w = {r2 / r1:.2f}")


_GRAPH_CHILD = """
import json, resource, sys, time
from bench.corpus import extractions
from newskg.graph.build import GraphAssembler
n = int(sys.argv[1])
exs = list(extractions(n))
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
asm = GraphAssembler()
for ex in exs:
    asm.add(ex)
g = asm.finish()
secs = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out = {"n": n, "secs": secs, "peak_mb": peak / 1024, "nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
print(json.dumps(out))
"""


def bench_graph() -> None:
    print("Graph build + dedup (synthetic extractions; peak RSS of the whole process)")
    res = {}
    for n in (1000, 10000, 50000):
        out = subprocess.run([sys.executable, "-c", _GRAPH_CHILD, str(n)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout)
        res[n] = r
        _row(f"N={n:>6}: {r['nodes']:,} nodes, {r['edges']:,} edges", f"{r['secs']:.2f} s, peak {r['peak_mb']:.0f} MB")
    _row("time ratio 50k/10k (linear = 5)", f"{res[50000]['secs'] / res[10000]['secs']:.2f}")
    _row("time ratio 10k/1k (linear = 10)", f"{res[10000]['secs'] / res[1000]['secs']:.2f}")
    _row("peak memory ratio 50k/10k", f"{res[50000]['peak_mb'] / res[10000]['peak_mb']:.2f}")


def bench_neo4j() -> None:
    from bench.corpus import extractions
    from bench.cypher import DELETE_ALL, LOAD_CSV_NODES, load_csv_relationships
    from newskg.cypher import queries as q
    from newskg.cypher.loader import Neo4jConfig, Neo4jWriter, connect
    from newskg.graph.build import build_graph
    from newskg.graph.export import write_csv
    from newskg.graph.schema import node_id

    n = int(os.environ.get("BENCH_NEO4J_ARTICLES", "40000"))
    cfg = Neo4jConfig.from_env()
    home = Path(os.environ.get("NEO4J_HOME", Path(__file__).resolve().parent.parent / ".neo4j"))

    def wipe() -> None:
        with connect(cfg) as driver, driver.session() as s:
            s.run(DELETE_ALL).consume()

    def ours(g: Any) -> float:
        wipe()
        t0 = time.perf_counter()
        Neo4jWriter(cfg, batch_size=10000).write(g)
        return time.perf_counter() - t0

    def load_csv(g: Any) -> float:
        wipe()
        write_csv(g, home / "import")
        combos = sorted({(d["type"], g.nodes[u]["label"], g.nodes[v]["label"]) for u, v, d in g.edges(data=True)})
        t0 = time.perf_counter()
        with connect(cfg) as driver, driver.session() as s:
            for stmt in q.CONSTRAINTS:
                s.run(stmt).consume()
            for label, stmt in LOAD_CSV_NODES.items():
                s.run(stmt, url="file:///nodes.csv", label=label).consume()
            for typ, src, dst in combos:
                s.run(
                    load_csv_relationships(typ, src, dst),
                    url="file:///edges.csv",
                    type=typ,
                    source_prefix=node_id(src, ""),
                    target_prefix=node_id(dst, ""),
                ).consume()
        return time.perf_counter() - t0

    # Both loads run once on a small graph first, so neither is measured on a cold server
    # (query plans, JIT); then each twice, alternating, best of two.
    small = build_graph(extractions(500, people=750, firms=500))
    ours(small)
    load_csv(small)
    g = build_graph(extractions(n, people=n * 3 // 2, firms=n))
    items = g.number_of_nodes() + g.number_of_edges()
    print(
        f"Neo4j load ({g.number_of_nodes():,} nodes, {g.number_of_edges():,} relationships; best of 2 after a warm-up)"
    )
    mine, theirs = [], []
    for _ in range(2):
        mine.append(items / ours(g))
        theirs.append(items / load_csv(g))
    _row(
        "newskg load (UNWIND $rows, batches of 10000)",
        f"{max(mine):,.0f} items/s (runs: {', '.join(f'{r:,.0f}' for r in mine)})",
    )
    _row(
        "LOAD CSV of the CSV export (fewer properties)",
        f"{max(theirs):,.0f} items/s (runs: {', '.join(f'{r:,.0f}' for r in theirs)})",
    )
    _row("ratio newskg / LOAD CSV", f"{max(mine) / max(theirs):.2f}")
    wipe()


def _child(kind: str, n: int) -> dict[str, Any]:
    """One ``bench.cluster`` measurement in a fresh process (its JSON result)."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.cluster", kind, str(n)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def bench_cluster() -> None:
    n = int(os.environ.get("BENCH_CLUSTER_ARTICLES", "2000"))
    print(f"Cluster build (--cluster local:2: two one-thread worker processes) vs plain, {n} synthetic articles")
    r = _child("build", n)
    _row(
        "plain build (1 process, model load included)",
        f"{r['plain_rate']:,.1f} articles/s, peak {r['plain_peak_mb']:,.0f} MB",
    )
    workers = " / ".join(f"{m:,.0f}" for m in r["worker_peak_mb"])
    _row(
        "--cluster local:2 (cluster start included)",
        f"{r['cluster_rate']:,.1f} articles/s, peak per worker {workers} MB",
    )
    _row(
        "ratio cluster / plain",
        f"{r['cluster_rate'] / r['plain_rate']:.2f}; nodes.csv and edges.csv same bytes: {r['same_csv']}",
    )
    print("Cluster assembly alone (synthetic extractions, names from fixed pools; peak RSS per worker)")
    res = {}
    for size in (1000, 50000):
        t = res[size] = _child("tables", size)
        workers = " / ".join(f"{m:,.0f}" for m in t["worker_peak_mb"])
        _row(
            f"N={size:>6}: {t['nodes']:,} nodes, {t['edges']:,} edges",
            f"{t['secs']:.1f} s, workers {workers} MB, driver {t['driver_peak_mb']:,.0f} MB",
        )
    _row(
        "peak memory per worker 50k/1k (flat = 1)",
        f"{max(res[50000]['worker_peak_mb']) / max(res[1000]['worker_peak_mb']):.2f}",
    )


def main() -> None:
    print(f"newskg benchmarks on {os.cpu_count()} CPU cores")
    for name in SECTIONS:
        sections = {
            "ner": bench_ner,
            "extract": bench_extract,
            "graph": bench_graph,
            "neo4j": bench_neo4j,
            "cluster": bench_cluster,
            "geo": lambda: bench_geo(_row),
            "parallel": lambda: bench_parallel(_row),
        }
        sections[name.strip()]()


if __name__ == "__main__":
    tempfile.tempdir = None
    main()
