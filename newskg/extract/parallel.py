"""Parallel extraction in worker processes, each loading the model once.

Workers ignore Ctrl-C (SIGINT): a terminal sends it to the whole process
group, and a worker killed mid-task prints a traceback and can leave the
pool waiting forever. Only the parent handles it; leaving the pool's block
then terminates the workers at once.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing as mp
import signal
from collections.abc import Iterable, Iterator
from pathlib import Path

from newskg.model import Article, ArticleExtraction

__all__ = ["parallel_extract"]

_EXTRACTOR = None
_BATCH = 16


def _init(model: str | None) -> None:
    global _EXTRACTOR
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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
    with _sigint_ignored():  # the spawned workers start with SIGINT ignored, before their initializer runs
        pool = ctx.Pool(workers, initializer=_init, initargs=(str(model) if model else None,))
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


def _window(it: Iterator[Article], batches: int) -> list[list[str]]:
    out: list[list[str]] = []
    for _ in range(batches):
        batch = [a.model_dump_json() for a in itertools.islice(it, _BATCH)]
        if not batch:
            break
        out.append(batch)
    return out
