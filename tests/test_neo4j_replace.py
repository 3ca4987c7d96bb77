"""The database equals a clean load of the graph: edits, load order, concurrent loads, schema races.

Against the real Neo4j test server. The graphs come from the real extraction
pipeline over small invented articles, tagged by the gazetteer fake (the
loader is what is tested here, so the names are fixed).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import networkx as nx
import pytest

from newskg import api
from newskg.cypher.loader import Neo4jConfig, Neo4jWriter, connect, ensure_schema
from newskg.cypher.plan import plan_load
from newskg.extract.pipeline import Extractor
from newskg.graph.build import build_graph
from newskg.model import Article
from tests.database import dump, wipe
from tests.fakes import GazetteerBackend
from tests.fixtures import GAZETTEER

pytestmark = pytest.mark.neo4j

# Invented articles in the style of district news.
V1 = {
    "a1": "12月18日,区委书记孟景伟到北京天海工业有限公司调研。孟景伟察看了生产车间。",
    "a2": "本报讯(记者 陶涛)副区长杨哲来到北京现代坦迪变速器有限公司走访。北京现代坦迪变速器有限公司位于漷县镇。",
    "a3": "潞邑街道办事处副主任张锋到通州区运河中医医院调研。",
}
# a1 edited: another visitor, another firm; a2 and a3 unchanged.
V2 = {**V1, "a1": "12月18日,区委书记王玉兰到北京星河智能装备有限公司调研。"}


def _graph(texts: dict[str, str]) -> nx.MultiDiGraph:
    ex = Extractor(GazetteerBackend(GAZETTEER))
    return build_graph(ex.extract(Article(id=i, title=f"标题{i}", text=t) for i, t in sorted(texts.items())))


@pytest.fixture()
def db(neo4j_cfg: Neo4jConfig) -> Iterator[Neo4jConfig]:
    wipe(neo4j_cfg)
    yield neo4j_cfg


def _clean_load(cfg: Neo4jConfig, g: nx.MultiDiGraph) -> tuple[list[Any], list[Any]]:
    wipe(cfg)
    api.load(g, cfg)
    return dump(cfg)


def test_loading_an_edited_graph_equals_a_clean_load(db: Neo4jConfig) -> None:
    g1, g2 = _graph(V1), _graph(V2)
    api.load(g1, db)
    assert any(v.visitor == "孟景伟" for v in api.visits_neo4j(db))
    res = api.load(g2, db)
    assert (res.replaced_articles, res.skipped_articles) == (1, 2)
    assert res.deleted_nodes >= 2  # 孟景伟 and 北京天海工业有限公司 are referenced by nothing any more
    after_edit, visits_after_edit = dump(db), api.visits_neo4j(db)
    assert not any(v.visitor == "孟景伟" for v in visits_after_edit)
    assert _clean_load(db, g2) == after_edit
    assert api.visits_neo4j(db) == visits_after_edit == api.visits(g2)
    nodes, rels = after_edit
    assert (len(nodes), len(rels)) == (g2.number_of_nodes(), g2.number_of_edges())
    again = api.load(g2, db)
    # Only the facts of no article are written again: the gazetteer's PART_OF, MERGEd, nothing new.
    free = len(plan_load(g2).free_facts)
    assert (again.replaced_articles, again.relationships, again.skipped_articles) == (0, free, 3)
    assert dump(db) == after_edit


def test_load_order_does_not_change_the_database(db: Neo4jConfig) -> None:
    """Counts come from the database (mentions = sum of MENTIONED_IN counts), not from the last graph loaded."""
    a = _graph({k: V1[k] for k in ("a1", "a2")} | {"a4": "孟景伟到漷县镇调研。"})
    b = _graph({k: V1[k] for k in ("a2", "a3")} | {"a5": "孟景伟、杨哲到漷县镇走访。"})
    extra = {"a4": "孟景伟到漷县镇调研。", "a5": "孟景伟、杨哲到漷县镇走访。"}
    union = _graph({k: V1[k] for k in ("a1", "a2", "a3")} | extra)
    api.load(a, db)
    api.load(b, db)
    a_then_b = dump(db)
    wipe(db)
    api.load(b, db)
    api.load(a, db)
    assert dump(db) == a_then_b
    mentions = {r["id"]: r["m"] for r in api.query("MATCH (p:Person) RETURN p.id AS id, p.mentions AS m", cfg=db)}
    assert mentions == {n: d["mentions"] for n, d in union.nodes(data=True) if d["label"] == "Person"}
    assert mentions["person:孟景伟"] == 4  # 2 in a1, 1 in a4, 1 in a5: b alone says 1


def _run_at_once(jobs: list[Callable[[], object]]) -> list[BaseException]:
    """Start the jobs in threads released together; return their exceptions."""
    gate = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job: Callable[[], object]) -> None:
        gate.wait()
        try:
            job()
        except BaseException as exc:  # collected and asserted on by the caller
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(j,)) for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def _synthetic(first: int, last: int) -> nx.MultiDiGraph:
    from bench.corpus import extractions

    return build_graph(list(extractions(last))[first:])


def test_concurrent_loads_of_overlapping_graphs_write_each_fact_once(db: Neo4jConfig) -> None:
    """Each article ends as one graph's version, whole; no fact is written twice."""
    from newskg.cypher.plan import plan_load

    a, b = _synthetic(0, 160), _synthetic(80, 240)
    versions = {p.content_hash: p for g in (a, b) for p in plan_load(g).articles.values()}
    for _ in range(2):
        wipe(db)
        errors = _run_at_once(
            [lambda: Neo4jWriter(db, batch_size=50).write(a), lambda: Neo4jWriter(db, batch_size=50).write(b)]
        )
        assert errors == []
        stored = api.query("MATCH (n:Article) RETURN n.content_hash AS h", cfg=db)
        keys = [r["k"] for r in api.query("MATCH ()-[r]->() RETURN r.key AS k", cfg=db)]
        assert len(keys) == len(set(keys)) > 500
        free = {f.key for g in (a, b) for f in plan_load(g).free_facts}  # the gazetteer's PART_OF, of no article
        assert set(keys) == {f.key for r in stored for f in versions[r["h"]].facts} | free


