"""Parallel extraction in worker processes, each loading the model once.

Workers ignore Ctrl-C (SIGINT): a terminal sends it to the whole process
group, and a worker killed mid-task prints a traceback and can leave the
pool waiting forever. Only the parent handles it; leaving the pool's block
then terminates the workers at once. A parent killed outright (``kill -9``)
takes its workers with it (Linux: the kernel's parent-death signal), before
they print broken-pipe tracebacks, and multiprocessing's resource tracker
cleans the pool's semaphores up without warning about them.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing as mp
import os
import signal
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from newskg.model import Article, ArticleExtraction

__all__ = ["parallel_extract"]

_EXTRACTOR = None
_BATCH = 16


def _init(model: str | None, parent: int) -> None:
    global _EXTRACTOR
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(parent)
    import torch

    from newskg.extract.pipeline import Extractor
    from newskg.ner.backend import HanLPBackend

    torch.set_num_threads(1)  # one core per worker; more threads only contend
    backend = HanLPBackend(model)
    backend.component  # noqa: B018 - load now, not inside the first task
    _EXTRACTOR = Extractor(backend)


def _work(batch: list[str]) -> list[str]:
    assert _EXTRACTOR is not None
    arts = [Article.model_validate_json(a) for a in batch]
    return [ex.model_dump_json() for ex in _EXTRACTOR.extract(arts)]


def parallel_extract(
    articles: Iterable[Article], model: str | Path | None, workers: int
) -> Iterator[ArticleExtraction]:
    """Extract in ``workers`` spawned processes, keeping input order.

    Articles are sent in windows of a few batches per worker, so memory stays
    bounded however long the input stream is.
    """
    ctx = mp.get_context("spawn")  # fork after torch has started threads can deadlock
    it = iter(articles)
    # The spawned workers start with SIGINT ignored, before their initializer runs.
    with _sigint_ignored(), _quiet_resource_tracker():
        pool = ctx.Pool(workers, initializer=_init, initargs=(str(model) if model else None, os.getpid()))
    with pool:
        while True:
            window = _window(it, workers * 4)
            if not window:
                break
            for out in pool.imap(_work, window):
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


def _window(it: Iterator[Article], batches: int) -> list[list[str]]:
    out: list[list[str]] = []
    for _ in range(batches):
        batch = [a.model_dump_json() for a in itertools.islice(it, _BATCH)]
        if not batch:
            break
        out.append(batch)
    return out
