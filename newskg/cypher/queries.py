"""Every Cypher statement the product runs, as constants or small builders.

Values always travel as ``$parameters``. Labels and relationship types cannot
be parameters in Cypher, so the builders accept only names from the fixed
sets of :mod:`newskg.graph.schema` and raise on anything else. Statements
only the benchmarks or tests run live with them (``bench/cypher.py``,
``tests/fixtures.py``).
"""

from __future__ import annotations

from newskg.graph.schema import ARTICLE, ENTITY_LABELS, LABELS, LIST_ATTRS, REL_TYPES
from newskg.model import EntityType

PLACE = ENTITY_LABELS[EntityType.PLACE]

__all__ = [
    "ARTICLE_HASHES",
    "ARTICLE_IDS",
    "CONSTRAINTS",
    "CUT_LABEL",
    "DELETE_ARTICLES",
    "DROP_INDEXES",
    "FIND_QUERY",
    "FINISH_ARTICLES",
    "INDEXES",
    "LOCK_ARTICLES",
    "PLACES_NAMED",
    "QUERY_MARK",
    "SCHEMA",
    "SWEEP_CUT",
    "TERMINATE",
    "UNLOCK_ARTICLES",
    "VISITS",
    "VISITS_BROWSER",
    "VISITS_FROM_OUTSIDE",
    "VISITS_IN_PLACE",
    "VISITS_PER_COUNTY_LEVEL",
    "create_relationships",
    "delete_facts",
    "merge_nodes",
    "merge_relationships",
    "merge_reports",
]


CONSTRAINTS = tuple(
    f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE" for label in LABELS
)
INDEXES = (
    *(f"CREATE INDEX {label.lower()}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)" for label in LABELS),
    "CREATE INDEX article_date IF NOT EXISTS FOR (n:Article) ON (n.date)",
    # Places linked to a division: found by code, and by where they are (Neo4j's point index).
    f"CREATE INDEX place_adcode IF NOT EXISTS FOR (n:{PLACE}) ON (n.adcode)",
    f"CREATE POINT INDEX place_location IF NOT EXISTS FOR (n:{PLACE}) ON (n.location)",
)
# Indexes of earlier versions that slowed loads down (see below); dropped when found.
DROP_INDEXES = tuple(f"DROP INDEX {t.lower()}_key IF EXISTS" for t in REL_TYPES)
# Run one statement per transaction: two loaders starting on a fresh database race here.
SCHEMA = (*DROP_INDEXES, *CONSTRAINTS, *INDEXES)
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


def merge_nodes(label: str, *, replace: bool = False) -> str:
    """``UNWIND $rows`` upsert of nodes of one label; list properties of an existing node are unioned.

    With ``replace`` (a pruning load, whose graph is the whole truth) the row's properties replace the
    stored ones; what the database derives or the loader keeps (``mentions``, ``content_hash``,
    ``facts``) stays.
    """
    _check(label, LABELS, "label")
    # A place's location is derived from its coordinates, so every write of a place derives it again.
    location = "\n" + PLACE_LOCATION if label == PLACE else ""
    if replace:
        kept = ("mentions", "content_hash", "facts")
        return (
            f"UNWIND $rows AS row\nMERGE (n:{label} {{id: row.id}})\n"
            f"WITH n, row, {', '.join(f'n.{k} AS {k}' for k in kept)}\n"
            f"SET n = row.scalars, n += row.props, n.id = row.id, {', '.join(f'n.{k} = {k}' for k in kept)}" + location
        )
    unions = ", ".join(
        f"n.{p} = CASE WHEN row.props.{p} IS NULL THEN n.{p} "
        f"ELSE [x IN coalesce(n.{p}, []) WHERE NOT x IN row.props.{p}] + row.props.{p} END"
        for p in LIST_ATTRS
    )
    stmt = (
        f"UNWIND $rows AS row\nMERGE (n:{label} {{id: row.id}})\n"
        # A new node takes its lists as they are: no union to compute (most nodes of a first load).
        "ON CREATE SET n += row.scalars, n += row.props\n"
        f"ON MATCH SET n += row.scalars, {unions}"
    )
    return stmt + location


