"""Bulk first load with neo4j-admin, then incremental MERGE loads on top (a second real Neo4j server).

The session's test server keeps running; the bulk import goes into a second
server started from the same jars in a temporary home, since an import needs
its database stopped.
"""

from __future__ import annotations

import csv
import socket
from pathlib import Path
from typing import Any

import pytest

from newskg import api
from newskg.cypher.bulk import ARRAY_DELIMITER
from newskg.cypher.loader import Neo4jConfig, connect
from tests.test_neo4j_replace import V1, _graph

pytestmark = pytest.mark.neo4j


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _facts(cfg: Neo4jConfig) -> tuple[int, list[Any]]:
    with connect(cfg) as driver:
        nodes = driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
        rels = driver.execute_query("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, r.key AS k").records
    return int(nodes), sorted((r["a"], r["t"], r["b"], r["k"]) for r in rels)


def test_export_writes_typed_import_headers(tmp_path: Path) -> None:
    files = api.export_neo4j_import(_graph(V1), tmp_path)
    headers = {
        p.name: next(csv.reader(p.read_text(encoding="utf-8").splitlines()))
        for p in (*files.nodes, *files.relationships)
    }
    assert headers["nodes_Person.csv"][:2] == ["id:ID", ":LABEL"]
    assert {"mentions:long", "titles:string[]"} <= set(headers["nodes_Person.csv"])
    assert {"content_hash", "facts:string[]", "chars:long"} <= set(headers["nodes_Article.csv"])
    assert headers["relationships_VISITED.csv"][:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert {"key", "start:long", "end:long", "evidence"} <= set(headers["relationships_VISITED.csv"])
    with (tmp_path / "nodes_Article.csv").open(encoding="utf-8") as fh:
        row = next(csv.DictReader(fh))
    assert all(entry.startswith('["') for entry in row["facts:string[]"].split(ARRAY_DELIMITER))
