"""Assemble extractions into one deduplicated networkx MultiDiGraph, in one process.

The assembler is fed one :class:`ArticleExtraction` at a time and keeps only
what each article contributes (:func:`newskg.graph.assemble.article_rows`),
so memory grows with the graph, not with the corpus text.
:meth:`GraphAssembler.finish` runs the map and reduce steps of
:mod:`newskg.graph.assemble` over all of it as one partition: the same
functions the cluster build runs as Dask tasks. Nodes and edges are added in
the exports' sort order, so the same input always gives byte-identical exports.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from newskg.geo.link import Linker
from newskg.graph.assemble import (
    ArticleRows,
    article_rows,
    edge_rank,
    entity_node,
    name_counts,
    node_rank,
    partition_tables,
    resolve_ids,
    visit_edge,
)
from newskg.model import ArticleExtraction

__all__ = ["GraphAssembler", "build_graph", "graph_from_rows"]


class GraphAssembler:
    """Collects extractions and builds the graph once all are in.

    ``articles`` maps each added article id to what it contributes. Each
    article's places are linked to divisions as it is added (:mod:`newskg.geo`),
    here, in the assembling process: the gazetteer is read once, at the first
    article, never in the extraction workers.

    Args:
        link: Link places to divisions (False: places stay names, as before linking).
    """

    def __init__(self, link: bool = True) -> None:
        self.articles: dict[str, ArticleRows] = {}
        self.link = link
        self._linker: Linker | None = None

    def add(self, ex: ArticleExtraction) -> bool:
        """Add one article's extraction; returns False if the article was already added. O(mentions)."""
        if ex.article.id in self.articles:
            return False
        geo = None
        if self.link:
            if self._linker is None:
                self._linker = Linker()
            geo = self._linker.link(ex)
        self.articles[ex.article.id] = article_rows(ex, geo)
        return True

    def finish(self) -> nx.MultiDiGraph:
        """Resolve names across articles and build the sorted graph. O(N + R) plus resolution."""
        rows = list(self.articles.values())
        ids = resolve_ids((name, typ, n) for (name, typ), n in name_counts(rows).items())
        t = partition_tables(rows, ids)
        nodes = {i: entity_node(i, [part]) for i, part in t.entities.items()}
        nodes.update(t.articles)
        edges = dict(t.edges)
        for (u, v, group), reports in t.visits.items():
            key, attrs = visit_edge(u, v, group, reports)
            edges[key] = attrs
        return graph_from_rows(
            ((i, nodes[i]) for i in sorted(nodes, key=node_rank)),
            ((*k, edges[k]) for k in sorted(edges, key=lambda k: edge_rank(*k))),
        )


def graph_from_rows(
    nodes: Iterable[tuple[str, dict[str, Any]]], edges: Iterable[tuple[str, str, str, dict[str, Any]]]
) -> nx.MultiDiGraph:
    """The graph of node rows (id, attributes) and edge rows (source, target, key, attributes), in their order.

    Attributes are taken as given (see :func:`newskg.graph.assemble.clean_attrs`). O(N + E).
    """
    g = nx.MultiDiGraph()
    for i, attrs in nodes:
        g.add_node(i, **{k: v for k, v in attrs.items() if v is not None})
    for u, v, k, attrs in edges:
        g.add_edge(u, v, key=k, **{a: b for a, b in attrs.items() if b is not None})
    return g


def build_graph(extractions: Iterable[ArticleExtraction], link: bool = True) -> nx.MultiDiGraph:
    """Build the deduplicated graph of a set of extractions (places linked to divisions unless ``link`` is False)."""
    asm = GraphAssembler(link)
    for ex in extractions:
        asm.add(ex)
    return asm.finish()
