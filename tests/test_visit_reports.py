"""One visit, many reports: the same visitor, target and day from several articles is one visit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newskg import api
from newskg.cypher.loader import Neo4jConfig, connect
from newskg.extract.pipeline import Extractor
from newskg.graph.build import build_graph
from newskg.graph.export import read_graph, write_graphml
from newskg.graph.visits import visits_from_graph
from newskg.identity import text_hash as article_id
from newskg.model import Article, EntityType
from tests.fakes import GazetteerBackend
from tests.fixtures import DELETE_ALL

P, O = EntityType.PERSON, EntityType.ORGANIZATION
REPORTS = [
    ("东湖区报", dt.date(2025, 2, 11), "2月11日,区委书记孟景伟到北京天海工业有限公司调研。"),
    ("江城日报", dt.date(2025, 2, 12), "2月11日,孟景伟来到北京天海工业有限公司,察看氢能储运装备生产线。"),
    ("东湖区政府网", dt.date(2025, 2, 11), "今天,孟景伟到北京天海工业有限公司调研企业生产经营情况。"),
    ("东湖区报", dt.date(2025, 3, 2), "3月2日,孟景伟再次到北京天海工业有限公司调研。"),
]


def _graph(fake_backend: GazetteerBackend, reports: list[tuple[str, dt.date, str]] = REPORTS):  # type: ignore[no-untyped-def]
    arts = [
        Article(id=article_id(t), title=f"报道{i}", text=t, date=d, source=s) for i, (s, d, t) in enumerate(reports)
    ]
    return build_graph(Extractor(fake_backend).extract(arts))


def test_same_visit_from_three_papers_is_one_visit_with_three_reports(fake_backend: GazetteerBackend) -> None:
    rows = visits_from_graph(_graph(fake_backend), person="孟景伟", org="天海")
    assert [(r.date, r.reports, r.num_sources) for r in rows] == [("2025-02-11", 3, 3), ("2025-03-02", 1, 1)]
    first = rows[0]
    assert first.sources == ("东湖区报", "东湖区政府网", "江城日报")
    assert set(first.article_ids) == {article_id(t) for _, _, t in REPORTS[:3]}
    assert first.article_id == min(first.article_ids)


def test_reports_survive_graphml(fake_backend: GazetteerBackend, tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    write_graphml(_graph(fake_backend), path)
    g = read_graph(path)
    edge = next(d for _, _, d in g.edges(data=True) if d["type"] == "VISITED" and d["date"] == "2025-02-11")
    assert edge["reports"] == 3 and len(edge["evidences"]) == 3 and len(edge["article_ids"]) == 3


def test_accompanied_is_an_edge_to_the_lead_visitor() -> None:
    text = "5月6日,区委书记孟景伟到北京天海工业有限公司调研,副区长张锋陪同。"
    fake = GazetteerBackend({"孟景伟": P, "张锋": P, "北京天海工业有限公司": O})
    g = build_graph([Extractor(fake).extract_one(Article(id=article_id(text), text=text, date=dt.date(2025, 5, 6)))])
    acc = [(u, v) for u, v, d in g.edges(data=True) if d["type"] == "ACCOMPANIED"]
    assert acc == [("person:张锋", "person:孟景伟")]
    assert [r.visitor for r in visits_from_graph(g)] == ["孟景伟"]


def _rels(cfg: Neo4jConfig) -> list[tuple[str, str, str, str, dict[str, object]]]:
    """Every relationship with its properties; a fact's reports put in article order (loads append them)."""
    with connect(cfg) as driver:
        recs = driver.execute_query("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p")
    out = []
    for r in recs.records:
        p = dict(r["p"])
        ids = p.get("article_ids")
        if isinstance(ids, list):
            order = sorted(range(len(ids)), key=lambda i: ids[i])
            for k, v in p.items():
                if isinstance(v, list) and len(v) == len(ids) and k != "sources":
                    p[k] = [v[i] for i in order]
        out.append((r["a"], r["t"], r["b"], str(p["key"]), p))
    return sorted(out, key=lambda x: x[:4])


@pytest.mark.neo4j
def test_reports_load_into_neo4j_and_one_article_is_replaced_alone(
    neo4j_cfg: Neo4jConfig, fake_backend: GazetteerBackend
) -> None:
    with connect(neo4j_cfg) as driver:
        driver.execute_query(DELETE_ALL)
    g = _graph(fake_backend)
    api.load(g, neo4j_cfg)
    assert api.visits_neo4j(neo4j_cfg) == visits_from_graph(g)
    # The city paper's article is re-published under another source: same text, same id, new hash.
    edited = [("江城晚报", d, t) if s == "江城日报" else (s, d, t) for s, d, t in REPORTS]
    g2 = _graph(fake_backend, edited)
    res = api.load(g2, neo4j_cfg)
    assert (res.skipped_articles, res.replaced_articles) == (3, 1)
    rows = api.visits_neo4j(neo4j_cfg, person="孟景伟", org="天海")
    assert rows == visits_from_graph(g2, person="孟景伟", org="天海")
    assert [(r.date, r.reports, r.num_sources) for r in rows] == [("2025-02-11", 3, 3), ("2025-03-02", 1, 1)]
    assert rows[0].sources == ("东湖区报", "东湖区政府网", "江城晚报")
    replaced = _rels(neo4j_cfg)
    with connect(neo4j_cfg) as driver:
        driver.execute_query(DELETE_ALL)
    api.load(g2, neo4j_cfg)
    assert replaced == _rels(neo4j_cfg)  # the same relationships and properties as a clean load
