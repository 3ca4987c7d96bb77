"""Graph assembly as map and reduce steps: the one implementation both builds run.

The single-machine build (:class:`newskg.graph.build.GraphAssembler`) calls
these functions in one process over one partition holding every article;
the cluster build (:mod:`newskg.cluster`) calls the same functions as Dask
tasks over many partitions and does the grouping with Dask dataframes. No
rule of assembly lives anywhere else, so the two builds cannot drift.

1. map, per article (:func:`article_rows`): what one article contributes,
   keyed by names and its article id; nothing depends on other articles.
2. map + reduce (:func:`name_counts`, then summed): mentions per (name, type).
3. reduce (:func:`resolve_ids`): the corpus's name -> node id map (type vote,
   short-name map, alias resolution; see :mod:`newskg.names.resolve`).
4. map, per partition with the id map (:func:`partition_tables`): article
   nodes, each entity node's share, finished single-article edges, and the
   reports of each visit.
5. reduce, per node id (:func:`entity_node`) and per visit (:func:`visit_edge`).
6. order (:func:`node_rank`, :func:`edge_rank`): the one sort order of the exports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from newskg.extract.home import with_home_nodes
from newskg.geo.link import CANDIDATE_CAP, ArticleLinks, PlaceLink
from newskg.graph.keys import key_of_edge
from newskg.graph.schema import (
    ARTICLE,
    ARTICLE_ID_PREFIX,
    EDGE_COLUMNS,
    ENTITY_LABELS,
    NODE_COLUMNS,
    article_node_id,
    node_id,
    node_label,
    ordered,
    parse_node_id,
    place_node_id,
)
from newskg.model import ArticleExtraction, EntityType, Relation, RelationType
from newskg.names.kinds import org_kind
from newskg.names.normalize import normalize_name
from newskg.names.resolve import Targets, resolve_names, short_forms, vote_types

__all__ = [
    "ArticleRows",
    "EdgeKey",
    "EntityPart",
    "EntityRow",
    "PartitionTables",
    "Report",
    "article_node",
    "article_rows",
    "clean_attrs",
    "edge_rank",
    "entity_node",
    "mentioned_edge",
    "merge_reasons",
    "name_counts",
    "node_rank",
    "partition_tables",
    "place_attrs",
    "relation_edge",
    "resolve_entities",
    "resolve_ids",
    "visit_edge",
]

EdgeKey = tuple[str, str, str]
# One report of a visit: (article id, evidence start, end, evidence, verb or "", article source, from
# outside: 1 the visitor came from outside the jurisdiction they hold, 0 from inside, -1 unknown).
Report = tuple[str, int, int, str, str, str, int]
# The link reason of a division no place name of an article was linked to: above a linked place, or
# named only by a title or at the start of an organization's name.
HIERARCHY_REASON = "a division above a linked place, or named in a title or an organization's name"
_TYPE_OF_LABEL = {label: typ for typ, label in ENTITY_LABELS.items()}


@dataclass(frozen=True)
class EntityRow:
    """One entity name of one article: its mentions there, the surfaces and titles it was written with."""

    name: str
    type: EntityType
    mentions: int
    surfaces: frozenset[str]
    titles: frozenset[str]


@dataclass(frozen=True)
class ArticleRows:
    """What one article contributes to the graph, before names are resolved; ``geo`` its places' links."""

    article_id: str
    node: dict[str, Any]
    entities: tuple[EntityRow, ...]
    relations: tuple[Relation, ...]
    geo: ArticleLinks | None = None


@dataclass
class EntityPart:
    """One partition's share of an entity node's attributes.

    A place linked to a division carries the division (``place``) and why it was
    linked (``reasons``); an unlinked one the divisions it could be (``candidates``).
    """

    aliases: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    mentions: int = 0
    place: dict[str, Any] | None = None
    reasons: set[str] = field(default_factory=set)
    candidates: set[str] = field(default_factory=set)
    candidate_count: int = 0


@dataclass
class PartitionTables:
    """A partition's rows after resolution: article nodes, entity shares, finished edges, visit reports.

    ``visits`` is keyed by (visitor node, target node, group): the group is the
    day, or for an undated report its article's node id (it meets no other report).
    """

    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    entities: dict[str, EntityPart] = field(default_factory=dict)
    edges: dict[EdgeKey, dict[str, Any]] = field(default_factory=dict)
    visits: dict[EdgeKey, set[Report]] = field(default_factory=dict)


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