# A linked place's coordinates as a WGS-84 point, for Neo4j's spatial functions and the point index.
PLACE_LOCATION = (
    "SET n.location = CASE WHEN n.latitude IS NULL OR n.longitude IS NULL THEN NULL "
    "ELSE point({latitude: n.latitude, longitude: n.longitude}) END"
)


def merge_relationships(rel_type: str, source_label: str, target_label: str) -> str:
    """``UNWIND $rows`` upsert of facts, MERGEd on their ``key`` alone between existing nodes.

    Returns the number of rows written, so a row whose endpoint vanished is noticed.
    A MENTIONED_IN count is also added to its entity's ``mentions`` (minus the count it replaces).
    """
    _check_relationship(rel_type, source_label, target_label)
    head = (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{source_label} {{id: row.source}})\n"
        f"MATCH (b:{target_label} {{id: row.target}})\n"
        f"MERGE (a)-[r:{rel_type} {{key: row.key}}]->(b)\n"
    )
    if rel_type == "MENTIONED_IN":
        head += (
            "WITH a, r, row, coalesce(r.count, 0) AS before\n"
            "SET a.mentions = coalesce(a.mentions, 0) - before + coalesce(row.props.count, 1)\n"
        )
    return head + "SET r += row.props\nRETURN count(*) AS n"


def create_relationships(rel_type: str, source_label: str, target_label: str) -> str:
    """``UNWIND $rows`` CREATE of articles' facts, for the loader that holds the articles' locks.

    Only the transaction holding an Article's lock writes that article's
    facts, and it deletes the old ones first, so no relationship with these
    keys can exist: CREATE gives the same result as MERGE on the key, without
    the search. A row is one start node with its facts (``{source, facts:
    [{target, key, props}], mentions}``), so each start node is found and
    written once per batch; for MENTIONED_IN, ``mentions`` (the facts' counts)
    is added to its ``mentions``. Returns the number of facts written.
    """
    _check_relationship(rel_type, source_label, target_label)
    mentions = "SET a.mentions = coalesce(a.mentions, 0) + row.mentions\n"
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{source_label} {{id: row.source}})\n"
        + (mentions if rel_type == "MENTIONED_IN" else "")
        + "WITH a, row UNWIND row.facts AS f\n"
        f"MATCH (b:{target_label} {{id: f.target}})\n"
        f"CREATE (a)-[r:{rel_type}]->(b)\n"
        "SET r = f.props, r.key = f.key\n"
        "RETURN count(*) AS n"
    )


def merge_reports(rel_type: str, source_label: str, target_label: str) -> str:
    """``UNWIND $rows`` upsert of facts with several reports: aligned lists, one entry per report.

    Each row carries the reports of some articles (``row.reports``, lists
    aligned with ``row.reports.article_ids``) and their totals (``row.totals``,
    see :func:`newskg.cypher.plan.report_totals`); on an existing fact the
    entries those articles had before are cut out first and the totals are
    recomputed from the lists, so writing the same reports twice changes nothing.
    """
    _check_relationship(rel_type, source_label, target_label)
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{source_label} {{id: row.source}})\n"
        f"MATCH (b:{target_label} {{id: row.target}})\n"
        f"MERGE (a)-[r:{rel_type} {{key: row.key}}]->(b)\n"
        # A new fact takes the rows' lists and totals as they are (decided under MERGE's lock).
        "ON CREATE SET r += row.props, r += row.reports, r += row.totals, r._new = true\n"
        "WITH r, row\n"
        "CALL (r, row) {\n"
        "  WITH r, row WHERE r._new IS NULL\n"
        "  SET r += row.props\n"
        "  WITH r, row, coalesce(r.article_ids, []) AS ids\n"
        "  WITH r, row, [i IN range(0, size(ids) - 1) WHERE NOT ids[i] IN row.reports.article_ids] AS keep\n"
        "  FOREACH (k IN keys(row.reports) |\n"
        "    SET r[k] = CASE WHEN r[k] IS NULL THEN [] ELSE [i IN keep | r[k][i]] END + row.reports[k])\n"
        "  WITH r\n" + _REPORT_TOTALS + "}\n"
        "REMOVE r._new\n"
        "RETURN count(*) AS n"
    )


