"""The paper's own place: what "我区", "我县" or "我公司" mean for each source.

A district paper's "我区" is its district. The home comes, in this order,
from the article itself (a ``home`` field in JSONL), from a sources file that
maps source names to homes, or from ``--home`` for the whole run. Without any,
an extraction keeps the word as written, and the graph makes it one node per
source (``我区(东湖区报)``), so two papers' "我区" never merge.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from newskg.model import Article, ArticleExtraction, EntityRef
from newskg.names.lexicon import HOME_WORDS

__all__ = ["home_for", "home_node_name", "load_sources", "with_home", "with_home_nodes"]


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


def _source_label(source: str) -> str:
    """A source's name for people: the feed's name, or the folder a file sits in, never a whole path.

    >>> _source_label("东湖区报"), _source_label("/data/papers/东湖区报/19.txt"), _source_label("19.txt")
    ('东湖区报', '东湖区报', '19')
    """
    path = Path(source)
    if len(path.parts) > 1:
        return path.parent.name or path.stem
    return path.stem if path.suffix.lower() in (".txt", ".md", ".jsonl", ".html", ".htm") else source


def home_node_name(word: str, source: str) -> str:
    """The graph's name for a home word without a known home: the word and its source.

    >>> home_node_name("我县", "/data/清河县报/2025-05-20.txt")
    '我县(清河县报)'
    """
    return f"{word}({_source_label(source) or '?'})"


def with_home_nodes(ex: ArticleExtraction) -> ArticleExtraction:
    """The extraction with each home word that stayed a word named per source, for the graph. O(R)."""
    source = ex.article.source or ex.article.origin

    def qualified(r: EntityRef | None) -> EntityRef | None:
        if r is None or (r.name not in HOME_WORDS and len(r.name) > 1):
            return r  # a home word, or a place written by one character ("来航"): per source
        return r.model_copy(update={"name": home_node_name(r.name, source)})

    if all(qualified(r.head) == r.head and qualified(r.tail) == r.tail for r in ex.relations):
        return ex
    rels = tuple(r.model_copy(update={"head": qualified(r.head), "tail": qualified(r.tail)}) for r in ex.relations)
    return ex.model_copy(update={"relations": rels})
