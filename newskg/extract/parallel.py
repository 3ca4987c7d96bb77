"""Parallel extraction in worker processes, each loading the model once.

:func:`plan_workers` chooses: by default one worker per core this
process may use (:mod:`newskg.cores`), each running PyTorch on one thread.
A second PyTorch thread in one process does not make a second worker: its
threads wait for each other at every operation, and beside other busy
processes they wait for a descheduled one (a build took 4.8 to 5.8 times its
time alone beside two busy processes, against about 2.2 times with
one-thread workers; README: The default build beside other work). An input of fewer than :data:`SMALL_INPUT` articles
is extracted in this process, where starting workers would cost more than
they save. Output is the same, in input order, whatever the choice.

Workers ignore Ctrl-C (SIGINT): a terminal sends it to the whole process
group, and a worker killed mid-task prints a traceback and can leave the
pool waiting forever. Only the parent handles it; leaving the pool's block
then terminates the workers at once. A parent killed outright (``kill -9``)
takes its workers with it (Linux: the kernel's parent-death signal), before
they print broken-pipe tracebacks, and multiprocessing's resource tracker
cleans the pool's semaphores up without warning about them.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import multiprocessing as mp
import os
import signal
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from newskg.cores import default_workers
from newskg.extract.pipeline import Extractor
from newskg.model import Article, ArticleExtraction
from newskg.ner.backend import HanLPBackend, NerBackend

__all__ = ["SMALL_INPUT", "extract_here", "parallel_extract", "plan_workers"]

_EXTRACTOR = None
_FAILED: Exception | None = None
_BATCH = 16


def _init(model: str | None, parent: int) -> None:
    global _EXTRACTOR, _FAILED
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(parent)
    try:
        import torch

        torch.set_num_threads(1)  # one core per worker; more threads only contend
        backend = HanLPBackend(model)
        backend.component  # noqa: B018 - load now, not inside the first task
        _EXTRACTOR = Extractor(backend)
    except Exception as exc:
        # Raised by each task instead, so it reaches the parent (a model that cannot be loaded: one line there).
        # An initializer that raises kills its worker, and the pool starts another, forever.
        _FAILED = exc


def _work(batch: list[str]) -> list[str]:
    if _FAILED is not None:
        raise _FAILED
    assert _EXTRACTOR is not None
    arts = [Article.model_validate_json(a) for a in batch]
    return [ex.model_dump_json() for ex in _EXTRACTOR.extract(arts)]


# Below this many articles the default extracts in this process: starting workers (Python, torch, HanLP and the
# model in each) took about 1 s more than loading the model here (the 6-article demo), which two workers gain back
# only over some tens of articles. A round figure above that, not a measured break-even (README: Workers).
SMALL_INPUT = 100


def plan_workers(articles: Iterable[Article], workers: int | None = None) -> tuple[int, Iterator[Article]]:
    """How many processes should extract ``articles`` (1: this one), and the articles, none lost.

    ``workers`` None: :func:`newskg.cores.default_workers`, or 1 when the
    input holds fewer than :data:`SMALL_INPUT` articles (the first ones are
    read to know; they come first in the iterator returned).
    """
    it = iter(articles)
    n = default_workers() if workers is None else workers
    if workers is None and n > 1:
        head = list(itertools.islice(it, SMALL_INPUT))
        if len(head) < SMALL_INPUT:
            n = 1
        it = itertools.chain(head, it)
    return max(1, n), it


def extract_here(articles: Iterable[Article], backend: NerBackend) -> Iterator[ArticleExtraction]:
    """Extract in this process, as one worker: a HanLP model is loaded first and runs on one PyTorch thread.

    Loading first makes a model that cannot be loaded one error, as it is from the workers.
    """
    if not isinstance(backend, HanLPBackend):
        yield from Extractor(backend).extract(articles)
        return
    with _torch_threads(1):
        backend.component  # noqa: B018
        yield from Extractor(backend).extract(articles)


@contextlib.contextmanager
def _torch_threads(n: int) -> Iterator[None]:
    """PyTorch on ``n`` threads in this process for the block (its default is one per core of the machine)."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def parallel_extract(
    articles: Iterable[Article], model: str | Path | None, workers: int
) -> Iterator[ArticleExtraction]:
    """Extract in ``workers`` spawned processes, keeping input order.

    At most a few batches per worker are in flight, so memory stays bounded
    however long the input stream is; each finished batch is replaced at once,
    so no worker waits for the others (a whole window at a time did: the
    workers idled at each window's end while the parent, slower on a busy
    machine, took the last results and prepared the next window).
    """
    ctx = mp.get_context("spawn")  # fork after torch has started threads can deadlock
    batches = _batches(iter(articles))
    # The spawned workers start with SIGINT ignored, before their initializer runs.
    with _sigint_ignored(), _quiet_resource_tracker():
        pool = ctx.Pool(workers, initializer=_init, initargs=(str(model) if model else None, os.getpid()))
    with pool:
        pending = collections.deque(pool.apply_async(_work, (b,)) for b in itertools.islice(batches, workers * 4))
        while pending:
            out = pending.popleft().get()
            for batch in itertools.islice(batches, 1):
                pending.append(pool.apply_async(_work, (batch,)))
            for line in out:
                yield ArticleExtraction.model_validate_json(line)


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals are not ours to change
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _die_with(parent: int) -> None:
    """Linux: have the kernel kill this process when ``parent`` dies (``prctl(PR_SET_PDEATHSIG)``)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


_TRACKER_WARNINGS = "ignore::UserWarning:multiprocessing.resource_tracker"


@contextlib.contextmanager
def _quiet_resource_tracker() -> Iterator[None]:
    """Start multiprocessing's resource tracker (if not running) with its leak warnings off.

    It takes its warning filters from the command line it is started with. Its warning
    ("leaked semaphore objects to clean up at shutdown") only ever comes after the parent was
    killed outright, and the tracker then cleans the semaphores up all the same.
    """
    from multiprocessing import resource_tracker

    sys.warnoptions.append(_TRACKER_WARNINGS)
    try:
        resource_tracker.ensure_running()
        yield
    finally:
        sys.warnoptions.remove(_TRACKER_WARNINGS)


def _batches(it: Iterator[Article]) -> Iterator[list[str]]:
    """The articles as JSON, ``_BATCH`` at a time (JSON: what crosses to a worker is plain text)."""
    while batch := [a.model_dump_json() for a in itertools.islice(it, _BATCH)]:
        yield batch