def delete_facts(rel_type: str, source_label: str, target_label: str) -> str:
    """Remove some articles' facts: a single-article fact goes; a fact with several reports loses those reports.

    A row is ``{source, target, key, articles}``; a relationship left with no
    report is deleted, and its entity endpoints get :data:`CUT_LABEL` in the
    same transaction, so :data:`SWEEP_CUT` finds them even after a crash.
    Rows are one per relationship (Cypher reads all rows before it writes, so
    two rows cutting the same list would undo each other).
    """
    _check_relationship(rel_type, source_label, target_label)
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (:{source_label} {{id: row.source}})-[r:{rel_type} {{key: row.key}}]->"
        f"(:{target_label} {{id: row.target}})\n"
        "WITH r, row, r.article_ids AS ids\n"
        "WITH r, CASE WHEN ids IS NULL THEN []\n"
        "  ELSE [i IN range(0, size(ids) - 1) WHERE NOT ids[i] IN row.articles] END AS keep,\n"
        "  CASE WHEN ids IS NULL THEN []\n"
        "  ELSE [k IN keys(r) WHERE r[k] IS :: LIST<ANY> AND size(r[k]) = size(ids)] END AS aligned\n"
        "FOREACH (k IN aligned | SET r[k] = [i IN keep | r[k][i]])\n"
        "WITH r, keep\n"
        + _REPORT_TOTALS
        + "WITH r, keep WHERE size(keep) = 0\n"
        + (
            "WITH r, startNode(r) AS a SET a.mentions = a.mentions - coalesce(r.count, 1)\n"
            if rel_type == "MENTIONED_IN"
            else ""
        )
        + _mark_cut("startNode(r)", source_label)
        + _mark_cut("endNode(r)", target_label)
        + "DELETE r"
    )


# Entity nodes that lost a fact carry this label until a load's last step (SWEEP_CUT) has looked at them.
CUT_LABEL = "NewskgCut"


def _mark_cut(node: str, label: str) -> str:
    return f"WITH r CALL (r) {{ WITH {node} AS x SET x:{CUT_LABEL} }}\n" if label in ENTITY_LABELS.values() else ""


# The last step of every load: each marked node loses its mark and, if nothing references it any more, goes
# (plain DELETE: never a detach). The mark is removed first, which takes the node's write lock, so a
# loader cutting its last fact at the same time either finishes first (then the node goes here) or
# marks it again after. Run until it returns 0 rows; ``$batch`` marks per transaction.
SWEEP_CUT = (
    f"MATCH (n:{CUT_LABEL}) WITH n LIMIT $batch\n"
    f"REMOVE n:{CUT_LABEL}\n"
    "WITH n, NOT (n)--() AS orphan\n"
    "CALL (n, orphan) { WITH n WHERE orphan DELETE n }\n"
    "RETURN count(*) AS marks, sum(CASE WHEN orphan THEN 1 ELSE 0 END) AS deleted"
)


# Totals over a fact's reports (newskg.graph.keys.REPORT_TOTALS) and its first report's article and
# evidence, recomputed from the aligned lists whenever reports are added or cut, so they never go stale.
_REPORT_TOTALS = (
    "CALL (r) {\n"
    "  WITH r WHERE size(coalesce(r.article_ids, [])) > 0\n"
    "  WITH r, reduce(m = 0, i IN range(0, size(r.article_ids) - 1) |\n"
    "    CASE WHEN r.article_ids[i] < r.article_ids[m] THEN i ELSE m END) AS first\n"
    "  SET r.reports = size(r.article_ids), r.article_id = r.article_ids[first],\n"
    "      r.evidence = CASE WHEN r.evidences IS NULL THEN r.evidence ELSE r.evidences[first] END\n"
    "  SET r.sources = CASE WHEN r.article_sources IS NULL THEN r.sources\n"
    "      ELSE COLLECT { UNWIND r.article_sources AS s WITH DISTINCT s WHERE s <> '' RETURN s ORDER BY s } END\n"
    "  SET r.num_sources = CASE WHEN r.article_sources IS NULL THEN r.num_sources ELSE size(r.sources) END\n"
    "}\n"
)


