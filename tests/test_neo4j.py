"""Integration tests against the real Neo4j 5.26 server started by `make test`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from newskg import api
from newskg.cli import app
from newskg.cypher import queries as q
from newskg.cypher.loader import Neo4jConfig, Neo4jError, Neo4jWriter, connect
from newskg.cypher.plan import plan_load
from newskg.graph.schema import LIST_ATTRS, article_node_id, node_id
from newskg.identity import text_hash
from newskg.ner.backend import HanLPBackend
from tests.fixtures import ARTICLE, COUNT_NODES, COUNT_RELATIONSHIPS, DELETE_ALL, DEMO

pytestmark = pytest.mark.neo4j
runner = CliRunner()


def _count(cfg: Neo4jConfig, stmt: str) -> int:
    with connect(cfg) as driver:
        recs, _, _ = driver.execute_query(stmt)
        return int(recs[0]["n"])


@pytest.fixture()
def db(neo4j_cfg: Neo4jConfig) -> Iterator[Neo4jConfig]:
    with connect(neo4j_cfg) as driver:
        driver.execute_query(DELETE_ALL)
    yield neo4j_cfg


@pytest.fixture(scope="module")
def demo_graph(tmp_path_factory: pytest.TempPathFactory, hanlp_backend: HanLPBackend) -> nx.MultiDiGraph:
    """The bundled demo articles and the invented district-paper article (the officials' visits to firms)."""
    out = tmp_path_factory.mktemp("neo4j-demo")
    article = out / "visits.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    return api.build([DEMO, article], out / "graph", backend=hanlp_backend).graph


def test_load_creates_schema_and_matches_graph_counts(db: Neo4jConfig, demo_graph: nx.MultiDiGraph) -> None:
    res = api.load(demo_graph, db, batch_size=50)
    assert res.nodes == demo_graph.number_of_nodes()
    assert res.relationships == demo_graph.number_of_edges()
    assert _count(db, COUNT_NODES) == demo_graph.number_of_nodes()
    assert _count(db, COUNT_RELATIONSHIPS) == demo_graph.number_of_edges()
    with connect(db) as driver:  # SHOW is administration: `newskg query` refuses it
        names = {r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name").records}
        # A relationship-property index lets the planner turn relationship MERGEs quadratic.
        rel_indexes = driver.execute_query(
            "SHOW INDEXES YIELD name, entityType, type "
            "WHERE entityType = 'RELATIONSHIP' AND type <> 'LOOKUP' RETURN name"
        ).records
    assert {"person_id", "organization_id", "place_id", "article_id"} <= names
    assert rel_indexes == []
    person = api.query("MATCH (p:Person {name: $n}) RETURN p.titles AS t, p.aliases AS a", {"n": "孟景伟"}, db)
    assert person and "区委书记" in person[0]["t"]


def test_reload_is_idempotent_and_skips_known_articles(db: Neo4jConfig, demo_graph: nx.MultiDiGraph) -> None:
    api.load(demo_graph, db)
    before = (_count(db, COUNT_NODES), _count(db, COUNT_RELATIONSHIPS))
    again = api.load(demo_graph, db)
    assert again.skipped_articles == sum(1 for _, d in demo_graph.nodes(data=True) if d["label"] == "Article")
    # Only the facts of no article are written again (the gazetteer's PART_OF, MERGEd: nothing new).
    assert again.relationships == len(plan_load(demo_graph).free_facts)
    assert (_count(db, COUNT_NODES), _count(db, COUNT_RELATIONSHIPS)) == before


def test_incremental_load_adds_only_new(db: Neo4jConfig, tmp_path: Path, hanlp_backend: HanLPBackend) -> None:
    small = api.build([DEMO / "digest.jsonl"], tmp_path / "a", backend=hanlp_backend).graph
    full = api.build(
        [DEMO / "digest.jsonl", DEMO / "2024-12-20_kaifaqu.txt"], tmp_path / "b", backend=hanlp_backend
    ).graph
    api.load(small, db)
    api.load(full, db)
    assert _count(db, COUNT_NODES) == full.number_of_nodes()
    assert _count(db, COUNT_RELATIONSHIPS) == full.number_of_edges()


def test_visits_from_neo4j_equal_visits_from_graph(db: Neo4jConfig, demo_graph: nx.MultiDiGraph) -> None:
    api.load(demo_graph, db)
    from_db = api.visits_neo4j(db)
    assert from_db == api.visits(demo_graph)
    firms = {v.target for v in api.visits_neo4j(db, person="孟景伟")}
    assert {"北京现代坦迪变速器有限公司", "北京天海工业有限公司", "天纳克(北京)汽车减振器有限公司"} <= firms
    res = runner.invoke(
        app, ["visits", "--neo4j", "--json", "--org", "天海", "--uri", db.uri, "--password", db.password]
    )
    assert res.exit_code == 0, res.output
    assert "北京天海工业有限公司" in res.stdout


def test_injection_is_stored_as_data(db: Neo4jConfig) -> None:
    evil = "x'}) DETACH DELETE n //"
    text = f"{evil}孟景伟到漷县镇调研。"
    g = nx.MultiDiGraph()
    g.add_node(node_id("Person", evil), label="Person", name=evil, aliases=["`; MATCH (m) DELETE m"])
    g.add_node(article_node_id(text_hash(text)), label="Article", name="t", title="t", article_id=text_hash(text))
    g.add_edge(
        node_id("Person", evil),
        article_node_id(text_hash(text)),
        key="MENTIONED_IN:x",
        type="MENTIONED_IN",
        article_id=text_hash(text),
        count=1,
    )
    api.load(g, db)
    rows = api.query("MATCH (p:Person) WHERE p.name = $n RETURN p.name AS name, p.aliases AS a", {"n": evil}, db)
    assert rows == [{"name": evil, "a": ["`; MATCH (m) DELETE m"]}]
    res = runner.invoke(
        app,
        [
            "query",
            "MATCH (p:Person {name: $n}) RETURN p.name AS name",
            "--param",
            f"n={evil}",
            "--json",
            "--uri",
            db.uri,
            "--password",
            db.password,
        ],
    )
    assert res.exit_code == 0 and evil in res.stdout
    assert _count(db, COUNT_NODES) == 2
    with pytest.raises(ValueError, match="unknown label"):
        q.merge_nodes("Person {id: 1}) DETACH DELETE n //")


def test_query_is_read_only(db: Neo4jConfig) -> None:
    res = runner.invoke(
        app, ["query", "CREATE (n:Person {id: 'x'}) RETURN n", "--uri", db.uri, "--password", db.password]
    )
    assert res.exit_code == 1 and "error:" in res.stderr and "Traceback" not in res.output
    assert _count(db, COUNT_NODES) == 0


def test_cli_load_then_check_through_library(db: Neo4jConfig, demo_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    from newskg.graph.export import write_graphml

    write_graphml(demo_graph, tmp_path / "graph.graphml")
    res = runner.invoke(
        app, ["load", str(tmp_path / "graph.graphml"), "--uri", db.uri, "--password", db.password, "--batch-size", "7"]
    )
    assert res.exit_code == 0, res.output
    assert "loaded" in res.stderr
    assert _count(db, COUNT_NODES) == demo_graph.number_of_nodes()


def test_wrong_password_and_server_down_are_clear(db: Neo4jConfig, demo_graph: nx.MultiDiGraph) -> None:
    bad = Neo4jConfig(uri=db.uri, user=db.user, password="wrong-password", retry_seconds=1)
    with pytest.raises(Neo4jError, match="refused the credentials"):
        api.load(demo_graph, bad)
    down = Neo4jConfig(uri="bolt://127.0.0.1:1", user="neo4j", password="x", retry_seconds=1)
    with pytest.raises(Neo4jError, match="cannot reach Neo4j"):
        api.load(demo_graph, down)
    res = runner.invoke(app, ["load", str(DEMO), "--uri", "bolt://127.0.0.1:1"])
    assert res.exit_code == 1


def test_failed_batch_is_rolled_back_whole(db: Neo4jConfig) -> None:
    writer = Neo4jWriter(db, batch_size=10)
    rows = [
        {"id": "person:ok", "scalars": {"name": "ok"}, "props": {}},
        {"id": "person:bad", "scalars": {"name": {"nested": "maps are not property values"}}, "props": {}},
    ]
    with pytest.raises(Neo4jError), connect(db) as driver:
        writer._write(driver, q.merge_nodes("Person"), rows)
    assert _count(db, COUNT_NODES) == 0


def test_rerun_after_crash_finishes_without_duplicates(db: Neo4jConfig, demo_graph: nx.MultiDiGraph) -> None:
    class Crash(Exception):
        pass

    def crash(done: int, total: int) -> None:
        if done > total // 2:
            raise Crash

    with pytest.raises(Crash):
        Neo4jWriter(db, batch_size=20).write(demo_graph, crash)
    assert (
        0
        < _count(db, COUNT_NODES) + _count(db, COUNT_RELATIONSHIPS)
        < demo_graph.number_of_nodes() + demo_graph.number_of_edges()
    )
    api.load(demo_graph, db)
    assert _count(db, COUNT_NODES) == demo_graph.number_of_nodes()
    assert _count(db, COUNT_RELATIONSHIPS) == demo_graph.number_of_edges()


def test_builders_are_parameterized() -> None:
    assert q.merge_relationships("VISITED", "Person", "Organization") == (
        "UNWIND $rows AS row\n"
        "MATCH (a:Person {id: row.source})\n"
        "MATCH (b:Organization {id: row.target})\n"
        "MERGE (a)-[r:VISITED {key: row.key}]->(b)\n"
        "SET r += row.props\n"
        "RETURN count(*) AS n"
    )
    assert (
        q.merge_nodes("Place")
        == (
            "UNWIND $rows AS row\n"
            "MERGE (n:Place {id: row.id})\n"
            "ON CREATE SET n += row.scalars, n += row.props\n"
            "ON MATCH SET n += row.scalars, "
            + ", ".join(
                f"n.{p} = CASE WHEN row.props.{p} IS NULL THEN n.{p} "
                f"ELSE [x IN coalesce(n.{p}, []) WHERE NOT x IN row.props.{p}] + row.props.{p} END"
                for p in LIST_ATTRS
            )
            # A linked place's coordinates become its point (newskg.geo).
            + "\nSET n.location = CASE WHEN n.latitude IS NULL OR n.longitude IS NULL THEN NULL "
            "ELSE point({latitude: n.latitude, longitude: n.longitude}) END"
        )
    )
    with pytest.raises(ValueError, match="unknown relationship type 'DROP'"):
        q.merge_relationships("DROP", "Person", "Organization")
    with pytest.raises(ValueError, match="unknown label 'Thing'"):
        q.merge_relationships("VISITED", "Person", "Thing")
    with pytest.raises(ValueError, match="unknown label"):
        q.merge_nodes("person")  # labels are case-sensitive


def test_unknown_property_keys_do_not_flood_the_log(db: Neo4jConfig, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG", logger="neo4j.notifications")
    rows = api.query("MATCH (a:Article) WHERE a.newskg_never_set_key RETURN a.id AS id", cfg=db)
    assert rows == []
    # The server is asked not to send "property key does not exist" (the driver would log each one).
    assert not [r for r in caplog.records if r.name == "neo4j.notifications"]
