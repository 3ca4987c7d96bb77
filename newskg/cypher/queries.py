"""Every Cypher statement the product runs, as constants or small builders.

Values always travel as ``$parameters``. Labels and relationship types cannot
be parameters in Cypher, so the builders accept only names from the fixed
sets of :mod:`newskg.graph.schema` and raise on anything else. Statements
only the benchmarks or tests run live with them (``bench/cypher.py``,
``tests/fixtures.py``).
"""

from __future__ import annotations

from newskg.graph.schema import ARTICLE, LABELS, LIST_ATTRS, REL_TYPES

__all__ = [
    "ARTICLE_IDS",
    "CONSTRAINTS",
    "DROP_INDEXES",
    "INDEXES",
    "MARK_LOADED",
    "VISITS",
    "VISITS_BROWSER",
    "merge_nodes",
    "merge_relationships",
]


CONSTRAINTS = tuple(
    f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE" for label in LABELS
)
INDEXES = (
    *(f"CREATE INDEX {label.lower()}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)" for label in LABELS),
    "CREATE INDEX article_date IF NOT EXISTS FOR (n:Article) ON (n.date)",
)
# Indexes of earlier versions that slowed loads down (see below); dropped when found.
DROP_INDEXES = tuple(f"DROP INDEX {t.lower()}_key IF EXISTS" for t in REL_TYPES)
# No index on relationship keys, on purpose: with one, the planner may seek or
# scan it for every row of a relationship MERGE (planned on stale counts), and a
# load turns quadratic; without, MERGE expands between the two bound nodes.


def _check(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r}; expected one of {', '.join(allowed)}")
    return value


def _check_relationship(rel_type: str, source_label: str, target_label: str) -> None:
    _check(rel_type, REL_TYPES, "relationship type")
    _check(source_label, LABELS, "label")
    _check(target_label, LABELS, "label")


def merge_nodes(label: str) -> str:
    """``UNWIND $rows`` upsert of nodes of one label; list properties are unioned."""
    _check(label, LABELS, "label")
    unions = ", ".join(
        f"n.{p} = CASE WHEN row.props.{p} IS NULL THEN n.{p} "
        f"ELSE [x IN coalesce(n.{p}, []) WHERE NOT x IN row.props.{p}] + row.props.{p} END"
        for p in LIST_ATTRS
    )
    return f"UNWIND $rows AS row\nMERGE (n:{label} {{id: row.id}})\nSET n += row.scalars\nSET {unions}"


def merge_relationships(rel_type: str, source_label: str, target_label: str) -> str:
    """``UNWIND $rows`` upsert of relationships keyed by ``key`` between existing nodes."""
    _check_relationship(rel_type, source_label, target_label)
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{source_label} {{id: row.source}})\n"
        f"MATCH (b:{target_label} {{id: row.target}})\n"
        f"MERGE (a)-[r:{rel_type} {{key: row.key}}]->(b)\n"
        "SET r += row.props"
    )


# An article counts as loaded only once all its relationships are in (set last).
ARTICLE_IDS = f"UNWIND $ids AS id MATCH (a:{ARTICLE} {{id: id}}) WHERE a.loaded RETURN a.id AS id"
MARK_LOADED = f"UNWIND $ids AS id MATCH (a:{ARTICLE} {{id: id}}) SET a.loaded = true"
VISITS = """
MATCH (p)-[v:VISITED]->(t)
WHERE ($person IS NULL OR p.name CONTAINS $person OR any(a IN coalesce(p.aliases, []) WHERE a CONTAINS $person))
  AND ($org IS NULL OR t.name CONTAINS $org OR any(a IN coalesce(t.aliases, []) WHERE a CONTAINS $org))
  AND ($since IS NULL OR (v.date IS NOT NULL AND v.date >= $since))
OPTIONAL MATCH (a:Article {id: $article_prefix + v.article_id})
RETURN p.name AS visitor, coalesce(p.titles, []) AS visitor_titles, t.name AS target,
       head(labels(t)) AS target_label, t.kind AS target_kind, v.date AS date,
       coalesce(a.title, '') AS article_title, v.article_id AS article_id, coalesce(v.evidence, '') AS evidence,
       coalesce(v.reports, 1) AS reports, coalesce(v.num_sources, 1) AS num_sources,
       coalesce(v.article_ids, [v.article_id]) AS article_ids, coalesce(v.sources, []) AS sources
ORDER BY coalesce(date, ''), visitor, target, article_id, evidence
""".strip()

# The visits query as users paste it into Neo4j Browser (no parameters to set first).
VISITS_BROWSER = (
    "MATCH (p:Person)-[v:VISITED]->(t) "
    "RETURN p.name AS visitor, p.titles AS titles, t.name AS visited, v.date AS date, v.reports AS reports, "
    "v.sources AS sources, v.evidence AS evidence "
    "ORDER BY date, visitor"
)
