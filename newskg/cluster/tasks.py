"""Extraction as Dask tasks: one task per partition, the NER model loaded once per worker.

Each task reads its partition, extracts the articles that are not in its
cache file already (same article id and content hash), and writes
``extractions/<partition name>.parquet`` (columns :data:`EXTRACTION_COLUMNS`).
The driver submits partitions as the lazy listing yields them, keeps a
bounded number in flight, reports progress (articles/s, ETA from the bytes
listed in the background, failed partitions by name), and lets Dask retry a
failed task before naming the partition as failed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from newskg.cluster.partitions import Partition, read_partition
from newskg.extract.home import with_home
from newskg.identity import content_hash, text_hash
from newskg.read import ReadError, expand_paths

__all__ = [
    "EXTRACTION_COLUMNS",
    "ClusterStatus",
    "ExtractionRun",
    "ModelPlugin",
    "PartitionFailure",
    "PartitionResult",
    "extract_partition",
    "read_extractions",
    "run_extraction",
    "write_extractions",
]

log = logging.getLogger(__name__)

PLUGIN = "newskg-model"
# One row per article read and extracted, in reading order within the partition.
EXTRACTION_COLUMNS = ("position", "article_id", "text_hash", "content_hash", "origin", "label", "extraction")


class ModelPlugin(WorkerPlugin):  # type: ignore[misc]
    """A Dask worker plugin holding one extractor per worker, its model loaded at the first extraction.

    A worker whose partitions are all cached never loads the model.

    Args:
        model: HanLP model directory or pretrained id (None: the bundled model).
        threads: PyTorch threads per worker (None: PyTorch's choice).
        backend: An NER backend to use instead of loading ``model`` (pickled to each worker).
    """

    name = PLUGIN

    def __init__(self, model: str | None = None, threads: int | None = None, backend: Any = None) -> None:
        self.model = model
        self.threads = threads
        self.backend = backend
        self._extractor: Any = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        return {"model": self.model, "threads": self.threads, "backend": self.backend}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.model, self.threads, self.backend = state["model"], state["threads"], state["backend"]
        self._extractor = None
        self._lock = threading.Lock()

    def setup(self, worker: Any) -> None:
        """Take the worker's thread count as PyTorch's, unless given; the model loads at the first extraction."""
        if self.threads is None:
            self.threads = getattr(worker, "nthreads", None)

    def teardown(self, worker: Any) -> None:
        """Drop the model."""
        self._extractor = None

    def extractor(self) -> Any:
        """The worker's extractor, loading the model once (tasks of one worker may run in several threads)."""
        with self._lock:
            if self._extractor is None:
                from newskg.extract.pipeline import Extractor

                backend = self.backend
                if backend is None:
                    import torch

                    from newskg.ner.backend import HanLPBackend

                    if self.threads:
                        torch.set_num_threads(self.threads)
                    backend = HanLPBackend(self.model)
                    backend.component  # noqa: B018 - load now, once
                self._extractor = Extractor(backend)
            return self._extractor


@dataclass
class PartitionResult:
    """What one extraction task did; errors and failures as (where, reason) pairs."""

    index: int
    name: str
    file: str
    files: int = 0
    read: int = 0
    extracted: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str, str, str]] = field(default_factory=list)  # (article id, title, source, reason)


def read_extractions(path: Path | str, columns: Iterable[str] = EXTRACTION_COLUMNS) -> dict[str, list[Any]]:
    """The columns of one extraction file."""
    import pyarrow.parquet as pq

    return pq.read_table(path, columns=list(columns)).to_pydict()  # type: ignore[no-any-return]


def _read_cache(path: Path) -> dict[tuple[str, str], str]:
    """(article id, content hash) -> extraction JSON of a partition's earlier file; {} if none or unreadable."""
    if not path.is_file():
        return {}
    try:
        t = read_extractions(path, ("article_id", "content_hash", "extraction"))
    except (OSError, ValueError) as exc:
        log.warning("%s: unreadable extraction cache ignored (%s)", path, exc)
        return {}
    return {(a, h): e for a, h, e in zip(t["article_id"], t["content_hash"], t["extraction"], strict=True)}


