"""The paper's own place: what "我区", "我县" or "我公司" mean for each source.

A district paper's "我区" is its district. The home comes, in this order,
from the article itself (a ``home`` field in JSONL), from a sources file that
maps source names to homes, or from ``--home`` for the whole run. Without any,
each home word stays its own node per source (``我区(东湖区报)``), so two
papers' "我区" never merge.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from newskg.model import Article

__all__ = ["home_for", "load_sources", "with_home"]


def load_sources(path: Path | str) -> dict[str, str]:
    """Read a sources file: one ``source<TAB>home`` per line; ``#`` starts a comment.

    Raises:
        ValueError: On a line without a tab or with an empty side.
    """
    out: dict[str, str] = {}
    for n, line in enumerate(Path(path).read_text(encoding="utf-8-sig").splitlines(), 1):
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        source, sep, home = line.partition("\t")
        if not sep or not source.strip() or not home.strip():
            raise ValueError(f"{path}:{n}: expected 'source<TAB>home', got {line!r}")
        out[source.strip()] = home.strip()
    return out


def home_for(source: str, sources: Mapping[str, str], default: str = "") -> str:
    """The home of a source: an exact entry, else the longest entry the source starts with
    (a folder or site prefix), else an entry naming the source's folder, else ``default``.

    >>> home_for("data/东湖区报/2025-01-02.txt", {"data/东湖区报": "东湖区"})
    '东湖区'
    >>> home_for("江城日报", {"东湖区报": "东湖区"}, "江城市")
    '江城市'
    >>> home_for("papers/东湖区报/a.txt", {"东湖区报": "东湖区"})
    '东湖区'
    """
    if source in sources:
        return sources[source]
    prefixes = [k for k in sources if source.startswith(k)]
    if prefixes:
        return sources[max(prefixes, key=len)]
    parts = Path(source).parts
    folder = next((sources[p] for p in reversed(parts[:-1]) if p in sources), None)
    return folder or default


def with_home(
    articles: Iterable[Article], home: str = "", sources: Mapping[str, str] | None = None
) -> Iterator[Article]:
    """Articles with ``home`` set where they have none: from ``sources``, else ``home``."""
    for art in articles:
        if art.home or not (home or sources):
            yield art
            continue
        found = home_for(art.source, sources or {}, home)
        yield art.model_copy(update={"home": found}) if found else art
