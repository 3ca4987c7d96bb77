"""Assemble extractions into one deduplicated networkx MultiDiGraph.

The assembler is fed one :class:`ArticleExtraction` at a time and keeps only
per-entity aggregates and relations, so memory grows with the graph, not
with the corpus text. :meth:`GraphAssembler.finish` resolves names across
the whole corpus (see :mod:`newskg.graph.resolve`) and builds the graph in a
sorted order, so the same input always gives byte-identical exports.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from newskg.extract.normalize import normalize_name
from newskg.extract.rules import org_kind
from newskg.graph.keys import key_of_edge
from newskg.graph.resolve import resolve_names, short_forms, vote_types
from newskg.model import ArticleExtraction, EntityType, Relation, RelationType

__all__ = ["LABELS", "GraphAssembler", "build_graph", "node_id"]

LABELS = {
    EntityType.PERSON: "Person",
    EntityType.ORGANIZATION: "Organization",
    EntityType.PLACE: "Place",
}


def node_id(label: str, name: str) -> str:
    """Stable, readable node id: ``person:孟景伟``, ``article:<hash>``."""
    return f"{label.lower()}:{name}"


@dataclass
class _Entity:
    mentions: int = 0
    surfaces: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    articles: Counter[str] = field(default_factory=Counter)


class GraphAssembler:
    """Collects extractions and builds the graph once all are in."""

    def __init__(self) -> None:
        self.articles: dict[str, dict[str, Any]] = {}
        self.entities: dict[tuple[str, EntityType], _Entity] = defaultdict(_Entity)
        self.relations: list[Relation] = []

    def add(self, ex: ArticleExtraction) -> bool:
        """Add one article's extraction; returns False if the article was already added. O(mentions)."""
        art = ex.article
        if art.id in self.articles:
            return False
        self.articles[art.id] = {
            "label": "Article",
            "name": art.title or art.id,
            "title": art.title,
            "article_id": art.id,
            "date": art.date.isoformat() if art.date else None,
            "source": art.source,
            "section": art.section or None,
            "reporters": sorted(ex.reporters),
            "chars": len(art.text),
        }
        for m in ex.mentions:
            ent = self.entities[(m.name, m.type)]
            ent.mentions += 1
            ent.surfaces.add(normalize_name(m.surface))
            ent.articles[art.id] += 1
            if m.title:
                ent.titles.add(m.title)
        self.relations.extend(ex.relations)
        return True

    def finish(self) -> nx.MultiDiGraph:
        """Resolve names across articles and build the sorted graph. O(N + R) plus resolution."""
        types = vote_types((name, typ, e.mentions) for (name, typ), e in self.entities.items())
        counts: Counter[tuple[EntityType, str]] = Counter()
        for (name, _), e in self.entities.items():
            counts[(types[name], name)] += e.mentions
        res = resolve_names(counts.keys(), counts)

        def nid(name: str, typ: EntityType) -> str:
            t = types.get(name, typ)
            return node_id(LABELS[t], res.canonical.get((t, name), name))

        nodes: dict[str, dict[str, Any]] = {}
        mentioned: Counter[tuple[str, str]] = Counter()
        for (name, _typ), e in self.entities.items():
            t = types[name]
            canon = res.canonical[(t, name)]
            i = node_id(LABELS[t], canon)
            node = nodes.setdefault(
                i,
                {
                    "label": LABELS[t],
                    "name": canon,
                    "kind": org_kind(canon).value if t is EntityType.ORGANIZATION else None,
                    "aliases": set(),
                    "titles": set(),
                    "merge_reasons": set(),
                    "mentions": 0,
                },
            )
            new_aliases = (e.surfaces | {name}) - {canon}
            node["aliases"] |= new_aliases
            forms = dict(short_forms(canon, t))
            for alias in new_aliases:
                why = forms.get(alias) or (
                    "same name after width/bracket normalization"
                    if normalize_name(alias) == canon
                    else "resolved in its article's context"
                )
                node["merge_reasons"].add(f"{alias} -> {canon}: {why}")
            node["titles"] |= e.titles
            node["mentions"] += e.mentions
            for aid, n in e.articles.items():
                mentioned[(i, aid)] += n
        edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        for rel in self.relations:
            u = nid(rel.head.name, rel.head.type)
            v = node_id("Article", rel.article_id) if rel.tail is None else nid(rel.tail.name, rel.tail.type)
            if u not in nodes or (rel.tail is not None and v not in nodes) or u == v:
                continue
            if rel.type is RelationType.PARTNERS_WITH and u > v:
                u, v = v, u  # symmetric: one direction per pair
            attrs = {
                "type": rel.type.value,
                "article_id": rel.article_id,
                "evidence": rel.evidence,
                "start": rel.start,
                "end": rel.end,
                "date": rel.date.isoformat() if rel.date else None,
                "title": rel.title,
                "verb": rel.verb,
            }
            edges[(u, v, key_of_edge(u, v, attrs))] = attrs
        for (u, aid), n in mentioned.items():
            v = node_id("Article", aid)
            attrs = {"type": "MENTIONED_IN", "article_id": aid, "count": n}
            edges[(u, v, key_of_edge(u, v, attrs))] = attrs
        g = nx.MultiDiGraph()
        for i in sorted(nodes):
            g.add_node(i, **_clean(nodes[i]))
        for aid in sorted(self.articles):
            g.add_node(node_id("Article", aid), **_clean(self.articles[aid]))
        for u, v, k in sorted(edges):
            g.add_edge(u, v, key=k, **_clean(edges[(u, v, k)]))
        return g


def _clean(attrs: dict[str, Any]) -> dict[str, Any]:
    """Drop None values and sort set values, so exports are stable."""
    out: dict[str, Any] = {}
    for k, v in attrs.items():
        if v is None:
            continue
        out[k] = sorted(v) if isinstance(v, set) else v
    return out


def build_graph(extractions: Iterable[ArticleExtraction]) -> nx.MultiDiGraph:
    """Build the deduplicated graph of a set of extractions."""
    asm = GraphAssembler()
    for ex in extractions:
        asm.add(ex)
    return asm.finish()
