"""``newskg query``: streamed rows under a shown limit, read-only, and one-line errors (real Neo4j)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from newskg import api
from newskg.cli import QUERY_LIMIT, app
from newskg.cypher.loader import Neo4jConfig, connect
from tests.database import query_cli
from tests.fixtures import COUNT_NODES

pytestmark = pytest.mark.neo4j
runner = CliRunner()


def test_rows_stream_under_a_default_limit_that_can_be_raised(neo4j_cfg: Neo4jConfig) -> None:
    # Five million rows: only what is printed is ever fetched.
    code, stdout, stderr = query_cli(neo4j_cfg, "UNWIND range(1, 5000000) AS i RETURN i", "--json")
    assert code == 0, stderr
    assert stdout.splitlines()[:2] == ['{"i": 1}', '{"i": 2}'] and len(stdout.splitlines()) == QUERY_LIMIT
    assert f"limit {QUERY_LIMIT} reached" in stderr and "--limit" in stderr
    code, stdout, _ = query_cli(neo4j_cfg, "UNWIND range(1, 2500) AS i RETURN i AS n, 'x' AS s", "--limit", "0")
    assert code == 0 and "2500 rows" in stdout and "limit" not in stdout.splitlines()[-1]
    code, stdout, _ = query_cli(neo4j_cfg, "UNWIND range(1, 10) AS i RETURN i", "--limit", "3")
    assert code == 0 and "3 rows (limit 3 reached" in stdout
    with api.query_rows("UNWIND range(1, 5000000) AS i RETURN i", cfg=neo4j_cfg) as rows:
        assert [next(rows) for _ in range(3)] == [{"i": 1}, {"i": 2}, {"i": 3}]


@pytest.mark.parametrize(
    "cypher",
    [
        "SHOW TRANSACTIONS",
        "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
        "CREATE (n:Person {id: 'x'}) RETURN n",
        "MATCH (n) DETACH DELETE n",
        "CALL dbms.listConfig() YIELD name RETURN name",
        "USE system SHOW USERS",
        "LOAD CSV FROM 'file:///nodes.csv' AS row RETURN row",
        "CYPHER runtime=slotted SHOW DATABASES",
        "EXPLAIN CREATE USER x SET PASSWORD 'y'",
    ],
)
def test_administration_and_writes_are_refused(neo4j_cfg: Neo4jConfig, cypher: str) -> None:
    code, stdout, stderr = query_cli(neo4j_cfg, cypher)
    # Refused from the server's plan; `USE system` with an administration command the server rejects itself.
    assert code == 1 and ("refused" in stderr or "USE" in stderr) and "Traceback" not in stdout + stderr
    assert len(stderr.strip().splitlines()) == 1


def test_the_read_session_refuses_a_write_the_plan_check_lets_through(
    neo4j_cfg: Neo4jConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two guards: with the plan check off, the READ access mode still stops a writing procedure."""
    from newskg.cypher import loader

    before = api.query(COUNT_NODES, cfg=neo4j_cfg)[0]["n"]
    cypher = "CALL apoc.create.node(['Person'], {id: 'written-in-read-mode'}) YIELD node RETURN node"
    monkeypatch.setattr(loader, "check_plan", lambda *args: None)
    code, _, stderr = query_cli(neo4j_cfg, cypher)
    assert code == 1 and "error:" in stderr and "refused" not in stderr and "Traceback" not in stderr
    assert api.query(COUNT_NODES, cfg=neo4j_cfg)[0]["n"] == before


def test_any_parameter_name_is_an_ordinary_parameter(neo4j_cfg: Neo4jConfig) -> None:
    code, stdout, stderr = query_cli(neo4j_cfg, "RETURN $query AS q", "--param", "query=1", "--json")
    assert (code, stdout) == (0, '{"q": 1}\n'), stderr
    code, stdout, _ = query_cli(
        neo4j_cfg, "RETURN $parameters.a AS a, $b AS b", "--param", 'parameters={"a": 2}', "-p", "b=3", "--json"
    )
    assert (code, stdout) == (0, '{"a": 2, "b": 3}\n')


def test_bad_input_is_one_line(neo4j_cfg: Neo4jConfig) -> None:
    code, _, stderr = query_cli(neo4j_cfg, "RETURN $x AS x", "--param", "x=99999999999999999999999")
    assert code == 1 and "64-bit" in stderr and len(stderr.strip().splitlines()) == 1
    res = runner.invoke(app, ["load", "out", "--uri", "http://127.0.0.1:7474", "--password", neo4j_cfg.password])
    assert res.exit_code == 1 and "Bolt" in res.stderr and "Traceback" not in res.output
    code, _, stderr = query_cli(neo4j_cfg, "MATCH (n RETURN n")
    assert code == 1 and stderr.startswith("error:") and "Traceback" not in stderr
    code, _, stderr = query_cli(neo4j_cfg, "")
    assert code == 1 and stderr.startswith("error:") and "Traceback" not in stderr
    with connect(neo4j_cfg) as driver:  # the test server is reachable: the errors above are ours
        driver.verify_connectivity()
