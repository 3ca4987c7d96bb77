"""Assemble extractions into one deduplicated networkx MultiDiGraph.

The assembler is fed one :class:`ArticleExtraction` at a time and keeps only
per-entity aggregates and relations, so memory grows with the graph, not
with the corpus text. :meth:`GraphAssembler.finish` resolves names across
the whole corpus (see :mod:`newskg.names.resolve`) and builds the graph in a
sorted order, so the same input always gives byte-identical exports.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from newskg.extract.home import with_home_nodes
from newskg.graph.keys import key_of_edge
from newskg.graph.schema import ARTICLE, ENTITY_LABELS, article_node_id, node_id
from newskg.model import ArticleExtraction, EntityType, Relation, RelationType
from newskg.names.kinds import org_kind
from newskg.names.normalize import normalize_name
from newskg.names.resolve import Targets, resolve_names, short_forms, vote_types

__all__ = [
    "GraphAssembler",
    "article_node",
    "build_graph",
    "clean_attrs",
    "mentioned_edge",
    "merge_reasons",
    "relation_edge",
    "resolve_entities",
]


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
        ex = with_home_nodes(ex)  # "我县" without a known home: one node per source
        self.articles[art.id] = article_node(ex)
        for m in ex.mentions:
            ent = self.entities[(m.name, m.type)]
            ent.mentions += 1
            ent.surfaces.add(normalize_name(m.surface))
            ent.articles[art.id] += 1
            if m.title:
                ent.titles.add(m.title)
        # Visit rules read targets NER missed ("华晟电子" in a list closed by 等企业) and home
        # words ("我县"): they are entities of the article too.
        named = {(m.name, m.type) for m in ex.mentions}
        for rel in ex.relations:
            for ref in (rel.head, rel.tail):
                if ref is not None and (ref.name, ref.type) not in named:
                    named.add((ref.name, ref.type))
                    ent = self.entities[(ref.name, ref.type)]
                    ent.mentions += 1
                    ent.surfaces.add(ref.name)
                    ent.articles[art.id] += 1
        self.relations.extend(ex.relations)
        return True

    def finish(self) -> nx.MultiDiGraph:
        """Resolve names across articles and build the sorted graph. O(N + R) plus resolution."""
        canonical = resolve_entities((name, typ, e.mentions) for (name, typ), e in self.entities.items())

        def nid(name: str) -> str | None:
            hit = canonical.get(name)
            return node_id(ENTITY_LABELS[hit[0]], hit[1]) if hit else None

        nodes: dict[str, dict[str, Any]] = {}
        mentioned: Counter[tuple[str, str]] = Counter()
        for (name, _typ), e in self.entities.items():
            t, canon = canonical[name]
            i = node_id(ENTITY_LABELS[t], canon)
            node = nodes.setdefault(
                i,
                {
                    "label": ENTITY_LABELS[t],
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
            node["merge_reasons"] |= merge_reasons(canon, t, new_aliases)
            node["titles"] |= e.titles
            node["mentions"] += e.mentions
            for aid, n in e.articles.items():
                mentioned[(i, aid)] += n
        edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        for rel in self.relations:
            u = nid(rel.head.name)
            v = article_node_id(rel.article_id) if rel.tail is None else nid(rel.tail.name)
            if u is None or v is None:
                continue
            if rel.type is RelationType.VISITED:
                if u != v:
                    _add_report(edges, u, v, rel, self.articles.get(rel.article_id, {}).get("source", ""))
                continue
            edge = relation_edge(rel, u, v)
            if edge is not None:
                edges[edge[0]] = edge[1]
        for u, v, group in [k for k, d in edges.items() if d["type"] == "VISITED"]:
            d = edges.pop((u, v, group))
            _finish_visit(d)
            edges[(u, v, key_of_edge(u, v, d))] = d
        for (u, aid), n in mentioned.items():
            key, attrs = mentioned_edge(u, aid, n)
            edges[key] = attrs
        g = nx.MultiDiGraph()
        for i in sorted(nodes):
            g.add_node(i, **clean_attrs(nodes[i]))
        for aid in sorted(self.articles):
            g.add_node(article_node_id(aid), **clean_attrs(self.articles[aid]))
        for u, v, k in sorted(edges):
            g.add_edge(u, v, key=k, **clean_attrs(edges[(u, v, k)]))
        return g


def resolve_entities(
    mentions: Iterable[tuple[str, EntityType, int]], targets: Targets | None = None
) -> dict[str, tuple[EntityType, str]]:
    """Each entity name's voted type and canonical name, from (name, type, mention count) rows.

    Args:
        mentions: One row per distinct (name, type), or several to be summed.
        targets: The corpus's unambiguous short-name map when computed elsewhere (the Dask path).

    Complexity: O(N * k) for N distinct names (see :mod:`newskg.graph.resolve`).
    """
    rows = list(mentions)
    types = vote_types(rows)
    counts: Counter[tuple[EntityType, str]] = Counter()
    for name, _, n in rows:
        counts[(types[name], name)] += n
    res = resolve_names(counts.keys(), counts, targets=targets)
    return {name: (t, res.canonical[(t, name)]) for t, name in counts}


def article_node(ex: ArticleExtraction) -> dict[str, Any]:
    """The attributes of an article's node."""
    art = ex.article
    return {
        "label": ARTICLE,
        "name": art.title or art.id,
        "title": art.title,
        "article_id": art.id,
        "date": art.date.isoformat() if art.date else None,
        "source": art.source,
        "section": art.section or None,
        "reporters": sorted(ex.reporters),
        "chars": len(art.text),
    }