# Per-article replacement. ``_lock`` is the documented write-lock idiom: setting a
# property takes the node's write lock until commit, so two loaders replacing the
# same article queue up; FINISH_ARTICLES removes it in the same transaction.
ARTICLE_HASHES = f"UNWIND $ids AS id MATCH (a:{ARTICLE} {{id: id}}) RETURN a.id AS id, a.content_hash AS hash"
LOCK_ARTICLES = (
    f"UNWIND $ids AS id MATCH (a:{ARTICLE} {{id: id}}) SET a._lock = true "
    "RETURN a.id AS id, a.content_hash AS hash, coalesce(a.facts, []) AS facts"
)
FINISH_ARTICLES = (
    f"UNWIND $rows AS row MATCH (a:{ARTICLE} {{id: row.id}}) "
    "SET a.content_hash = row.hash, a.facts = row.facts REMOVE a._lock, a.loaded"  # ``loaded``: earlier versions
)
UNLOCK_ARTICLES = f"UNWIND $ids AS id MATCH (a:{ARTICLE} {{id: id}}) REMOVE a._lock"
# Pruning (``load --prune``): this project's articles in the database, and deleting some (their facts are
# deleted first, by delete_facts; an entity still linked to one is marked, as a cut fact's would be).
ARTICLE_IDS = f"MATCH (a:{ARTICLE}) WHERE a.id STARTS WITH $prefix RETURN a.id AS id"
DELETE_ARTICLES = (
    f"UNWIND $ids AS id MATCH (a:{ARTICLE} {{id: id}})\n"
    f"CALL (a) {{ MATCH (a)--(x) WHERE NOT x:{ARTICLE} SET x:{CUT_LABEL} }}\n"
    "DETACH DELETE a\n"
    "RETURN count(*) AS n"
)
VISITS = """
MATCH (p)-[v:VISITED]->(t)
WHERE ($person IS NULL OR p.name CONTAINS $person OR any(a IN coalesce(p.aliases, []) WHERE a CONTAINS $person))
  AND ($org IS NULL OR t.name CONTAINS $org OR any(a IN coalesce(t.aliases, []) WHERE a CONTAINS $org))
  AND ($since IS NULL OR (v.date IS NOT NULL AND v.date >= $since))
  AND ($within IS NULL OR EXISTS { MATCH (t)-[:LOCATED_IN|PART_OF*0..8]->(:Place {id: $within}) })
OPTIONAL MATCH (a:Article {id: $article_prefix + v.article_id})
RETURN p.name AS visitor, coalesce(p.titles, []) AS visitor_titles, t.name AS target,
       head(labels(t)) AS target_label, t.kind AS target_kind, v.date AS date,
       coalesce(a.title, '') AS article_title, v.article_id AS article_id, coalesce(v.evidence, '') AS evidence,
       coalesce(v.reports, 1) AS reports, coalesce(v.num_sources, 1) AS num_sources,
       coalesce(v.article_ids, [v.article_id]) AS article_ids, coalesce(v.sources, []) AS sources,
       v.from_outside AS from_outside
ORDER BY coalesce(date, ''), visitor, target, article_id, evidence
""".strip()

# The visits query as users paste it into Neo4j Browser (no parameters to set first).
VISITS_BROWSER = (
    "MATCH (p:Person)-[v:VISITED]->(t) "
    "RETURN p.name AS visitor, p.titles AS titles, t.name AS visited, v.date AS date, v.reports AS reports, "
    "v.sources AS sources, v.evidence AS evidence "
    "ORDER BY date, visitor"
)

