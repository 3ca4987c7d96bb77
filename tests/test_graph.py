from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newskg.extract.pipeline import Extractor
from newskg.graph.build import build_graph
from newskg.graph.export import read_graph, write_csv, write_graphml, write_json
from newskg.graph.schema import article_node_id
from newskg.graph.visits import visits_from_graph
from newskg.identity import text_hash
from newskg.model import Article, ArticleExtraction
from tests.fakes import GazetteerBackend
from tests.fixtures import ARTICLE, GAZETTEER, SECOND


def _extractions(fake: GazetteerBackend) -> list[ArticleExtraction]:
    arts = [Article(id=text_hash(t), title=f"t{i}", text=t, source=f"{i}.txt") for i, t in enumerate([ARTICLE, SECOND])]
    return list(Extractor(fake).extract(arts))


def _signature(g: nx.MultiDiGraph) -> tuple[set, set]:  # type: ignore[type-arg]
    nodes = {(n, json.dumps(d, sort_keys=True, ensure_ascii=False)) for n, d in g.nodes(data=True)}
    edges = {(u, v, k) for u, v, k in g.edges(keys=True)}
    return nodes, edges


def test_one_node_per_entity_across_articles(fake_backend: GazetteerBackend) -> None:
    g = build_graph(_extractions(fake_backend))
    names = {d["name"] for _, d in g.nodes(data=True) if d["label"] != "Article"}
    assert "天纳克" not in names and "张家湾" not in names
    assert {"天纳克(北京)汽车减振器有限公司", "张家湾镇", "张伟", "张伟东"} <= names
    tenneco = g.nodes["organization:天纳克(北京)汽车减振器有限公司"]
    assert tenneco["aliases"] == ["天纳克"] and tenneco["kind"] == "company"
    assert any("天纳克 ->" in r for r in tenneco["merge_reasons"])
    # Both articles' visits land on the merged firm node.
    visits = visits_from_graph(g, person="孟景伟", org="天纳克")
    assert len({v.article_id for v in visits}) == 2
    mentioned = [d for _, _, d in g.edges(data=True) if d["type"] == "MENTIONED_IN"]
    assert all(d["count"] >= 1 for d in mentioned)
    assert g.number_of_nodes() == len(set(g.nodes))


@settings(max_examples=10, deadline=None)
@given(st.randoms(use_true_random=False))
def test_graph_does_not_depend_on_article_order(rnd: random.Random) -> None:
    exs = _extractions(GazetteerBackend(GAZETTEER))
    shuffled = list(exs)
    rnd.shuffle(shuffled)
    assert _signature(build_graph(shuffled)) == _signature(build_graph(exs))
    assert _signature(build_graph(exs + exs)) == _signature(build_graph(exs))


def test_exports_round_trip_and_are_byte_identical(tmp_path: Path, fake_backend: GazetteerBackend) -> None:
    g = build_graph(_extractions(fake_backend))
    write_graphml(g, tmp_path / "g.graphml")
    write_json(g, tmp_path / "g.json")
    write_csv(g, tmp_path)
    first = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    g2 = build_graph(_extractions(fake_backend))
    write_graphml(g2, tmp_path / "g.graphml")
    write_json(g2, tmp_path / "g.json")
    write_csv(g2, tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == first
    for name in ("g.graphml", "g.json"):
        back = read_graph(tmp_path / name)
        assert _signature(back) == _signature(g)
    xml = (tmp_path / "g.graphml").read_text(encoding="utf-8")
    assert '"天纳克"' in xml  # list attributes are JSON strings in GraphML
    with (tmp_path / "edges.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == g.number_of_edges()
    assert not list(tmp_path.glob(".*.tmp"))


def test_read_graph_rejects_other_files(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="not a readable newskg graph"):
        read_graph(bad)
    (tmp_path / "g.graphml").write_text("<graphml><broken", encoding="utf-8")
    with pytest.raises(ValueError, match="not a readable newskg graph"):
        read_graph(tmp_path / "g.graphml")


def test_graphml_captions_by_name_for_gephi_and_other_readers(tmp_path: Path, fake_backend: GazetteerBackend) -> None:
    import igraph

    g = build_graph(_extractions(fake_backend))
    path = tmp_path / "g.graphml"
    write_graphml(g, path)
    # networkx, reading the raw file as Gephi would: label = name, type = Neo4j label.
    raw = nx.read_graphml(path, force_multigraph=True)
    tenneco = raw.nodes["organization:天纳克(北京)汽车减振器有限公司"]
    assert tenneco["label"] == "天纳克(北京)汽车减振器有限公司" and tenneco["type"] == "Organization"
    assert json.loads(tenneco["aliases"]) == ["天纳克"]  # lists stay JSON strings
    article = raw.nodes[article_node_id(text_hash(ARTICLE))]
    assert article["label"] == "t0" and article["type"] == "Article"
    assert {d["type"] for _, d in raw.nodes(data=True)} == {"Person", "Organization", "Place", "Article"}
    assert all(d["label"] == d["type"] for _, _, d in raw.edges(data=True))
    assert "VISITED" in {d["label"] for _, _, d in raw.edges(data=True)}
    # igraph, a second GraphML reader (C library), sees the same captions and types.
    ig = igraph.Graph.Read_GraphML(str(path))
    assert ig.vcount() == g.number_of_nodes() and ig.ecount() == g.number_of_edges()
    by_id = {v["id"]: v for v in ig.vs}
    assert by_id["organization:天纳克(北京)汽车减振器有限公司"]["label"] == "天纳克(北京)汽车减振器有限公司"
    assert by_id["person:孟景伟"]["type"] == "Person"
    assert json.loads(by_id["organization:天纳克(北京)汽车减振器有限公司"]["aliases"]) == ["天纳克"]
    assert sorted(ig.es["label"]) == sorted(d["type"] for _, _, d in g.edges(data=True))
    assert {v["label"] for v in ig.vs} == {d["name"] for _, d in g.nodes(data=True)}
