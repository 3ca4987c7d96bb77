"""What a load writes, worked out from the graph alone (no database).

The MERGE loader and the bulk-import CSV writer share this plan, so an
article's ``content_hash`` and ``facts`` list are the same whichever wrote
it, and an incremental load on top of a bulk import skips what is there.

Facts belong to articles: an edge with ``article_id`` to that article, an
edge with a list ``article_ids`` (one fact, several reports; its other list
attributes of the same length are aligned with it) to each listed article,
and any other edge to no article (written on every load).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from newskg.graph.keys import REPORT_TOTALS, REPORTS, key_of_edge
from newskg.graph.schema import LABELS, REL_TYPES, article_node_id, parse_node_id

__all__ = ["DERIVED", "ArticlePlan", "Fact", "LoadPlan", "plan_load", "report_totals"]

log = logging.getLogger(__name__)

# Node properties the database derives itself; copying them from one graph would make load order matter.
DERIVED = ("mentions",)
# Properties the loader keeps on Article nodes; a graph never sets them.
_LOADER_PROPS = ("content_hash", "facts", "_lock", "loaded")
# Bump when the stored form of facts changes, so every article is rewritten once.
PLAN_VERSION = "3"


@dataclass(frozen=True)
class Fact:
    """One relationship, or one article's share of a relationship with several reports."""

    type: str
    source_label: str
    target_label: str
    source: str
    target: str
    key: str
    props: dict[str, Any]
    reports: dict[str, list[Any]] | None = None  # aligned per-report lists; None: a single-article fact

    @property
    def combo(self) -> tuple[str, str, str]:
        """The (type, source label, target label) that picks the Cypher statement."""
        return (self.type, self.source_label, self.target_label)

    def stored(self) -> str:
        """The entry kept in the Article node's ``facts`` list, enough to find the relationship again."""
        return json.dumps(
            [self.type, self.source_label, self.target_label, self.source, self.target, self.key], ensure_ascii=False
        )


@dataclass
class ArticlePlan:
    """One article: its node id, its facts in this graph and their hash."""

    node_id: str
    facts: list[Fact] = field(default_factory=list)
    content_hash: str = ""


@dataclass
class LoadPlan:
    """Rows for a load: nodes per label, facts per article, facts of no article."""

    nodes: dict[str, dict[str, dict[str, Any]]]  # label -> node id -> row
    articles: dict[str, ArticlePlan]  # article node id -> plan
    free_facts: list[Fact]


