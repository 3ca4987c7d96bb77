"""Relation rules over the mentions of one article.

Each rule reads a fixed Chinese news construction and keeps its evidence
sentence and offsets. The rules work on clauses (split at commas outside
quotes), so a quoted slogan never supplies a subject or a target.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from newskg.extract.sentences import Segment, clauses, display
from newskg.model import Article, EntityRef, EntityType, Mention, OrgKind, Relation, RelationType
from newskg.names.dates import DateTimeline
from newskg.names.lexicon import (
    LIST_JOINERS,
    LOCATED_BEFORE_DE,
    LOCATED_RE,
    PART_OF_PREFIX_RE,
    PARTNER_LINK_RE,
    PARTNER_RE,
)
from newskg.names.titles import title_before

__all__ = ["ArticleContext", "extract_relations", "relation_date"]


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


def relation_date(text: str, published: dt.date | None) -> dt.date | None:
    """The day one sentence talks about (see :mod:`newskg.names.dates`)."""
    span = DateTimeline(text, published).in_sentence(0, len(text))
    return span.date if span else None


def _ref(m: Mention) -> EntityRef:
    return EntityRef(name=m.name, type=m.type)


def _quoted(text: str, start: int, pos: int) -> bool:
    """Whether ``pos`` lies inside a “quotation” that opens after ``start``."""
    seg = text[start:pos]
    return seg.count("“") > seg.count("”")


def _rel(
    ctx: ArticleContext,
    sent: Segment,
    typ: RelationType,
    head: EntityRef,
    tail: EntityRef | None,
    at: int | None = None,
    **kw: object,
) -> Relation:
    text = ctx.article.text[sent.start : sent.end]
    # The day at the verb (``at``) when there is one: "8日到A调研,9日又到B" gives each stop its day.
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


def _paragraph_firm(ctx: ArticleContext, paragraph: int, before: int) -> Mention | None:
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


def _co_subjects(text: str, people: list[Mention], subject: Mention) -> list[Mention]:
    """The subject and the people listed right before it: "区委书记孟景伟、区长郑海涛到…"."""
    if subject not in people:
        return [subject]
    group = [subject]
    for prev in reversed(people[: people.index(subject)]):
        gap = text[prev.end : group[0].start]
        title = title_before(text, group[0].start)
        rest = gap[1:] if gap[:1] in LIST_JOINERS else None
        if rest is None or (rest and not (title and title.title == rest)):
            break
        group.insert(0, prev)
    return group


def _positions(ctx: ArticleContext, sent: Segment) -> list[Relation]:
    out: list[Relation] = []
    orgs = ctx.in_span(sent, (EntityType.ORGANIZATION,))
    for person in ctx.in_span(sent, (EntityType.PERSON,)):
        if not person.title:
            continue
        title_start = person.start - len(person.title)
        holder = next((o for o in orgs if o.end == title_start), None)
        position = person.title
        if holder is None:
            holder = next((o for o in orgs if o.start == title_start and person.title.startswith(o.surface)), None)
            if holder is not None:
                position = person.title[len(holder.surface) :]
        if holder is None:
            continue
        out.append(
            _rel(ctx, sent, RelationType.HOLDS_POSITION, _ref(person), _ref(holder), title=position or person.title)
        )
    return out


def _located(ctx: ArticleContext, sent: Segment) -> list[Relation]:
    text = ctx.article.text
    out: list[Relation] = []
    ms = ctx.in_span(sent, (EntityType.ORGANIZATION, EntityType.PLACE))
    for a, b in itertools.pairwise(ms):
        gap = text[a.end : b.start]
        if a.type is EntityType.ORGANIZATION and b.type is EntityType.PLACE and LOCATED_RE.match(gap):
            out.append(_rel(ctx, sent, RelationType.LOCATED_IN, _ref(a), _ref(b)))
        elif (
            a.type is EntityType.PLACE
            and b.type is EntityType.ORGANIZATION
            and gap == "的"
            and text[max(0, a.start - 4) : a.start].endswith(LOCATED_BEFORE_DE)
        ):
            out.append(_rel(ctx, sent, RelationType.LOCATED_IN, _ref(b), _ref(a)))
        elif a.type is EntityType.PLACE and b.type is EntityType.PLACE and gap == "" and a.name != b.name:
            out.append(_rel(ctx, sent, RelationType.PART_OF, _ref(b), _ref(a)))
    places = ctx.in_span(sent, (EntityType.PLACE,))
    names = {p.name: p for p in ctx.mentions if p.type is EntityType.PLACE}
    for p in places:
        # "台湖镇光机电一体化产业基地" is part of "台湖镇" when that place is named too.
        m = PART_OF_PREFIX_RE.match(p.name)
        if m and m.group(1) in names:
            out.append(_rel(ctx, sent, RelationType.PART_OF, _ref(p), _ref(names[m.group(1)])))
    return out


def _partners(ctx: ArticleContext, sent: Segment) -> list[Relation]:
    text = ctx.article.text
    out: list[Relation] = []
    for clause in clauses(text, sent):
        orgs = ctx.in_span(clause, (EntityType.ORGANIZATION,))
        for a, b in itertools.pairwise(orgs):
            if (
                a.name != b.name
                and PARTNER_LINK_RE.match(text[a.end : b.start])
                and PARTNER_RE.search(text, b.end, clause.end)
            ):
                out.append(_rel(ctx, sent, RelationType.PARTNERS_WITH, _ref(a), _ref(b)))
    return out


def extract_relations(ctx: ArticleContext, reporters: Sequence[Mention] = ()) -> list[Relation]:
    """All relations of one article except MENTIONED_IN (counted in the graph). O(S * M)."""
    out: list[Relation] = []
    from newskg.extract.visits import visit_relations  # visits.py builds on this module

    out += visit_relations(ctx, reporters)
    for sent in ctx.sentences:
        out += _positions(ctx, sent)
        out += _located(ctx, sent)
        out += _partners(ctx, sent)
    for r in reporters:
        sent = next(
            (s for s in ctx.sentences if s.start <= r.start < s.end), Segment(0, min(len(ctx.article.text), 80))
        )
        out.append(_rel(ctx, sent, RelationType.REPORTED, _ref(r), None, title=r.title))
    # Page layouts repeat whole paragraphs; the same fact from the same sentence counts once.
    unique: dict[tuple[object, ...], Relation] = {}
    for rel in out:
        unique.setdefault((rel.type, rel.head, rel.tail, rel.evidence), rel)
    return list(unique.values())
