"""What every relation rule reads: the article, its sentences and mentions, and a few shared readers.

:mod:`newskg.extract.relations` and :mod:`newskg.extract.visits` both build
on this module; neither imports the other's helpers.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from newskg.extract.sentences import Segment, display
from newskg.model import Article, EntityRef, EntityType, Mention, OrgKind, Relation, RelationType
from newskg.names.dates import DateTimeline
from newskg.names.lexicon import LIST_JOINERS

__all__ = [
    "ArticleContext",
    "co_subjects",
    "paragraph_firm",
    "quoted",
    "ref",
    "relation",
    "title_start",
]


@dataclass
class ArticleContext:
    """What the rules need: the article, its sentences and its mentions (sorted by start)."""

    article: Article
    sentences: Sequence[Segment]
    mentions: Sequence[Mention]

    def __post_init__(self) -> None:
        self._starts = [m.start for m in self.mentions]
        self.dates = DateTimeline(self.article.text, self.article.date)

    def in_span(self, seg: Segment, types: tuple[EntityType, ...]) -> list[Mention]:
        """Mentions of the given types fully inside ``seg``, in text order. O(log M + k)."""
        lo = bisect.bisect_left(self._starts, seg.start)
        hi = bisect.bisect_left(self._starts, seg.end, lo)
        return [m for m in self.mentions[lo:hi] if m.type in types and m.end <= seg.end]


def ref(m: Mention) -> EntityRef:
    """The entity a mention names."""
    return EntityRef(name=m.name, type=m.type)


def quoted(text: str, start: int, pos: int) -> bool:
    """Whether ``pos`` lies inside a “quotation” that opens after ``start``.

    >>> quoted("他说“到企业去”", 0, 5), quoted("他说“好”,到企业", 0, 7)
    (True, False)
    """
    seg = text[start:pos]
    return seg.count("“") > seg.count("”")


def relation(
    ctx: ArticleContext,
    sent: Segment,
    typ: RelationType,
    head: EntityRef,
    tail: EntityRef | None,
    at: int | None = None,
    **kw: object,
) -> Relation:
    """A relation with the sentence as evidence and the day the text gives at ``at`` (else in the sentence)."""
    text = ctx.article.text[sent.start : sent.end]
    # The day at the verb when there is one: "8日到A调研,9日又到B" gives each stop its day.
    span = ctx.dates.at(at, sent.start, sent.end) if at is not None else ctx.dates.in_sentence(sent.start, sent.end)
    return Relation(
        type=typ,
        head=head,
        tail=tail,
        evidence=display(text),
        start=sent.start,
        end=sent.end,
        article_id=ctx.article.id,
        date=span.date if span else None,
        date_end=span.date_end if span else None,
        date_approx=span.approx if span else False,
        **kw,  # type: ignore[arg-type]
    )


def paragraph_firm(ctx: ArticleContext, paragraph: int, before: int) -> Mention | None:
    """The first company named in the paragraph before ``before``: the referent of "企业"."""
    for m in ctx.mentions:
        if (
            m.paragraph == paragraph
            and m.start < before
            and m.type is EntityType.ORGANIZATION
            and m.kind is OrgKind.COMPANY
        ):
            return m
    return None


def title_start(text: str, m: Mention) -> int:
    """Where a person's mention begins with its title glued before it (the name's start otherwise)."""
    if m.title and text[m.start - len(m.title) : m.start] == m.title:
        return m.start - len(m.title)
    return m.start


def co_subjects(text: str, people: Sequence[Mention], subject: Mention) -> list[Mention]:
    """The subject and the people listed right before it.

    Names are listed with 、/和/与/及 (``孟景伟、郑海涛``) or, each with its own
    title, with commas (``市委书记林青,市委副书记、市长周春海``). O(k) for k
    people in the list.
    """
    if subject not in people:
        return [subject]
    group = [subject]
    for prev in reversed(people[: people.index(subject)]):
        gap = text[prev.end : title_start(text, group[0])]
        gap = gap.removeprefix("同志")  # "主席甲同志,乡长乙同志前往…"
        titled = title_start(text, group[0]) < group[0].start
        if not (gap in LIST_JOINERS or (titled and gap in (",", "，"))):
            break
        group.insert(0, prev)
    return group
