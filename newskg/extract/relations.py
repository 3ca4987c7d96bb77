"""Relation rules over the mentions of one article.

Each rule reads a fixed Chinese news construction and keeps its evidence
sentence and offsets. The rules work on clauses (split at commas outside
quotes), so a quoted slogan never supplies a subject or a target. Visits
have a module of their own (:mod:`newskg.extract.visits`); what both read is
in :mod:`newskg.extract.context`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from newskg.extract.context import ArticleContext, ref, relation
from newskg.extract.sentences import Segment, clauses
from newskg.extract.visits import visit_relations
from newskg.model import EntityType, Mention, Relation, RelationType
from newskg.names.dates import DateTimeline
from newskg.names.lexicon import (
    LOCATED_BEFORE_DE,
    LOCATED_RE,
    PARK_SUFFIXES,
    PART_OF_PREFIX_RE,
    PARTNER_LINK_RE,
    PARTNER_RE,
)

__all__ = ["ArticleContext", "extract_relations", "relation_date"]


def relation_date(text: str, published: dt.date | None) -> dt.date | None:
    """The day one sentence talks about (see :mod:`newskg.names.dates`)."""
    span = DateTimeline(text, published).in_sentence(0, len(text))
    return span.date if span else None


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
                # "市委常委、常务副市长": 常委 is the post in 市委; the post after 、 is held elsewhere.
                position = person.title[len(holder.surface) :].split("、", 1)[0]
        if holder is None:
            continue
        out.append(
            relation(ctx, sent, RelationType.HOLDS_POSITION, ref(person), ref(holder), title=position or person.title)
        )
    return out


def _located(ctx: ArticleContext, sent: Segment) -> list[Relation]:
    text = ctx.article.text
    out: list[Relation] = []
    ms = ctx.in_span(sent, (EntityType.ORGANIZATION, EntityType.PLACE))
    for a, b in itertools.pairwise(ms):
        gap = text[a.end : b.start]
        if a.type is EntityType.ORGANIZATION and _area(b) and LOCATED_RE.match(gap):
            out.append(relation(ctx, sent, RelationType.LOCATED_IN, ref(a), ref(b)))
        elif (
            a.type is EntityType.PLACE
            and b.type is EntityType.ORGANIZATION
            and gap == "的"
            and text[max(0, a.start - 4) : a.start].endswith(LOCATED_BEFORE_DE)
        ):
            out.append(relation(ctx, sent, RelationType.LOCATED_IN, ref(b), ref(a)))
        elif a.type is EntityType.PLACE and b.type is EntityType.PLACE and gap == "" and a.name != b.name:
            out.append(relation(ctx, sent, RelationType.PART_OF, ref(b), ref(a)))
    names = {p.name: p for p in ctx.mentions if p.type is EntityType.PLACE}
    for p in ctx.in_span(sent, (EntityType.PLACE, EntityType.ORGANIZATION)):
        # "台湖镇光机电一体化产业基地" lies in "台湖镇" when that place is named too (a park is an organization).
        m = PART_OF_PREFIX_RE.match(p.name)
        if m and m.group(1) in names and _area(p):
            typ = RelationType.PART_OF if p.type is EntityType.PLACE else RelationType.LOCATED_IN
            out.append(relation(ctx, sent, typ, ref(p), ref(names[m.group(1)])))
    return out


def _area(m: Mention) -> bool:
    """A place, or a park or zone (an organization that is also where firms are)."""
    return m.type is EntityType.PLACE or m.name.endswith(PARK_SUFFIXES)


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
                out.append(relation(ctx, sent, RelationType.PARTNERS_WITH, ref(a), ref(b)))
    return out


def extract_relations(ctx: ArticleContext, reporters: Sequence[Mention] = ()) -> list[Relation]:
    """All relations of one article except MENTIONED_IN (counted in the graph). O(S * M)."""
    out: list[Relation] = []
    out += visit_relations(ctx, reporters)
    for sent in ctx.sentences:
        out += _positions(ctx, sent)
        out += _located(ctx, sent)
        out += _partners(ctx, sent)
    for r in reporters:
        sent = next(
            (s for s in ctx.sentences if s.start <= r.start < s.end), Segment(0, min(len(ctx.article.text), 80))
        )
        out.append(relation(ctx, sent, RelationType.REPORTED, ref(r), None, title=r.title))
    # Page layouts repeat whole paragraphs; the same fact from the same sentence counts once.
    unique: dict[tuple[object, ...], Relation] = {}
    for rel in out:
        unique.setdefault((rel.type, rel.head, rel.tail, rel.evidence), rel)
    return list(unique.values())
