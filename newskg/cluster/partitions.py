"""Partitions of the input for the cluster build: groups of files, and line-aligned byte ranges of big JSONL files.

Listing is lazy: files are listed as the folders are walked, and a big JSONL
file is cut into ranges while it is scanned once for line ends (so each range
knows the number of its first line, and a record without an ``id`` gets the
same id as in the single-machine build). Reading happens in the tasks.
Partitions come in the order :func:`newskg.read.iter_articles` reads, so
"the first read of a text" means the same on both builds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newskg.model import Article
from newskg.read import ReadError, ReadWarning, expand_paths, read_file, read_jsonl

__all__ = ["BLOCK", "FILES_PER_PARTITION", "Partition", "list_partitions", "read_partition"]

# About 5 s of extraction per task on one core (articles of ~600 Chinese characters): small enough to
# balance the workers and to lose little when a task is retried, big enough that scheduling is noise.
BLOCK = 1024 * 1024
FILES_PER_PARTITION = 256


@dataclass(frozen=True)
class Partition:
    """One task's share of the input: some whole files, or one line-aligned byte range of one JSONL file."""

    index: int
    files: tuple[str, ...] = ()
    jsonl: str = ""
    start: int = 0
    end: int = 0
    first_line: int = 1

    @property
    def name(self) -> str:
        """A stable name: the same whenever the same input is listed the same way."""
        spec = json.dumps([self.files, self.jsonl, self.start, self.end], ensure_ascii=False)
        return "part-" + hashlib.sha1(spec.encode("utf-8")).hexdigest()[:16]

    def describe(self) -> str:
        """What the partition holds, for people."""
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
    a JSONL file bigger than ``block`` is cut at line ends into ranges of about ``block`` bytes.
    """
    batch: list[str] = []
    held = 0
    index = 0
    for item in expand_paths(paths):
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
        for start, end, line in _line_ranges(item, block):
            yield Partition(index, jsonl=str(item), start=start, end=end, first_line=line)
            index += 1
    if batch:
        yield Partition(index, files=tuple(batch))


def _line_ranges(path: Path, block: int) -> Iterator[tuple[int, int, int]]:
    """(start, end, number of the first line) of ranges of about ``block`` bytes that end at line ends. O(size)."""
    start, line = 0, 1
    with path.open("rb") as fh:
        while True:
            fh.seek(start + block)
            tail = fh.readline()  # up to the end of the line the block boundary falls in
            end = fh.tell() if tail else path.stat().st_size
            if end <= start:
                return
            fh.seek(start)
            line_count = 0
            left = end - start
            while left:
                chunk = fh.read(min(left, 1 << 20))
                if not chunk:
                    break
                line_count += chunk.count(b"\n")
                left -= len(chunk)
            yield start, end, line
            start, line = end, line + line_count


def read_partition(part: Partition) -> tuple[list[Article], list[ReadError], list[ReadWarning], int]:
    """The articles of a partition in reading order, its read errors and warnings, and the files it read."""
    out: list[Article] = []
    errors: list[ReadError] = []
    warnings: list[ReadWarning] = []

    def take(items: Iterable[Article | ReadError | ReadWarning]) -> None:
        for item in items:
            if isinstance(item, ReadError):
                errors.append(item)
            elif isinstance(item, ReadWarning):
                warnings.append(item)
            else:
                out.append(item)

    if part.jsonl:
        with open(part.jsonl, "rb") as fh:
            fh.seek(part.start)
            raw = fh.read(part.end - part.start)
        try:
            take(read_jsonl(raw, part.jsonl, part.first_line))
        except ReadError as err:
            errors.append(err)
            return out, errors, warnings, 0
        return out, errors, warnings, 1 if part.start == 0 else 0
    for path in part.files:
        take(read_file(Path(path)))
    return out, errors, warnings, len(part.files)
