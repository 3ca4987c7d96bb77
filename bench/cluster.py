"""`make bench` section ``cluster``: the plain build against ``--cluster local:2``, and assembly memory per worker.

Each measurement runs in a fresh child process (``python -m bench.cluster KIND N``),
so peak memory figures are that run's alone.

- ``build N``: N synthetic articles (real NER) built plainly and with
  ``--cluster local:2`` (two one-thread worker processes): articles/s (process and cluster start and
  model loads included), peak RSS of the plain process and of each worker, and
  whether nodes.csv and edges.csv are the same bytes.
- ``tables N``: the assembly alone (no NER) of N synthetic extractions written as
  extraction files of 2,000 articles: seconds and peak RSS of the driver and of
  each worker. Names are drawn from fixed pools (3,000 people, 5,000 firms), as
  in an archive of one region where the same names recur.
"""

from __future__ import annotations

import contextlib
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["bench_build", "bench_tables"]

PER_FILE = 2000


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_build(n: int) -> dict[str, Any]:
    """Plain build and ``--cluster local:2`` of the same N articles (one JSONL file)."""
    from bench.corpus import article_texts
    from newskg import api
    from newskg.cluster.build import open_client

    with tempfile.TemporaryDirectory(prefix="newskg-bench-") as tmp:
        src = Path(tmp) / "articles.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for a in article_texts(n, seed=5):
                rec = {"id": a.id, "title": a.title, "date": a.date.isoformat() if a.date else None, "text": a.text}
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        t0 = time.perf_counter()
        api.build([src], Path(tmp) / "plain")
        plain = time.perf_counter() - t0
        plain_peak = _peak_mb()
        t0 = time.perf_counter()
        with open_client("local:2") as client:
            # 64 KB tasks (about 100 articles): enough tasks to keep both workers busy on this small input.
            res = api.build([src], Path(tmp) / "cluster", cluster=client, partition_bytes=64 * 1024)
            secs = time.perf_counter() - t0
            peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        same = all(
            (Path(tmp) / "plain" / f).read_bytes() == (Path(tmp) / "cluster" / f).read_bytes()
            for f in ("nodes.csv", "edges.csv")
        )
    return {
        "n": res.articles,
        "plain_rate": n / plain,
        "cluster_rate": n / secs,
        "plain_peak_mb": plain_peak,
        "worker_peak_mb": sorted(peaks.values()),
        "same_csv": same,
    }


def bench_tables(n: int) -> dict[str, Any]:
    """The cluster assembly of N synthetic extractions, on two worker processes."""
    from bench.corpus import extractions
    from newskg.cluster.build import open_client
    from newskg.cluster.tables import Source, build_tables
    from newskg.cluster.tasks import write_extractions
    from newskg.identity import content_hash, text_hash
    from newskg.read import ReadReport

    with tempfile.TemporaryDirectory(prefix="newskg-bench-") as tmp:
        files: list[str] = []
        rows: list[tuple[Any, ...]] = []

        def flush() -> None:
            path = Path(tmp) / "extractions" / f"part-{len(files):06d}.parquet"
            write_extractions(path, rows)
            files.append(str(path))
            rows.clear()

        for ex in extractions(n, people=3000, firms=5000):
            a = ex.article
            rows.append((len(rows), a.id, text_hash(a.text), content_hash(a), a.source, a.title, ex.model_dump_json()))
            if len(rows) == PER_FILE:
                flush()
        if rows:
            flush()
        base = _peak_mb()
        with open_client("local:2") as client:
            t0 = time.perf_counter()
            res = build_tables(
                [Source(i, f) for i, f in enumerate(files)], Path(tmp) / "out", ReadReport(), Path(tmp) / "work"
            )
            secs = time.perf_counter() - t0
            peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return {
        "n": res.articles,
        "nodes": res.nodes,
        "edges": res.edges,
        "secs": secs,
        "driver_peak_mb": _peak_mb(),
        "driver_before_mb": base,
        "worker_peak_mb": sorted(peaks.values()),
    }


if __name__ == "__main__":
    kind, count = sys.argv[1], int(sys.argv[2])
    with contextlib.redirect_stdout(sys.stderr):  # only the JSON result goes to stdout
        out = bench_build(count) if kind == "build" else bench_tables(count)
    print(json.dumps(out))
