"""Bulk first load with neo4j-admin, then incremental MERGE loads on top (a second real Neo4j server).

The session's test server keeps running; the bulk import goes into a second
server started from the same jars in a temporary home, since an import needs
its database stopped.
"""

from __future__ import annotations

import csv
import os
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest

from newskg import api
from newskg.cypher.bulk import ARRAY_DELIMITER, IMPORT_REPORT
from newskg.cypher.loader import Neo4jConfig, connect
from newskg.graph.export import write_json
from tests.database import wipe
from tests.fixtures import ROOT
from tests.test_neo4j_replace import V1, V2, _graph

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
    # Every visit is one fact with reports (main's VISITED): aligned lists plus their totals.
    visited = headers["relationships_VISITED_reports.csv"]
    assert visited[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert {"key", "article_ids:string[]", "evidences:string[]", "article_sources:string[]"} <= set(visited)
    assert {"reports:long", "num_sources:long", "article_id", "evidence"} <= set(visited)
    with (tmp_path / "nodes_Article.csv").open(encoding="utf-8") as fh:
        row = next(csv.DictReader(fh))
    assert all(entry.startswith('["') for entry in row["facts:string[]"].split(ARRAY_DELIMITER))


def test_bulk_import_equals_a_merge_load_and_takes_incremental_loads(neo4j_cfg: Neo4jConfig, tmp_path: Path) -> None:
    first = _graph({k: V1[k] for k in ("a1", "a2")})
    later = _graph(V2)  # a1 edited, a3 new
    wipe(neo4j_cfg)
    api.load(first, neo4j_cfg)
    merged, merged_visits = _facts(neo4j_cfg), api.visits_neo4j(neo4j_cfg)

    home = tmp_path / "home"  # its own config, logs and pid; the jars are shared (NEO4J_JARS, default .neo4j)
    bolt = _free_port()
    env = {
        **os.environ,
        "NEO4J_HOME": str(home),
        "NEO4J_BOLT_PORT": str(bolt),
        "NEO4J_HTTP_PORT": str(_free_port()),
        "NEO4J_DATA": str(tmp_path / "data"),
        "NEO4J_PASSWORD": neo4j_cfg.password,
        "NEO4J_START_TIMEOUT": "900",  # a second server on a busy test machine can take minutes to open Bolt
    }
    write_json(first, tmp_path / "graph.json")
    server = str(ROOT / "neo4j" / "server.sh")
    cwd = tmp_path / "cwd"  # the user's working directory: the import leaves nothing there
    cwd.mkdir()
    try:
        done = subprocess.run(
            [server, "import", str(tmp_path / "graph.json")],
            env=env,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=1500,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "imported" in done.stderr
        assert list(cwd.iterdir()) == [] and not (ROOT / IMPORT_REPORT).exists()
        assert (home / "logs" / IMPORT_REPORT).is_file()  # the admin tool's report, beside the server's logs
        bulk = Neo4jConfig(uri=f"bolt://127.0.0.1:{bolt}", user=neo4j_cfg.user, password=neo4j_cfg.password)
        assert _facts(bulk) == merged
        assert api.visits_neo4j(bulk) == merged_visits
        mentions = "MATCH (p:Person) RETURN p.id AS id, p.mentions AS m ORDER BY id"
        assert api.query(mentions, cfg=bulk) == api.query(mentions, cfg=neo4j_cfg)
        res = api.load(later, bulk)  # incremental MERGE on top of the import
        assert (res.skipped_articles, res.replaced_articles) == (1, 2)
        wipe(neo4j_cfg)
        api.load(later, neo4j_cfg)
        assert _facts(bulk) == _facts(neo4j_cfg)
        assert api.visits_neo4j(bulk) == api.visits_neo4j(neo4j_cfg)
        assert api.query(mentions, cfg=bulk) == api.query(mentions, cfg=neo4j_cfg)
    finally:
        subprocess.run([server, "stop"], env=env, capture_output=True, timeout=120, check=False)
