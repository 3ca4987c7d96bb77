"""Linked places in the real Neo4j 5.26: the location point, the adcode index, the canned queries, visits --in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from newskg import api
from newskg.cli import app
from newskg.cypher import queries as q
from newskg.cypher.loader import Neo4jConfig, Neo4jWriter, connect
from newskg.graph.build import build_graph
from tests.fixtures import DELETE_ALL
from tests.test_geo import ARTICLES, _extract

pytestmark = pytest.mark.neo4j
runner = CliRunner()


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph(_extract(*ARTICLES))


@pytest.fixture(scope="module")
def db(neo4j_cfg: Neo4jConfig, graph: nx.MultiDiGraph) -> Iterator[Neo4jConfig]:
    with connect(neo4j_cfg) as driver:
        driver.execute_query(DELETE_ALL)
    Neo4jWriter(neo4j_cfg).write(graph)
    yield neo4j_cfg


def _rows(cfg: Neo4jConfig, stmt: str, **params: object) -> list[dict[str, object]]:
    with connect(cfg) as driver:
        recs, _, _ = driver.execute_query(stmt, params, database_=cfg.database)
        return [r.data() for r in recs]


def test_places_carry_a_point_and_the_indexes_exist(db: Neo4jConfig) -> None:
    (row,) = _rows(
        db,
        "MATCH (p:Place {path: $path}) RETURN p.location.latitude AS lat, p.location.longitude AS lon, "
        "p.location.srid AS srid, p.adcode AS adcode",
        path="北京市/朝阳区",
    )
    assert row["srid"] == 4326 and row["adcode"] == "110105"
    assert row["lat"] == pytest.approx(39.92, abs=0.1) and row["lon"] == pytest.approx(116.44, abs=0.1)
    # A town has no coordinates in the dataset, so no point.
    (town,) = _rows(db, "MATCH (p:Place {path: $path}) RETURN p.location AS loc", path="北京市/通州区/宋庄镇")
    assert town["loc"] is None
    indexes = {r["name"]: r for r in _rows(db, "SHOW INDEXES YIELD name, type, labelsOrTypes, properties")}
    assert indexes["place_adcode"]["properties"] == ["adcode"] and indexes["place_adcode"]["type"] == "RANGE"
    assert indexes["place_location"]["type"] == "POINT"
    # The index serves a lookup by code: the plan seeks it.
    with connect(db) as driver:
        summary = driver.execute_query("EXPLAIN MATCH (p:Place) WHERE p.adcode = $c RETURN p", c="110105").summary
    assert "NodeIndexSeek" in str(summary.plan) and "Place(adcode)" in str(summary.plan)


def test_visits_to_firms_in_a_place_and_all_its_parts(db: Neo4jConfig) -> None:
    rows = _rows(db, q.VISITS_IN_PLACE, place="110112")
    assert {(r["visitor"], r["visited"]) for r in rows} == {
        ("郑海明", "宏达机械有限公司"),  # in 宋庄镇, a town of 通州区
        ("孙志刚", "京东方科技有限公司"),
    }
    assert {r["place"] for r in rows} == {"北京市/通州区"}
    by_name = _rows(db, q.VISITS_IN_PLACE, place="江苏省/南通市/通州区")
    assert {r["visited"] for r in by_name} == {"海安纺织有限公司"}


def test_visits_by_officials_from_outside(db: Neo4jConfig) -> None:
    rows = _rows(db, q.VISITS_FROM_OUTSIDE)
    assert {(r["visitor"], r["visited"]) for r in rows} == {("李卫国", "玄武区"), ("李卫国", "金陵电子有限公司")}
    assert all(r["jurisdictions"] == ["江苏省/泰州市"] and r["posts"] == ["泰州市委书记"] for r in rows)


def test_visits_per_county_and_level(db: Neo4jConfig) -> None:
    rows = {(r["county"], r["level"]): r["visits"] for r in _rows(db, q.VISITS_PER_COUNTY_LEVEL)}
    assert rows[("江苏省/泰州市/高港区", "city")] == 2  # the district and the firm there
    assert rows[("江苏省/南京市/玄武区", "city")] == 2
    assert rows[("北京市/通州区", "county")] == 2  # the district head's visits to 宋庄镇 and to a firm there
    assert rows[("北京市/朝阳区", "county")] == 2


def test_visits_in_from_the_database_equal_the_graph(db: Neo4jConfig, graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    for where in ("110112", "江苏省/南通市/通州区", "泰州市"):
        assert api.visits_neo4j(db, within=where) == api.visits(graph, within=where)
    with pytest.raises(api.AmbiguousPlaceError) as err:
        api.visits_neo4j(db, within="通州区")
    assert err.value.places == [("110112", "北京市/通州区"), ("320612", "江苏省/南通市/通州区")]
    env = {"NEO4J_URI": db.uri, "NEO4J_USER": db.user, "NEO4J_PASSWORD": db.password}
    res = runner.invoke(app, ["visits", "--neo4j", "--in", "通州区"], env=env)
    assert res.exit_code == 2 and "110112 北京市/通州区" in res.output and "320612" in res.output


def test_bulk_import_writes_the_same_location(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    from newskg.cypher.bulk import write_import_csv

    files = write_import_csv(graph, tmp_path / "import")
    places = next(p for p in files.nodes if p.name == "nodes_Place.csv").read_text(encoding="utf-8")
    header = places.splitlines()[0].split(",")
    assert "location:point{crs:WGS-84}" in header and "latitude:double" in header
    assert "{latitude:39.9" in places  # 北京市's point, as the import tool reads it