def test_three_loaders_create_the_schema_at_once(db: Neo4jConfig) -> None:
    g = _graph(V1)
    for _ in range(4):
        with connect(db) as driver:
            for r in driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name").records:
                driver.execute_query(f"DROP CONSTRAINT {r['name']}")  # names come from the server
            for r in driver.execute_query("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name").records:
                driver.execute_query(f"DROP INDEX {r['name']}")
        errors = _run_at_once([lambda: api.load(g, db) for _ in range(3)])
        assert errors == []
        with connect(db) as driver:
            names = {r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name").records}
            ensure_schema(driver, db.database)  # and once more on a database that has it all
        assert {"person_id", "organization_id", "place_id", "article_id"} <= names
        assert len(dump(db)[1]) == g.number_of_edges()


def _reports_graph(reports: list[tuple[str, str]]) -> nx.MultiDiGraph:
    """One VISITED fact carrying several reports (article id, evidence), as issue 9 asks for."""
    g = nx.MultiDiGraph()
    g.add_node("person:甲", label="Person", name="甲")
    g.add_node("organization:乙公司", label="Organization", name="乙公司")
    for aid in sorted({a for a, _ in reports}):
        g.add_node(f"article:{aid}", label="Article", name=aid, article_id=aid)
        n = sum(1 for a, _ in reports if a == aid)
        g.add_edge("person:甲", f"article:{aid}", key=aid, type="MENTIONED_IN", article_id=aid, count=n)
    g.add_edge(
        "person:甲",
        "organization:乙公司",
        type="VISITED",
        date="2024-12-18",
        article_ids=[a for a, _ in reports],
        evidence=[e for _, e in reports],
        start=[i for i, _ in enumerate(reports)],
    )
    return g


def test_a_fact_with_several_reports_loses_only_the_edited_articles_report(db: Neo4jConfig) -> None:
    api.load(_reports_graph([("r1", "甲到乙公司调研。"), ("r2", "甲来到乙公司。")]), db)
    api.load(_reports_graph([("r1", "甲到乙公司调研。"), ("r2", "甲来到乙公司。")]), db)
    visited = "MATCH ()-[v:VISITED]->() RETURN v.article_ids AS ids, v.evidence AS ev, v.start AS s"
    first = [{"ids": ["r1", "r2"], "ev": ["甲到乙公司调研。", "甲来到乙公司。"], "s": [0, 1]}]
    assert api.query(visited, cfg=db) == first
    edited = _reports_graph([("r1", "甲到乙公司调研。"), ("r2", "甲再次来到乙公司察看。"), ("r3", "甲考察乙公司。")])
    api.load(edited, db)
    after = dump(db)
    rows = api.query(visited, cfg=db)
    assert len(rows) == 1
    assert sorted(zip(rows[0]["ids"], rows[0]["ev"], strict=True)) == [
        ("r1", "甲到乙公司调研。"),
        ("r2", "甲再次来到乙公司察看。"),
        ("r3", "甲考察乙公司。"),
    ]
    person = [n for n in after[0] if n[0] == "person:甲"]
    assert person == [n for n in _clean_load(db, edited)[0] if n[0] == "person:甲"]
    api.load(_reports_graph([("r1", "甲到乙公司调研。")]), db)  # r2, r3 are no longer in this graph: kept
    assert len(api.query(visited, cfg=db)[0]["ids"]) == 3
