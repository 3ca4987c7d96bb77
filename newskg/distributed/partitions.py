"""Partitions of the input for the Dask path: lists of files, and byte ranges of big JSONL files.

Listing is lazy and cheap (file names and sizes only); reading happens in the
tasks. A page file is read whole inside its partition and split into its
articles there. Partitions come in the order :func:`newskg.extract.reader.iter_articles`
reads, so "first occurrence" of a duplicate article means the same thing on both paths.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newskg.model import Article
from newskg.read import ReadError, ReadWarning, _expand, _read_file, _read_jsonl, decode_bytes

__all__ = ["BLOCK", "FILES_PER_PARTITION", "Partition", "article_key", "list_partitions", "read_partition"]

# About 2 s of extraction per task on one core (articles of ~600 Chinese characters): small enough to
# balance the workers and to lose little when a task is retried, big enough that scheduling is noise.
BLOCK = 1024 * 1024
FILES_PER_PARTITION = 256


def article_key(source: str, position: str | int) -> str:
    """An article's identity for the extraction cache: where it was read from.

    ``position`` is the article's rank in its file (a page holds several), or
    ``@<byte offset>`` of its line in a JSONL file read by byte ranges.

    >>> article_key("pages/2024-12-20.txt", 3)
    'pages/2024-12-20.txt#3'
    """
    return f"{source}#{position}"


@dataclass(frozen=True)
class Partition:
    """One task's share of the input: some whole files, or one byte range of one JSONL file."""

    index: int
    files: tuple[str, ...] = ()
    jsonl: str = ""
    start: int = 0
    end: int = 0

    @property
    def name(self) -> str:
        """A stable name, the same whenever the same input is listed the same way."""
        spec = json.dumps([self.files, self.jsonl, self.start, self.end], ensure_ascii=False)
        return "part-" + hashlib.sha1(spec.encode("utf-8")).hexdigest()[:16]

    def describe(self) -> str:
        """Human-readable: what the partition holds."""
        if self.jsonl:
            return f"{self.jsonl} bytes {self.start}-{self.end}"
        more = f" and {len(self.files) - 1} more" if len(self.files) > 1 else ""
        return f"{self.files[0]}{more}"


def list_partitions(
    paths: Iterable[Path | str],
    errors: list[ReadError],
    files_per_partition: int = FILES_PER_PARTITION,
    block: int = BLOCK,
) -> Iterator[Partition]:
    """Partitions of ``paths``, lazily; missing paths and empty folders go to ``errors``.

    Files are grouped until a group holds ``files_per_partition`` files or ``block`` bytes;
    a JSONL file bigger than ``block`` is cut into byte ranges of ``block`` bytes.
    """
    batch: list[str] = []
    held = 0
    index = 0
    for item in _expand(Path(p) for p in paths):
        if isinstance(item, ReadError):
            errors.append(item)
            continue
        size = item.stat().st_size
        if item.suffix.lower() != ".jsonl" or size <= block:
            batch.append(str(item))
            held += size
            if len(batch) >= files_per_partition or held >= block:
                yield Partition(index, files=tuple(batch))
                index, batch, held = index + 1, [], 0
            continue
        if batch:
            yield Partition(index, files=tuple(batch))
            index, batch, held = index + 1, [], 0
        for start in range(0, size, block):
            yield Partition(index, jsonl=str(item), start=start, end=min(start + block, size))
            index += 1
    if batch:
        yield Partition(index, files=tuple(batch))


def read_partition(part: Partition) -> tuple[list[tuple[str, Article]], list[ReadError]]:
    """The (identity, article) pairs of a partition in reading order, and its read errors."""
    out: list[tuple[str, Article]] = []
    errors: list[ReadError] = []
    if part.jsonl:
        for offset, line in _jsonl_lines(Path(part.jsonl), part.start, part.end):
            for rank, art in enumerate(_read_jsonl(line, part.jsonl)):
                if isinstance(art, ReadError):
                    errors.append(ReadError(f"{part.jsonl}@{offset}", art.reason))
                elif not isinstance(art, ReadWarning):  # a warning keeps its article, which follows
                    out.append((article_key(part.jsonl, f"@{offset}" + (f".{rank}" if rank else "")), art))
        return out, errors
    for path in part.files:
        rank = 0
        for art in _read_file(Path(path)):
            if isinstance(art, ReadError):
                errors.append(art)
            elif not isinstance(art, ReadWarning):
                out.append((article_key(path, rank), art))
                rank += 1
    return out, errors


def _jsonl_lines(path: Path, start: int, end: int) -> Iterator[tuple[int, str]]:
    """Lines that begin in [start, end): a range owns a line when the line's first byte is in it."""
    with path.open("rb") as fh:
        pos = start
        if start > 0:
            fh.seek(start - 1)
            if fh.read(1) != b"\n":
                pos = start + len(fh.readline())  # the line that began before start belongs to the range before
        fh.seek(pos)
        while pos < end:
            raw = fh.readline()
            if not raw:
                break
            try:
                text = decode_bytes(raw, f"{path}@{pos}")
            except ReadError:
                text = raw.decode("utf-8", errors="replace")
            yield pos, text.rstrip("\r\n")
            pos += len(raw)