def article_rows(ex: ArticleExtraction, geo: ArticleLinks | None = None) -> ArticleRows:
    """Map step: one article's node, entity names and relations, with its links (see :mod:`newskg.geo`).

    O(mentions + relations).
    """
    ex = with_home_nodes(ex)  # "我县" without a known home: one node per source
    ents: dict[tuple[str, EntityType], tuple[list[int], set[str], set[str]]] = {}
    for m in ex.mentions:
        n, surfaces, titles = ents.setdefault((m.name, m.type), ([0], set(), set()))
        n[0] += 1
        surfaces.add(normalize_name(m.surface))
        if m.title:
            titles.add(m.title)
    # Visit rules read targets NER missed ("华晟电子" in a list closed by 等企业) and home
    # words ("我县"): they are entities of the article too.
    named = set(ents)
    for rel in ex.relations:
        for ref in (rel.head, rel.tail):
            if ref is not None and (ref.name, ref.type) not in named:
                named.add((ref.name, ref.type))
                n, surfaces, _ = ents.setdefault((ref.name, ref.type), ([0], set(), set()))
                n[0] += 1
                surfaces.add(ref.name)
    rows = tuple(
        EntityRow(name, typ, n[0], frozenset(surfaces), frozenset(titles))
        for (name, typ), (n, surfaces, titles) in ents.items()
    )
    return ArticleRows(ex.article.id, article_node(ex), rows, ex.relations, geo)


def name_counts(rows: Iterable[ArticleRows]) -> Counter[tuple[str, EntityType]]:
    """Map step: mentions per (name, type) in a partition; partitions' counts add up. O(entity rows)."""
    out: Counter[tuple[str, EntityType]] = Counter()
    for r in rows:
        for e in r.entities:
            out[(e.name, e.type)] += e.mentions
    return out


def resolve_entities(
    mentions: Iterable[tuple[str, EntityType, int]], targets: Targets | None = None
) -> dict[str, tuple[EntityType, str]]:
    """Each entity name's voted type and canonical name, from (name, type, mention count) rows.

    Args:
        mentions: One row per distinct (name, type), or several to be summed.
        targets: The corpus's unambiguous short-name map when computed elsewhere (the cluster build).

    Complexity: O(N * k) for N distinct names (see :mod:`newskg.names.resolve`).
    """
    rows = list(mentions)
    types = vote_types(rows)
    counts: Counter[tuple[EntityType, str]] = Counter()
    for name, _, n in rows:
        counts[(types[name], name)] += n
    res = resolve_names(counts.keys(), counts, targets=targets)
    return {name: (t, res.canonical[(t, name)]) for t, name in counts}


def resolve_ids(mentions: Iterable[tuple[str, EntityType, int]], targets: Targets | None = None) -> dict[str, str]:
    """Reduce step: the node id of every entity name (see :func:`resolve_entities`). O(N * k)."""
    return {name: node_id(ENTITY_LABELS[t], canon) for name, (t, canon) in resolve_entities(mentions, targets).items()}


def merge_reasons(canon: str, typ: EntityType, aliases: Iterable[str], path: str | None = None) -> set[str]:
    """Why each alias was merged into ``canon``: its short-form rule, else normalization or article context.

    For a place linked to a division (``path``), every alias was linked to that division.
    """
    if path is not None:
        return {f"{alias} -> {canon}: linked to the same division, {path}" for alias in aliases}
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
    attrs: dict[str, Any] = {"type": RelationType.MENTIONED_IN.value, "article_id": aid, "count": count}
    return (u, v, key_of_edge(u, v, attrs)), attrs


def place_attrs(link: PlaceLink) -> dict[str, Any]:
    """The node attributes of a division (see :data:`newskg.graph.schema.NODE_FIELDS`)."""
    return {
        "name": link.name,
        "adcode": link.adcode,
        "level": link.level.value,
        "path": link.key,
        "latitude": link.latitude,
        "longitude": link.longitude,
    }


def _place_edges(t: PartitionTables, rows: ArticleRows, node: Any) -> None:
    """A partition's shares of the divisions an article reaches, and the article's edges read by the geo stage."""
    geo = rows.geo
    if geo is None:
        return
    for d in geo.divisions:
        i = place_node_id(d.path)
        part = t.entities.setdefault(i, EntityPart())
        part.place = place_attrs(d)
        if len(d.path) > 1:
            attrs: dict[str, Any] = {
                "type": RelationType.PART_OF.value,
                "evidence": f"{d.key} ({geo.dataset})",
                "basis": "gazetteer",
            }
            u, v = i, place_node_id(d.path[:-1])
            t.edges[(u, v, key_of_edge(u, v, attrs))] = clean_attrs(attrs)
    for loc in geo.locations:
        u, v = node(loc.organization), place_node_id(loc.place.path)
        if u is None or u == v:
            continue
        attrs = {
            "type": RelationType.LOCATED_IN.value,
            "article_id": geo.article_id,
            "evidence": loc.evidence,
            "start": loc.start,
            "end": loc.end,
            "basis": loc.basis,
        }
        key = (u, v, key_of_edge(u, v, attrs))
        t.edges.setdefault(key, clean_attrs(attrs))  # the text's own LOCATED_IN from that sentence stands
    for p in geo.positions:
        u = node(p.person)
        if (
            u is None
            or p.jurisdiction is None
            or any(
                _holds(rel, p.person, p.written) for rel in rows.relations if rel.type is RelationType.HOLDS_POSITION
            )
        ):
            continue
        v = place_node_id(p.jurisdiction.path)
        attrs = {
            "type": RelationType.HOLDS_POSITION.value,
            "article_id": geo.article_id,
            "evidence": p.evidence,
            "start": p.start,
            "end": p.end,
            "title": p.post,
            **_position_attrs(p),
        }
        t.edges[(u, v, key_of_edge(u, v, attrs))] = clean_attrs(attrs)