def extract_partition(
    part: Partition,
    folder: str,
    update: bool,
    home: str = "",
    sources: Mapping[str, str] | None = None,
) -> PartitionResult:
    """The task: read one partition, extract it (or reuse its cache) and write its extraction file.

    Articles whose extraction fails are reported and left out of the file, so the next ``update`` tries again.
    """
    from distributed import get_worker

    out = Path(folder) / f"{part.name}.parquet"
    arts, errors, warnings, files = read_partition(part)
    arts = list(with_home(arts, home, sources))
    cache = _read_cache(out) if update else {}
    hashes = [content_hash(a) for a in arts]
    todo = [i for i, (a, h) in enumerate(zip(arts, hashes, strict=True)) if (a.id, h) not in cache]
    res = PartitionResult(part.index, part.name, str(out), files=files, read=len(arts), extracted=len(todo))
    res.errors = [(e.path, e.reason) for e in errors]
    res.warnings = [(w.path, w.message) for w in warnings]
    done = {i: cache.get((a.id, h)) for i, (a, h) in enumerate(zip(arts, hashes, strict=True))}
    if todo:
        plugin: ModelPlugin = get_worker().plugins[PLUGIN]
        extractor = plugin.extractor()
        for i, ex in zip(todo, extractor.extract(arts[i] for i in todo), strict=True):
            art = ex.article
            if ex.error is not None:
                res.failed.append((art.id, art.title, art.source, ex.error))
            else:
                done[i] = ex.model_dump_json()
    rows = [
        (i, a.id, text_hash(a.text), h, a.origin, a.title or a.origin, done[i])
        for i, (a, h) in enumerate(zip(arts, hashes, strict=True))
        if done[i] is not None
    ]
    write_extractions(out, rows)
    return res


def write_extractions(path: Path, rows: list[tuple[Any, ...]]) -> None:
    """Write one extraction file (rows in :data:`EXTRACTION_COLUMNS` order), atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"position": pa.int64()}
    schema = pa.schema([(name, types.get(name, pa.string())) for name in EXTRACTION_COLUMNS])
    table = pa.table({name: [r[i] for r in rows] for i, name in enumerate(EXTRACTION_COLUMNS)}, schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
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
    bytes_done: int = 0
    bytes_total: int | None = None  # known once the background listing has summed the input

    @property
    def rate(self) -> float:
        """Articles per second so far."""
        return self.articles / self.elapsed if self.elapsed else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left, from the share of the input's bytes done so far; None until that is known."""
        if not self.bytes_total or not self.bytes_done:
            return None
        return max(0.0, self.elapsed * (self.bytes_total - self.bytes_done) / self.bytes_done)

    def line(self) -> str:
        """One line for a terminal or a log."""
        eta = f"ETA {self.eta:,.0f} s" if self.eta is not None else "ETA -"
        failed = f", failed partitions: {', '.join(self.failed)}" if self.failed else ""
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


def _size(part: Partition) -> int:
    if part.jsonl:
        return part.end - part.start
    return sum(os.path.getsize(f) for f in part.files if os.path.exists(f))


def _total_bytes(paths: list[Path | str], out: list[int]) -> None:
    """Sum the sizes of the input's article files (a background thread: the ETA's denominator)."""
    total = 0
    for item in expand_paths(paths):
        if not isinstance(item, ReadError):
            with contextlib.suppress(OSError):
                total += item.stat().st_size
    out.append(total)


def run_extraction(
    client: Any,
    partitions: Iterable[Partition],
    folder: Path,
    *,
    paths: list[Path | str] | None = None,
    update: bool = False,
    home: str = "",
    sources: Mapping[str, str] | None = None,
    retries: int = 2,
    status: Callable[[ClusterStatus], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ExtractionRun:
    """Run :func:`extract_partition` over ``partitions`` on ``client``'s cluster.

    At most a few tasks per worker thread are in flight, so listing stays lazy
    and the scheduler holds a bounded number of tasks. A task that raises is
    run again up to ``retries`` times (on any worker) before its partition is failed.
    """
    from distributed import as_completed

    folder.mkdir(parents=True, exist_ok=True)
    threads = max(1, sum(client.nthreads().values()))
    window = 4 * threads
    it: Iterator[Partition] = iter(partitions)
    parts: dict[str, Partition] = {}
    results: list[PartitionResult] = []
    failures: list[PartitionFailure] = []
    total: list[int] = []
    if paths is not None:
        threading.Thread(target=_total_bytes, args=(paths, total), daemon=True).start()
    listed = 0
    listing_done = False
    t0 = time.perf_counter()
    articles = done_bytes = 0

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
            home,
            sources,
            key=f"newskg-extract-{part.index}-{part.name}",
            retries=retries,
            pure=False,
        )
        parts[fut.key] = part
        return fut

    pending = as_completed([f for f in (submit() for _ in range(window)) if f is not None])
    for fut in pending:
        part = parts.pop(fut.key)
        done_bytes += _size(part)
        if fut.status == "error":
            exc = fut.exception()
            failures.append(PartitionFailure(part.name, part.describe(), f"{type(exc).__name__}: {exc}"))
            log.warning("partition %s (%s) failed on %d tries: %s", part.name, part.describe(), retries + 1, exc)
        else:
            res: PartitionResult = fut.result()
            results.append(res)
            articles += res.read
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
                    done_bytes,
                    total[0] if total else None,
                )
            )
    results.sort(key=lambda r: r.index)
    return ExtractionRun(results, failures)
