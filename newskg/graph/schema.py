"""The graph schema, in one place: labels, relationship types, node ids, attribute lists.

The assembler, the exports, the visits table and the Neo4j loader and queries
all read it from here, so a label or an id format is never spelled twice.
"""

from __future__ import annotations

import functools
from typing import Any

from newskg.model import EntityType, RelationType

__all__ = [
    "ARTICLE",
    "ARTICLE_ID_PREFIX",
    "EDGE_COLUMNS",
    "EDGE_FIELDS",
    "ENTITY_LABELS",
    "LABELS",
    "LIST_ATTRS",
    "NODE_COLUMNS",
    "NODE_FIELDS",
    "PATH_SEP",
    "REL_TYPES",
    "article_node_id",
    "node_id",
    "node_label",
    "ordered",
    "parse_node_id",
    "place_node_id",
]

ARTICLE = "Article"
ENTITY_LABELS: dict[EntityType, str] = {
    EntityType.PERSON: "Person",
    EntityType.ORGANIZATION: "Organization",
    EntityType.PLACE: "Place",
}
LABELS = (*ENTITY_LABELS.values(), ARTICLE)
REL_TYPES = tuple(t.value for t in RelationType)
# Node and relationship attributes whose values are lists (JSON strings in GraphML and CSV).
LIST_ATTRS = (
    "aliases",
    "titles",
    "merge_reasons",
    "reporters",
    "article_ids",
    "evidences",
    "article_sources",
    "sources",
    "link_reason",
    "candidates",
)
# Columns of nodes.csv and edges.csv, in order.
NODE_FIELDS = (
    "id",
    "label",
    "name",
    "kind",
    "titles",
    "aliases",
    "merge_reasons",
    "mentions",
    "title",
    "article_id",
    "date",
    "source",
    "section",
    "reporters",
    "chars",
    # Places linked to a division (newskg.geo): code, level, path, coordinates, why; or the candidates.
    "adcode",
    "level",
    "path",
    "latitude",
    "longitude",
    "link_reason",
    "candidates",
    "candidate_count",
)
EDGE_FIELDS = (
    "source",
    "target",
    "key",
    "type",
    "article_id",
    "date",
    "date_end",
    "date_approx",
    "title",
    "verb",
    "evidence",
    "start",
    "end",
    "count",
    "reports",
    "num_sources",
    "article_ids",
    "sources",
    # Read by newskg.geo: how a LOCATED_IN or PART_OF is known; a post's body, level and jurisdiction;
    # whether a visitor came from outside the jurisdiction they hold.
    "basis",
    "written",
    "body",
    "unit",
    "post",
    "level",
    "jurisdiction",
    "jurisdiction_adcode",
    "from_outside",
)
# Every attribute a node or an edge can carry, in the one order both builds give them (the Parquet
# tables' columns): the CSV columns first, then per-report lists the CSV leaves out.
NODE_COLUMNS = NODE_FIELDS
EDGE_COLUMNS = (*EDGE_FIELDS, "evidences", "article_sources")
_SEP = ":"


def node_id(label: str, name: str) -> str:
    """Stable, readable node id.

    >>> node_id("Person", "孟景伟")
    'person:孟景伟'
    """
    return f"{label.lower()}{_SEP}{name}"


def article_node_id(article_id: str) -> str:
    """The node id of an article.

    >>> article_node_id("4dad497aae83acc0")
    'article:4dad497aae83acc0'
    """
    return node_id(ARTICLE, article_id)


ARTICLE_ID_PREFIX = article_node_id("")
PATH_SEP = "/"


def place_node_id(path: tuple[str, ...] | list[str]) -> str:
    """The node id of a place linked to a division: its full path, so homonyms are two nodes.

    A province's id is the one its name alone gives, linked or not.

    >>> place_node_id(("北京市", "通州区")), place_node_id(("江苏省", "南通市", "通州区"))
    ('place:北京市/通州区', 'place:江苏省/南通市/通州区')
    """
    return node_id(ENTITY_LABELS[EntityType.PLACE], PATH_SEP.join(path))


def ordered(attrs: dict[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    """``attrs`` in the order of ``columns`` (unknown keys last, as they came).

    Both builds give every node and edge its attributes in this order, so GraphML
    (which declares keys in the order it meets them) is the same bytes from either.

    >>> ordered({"name": "甲", "label": "Person"}, NODE_COLUMNS)
    {'label': 'Person', 'name': '甲'}
    """
    rank = _rank(columns)
    return dict(sorted(attrs.items(), key=lambda kv: rank.get(kv[0], len(rank))))


@functools.cache
def _rank(columns: tuple[str, ...]) -> dict[str, int]:
    return {c: i for i, c in enumerate(columns)}


def parse_node_id(nid: str) -> tuple[str, str]:
    """Split a node id into its label (lower case) and the name or article id.

    >>> parse_node_id("organization:天纳克(北京)汽车减振器有限公司")
    ('organization', '天纳克(北京)汽车减振器有限公司')

    Raises:
        ValueError: If ``nid`` is not a node id.
    """
    prefix, sep, key = nid.partition(_SEP)
    if not sep or prefix not in {label.lower() for label in LABELS}:
        raise ValueError(f"not a newskg node id: {nid!r}")
    return prefix, key


_LABEL_OF_PREFIX = {label.lower(): label for label in LABELS}


def node_label(nid: str) -> str:
    """The Neo4j label of a node id.

    >>> node_label("person:孟景伟"), node_label(article_node_id("4dad497aae83acc0"))
    ('Person', 'Article')

    Raises:
        ValueError: If ``nid`` is not a node id.
    """
    return _LABEL_OF_PREFIX[parse_node_id(nid)[0]]
