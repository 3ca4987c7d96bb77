"""Typed contracts between the pipeline's stages.

Article -> Mention -> Relation -> ArticleExtraction -> graph -> WriteResult.
All models are frozen pydantic models that forbid unknown fields, so a typo
at a stage boundary fails loudly instead of silently dropping data.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

__all__ = [
    "Article",
    "ArticleExtraction",
    "EntityRef",
    "EntityType",
    "Mention",
    "NerSpan",
    "OrgKind",
    "Relation",
    "RelationType",
    "Visit",
    "WriteResult",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EntityType(StrEnum):
    """Entity types produced by extraction."""

    PERSON = "PERSON"
    ORGANIZATION = "ORGANIZATION"
    PLACE = "PLACE"
    TITLE = "TITLE"


class OrgKind(StrEnum):
    """Kinds of organization, decided from the name's suffix."""

    COMPANY = "company"
    GOVERNMENT = "government"
    HOSPITAL = "hospital"
    SCHOOL = "school"
    MEDIA = "media"
    OTHER = "other"


class RelationType(StrEnum):
    """Relationship types; the values are the Neo4j relationship types."""

    VISITED = "VISITED"
    HOLDS_POSITION = "HOLDS_POSITION"
    LOCATED_IN = "LOCATED_IN"
    PART_OF = "PART_OF"
    PARTNERS_WITH = "PARTNERS_WITH"
    REPORTED = "REPORTED"
    ACCOMPANIED = "ACCOMPANIED"
    MENTIONED_IN = "MENTIONED_IN"


class Article(_Frozen):
    """One news article as read from its source.

    ``id`` survives edits of the text (see :mod:`newskg.identity`); ``origin``
    is the file it was read from (``source`` may name a feed instead).
    """

    id: str
    title: str = ""
    text: str
    date: dt.date | None = None
    source: str = ""
    section: str = ""
    origin: str = ""
    home: str = ""  # the place or body "我区"/"我公司" means in this source, when known
    publishers: tuple[str, ...] = ()  # named by the page header ("来源:利州发布"), which is not part of the text


class NerSpan(_Frozen):
    """A raw span from the NER backend, offsets relative to the tagged text."""

    text: str
    type: EntityType
    start: int
    end: int


class Mention(_Frozen):
    """An entity mention in an article, after the rule layer.

    ``start``/``end`` are article offsets of the surface text (title excluded).
    """

    surface: str
    name: str
    type: EntityType
    start: int
    end: int
    kind: OrgKind | None = None
    title: str | None = None
    sentence: int = 0
    paragraph: int = 0


class EntityRef(_Frozen):
    """A reference to an entity by canonical name and type."""

    name: str
    type: EntityType

    @property
    def key(self) -> tuple[str, str]:
        """Hashable identity used before resolution."""
        return (self.type.value, self.name)


class Relation(_Frozen):
    """A typed relation with its provenance.

    ``start``/``end`` are the article offsets of the evidence sentence.
    """

    type: RelationType
    head: EntityRef
    tail: EntityRef | None = None  # None: the tail is the article itself
    evidence: str = ""
    start: int = 0
    end: int = 0
    article_id: str
    date: dt.date | None = None
    date_end: dt.date | None = None  # last day of a span ("7月8日至9日")
    date_approx: bool = False  # 近日/日前, or no day named: the publication date stands in
    title: str | None = None
    verb: str | None = None
    count: int = 1
    trip: int | None = None  # visits: stops of one trip in the article share this number
    sentence: int | None = None  # visits: index of the evidence sentence, -1 for the headline


class ArticleExtraction(_Frozen):
    """Everything extracted from one article.

    ``error`` says why the article could not be extracted (then it holds
    nothing else); such an extraction is reported, never cached or built.
    """

    article: Article
    mentions: tuple[Mention, ...] = ()
    relations: tuple[Relation, ...] = ()
    reporters: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None


class Visit(_Frozen):
    """One row of the visits table."""

    visitor: str
    visitor_titles: tuple[str, ...] = ()
    target: str
    target_label: str
    target_kind: str | None = None
    date: str | None = None
    article_title: str = ""
    article_id: str = ""
    evidence: str = ""
    reports: int = 1  # articles that report this visit (same visitor, target and day)
    num_sources: int = 1
    article_ids: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    from_outside: bool | None = None  # the visitor came from outside the jurisdiction they hold (None: unknown)


class WriteResult(_Frozen):
    """Counts reported by a graph writer."""

    nodes: int = 0
    relationships: int = 0
    skipped_articles: int = 0
    replaced_articles: int = 0
    deleted_nodes: int = 0
    removed_articles: int = 0  # articles the graph does not hold, deleted by a pruning load
