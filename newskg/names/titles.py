"""Titles glued to person names: ``区委书记孟景伟`` is the person 孟景伟 with the title 区委书记."""

from __future__ import annotations

from dataclasses import dataclass

from newskg.names.lexicon import TITLE_END_RE, TITLE_START_RE

__all__ = ["TitleMatch", "strip_title", "title_before"]


@dataclass(frozen=True)
class TitleMatch:
    """A title found right before a name: ``prefix`` is a government body (区委), if any."""

    start: int
    title: str
    position: str
    prefix: str | None


def title_before(text: str, end: int) -> TitleMatch | None:
    """The title that ends at ``end`` in ``text`` (the start of a person name), if any.

    >>> title_before("昨天下午,区委书记孟景伟", 9)
    TitleMatch(start=5, title='区委书记', position='书记', prefix='区委')
    >>> title_before("区发展改革委相关负责人", 11).position
    '负责人'
    >>> title_before("昨天下午,", 5) is None
    True
    """
    window = text[max(0, end - 16) : end]
    m = TITLE_END_RE.search(window)
    if not m:
        return None
    prefix = m.group("prefix")
    position = (m.group("mod") or "") + m.group("word")
    if m.group("mod") == "相关":
        position = m.group("word")
    start = end - len(m.group(0))
    return TitleMatch(start, m.group(0), position, prefix)


def strip_title(name: str) -> tuple[str, str | None]:
    """Split a person span that swallowed its title.

    >>> strip_title("区委书记孟景伟")
    ('孟景伟', '区委书记')
    >>> strip_title("书记")  # no name would remain
    ('书记', None)
    """
    m = TITLE_START_RE.match(name)
    if m and len(name) - m.end() >= 2:
        return name[m.end() :], m.group(0)
    return name, None
