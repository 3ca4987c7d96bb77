"""Every Cypher statement of the project, as constants or small builders.

Values always travel as ``$parameters``. Labels and relationship types cannot
be parameters in Cypher, so the builders accept only names from the fixed
sets below and raise on anything else.
"""

from __future__ import annotations

__all__ = [
    "ARTICLE_IDS",
    "CONSTRAINTS",
    "COUNT_NODES",
    "COUNT_RELATIONSHIPS",
    "DELETE_ALL",
    "DROP_INDEXES",
    "ENTITY_LABELS",
    "INDEXES",
    "LABELS",
    "LOAD_CSV_NODES",
    "MARK_LOADED",
    "NEIGHBOURHOOD",
    "REL_TYPES",
    "VISITS",
    "VISITS_BROWSER",
    "load_csv_relationships",
    "merge_nodes",
    "merge_relationships",
]

ENTITY_LABELS = ("Person", "Organization", "Place")
LABELS = (*ENTITY_LABELS, "Article")
REL_TYPES = (
    "VISITED",
    "ACCOMPANIED",
    "HOLDS_POSITION",
    "LOCATED_IN",
    "PART_OF",
    "PARTNERS_WITH",
    "REPORTED",
    "MENTIONED_IN",
)
_LIST_PROPS = ("aliases", "titles", "merge_reasons", "reporters")

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
        for p in _LIST_PROPS
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
ARTICLE_IDS = "UNWIND $ids AS id MATCH (a:Article {id: id}) WHERE a.loaded RETURN a.id AS id"
MARK_LOADED = "UNWIND $ids AS id MATCH (a:Article {id: id}) SET a.loaded = true"
COUNT_NODES = "MATCH (n) RETURN count(n) AS n"
COUNT_RELATIONSHIPS = "MATCH ()-[r]->() RETURN count(r) AS n"
# Empties the database in bounded transactions (tests and benchmarks start clean).
DELETE_ALL = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"

VISITS = """
MATCH (p)-[v:VISITED]->(t)
WHERE ($person IS NULL OR p.name CONTAINS $person OR any(a IN coalesce(p.aliases, []) WHERE a CONTAINS $person))
  AND ($org IS NULL OR t.name CONTAINS $org OR any(a IN coalesce(t.aliases, []) WHERE a CONTAINS $org))
  AND ($since IS NULL OR (v.date IS NOT NULL AND v.date >= $since))
OPTIONAL MATCH (a:Article {id: 'article:' + v.article_id})
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

NEIGHBOURHOOD = """
MATCH (n {name: $name})-[r]-(m)
WHERE type(r) <> 'MENTIONED_IN'
RETURN n.name AS entity, type(r) AS relation, m.name AS other, head(labels(m)) AS other_label,
       r.date AS date, r.evidence AS evidence
ORDER BY relation, other
LIMIT $limit
""".strip()

LOAD_CSV_NODES = {
    label: (
        "LOAD CSV WITH HEADERS FROM $url AS row\n"
        "WITH row WHERE row.label = $label\n"
        "CALL (row) {\n"
        f"  CREATE (n:{label}) SET n.id = row.id, n.name = row.name, n.kind = row.kind\n"
        "} IN TRANSACTIONS OF 10000 ROWS"
    )
    for label in LABELS
}


def load_csv_relationships(rel_type: str, source_label: str, target_label: str) -> str:
    """``LOAD CSV`` of one relationship type from the project's ``edges.csv`` (benchmark baseline).

    The baseline is the classic bulk import into an empty database, so it
    CREATEs instead of MERGEing: no duplicate check, the fastest LOAD CSV form.
    """
    _check_relationship(rel_type, source_label, target_label)
    return (
        "LOAD CSV WITH HEADERS FROM $url AS row\n"
        "WITH row WHERE row.type = $type AND row.source STARTS WITH $source_prefix"
        " AND row.target STARTS WITH $target_prefix\n"
        "CALL (row) {\n"
        f"  MATCH (a:{source_label} {{id: row.source}}) MATCH (b:{target_label} {{id: row.target}})\n"
        f"  CREATE (a)-[r:{rel_type}]->(b) SET r.key = row.key, r.evidence = row.evidence\n"
        "} IN TRANSACTIONS OF 10000 ROWS"
    )