# Cancelling a user query on the server (``newskg query`` and Ctrl-C): its transaction carries the
# metadata ``{newskg_query: token}``; another connection finds it by that and terminates it.
QUERY_MARK = "newskg_query"
FIND_QUERY = (
    f"SHOW TRANSACTIONS YIELD transactionId, metaData WHERE metaData.{QUERY_MARK} = $token RETURN transactionId"
)
TERMINATE = "TERMINATE TRANSACTIONS $ids"
# Linked places a name, path or adcode (of a province, city or county) may mean; rows for
# newskg.graph.visits.find_place, which says when a name fits several.
PLACES_NAMED = f"""
MATCH (p:{PLACE})
WHERE p.path IS NOT NULL
  AND ((p.adcode = $text AND p.level IN ['province', 'city', 'county'])
       OR p.path = $text OR p.name = $text OR $text IN coalesce(p.aliases, []))
RETURN p.id AS id, '{PLACE}' AS label, p.name AS name, p.adcode AS adcode, p.level AS level, p.path AS path,
       coalesce(p.aliases, []) AS aliases
ORDER BY p.path
""".strip()

# Canned queries for Neo4j Browser (README, "Places"). Each takes one parameter or none; in Browser
# set it first, e.g. ``:param place => '通州区'``.

# Visits to organizations in a place and in all its parts (towns, villages, parks): the place by
# name, path or adcode (a name that fits two linked places lists both).
VISITS_IN_PLACE = f"""
MATCH (root:{PLACE})
WHERE root.path IS NOT NULL
  AND ((root.adcode = $place AND root.level IN ['province', 'city', 'county']) OR root.path = $place
       OR root.name = $place)
MATCH (t:Organization)-[:LOCATED_IN|PART_OF*1..8]->(root)
WITH DISTINCT root, t
MATCH (p)-[v:VISITED]->(t)
RETURN root.path AS place, p.name AS visitor, t.name AS visited, t.kind AS kind, v.date AS date,
       v.evidence AS evidence
ORDER BY place, date, visitor, visited
""".strip()

# Visits by officials from outside the jurisdiction they hold (``from_outside`` on VISITED, read
# from the titles of the visit's own articles), with that jurisdiction.
VISITS_FROM_OUTSIDE = """
MATCH (p)-[v:VISITED]->(t)
WHERE v.from_outside = true
OPTIONAL MATCH (p)-[h:HOLDS_POSITION]->()
WHERE h.jurisdiction IS NOT NULL AND h.article_id IN coalesce(v.article_ids, [v.article_id])
RETURN p.name AS visitor, collect(DISTINCT h.written) AS posts, collect(DISTINCT h.jurisdiction) AS jurisdictions,
       t.name AS visited, v.date AS date, v.evidence AS evidence
ORDER BY date, visitor, visited
""".strip()

# Visits per county and per level of the visitor (the highest level among the posts their titles
# hold in the visit's articles): "how many visits did provincial leaders pay to each county".
VISITS_PER_COUNTY_LEVEL = f"""
MATCH (p:Person)-[v:VISITED]->(t)
MATCH (t)-[:LOCATED_IN|PART_OF*0..8]->(c:{PLACE} {{level: 'county'}})
MATCH (p)-[h:HOLDS_POSITION]->()
WHERE h.level IS NOT NULL AND h.article_id IN coalesce(v.article_ids, [v.article_id])
WITH c, v, collect(DISTINCT h.level) AS levels
WITH c, v, CASE WHEN 'province' IN levels THEN 'province' WHEN 'city' IN levels THEN 'city'
                WHEN 'county' IN levels THEN 'county' ELSE 'town' END AS level
RETURN c.path AS county, c.adcode AS adcode, level, count(DISTINCT v) AS visits
ORDER BY county, level
""".strip()