def _split(d: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    scalars: dict[str, Any] = {}
    lists: dict[str, Any] = {}
    for k, v in d.items():
        if isinstance(v, list | tuple):
            lists[k] = list(v)
        elif v is not None:
            scalars[k] = v
    return scalars, lists


def node_row(node_id: str, attrs: dict[str, Any]) -> dict[str, Any]:
    """The ``merge_nodes`` row of a node: scalars set, lists unioned; derived counts left out."""
    skip = {"label", *DERIVED, *_LOADER_PROPS}
    scalars, lists = _split({k: v for k, v in attrs.items() if k not in skip})
    return {"id": node_id, "scalars": scalars, "props": lists}


def _decode_reports(d: dict[str, Any]) -> dict[str, Any]:
    """GraphML stores list attributes as JSON strings; turn a report list back into lists."""
    if not isinstance(d.get(REPORTS), str):
        return d
    out = dict(d)
    for k, v in d.items():
        if isinstance(v, str) and v.startswith("["):
            with contextlib.suppress(ValueError):
                out[k] = json.loads(v)
    return out


def _edge_facts(
    u: str, v: str, d: dict[str, Any], labels: tuple[str, str], article_nodes: dict[str, str]
) -> Iterator[tuple[str | None, Fact]]:
    """(article node id or None, fact) pairs of one edge."""
    d = _decode_reports(d)
    typ = str(d.get("type", ""))
    key = key_of_edge(u, v, d)
    ids = d.get(REPORTS)
    if isinstance(ids, list):
        derived = _derived(d)
        aligned = {k: x for k, x in d.items() if isinstance(x, list) and len(x) == len(ids) and k not in derived}
        # Totals are derived where the reports meet (database or import); other lists that are
        # not per-report are kept whole, like scalars.
        props = {k: x for k, x in d.items() if k != "type" and k not in aligned and k not in derived and x is not None}
        by_article: dict[str, list[int]] = defaultdict(list)
        for i, aid in enumerate(ids):
            by_article[str(aid)].append(i)
        for aid, idx in sorted(by_article.items()):
            reports = {k: [x[i] for i in idx] for k, x in sorted(aligned.items())}
            yield article_nodes.get(aid, article_node_id(aid)), Fact(typ, *labels, u, v, key, props, reports)
        return
    props, _ = _split({k: x for k, x in d.items() if k != "type"})
    aid = d.get("article_id")
    art = None if aid is None else article_nodes.get(str(aid), article_node_id(str(aid)))
    yield art, Fact(typ, *labels, u, v, key, props)


def _derived(d: dict[str, Any]) -> set[str]:
    """The :data:`~newskg.graph.keys.REPORT_TOTALS` a fact with reports derives (see :func:`report_totals`).

    ``evidence`` only from ``evidences``, ``sources``/``num_sources`` only from
    ``article_sources``; an attribute given as an aligned list is a report list, not derived.
    """
    n = len(d.get(REPORTS) or [])
    out = set(REPORT_TOTALS)
    if "evidences" not in d:
        out.discard("evidence")
    if "article_sources" not in d:
        out -= {"sources", "num_sources"}
    return {k for k in out if k == "sources" or not (isinstance(d.get(k), list) and len(d[k]) == n)}


def report_totals(reports: dict[str, list[Any]]) -> dict[str, Any]:
    """The :data:`~newskg.graph.keys.REPORT_TOTALS` of a fact's aligned report lists (as the loader's Cypher does).

    >>> report_totals({"article_ids": ["b", "a"], "evidences": ["eb", "ea"], "article_sources": ["X", ""]})
    {'reports': 2, 'article_id': 'a', 'evidence': 'ea', 'sources': ['X'], 'num_sources': 1}
    """
    ids = reports.get(REPORTS) or []
    if not ids:
        return {}
    first = min(range(len(ids)), key=lambda i: ids[i])
    out: dict[str, Any] = {"reports": len(ids), "article_id": ids[first]}
    if "evidences" in reports and first < len(reports["evidences"]):
        out["evidence"] = reports["evidences"][first]
    if "article_sources" in reports:
        out["sources"] = sorted({s for s in reports["article_sources"] if s})
        out["num_sources"] = len(out["sources"])
    return out


def _hash(attrs: dict[str, Any], facts: Iterable[Fact]) -> str:
    body = {
        "version": PLAN_VERSION,
        "node": node_row("", attrs),
        "facts": sorted(
            json.dumps(
                [f.combo, f.source, f.target, f.key, f.props, f.reports],
                sort_keys=True,
                ensure_ascii=False,
                default=str,
            )
            for f in facts
        ),
    }
    blob = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()


def plan_load(g: nx.MultiDiGraph) -> LoadPlan:
    """Group the graph's nodes by label and its facts by article, and hash each article. O(N + E)."""
    labels: dict[str, str] = {}
    nodes: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    article_nodes: dict[str, str] = {}
    for n, d in g.nodes(data=True):
        label = d.get("label")
        if label not in LABELS:
            log.warning("node %s has no known label; skipped", n)
            continue
        labels[n] = str(label)
        nodes[str(label)][n] = node_row(n, d)
        if label == "Article":
            article_nodes[str(d.get("article_id") or parse_node_id(n)[1])] = n
    articles = {n: ArticlePlan(n) for n in article_nodes.values()}
    free: list[Fact] = []
    for u, v, d in g.edges(data=True):
        if u not in labels or v not in labels or d.get("type") not in REL_TYPES:
            log.warning("edge %s -> %s (%s) has an unknown type or endpoint; skipped", u, v, d.get("type"))
            continue
        for art, fact in _edge_facts(u, v, d, (labels[u], labels[v]), article_nodes):
            if art is None:
                free.append(fact)
            elif art in articles:
                articles[art].facts.append(fact)
            else:
                log.warning("fact %s names article %s, which is not in the graph; loaded as a free fact", fact.key, art)
                free.append(fact)
    for a in articles.values():
        a.content_hash = _hash(g.nodes[a.node_id], a.facts)
    return LoadPlan(dict(nodes), articles, free)