def merge_reasons(canon: str, typ: EntityType, aliases: Iterable[str]) -> set[str]:
    """Why each alias was merged into ``canon``: its short-form rule, else normalization or article context."""
    forms = dict(short_forms(canon, typ))
    out: set[str] = set()
    for alias in aliases:
        why = forms.get(alias) or (
            "same name after width/bracket normalization"
            if normalize_name(alias) == canon
            else "resolved in its article's context"
        )
        out.add(f"{alias} -> {canon}: {why}")
    return out


EdgeKey = tuple[str, str, str]


def relation_edge(rel: Relation, u: str, v: str) -> tuple[EdgeKey, dict[str, Any]] | None:
    """The edge of a relation whose ends resolved to nodes ``u`` and ``v``; None for a self-loop."""
    if u == v:
        return None
    if rel.type is RelationType.PARTNERS_WITH and u > v:
        u, v = v, u  # symmetric: one direction per pair
    attrs: dict[str, Any] = {
        "type": rel.type.value,
        "article_id": rel.article_id,
        "evidence": rel.evidence,
        "start": rel.start,
        "end": rel.end,
        "date": rel.date.isoformat() if rel.date else None,
        "date_end": rel.date_end.isoformat() if rel.date_end else None,
        "date_approx": rel.date_approx or None,
        "title": rel.title,
        "verb": rel.verb,
    }
    return (u, v, key_of_edge(u, v, attrs)), attrs


def mentioned_edge(u: str, aid: str, count: int) -> tuple[EdgeKey, dict[str, Any]]:
    """The MENTIONED_IN edge of node ``u`` in article ``aid``."""
    v = article_node_id(aid)
    attrs: dict[str, Any] = {"type": "MENTIONED_IN", "article_id": aid, "count": count}
    return (u, v, key_of_edge(u, v, attrs)), attrs


def _add_report(edges: dict[tuple[str, str, str], dict[str, Any]], u: str, v: str, rel: Relation, source: str) -> None:
    """One visit per visitor, target and day: every article that reports it adds a report.

    GDELT counts an event's articles and sources (NumArticles, NumSources); the
    same visit in the district paper, the city paper and a government site is
    one VISITED edge here with three reports. The key here only groups reports;
    :func:`_finish_visit` gives the edge its fact key.
    """
    day = rel.date.isoformat() if rel.date else ""
    # An undated report cannot be matched to another one: it stays its own visit.
    group = f"VISITED:{day or 'article:' + rel.article_id}"
    d = edges.setdefault((u, v, group), {"type": "VISITED", "date": day or None, "_reports": set()})
    d["_reports"].add((rel.article_id, rel.start, rel.end, rel.evidence, rel.verb or "", source))


def _finish_visit(d: dict[str, Any]) -> None:
    """Scalars from the first report (by article id, offset); one report per article in aligned lists.

    ``article_ids``, ``evidences`` and ``article_sources`` are aligned (entry i
    is article i's first report), so a loader can cut one article's report out
    (see :mod:`newskg.graph.keys`); ``sources``, ``reports`` and ``num_sources``
    are totals over them (:data:`newskg.graph.keys.REPORT_TOTALS`).
    """
    reports = sorted(d.pop("_reports"))
    aid, start, end, evidence, verb, _ = reports[0]
    d.update(article_id=aid, start=start, end=end, evidence=evidence, verb=verb or None)
    first: dict[str, tuple[str, int, int, str, str, str]] = {}
    for r in reports:
        first.setdefault(r[0], r)
    d["article_ids"] = list(first)
    d["evidences"] = [r[3] for r in first.values()]
    d["article_sources"] = [r[5] for r in first.values()]
    d["sources"] = sorted({r[5] for r in reports if r[5]})
    d["reports"] = len(d["article_ids"])
    d["num_sources"] = len(d["sources"])


def clean_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
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
