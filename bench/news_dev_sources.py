"""A sources file for news-dev: each article file -> the division its source's label names.

`python -m bench.news_dev_sources > out/news-dev.sources.tsv` reads the
labels of `../shared/data/news-dev/SOURCES.tsv` (the description up to its
first colon: the site or paper, and the region the team wrote beside it; for
rows without a description, their other fields but the URL), never the
articles, and writes `file<TAB>home` (the division's full path written
without separators, as `--sources` takes it) wherever the label's division
names form one path. It stands for what a newsroom knows of its own
sources: `newskg eval-links GOLD --articles news-dev.jsonl --sources
out/news-dev.sources.tsv` then scores linking with the sources' regions. The
derivation is automatic, the same for every group.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from newskg.geo.link import Linker, PlaceLink

NEWS_DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "news-dev"


def region(linker: Linker, label: str) -> PlaceLink | None:
    """The deepest division the label's words name, when all of them lie on one path."""
    found = [d for word in re.split(r"[\s,()（）/;:、，]+", label) if (d := linker.division_named(word))]
    deepest = [d for d in found if not any(o.path[: len(d.path)] == d.path and o.path != d.path for o in found)]
    keys = {d.key for d in deepest}
    if len(keys) != 1 or not all(any(o.within(d) for o in deepest) for d in found):
        return None
    return deepest[0]


def main(folder: Path = NEWS_DEV) -> None:
    linker = Linker()
    rows = list(csv.DictReader((folder / "SOURCES.tsv").open(encoding="utf-8"), delimiter="\t"))
    named = 0
    for row in rows:
        # The description up to its first colon; rows without one (group e): their other fields.
        label = (row.get("description") or "").split(":", 1)[0] or " ".join(
            str(v) for k, v in row.items() if k not in ("file", "url_or_repo") and v
        )
        d = region(linker, label)
        if d is not None:
            named += 1
            sys.stdout.write(f"{row['file']}\t{''.join(d.path)}\n")
    print(f"{named} of {len(rows)} sources name one division", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else NEWS_DEV)
