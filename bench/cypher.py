"""Cypher that only the benchmarks run: emptying the database and the LOAD CSV baseline."""

from __future__ import annotations

from newskg.graph.schema import LABELS, REL_TYPES

__all__ = ["DELETE_ALL", "LOAD_CSV_NODES", "load_csv_relationships"]

# Empties the database in bounded transactions (each benchmark starts clean).
DELETE_ALL = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"

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

    Raises:
        ValueError: For a relationship type or label outside the schema.
    """
    if rel_type not in REL_TYPES or source_label not in LABELS or target_label not in LABELS:
        raise ValueError(f"not in the schema: {rel_type} {source_label} -> {target_label}")
    return (
        "LOAD CSV WITH HEADERS FROM $url AS row\n"
        "WITH row WHERE row.type = $type AND row.source STARTS WITH $source_prefix"
        " AND row.target STARTS WITH $target_prefix\n"
        "CALL (row) {\n"
        f"  MATCH (a:{source_label} {{id: row.source}}) MATCH (b:{target_label} {{id: row.target}})\n"
        f"  CREATE (a)-[r:{rel_type}]->(b) SET r.key = row.key, r.evidence = row.evidence\n"
        "} IN TRANSACTIONS OF 10000 ROWS"
    )
