"""Answer "who visited which organization or place" from a built graph."""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from newskg.graph.schema import article_node_id
from newskg.model import Visit

__all__ = ["matches", "visits_from_graph"]


def matches(node: dict[str, Any], needle: str | None) -> bool:
    """Whether a node's name or one of its aliases contains ``needle``."""
    if not needle:
        return True
    return any(needle in n for n in [node.get("name", ""), *node.get("aliases", [])])


def visits_from_graph(
    g: nx.MultiDiGraph,
    person: str | None = None,
    org: str | None = None,
    since: dt.date | None = None,
) -> list[Visit]:
    """VISITED edges as table rows (one per visit, with its report count), sorted by date, visitor, target. O(E).

    Args:
        g: A graph built by :func:`newskg.graph.build.build_graph` or read back from a file.
        person: Keep visitors whose name or alias contains this.
        org: Keep targets whose name or alias contains this.
        since: Keep visits dated on or after this day (undated visits are dropped).
    """
    rows: list[Visit] = []
    for u, v, d in g.edges(data=True):
        if d.get("type") != "VISITED":
            continue
        head, tail = g.nodes[u], g.nodes[v]
        if not (matches(head, person) and matches(tail, org)):
            continue
        when = d.get("date")
        if since and (not when or dt.date.fromisoformat(when) < since):
            continue
        art = g.nodes.get(article_node_id(str(d.get("article_id"))), {})
        rows.append(
            Visit(
                visitor=head.get("name", u),
                visitor_titles=tuple(head.get("titles", ())),
                target=tail.get("name", v),
                target_label=tail.get("label", ""),
                target_kind=tail.get("kind"),
                date=when,
                article_title=art.get("title", ""),
                article_id=d.get("article_id", ""),
                evidence=d.get("evidence", ""),
                reports=d.get("reports", 1),
                num_sources=d.get("num_sources", 1),
                article_ids=tuple(d.get("article_ids", (d.get("article_id", ""),))),
                sources=tuple(d.get("sources", ())),
            )
        )
    rows.sort(key=lambda r: (r.date or "", r.visitor, r.target, r.article_id, r.evidence))
    return rows
