"""`BENCH=parallel make bench`: whole commands, quiet and beside two busy processes; 1 and N workers.

Each figure is the wall time of one whole ``newskg`` command run as a user runs it (start-up, model
load, reading and writing included), on ``BENCH_PARALLEL_ARTICLES`` real articles: the news-dev set
(../shared/data/news-dev) taken again until there are enough, each later copy with its body's lines in
reverse order, so it is another article (another text) of the same length. Without ../shared the
synthetic corpus (bench/corpus.py) stands in, and the heading says so.

The competing load is two processes that spin (``while True: pass``), started by the bench and killed
after each measure. Each measure is the median of ``BENCH_PARALLEL_RUNS`` runs. What it prints:

- build with the default workers, with ``--workers 1``, and as builds ran before the default changed
  (one process, PyTorch's own thread count: one per core): seconds quiet and loaded, and loaded / quiet;
- the ratios of those configurations to each other, quiet and loaded;
- the articles/s of each stage, quiet, with the default workers: ``extract``; ``build`` and the rest of
  it beside extraction (build - extract: the gazetteer's load, assembly, the files); and ``load`` of the
  built graph into Neo4j (where one answers at NEO4J_URI, as under ``make bench``), so that the slowest
  shows which stage bounds a ``build --load``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = ["bench_parallel", "write_corpus"]

ROOT = Path(__file__).resolve().parent.parent
NEWS_DEV = ROOT.parent / "shared" / "data" / "news-dev" / "news-dev.jsonl"
N = int(os.environ.get("BENCH_PARALLEL_ARTICLES", "300"))
RUNS = int(os.environ.get("BENCH_PARALLEL_RUNS", "3"))
BUSY = 2

# The build as it ran before workers became the default: this process, PyTorch's own thread count.
_BEFORE = """
import sys
from newskg import api
from newskg.ner.backend import HanLPBackend
api.build([sys.argv[1]], sys.argv[2], backend=HanLPBackend())
"""


def _news_dev() -> Path:
    """The news-dev set beside this checkout or beside its folder of worktrees."""
    for base in (ROOT.parent, ROOT.parent.parent):
        path = base / "shared" / "data" / "news-dev" / "news-dev.jsonl"
        if path.is_file():
            return path
    return NEWS_DEV


def write_corpus(path: Path, n: int) -> str:
    """Write ``n`` articles as JSON lines to ``path``; returns what they are, for the heading."""
    source = _news_dev()
    if not source.is_file():
        from bench.corpus import article_texts

        with path.open("w", encoding="utf-8") as fh:
            for art in article_texts(n, seed=11):
                fh.write(art.model_dump_json() + "\n")
        return f"{n} synthetic articles ({source} is absent)"
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    out: list[dict[str, str]] = []
    copy = 0
    while len(out) < n:
        for row in rows[: n - len(out)]:
            row = dict(row)
            if copy:
                head, *body = row["text"].split("\n")
                # Reversed lines make another text of the same length; a one-line body gets a copy number.
                body = body[::-1] if len(set(body)) > 1 else [*body, f"({copy})"]
                row["text"] = "\n".join([head, *body])
                row["id"] = f"{row['id']}#{copy}"
            out.append(row)
        copy += 1
    with path.open("w", encoding="utf-8") as fh:
        for row in out:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return f"{n} real articles (news-dev, {len(rows)} taken {copy} times)"


@contextlib.contextmanager
def busy(n: int) -> Iterator[None]:
    """``n`` processes that keep a core busy each, for the block."""
    procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]
    try:
        time.sleep(0.5)  # running before the measure starts
        yield
    finally:
        for p in procs:
            p.kill()
        for p in procs:
            p.wait()


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "newskg.cli", *args]


def _seconds(cmd: list[str], before: Callable[[], None] | None = None) -> float:
    """The median wall time of ``RUNS`` runs of ``cmd`` (``before`` runs first each time, untimed)."""
    times = []
    for _ in range(RUNS):
        if before:
            before()
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _neo4j() -> Callable[[], None] | None:
    """Where a Neo4j answers at NEO4J_URI: a function that empties it; else None."""
    from bench.cypher import DELETE_ALL
    from newskg.cypher.loader import Neo4jConfig, Neo4jError, connect

    if not os.environ.get("NEO4J_URI"):
        return None
    cfg = Neo4jConfig.from_env(retry_seconds=2.0)

    def wipe() -> None:
        with connect(cfg) as driver, driver.session(database=cfg.database) as s:
            s.run(DELETE_ALL).consume()

    try:
        wipe()
    except Neo4jError:
        return None
    return wipe


def bench_parallel(row: Callable[[str, str], None]) -> None:
    """Print the section (``row(label, value)`` prints one line)."""
    from newskg.cores import default_workers

    workers = default_workers()
    torch_threads = subprocess.run(
        [sys.executable, "-c", "import torch; print(torch.get_num_threads())"], capture_output=True, text=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="newskg-bench-parallel-") as tmp:
        folder = Path(tmp)
        articles = folder / "articles.jsonl"
        what = write_corpus(articles, N)
        out = str(folder / "out")
        print(
            f"Build and extract, quiet and beside {BUSY} busy processes ({what}; {workers} usable cores; "
            f"whole commands, median of {RUNS})"
        )

        def fresh() -> None:
            shutil.rmtree(out, ignore_errors=True)

        configs = {
            f"default ({workers} workers)": _cli("build", str(articles), "-o", out),
            "--workers 1": _cli("build", str(articles), "-o", out, "--workers", "1"),
            f"1 process, {torch_threads} torch threads (before)": [sys.executable, "-c", _BEFORE, str(articles), out],
        }
        quiet, loaded = {}, {}
        for name, cmd in configs.items():
            quiet[name] = q = _seconds(cmd, fresh)
            with busy(BUSY):
                loaded[name] = lo = _seconds(cmd, fresh)
            row(f"build, {name}", f"quiet {q:.1f} s, loaded {lo:.1f} s, loaded/quiet {lo / q:.2f}")
        default, one, before = configs
        for a, b, label in ((default, one, "--workers 1"), (default, before, "before")):
            row(f"  time default / {label}", f"quiet {quiet[a] / quiet[b]:.2f}, loaded {loaded[a] / loaded[b]:.2f}")

        print(f"Stages, default workers, quiet ({what.split(' (')[0]}; articles/s of whole commands)")
        extract = _seconds(_cli("extract", str(articles), "-o", str(folder / "x.jsonl")))
        build = quiet[default]
        stages = {"extract": extract, "the rest of build": build - extract}
        row("extract", f"{N / extract:,.1f} articles/s ({extract:.1f} s)")
        row("build (extract, assemble, write files)", f"{N / build:,.1f} articles/s ({build:.1f} s)")
        row("  the rest (gazetteer, assembly, files)", f"{N / (build - extract):,.1f} articles/s (build - extract)")
        wipe = _neo4j()
        if wipe is None:
            row("load into Neo4j", "skipped: no Neo4j answers at NEO4J_URI (make bench starts one)")
        else:
            fresh()
            subprocess.run(_cli("build", str(articles), "-o", out), cwd=ROOT, check=True, capture_output=True)
            load = stages["load into Neo4j"] = _seconds(_cli("load", out), wipe)
            wipe()
            row("load into Neo4j (newskg load of the built graph)", f"{N / load:,.1f} articles/s ({load:.1f} s)")
        row("slowest stage", max(stages, key=lambda k: stages[k]))