def _holds(rel: Relation, person: str, written: str) -> bool:
    """Whether a HOLDS_POSITION relation is the post ``written`` of ``person`` (县委 + 书记 of 县委书记)."""
    return (
        rel.head.name == person
        and rel.tail is not None
        and bool(rel.title)
        and written.endswith(rel.title or "")
        and rel.tail.name in written
    )


def _position_attrs(p: Any) -> dict[str, Any]:
    j = p.jurisdiction
    return {
        "written": p.written,
        "body": p.body.value if p.body else None,
        "unit": p.unit,
        "post": p.post,
        "level": p.level.value,
        "jurisdiction": j.key if j else None,
        "jurisdiction_adcode": j.adcode if j else None,
    }


def partition_tables(rows: Iterable[ArticleRows], ids: Mapping[str, str]) -> PartitionTables:
    """Map step with the id map: a partition's article nodes, entity shares, edges and visit reports.

    An article lies in one partition, so its single-article edges are final
    here; a visit may be reported by articles of several partitions, so its
    reports are grouped by :func:`visit_edge` after all partitions. A place
    name the article's links tie to a division is that division's node, not
    the name's (:func:`newskg.graph.schema.place_node_id`). O(rows).
    """
    t = PartitionTables()
    for r in rows:
        t.articles[article_node_id(r.article_id)] = clean_attrs(r.node)
        resolved = {p.name: p for p in r.geo.places} if r.geo is not None else {}

        def node(name: str, resolved: Mapping[str, Any] = resolved) -> str | None:
            i = ids.get(name)
            res = resolved.get(name)
            if i is not None and res is not None and res.link is not None and node_label(i) == "Place":
                return place_node_id(res.link.path)
            return i

        mentioned: Counter[str] = Counter()
        for e in r.entities:
            i = node(e.name)
            assert i is not None
            res = resolved.get(e.name)
            link = res.link if res is not None and res.link is not None and i == place_node_id(res.link.path) else None
            canon = link.name if link is not None else parse_node_id(i)[1]
            part = t.entities.setdefault(i, EntityPart())
            part.aliases |= (e.surfaces | {e.name}) - {canon}
            part.titles |= e.titles
            part.mentions += e.mentions
            if res is not None and link is not None:
                part.reasons.add(res.reason)
            elif res is not None and res.candidates and node_label(i) == "Place":
                part.candidates |= set(res.candidates)
                part.candidate_count = max(part.candidate_count, res.candidate_count)
            mentioned[i] += e.mentions
        # Places the geo stage found that the model missed: each is its division's node. They take no
        # part in name resolution, so both builds count names alike.
        for name, n in sorted(Counter(m.name for m in r.geo.mentions).items()) if r.geo is not None else ():
            res = resolved.get(name)
            if res is None or res.link is None:
                continue
            i = place_node_id(res.link.path)
            part = t.entities.setdefault(i, EntityPart())
            part.aliases |= {name} - {res.link.name}
            part.mentions += n
            part.reasons.add(res.reason)
            mentioned[i] += n
        outside = {v.relation: int(v.from_outside) for v in r.geo.visits} if r.geo is not None else {}
        positions = {(p.person, p.written): p for p in r.geo.positions} if r.geo is not None else {}
        for n, rel in enumerate(r.relations):
            u = node(rel.head.name)
            v = article_node_id(rel.article_id) if rel.tail is None else node(rel.tail.name)
            if u is None or v is None:
                continue
            if rel.type is RelationType.VISITED:
                if u != v:
                    day = rel.date.isoformat() if rel.date else ""
                    # An undated report cannot be matched to another one: it stays its own visit.
                    group = day or article_node_id(rel.article_id)
                    report = (
                        rel.article_id, rel.start, rel.end, rel.evidence, rel.verb or "", r.node["source"],
                        outside.get(n, -1),
                    )  # fmt: skip
                    t.visits.setdefault((u, v, group), set()).add(report)
                continue
            edge = relation_edge(rel, u, v)
            if edge is not None:
                attrs = edge[1]
                if rel.type is RelationType.HOLDS_POSITION:
                    post = next((p for (who, w), p in positions.items() if _holds(rel, who, w)), None)
                    if post is not None:
                        attrs.update(_position_attrs(post))
                t.edges[edge[0]] = clean_attrs(attrs)
        _place_edges(t, r, node)
        for i, n in mentioned.items():
            key, attrs = mentioned_edge(i, r.article_id, n)
            t.edges[key] = clean_attrs(attrs)
    return t


