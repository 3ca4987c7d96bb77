"""Extraction as Dask tasks: one task per partition, the HanLP model loaded once per worker.

Each task reads its partition, extracts the articles that are not already in
its cache file (same identity and same content hash), and writes
``extractions/<partition name>.parquet`` (see ``/work/notes/dask_api.md`` and
the README for the columns). The driver submits partitions as the lazy listing
yields them, keeps a bounded number in flight, reports progress, and lets
Dask retry failed tasks before naming the partitions that kept failing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin, as_completed, get_worker

from newskg.distributed.partitions import Partition, read_partition
from newskg.identity import text_hash
from newskg.model import Article

__all__ = [
    "CACHE_COLUMNS",
    "ClusterStatus",
    "ExtractionRun",
    "ModelPlugin",
    "PartitionFailure",
    "PartitionResult",
    "extract_partition",
    "run_extraction",
    "write_extractions",
]

log = logging.getLogger(__name__)

PLUGIN = "newskg-model"
CACHE_COLUMNS = ("key", "content_hash", "article_id", "extraction")


class ModelPlugin(WorkerPlugin):  # type: ignore[misc]
    """A Dask worker plugin that loads the NER model once per worker.

    Args:
        model: HanLP model directory or pretrained id (None: the bundled model).
        threads: PyTorch threads per worker (None: PyTorch's choice).
    """

    name = PLUGIN

    def __init__(self, model: str | None = None, threads: int | None = None) -> None:
        self.model = model
        self.threads = threads
        self.extractor: Any = None

    def setup(self, worker: Any) -> None:
        """Load the model now, not inside the first task."""
        import torch

        from newskg.extract.pipeline import Extractor
        from newskg.ner.backend import HanLPBackend

        if self.threads:
            torch.set_num_threads(self.threads)
        backend = HanLPBackend(self.model)
        backend.component  # noqa: B018 - load now
        self.extractor = Extractor(backend)

    def teardown(self, worker: Any) -> None:
        """Drop the model."""
        self.extractor = None


@dataclass
class PartitionResult:
    """What one extraction task did."""

    index: int
    name: str
    file: str
    articles: int = 0
    extracted: int = 0
    duplicates: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)


def _read_cache(path: Path) -> dict[str, tuple[str, str]]:
    import pyarrow.parquet as pq

    if not path.is_file():
        return {}
    try:
        t = pq.read_table(path, columns=["key", "content_hash", "extraction"]).to_pydict()
    except (OSError, ValueError) as exc:
        log.warning("%s: unreadable extraction cache ignored (%s)", path, exc)
        return {}
    return {k: (h, e) for k, h, e in zip(t["key"], t["content_hash"], t["extraction"], strict=True)}


def extract_partition(part: Partition, folder: str, update: bool) -> PartitionResult:
    """The task: read, extract (or reuse the cache) and write one partition's Parquet file."""
    out = Path(folder) / f"{part.name}.parquet"
    pairs, errors = read_partition(part)
    seen: set[str] = set()
    kept: list[tuple[str, Article]] = []
    for key, art in pairs:
        if art.id not in seen:
            seen.add(art.id)
            kept.append((key, art))
    cache = _read_cache(out) if update else {}
    hashes = [text_hash(art.text) for _, art in kept]
    todo = [art for (key, art), h in zip(kept, hashes, strict=True) if cache.get(key, ("", ""))[0] != h]
    fresh: dict[str, str] = {}
    if todo:
        extractor = get_worker().plugins[PLUGIN].extractor
        fresh = {ex.article.id: ex.model_dump_json() for ex in extractor.extract(todo)}
    rows = [
        (key, h, art.id, fresh[art.id] if art.id in fresh else cache[key][1])
        for (key, art), h in zip(kept, hashes, strict=True)
    ]
    write_extractions(out, rows)
    return PartitionResult(
        part.index,
        part.name,
        str(out),
        articles=len(kept),
        extracted=len(todo),
        duplicates=len(pairs) - len(kept),
        errors=[(e.path, e.reason) for e in errors],
    )


def write_extractions(path: Path, rows: list[tuple[str, str, str, str]]) -> None:
    """Write one extraction file: rows of (key, content hash, article id, extraction JSON), atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, pa.string()) for name in CACHE_COLUMNS])
    table = pa.table({name: [r[i] for r in rows] for i, name in enumerate(CACHE_COLUMNS)}, schema=schema)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


@dataclass
class ClusterStatus:
    """Progress of a cluster extraction, as reported after each finished partition."""

    partitions_done: int
    partitions_listed: int
    listing_done: bool
    articles: int
    elapsed: float
    failed: list[str]

    @property
    def rate(self) -> float:
        """Articles per second so far."""
        return self.articles / self.elapsed if self.elapsed else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left, once the listing is complete (partitions left times the mean so far)."""
        if not self.listing_done or not self.partitions_done:
            return None
        return (self.partitions_listed - self.partitions_done) * self.elapsed / self.partitions_done

    def line(self) -> str:
        """One line for a terminal or a log."""
        eta = f"ETA {self.eta:,.0f} s" if self.eta is not None else "ETA after listing"
        failed = f", failed: {', '.join(self.failed)}" if self.failed else ""
        return (
            f"{self.partitions_done}/{self.partitions_listed}{'' if self.listing_done else '+'} partitions, "
            f"{self.articles:,} articles, {self.rate:,.1f} articles/s, {eta}{failed}"
        )


@dataclass
class PartitionFailure:
    """A partition whose task failed on every try."""

    name: str
    what: str
    error: str


@dataclass
class ExtractionRun:
    """The outcome of :func:`run_extraction`, results in partition order."""

    results: list[PartitionResult]
    failures: list[PartitionFailure]


def run_extraction(
    client: Any,
    partitions: Iterable[Partition],
    folder: Path,
    *,
    update: bool = False,
    retries: int = 2,
    status: Callable[[ClusterStatus], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ExtractionRun:
    """Run :func:`extract_partition` over ``partitions`` on ``client``'s cluster.

    At most a few tasks per worker thread are in flight, so listing stays lazy
    and the scheduler holds a bounded number of tasks.
    """
    folder.mkdir(parents=True, exist_ok=True)
    threads = max(1, sum(client.nthreads().values()))
    window = 4 * threads
    it: Iterator[Partition] = iter(partitions)
    parts: dict[str, Partition] = {}
    results: list[PartitionResult] = []
    failures: list[PartitionFailure] = []
    listed = 0
    listing_done = False
    t0 = time.perf_counter()
    articles = 0

    def submit() -> Any:
        nonlocal listed, listing_done
        part = next(it, None)
        if part is None:
            listing_done = True
            return None
        listed += 1
        fut = client.submit(
            extract_partition,
            part,
            str(folder),
            update,
            key=f"newskg-extract-{part.index}-{part.name}",
            retries=retries,
        )
        parts[fut.key] = part
        return fut

    first = [f for f in (submit() for _ in range(window)) if f is not None]
    pending = as_completed(first)
    for fut in pending:
        part = parts.pop(fut.key)
        if fut.status == "error":
            exc = fut.exception()
            failures.append(PartitionFailure(part.name, part.describe(), f"{type(exc).__name__}: {exc}"))
            log.warning("partition %s (%s) failed after %d retries: %s", part.name, part.describe(), retries, exc)
        else:
            res: PartitionResult = fut.result()
            results.append(res)
            articles += res.articles
            if progress:
                progress(articles)
        fut.release()
        if not listing_done:
            nxt = submit()
            if nxt is not None:
                pending.add(nxt)
        if status:
            status(
                ClusterStatus(
                    len(results) + len(failures),
                    listed,
                    listing_done,
                    articles,
                    time.perf_counter() - t0,
                    [f.name for f in failures],
                )
            )
    results.sort(key=lambda r: r.index)
    return ExtractionRun(results, failures)
