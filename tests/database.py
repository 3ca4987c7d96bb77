"""Helpers of the tests that talk to the real Neo4j server: wipe it, dump it, run `newskg query`."""

from __future__ import annotations

from typing import Any

from typer.testing import CliRunner

from newskg.cli import app
from newskg.cypher.loader import Neo4jConfig, connect


def wipe(cfg: Neo4jConfig) -> None:
    """Delete every node and relationship."""
    with connect(cfg) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")


def dump(cfg: Neo4jConfig) -> tuple[list[Any], list[Any]]:
    """Every node and relationship with all its labels and properties, in a fixed order."""
    with connect(cfg) as driver:
        nodes, _, _ = driver.execute_query("MATCH (n) RETURN n.id AS id, labels(n) AS l, properties(n) AS p")
        rels, _, _ = driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p"
        )
    return (
        sorted((r["id"], sorted(r["l"]), sorted(r["p"].items())) for r in nodes),
        sorted((r["a"], r["t"], r["b"], sorted(r["p"].items())) for r in rels),
    )


def query_cli(cfg: Neo4jConfig, *args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``newskg query ARGS`` against ``cfg``'s server."""
    res = CliRunner().invoke(app, ["query", *args, "--uri", cfg.uri], env={"NEO4J_PASSWORD": cfg.password})
    return res.exit_code, res.stdout, res.stderr