def entity_node(nid: str, parts: Iterable[EntityPart]) -> dict[str, Any]:
    """Reduce step: an entity node's attributes from every partition's share. O(aliases)."""
    label = node_label(nid)
    typ, canon = _TYPE_OF_LABEL[label], parse_node_id(nid)[1]
    whole = EntityPart()
    for p in parts:
        whole.aliases |= p.aliases
        whole.titles |= p.titles
        whole.mentions += p.mentions
        whole.place = whole.place or p.place
        whole.reasons |= p.reasons
        whole.candidates |= p.candidates
        whole.candidate_count = max(whole.candidate_count, p.candidate_count)
    place: dict[str, Any] = {}
    if whole.place is not None:
        place = {**whole.place, "link_reason": whole.reasons or {HIERARCHY_REASON}}
        canon = place["name"]
    elif whole.candidates:
        place = {
            "candidates": sorted(whole.candidates)[:CANDIDATE_CAP],
            "candidate_count": max(whole.candidate_count, len(whole.candidates)),
        }
    return clean_attrs(
        {
            "label": label,
            "name": canon,
            "kind": org_kind(canon).value if typ is EntityType.ORGANIZATION else None,
            "aliases": whole.aliases,
            "titles": whole.titles,
            "merge_reasons": merge_reasons(canon, typ, whole.aliases, place.get("path")),
            "mentions": whole.mentions,
            **place,
        }
    )


def visit_edge(u: str, v: str, group: str, reports: Iterable[Report]) -> tuple[EdgeKey, dict[str, Any]]:
    """Reduce step: one visit per visitor, target and day, carrying every article that reports it.

    GDELT counts an event's articles and sources (NumArticles, NumSources); the
    same visit in the district paper, the city paper and a government site is
    one VISITED edge here with three reports. Scalars come from the first
    report (by article id, offset); ``article_ids``, ``evidences`` and
    ``article_sources`` are aligned (entry i is article i's first report), so a
    loader can cut one article's report out (see :mod:`newskg.graph.keys`);
    ``sources``, ``reports`` and ``num_sources`` are totals over them
    (:data:`newskg.graph.keys.REPORT_TOTALS`). O(R log R) for R reports.
    """
    reps = sorted(set(reports))
    aid, start, end, evidence, verb, _, _ = reps[0]
    verdicts = {r[6] for r in reps if r[6] >= 0}
    first: dict[str, Report] = {}
    for r in reps:
        first.setdefault(r[0], r)
    sources = sorted({r[5] for r in reps if r[5]})
    d: dict[str, Any] = {
        "type": RelationType.VISITED.value,
        "date": None if group.startswith(ARTICLE_ID_PREFIX) else group,
        "article_id": aid,
        "start": start,
        "end": end,
        "evidence": evidence,
        "verb": verb or None,
        "article_ids": list(first),
        "evidences": [r[3] for r in first.values()],
        "article_sources": [r[5] for r in first.values()],
        "sources": sources,
        "reports": len(first),
        "num_sources": len(sources),
        # Whether the visitor came from outside the jurisdiction they hold (newskg.geo); unset when
        # the reports cannot tell or disagree.
        "from_outside": bool(verdicts.pop()) if len(verdicts) == 1 else None,
    }
    return (u, v, key_of_edge(u, v, d)), clean_attrs(d)


def clean_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    """Drop None values, sort set values and put the attributes in the schema's order, so exports are stable."""
    out = {k: sorted(v) if isinstance(v, set) else v for k, v in attrs.items() if v is not None}
    return ordered(out, EDGE_COLUMNS if "type" in out else NODE_COLUMNS)


def node_rank(nid: str) -> str:
    """The sort key of a node in the exports: entity nodes by id, then article nodes by id.

    >>> ranked = sorted(["person:乙", article_node_id("a"), "organization:甲"], key=node_rank)
    >>> ranked[:2], ranked[2] == article_node_id("a")
    (['organization:甲', 'person:乙'], True)
    """
    return ("1" if nid.startswith(ARTICLE_ID_PREFIX) else "0") + nid


def edge_rank(u: str, v: str, k: str) -> str:
    """The sort key of an edge in the exports: (source, target, key) as one string.

    U+0000 sorts below every character of an id, so the joined string sorts like the tuple.

    >>> edge_rank("a", "b", "k") < edge_rank("ab", "a", "k")
    True
    """
    return f"{u}\x00{v}\x00{k}"
