"""Answer "who visited which organization or place" from a built graph, also "in 通州区" and all its parts."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from newskg.graph.schema import article_node_id
from newskg.model import RelationType, Visit

__all__ = ["AmbiguousPlaceError", "find_place", "matches", "places_within", "visits_from_graph"]

# Where a node lies: a place PART_OF a bigger one, an organization LOCATED_IN a place or a park.
_WITHIN = (RelationType.PART_OF.value, RelationType.LOCATED_IN.value)
_OWN_CODE_LEVELS = ("province", "city", "county")  # a town or village carries its county's code


class AmbiguousPlaceError(ValueError):
    """A name that several linked places of the graph have; ``places`` lists them as (adcode, path)."""

    def __init__(self, name: str, places: list[tuple[str, str]]) -> None:
        self.places = places
        listed = "; ".join(f"{code} {path}" for code, path in places)
        super().__init__(
            f"{name} names {len(places)} linked places of this graph: {listed}; give the adcode "
            f"(--in {places[0][0]}) or the path"
        )


def find_place(places: Iterable[tuple[str, Mapping[str, Any]]], text: str) -> str:
    """The linked place (node id) ``text`` names: its adcode, its path, its name or one of its aliases.

    Args:
        places: (node id, attributes) of the graph's nodes (or database rows).
        text: An adcode (``110112``: the county itself, not its towns), a path (``北京市/通州区``) or a name.

    Raises:
        AmbiguousPlaceError: If the name fits several linked places.
        ValueError: If it fits none.
    """
    text = text.strip()
    found: dict[str, tuple[str, str]] = {}
    for n, d in places:
        if d.get("label") != "Place" or not d.get("path"):
            continue
        code = str(d.get("adcode", ""))
        if text.isdigit():
            hit = code == text and d.get("level") in _OWN_CODE_LEVELS
        else:
            hit = text == d.get("path") or text == d.get("name") or text in (d.get("aliases") or ())
        if hit:
            found[n] = (code, str(d.get("path")))
    if not found:
        raise ValueError(f"no place linked to a division is named or coded {text!r} in this graph")
    if len(found) > 1:
        raise AmbiguousPlaceError(text, sorted(found.values()))
    return next(iter(found))


def places_within(g: nx.MultiDiGraph, root: str) -> set[str]:
    """``root`` and every node inside it: places PART_OF it, organizations LOCATED_IN those. O(N + E)."""
    seen = {root}
    queue = deque([root])
    while queue:
        n = queue.popleft()
        for u, _, d in g.in_edges(n, data=True):
            if u not in seen and d.get("type") in _WITHIN:
                seen.add(u)
                queue.append(u)
    return seen


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
    within: str | None = None,
) -> list[Visit]:
    """VISITED edges as table rows (one per visit, with its report count), sorted by date, visitor, target. O(E).

    Args:
        g: A graph built by :func:`newskg.graph.build.build_graph` or read back from a file.
        person: Keep visitors whose name or alias contains this.
        org: Keep targets whose name or alias contains this.
        since: Keep visits dated on or after this day (undated visits are dropped).
        within: Keep visits to targets in this linked place or any of its parts (see :func:`find_place`).

    Raises:
        AmbiguousPlaceError: If ``within`` names several linked places.
        ValueError: If ``within`` names none.
    """
    inside = places_within(g, find_place(g.nodes(data=True), within)) if within else None
    rows: list[Visit] = []
    for u, v, d in g.edges(data=True):
        if d.get("type") != "VISITED" or (inside is not None and v not in inside):
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
                from_outside=d.get("from_outside"),
            )
        )
    rows.sort(key=lambda r: (r.date or "", r.visitor, r.target, r.article_id, r.evidence))
    return rows
