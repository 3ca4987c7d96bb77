"""Relationship identity: the one key both a graph build and the Neo4j loader compute.

A fact's key depends only on what the fact is, never on the graph it came
from, so two graphs built from overlapping corpora key a shared fact the same
way and a concurrent or repeated load MERGEs it once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

__all__ = ["REPORTS", "REPORT_TOTALS", "fact_key", "key_of_edge"]

# A fact carrying several reports lists its articles here; per-report attributes are aligned lists.
REPORTS = "article_ids"
# What a fact with reports derives from its aligned lists (totals, and the article and evidence of
# its first report by article id): never per-report lists, even when as long as ``article_ids``;
# a loader recomputes them whenever it adds or cuts reports.
REPORT_TOTALS = ("sources", "reports", "num_sources", "article_id", "evidence")


def fact_key(rel_type: str, source: str, target: str, *parts: object) -> str:
    """``TYPE:<12 hex>`` of the type, the endpoint ids and the identifying parts.

    >>> fact_key("VISITED", "person:甲", "organization:乙", "a1", 3, 20)
    'VISITED:d9d8f1aa4063'
    >>> fact_key("VISITED", "person:甲", "organization:乙", "a1", 3, 20) == fact_key(
    ...     "VISITED", "person:甲", "organization:乙", "a1", 3, 21)
    False
    """
    blob = json.dumps([rel_type, source, target, *parts], ensure_ascii=False, default=str)
    return f"{rel_type}:{hashlib.sha1(blob.encode('utf-8')).hexdigest()[:12]}"


def key_of_edge(source: str, target: str, attrs: Mapping[str, Any]) -> str:
    """The key of an edge from its attributes.

    A single-article fact: type + endpoints + article + evidence offsets.
    A fact with several reports (``article_ids``): type + endpoints + day; an
    undated one cannot meet other reports and keeps its single-article key.

    >>> from newskg.graph.schema import article_node_id
    >>> attrs = {"type": "MENTIONED_IN", "article_id": "a1", "count": 2}
    >>> same = fact_key("MENTIONED_IN", "person:甲", article_node_id("a1"), "a1", None, None)
    >>> key_of_edge("person:甲", article_node_id("a1"), attrs) == same
    True
    """
    rel_type = str(attrs.get("type", ""))
    if REPORTS in attrs and attrs.get("date"):
        return fact_key(rel_type, source, target, attrs["date"])
    article = attrs.get("article_id")
    if article is None and isinstance(attrs.get(REPORTS), list) and attrs[REPORTS]:
        article = attrs[REPORTS][0]
    return fact_key(rel_type, source, target, article, attrs.get("start"), attrs.get("end"))
