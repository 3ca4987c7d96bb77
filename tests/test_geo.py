"""Places linked to divisions, officials' jurisdictions, and where users see them (newskg.geo).

Every article here is invented. The homonyms are real divisions: 朝阳区 of Beijing and of
Changchun, 通州区 of Beijing and of Nantong, 新华村 in more than 50 counties.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from newskg import api
from newskg.cli import app
from newskg.extract.pipeline import Extractor
from newskg.geo.evaluate import score_links
from newskg.geo.link import CANDIDATE_CAP, ArticleLinks, Linker, link_article
from newskg.graph.build import build_graph
from newskg.graph.export import read_graph, write_graphml, write_json
from newskg.graph.schema import place_node_id
from newskg.model import Article, ArticleExtraction
from newskg.model import EntityType as T
from newskg.names import gazetteer
from newskg.ner.backend import HanLPBackend
from tests.fakes import GazetteerBackend

runner = CliRunner()

PLACES = ("朝阳区", "通州", "新华村", "彬县", "落霞湾", "南京市", "玄武区", "高港区", "宋庄镇", "台湖镇", "南通市")
PLACES += ("通州区", "北京市通州区宋庄镇")
PERSONS = ("王立新", "赵德明", "孙志刚", "钱文博", "李卫国", "周文华", "吴建国", "郑海明", "冯建华")
ORGS = ("星河电子有限公司", "长河机械有限公司", "京东方科技有限公司", "海安纺织有限公司", "金陵电子有限公司")
ORGS += ("江洲船舶有限公司", "泰和电子有限公司", "通州区运河中医医院", "宏达机械有限公司", "恒丰机械有限公司")
ORGS += ("泰州市委",)
NAMES = {**{n: T.PLACE for n in PLACES}, **{n: T.PERSON for n in PERSONS}, **{n: T.ORGANIZATION for n in ORGS}}

ARTICLES = {
    # 朝阳区 under two homes.
    "zy-bj": ("12月3日,区长王立新到朝阳区调研,走访了星河电子有限公司。", {"home": "北京市", "source": "甲报"}),
    "zy-cc": ("12月4日,区长赵德明到朝阳区调研,走访了长河机械有限公司。", {"home": "长春市", "source": "乙报"}),
    # 通州 in a Beijing and a Nantong paper (the source's region).
    "tz-bj": ("5月6日,孙志刚在通州考察了京东方科技有限公司。", {"source": "北京晚报"}),
    "tz-nt": ("5月7日,钱文博在通州考察了海安纺织有限公司。", {"source": "南通日报"}),
    # A village name of hundreds of counties, with and without a home.
    "xh-none": ("村党支部书记介绍,新华村今年种植水稻五百亩。", {"source": "丙报"}),
    "xh-home": ("记者来到新华村,村民正在收割水稻。", {"home": "上海市嘉定区", "source": "丁报"}),
    # A renamed county, and a place of no division.
    "renamed": ("记者走进彬县,看到果园一片繁忙。落霞湾也迎来游客。", {"source": "戊报"}),
    # A city's party secretary inside and outside his city.
    "tz-sec": (
        "3月2日,泰州市委书记李卫国到南京市玄武区走访了金陵电子有限公司。3月3日,李卫国到高港区走访了江洲船舶有限公司。",
        {"source": "己报"},
    ),
    # A county paper's 县长 and 市委书记.
    "county": (
        "6月1日,县长周文华到泰和电子有限公司调研。市委书记吴建国到恒丰机械有限公司调研。",
        {"home": "清河县", "source": "庚报"},
    ),
    # An organization's name, a visit stop in a town, a path written whole, a town decided by its neighbour.
    "tongzhou": (
        "通州区运河中医医院开诊。区长郑海明到宋庄镇走访了宏达机械有限公司。台湖镇和宋庄镇的新园区都已开工。北京市通州区宋庄镇建起新园区。",
        {"home": "北京市", "source": "辛报"},
    ),
    # A county the model missed, vouched for by the newsroom (newskg.geo: a place node of its own in both builds).
    "missed": ("城口融媒讯 5月3日,县长冯建华到园区调研。他说,城口要把项目抓实。", {"source": "壬报"}),
}


def _extract(*keys: str) -> list[ArticleExtraction]:
    arts = [Article(id=k, text=ARTICLES[k][0], **ARTICLES[k][1]) for k in keys]
    return list(Extractor(GazetteerBackend(NAMES)).extract(arts))


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph(_extract(*ARTICLES))


def _links(key: str) -> ArticleLinks:
    (ex,) = _extract(key)
    return link_article(ex)


def _place(g: nx.MultiDiGraph, *path: str) -> dict:  # type: ignore[type-arg]
    return g.nodes[place_node_id(path)]  # type: ignore[no-any-return]


def test_zhaoyang_under_two_homes_is_two_places(graph: nx.MultiDiGraph) -> None:
    bj, cc = _place(graph, "北京市", "朝阳区"), _place(graph, "吉林省", "长春市", "朝阳区")
    assert (bj["adcode"], bj["level"], cc["adcode"]) == ("110105", "county", "220104")
    assert bj["link_reason"] == ["article home: article home 北京市"]
    assert bj["latitude"] == pytest.approx(39.9, abs=0.2) and cc["longitude"] == pytest.approx(125.3, abs=0.3)
    # Each visit goes to its own 朝阳区; no unlinked 朝阳区 node is left.
    targets = {v.visitor: v.target for v in api.visits(graph) if v.target == "朝阳区"}
    assert targets == {"王立新": "朝阳区", "赵德明": "朝阳区"}
    assert not graph.has_node("place:朝阳区")
    beijing = place_node_id(("北京市", "朝阳区"))
    visits_to = {u for u, _, d in graph.in_edges(beijing, data=True) if d["type"] == "VISITED"}
    assert visits_to == {"person:王立新"}


def test_tongzhou_in_a_beijing_and_a_nantong_paper(graph: nx.MultiDiGraph) -> None:
    bj, nt = _place(graph, "北京市", "通州区"), _place(graph, "江苏省", "南通市", "通州区")
    assert bj["adcode"] == "110112" and "source: source 北京晚报" in bj["link_reason"]
    assert nt["adcode"] == "320612" and nt["link_reason"] == ["source: source 南通日报"]
    assert "通州" in bj["aliases"] and "通州" in nt["aliases"]


def test_a_village_of_many_counties_is_linked_only_with_evidence(graph: nx.MultiDiGraph) -> None:
    bare = graph.nodes["place:新华村"]  # no evidence: unlinked, with its candidates
    assert "adcode" not in bare and "latitude" not in bare
    assert bare["candidate_count"] >= 50 and len(bare["candidates"]) == CANDIDATE_CAP
    assert all(c.endswith("/新华村") for c in bare["candidates"])
    homed = _place(graph, "上海市", "嘉定区", "江桥镇", "新华村")  # the home's one 新华村
    assert (homed["adcode"], homed["level"]) == ("310114", "village")


def test_a_renamed_county_links_to_today_with_the_old_name_as_alias(graph: nx.MultiDiGraph) -> None:
    node = _place(graph, "陕西省", "咸阳市", "彬州市")
    assert (node["name"], node["aliases"], node["adcode"]) == ("彬州市", ["彬县"], "610482")
    assert node["merge_reasons"] == ["彬县 -> 彬州市: linked to the same division, 陕西省/咸阳市/彬州市"]


def test_a_place_of_no_division_stays_unlinked() -> None:
    res = _links("renamed").place("落霞湾")
    assert res is not None and res.link is None and res.candidates == () and res.candidate_count == 0


def test_paths_written_whole_or_in_pieces_and_a_neighbour_decide(graph: nx.MultiDiGraph) -> None:
    links = _links("tongzhou")
    whole = links.place("北京市通州区宋庄镇")
    assert whole is not None and whole.link is not None and whole.link.key == "北京市/通州区/宋庄镇"
    assert whole.reason == "written path 北京市通州区宋庄镇"
    # 宋庄镇 is also a town of 赣榆区: the home (北京市) narrows, 台湖镇 of the same sentence decides.
    town = links.place("宋庄镇")
    assert town is not None and town.link is not None and town.link.adcode == "110112"
    pieces = _links("tz-sec").place("玄武区")
    assert pieces is not None and pieces.link is not None and pieces.link.path == ("江苏省", "南京市", "玄武区")


def test_hierarchy_reaches_the_province_with_part_of(graph: nx.MultiDiGraph) -> None:
    town = place_node_id(("北京市", "通州区", "宋庄镇"))
    chain = [town]
    while True:
        ups = [v for _, v, d in graph.out_edges(chain[-1], data=True) if d["type"] == "PART_OF"]
        if not ups:
            break
        chain.append(ups[0])
    assert chain == [town, place_node_id(("北京市", "通州区")), place_node_id(("北京市",))]
    edge = next(d for _, v, d in graph.out_edges(town, data=True) if d["type"] == "PART_OF")
    assert edge["basis"] == "gazetteer" and "jionlp" in edge["evidence"] and "article_id" not in edge
    # An ancestor no article names is a Place node of its own, mentioned nowhere.
    province = _place(graph, "吉林省")
    assert province["adcode"] == "220000" and province["mentions"] == 0


def test_officials_jurisdiction_body_level_post(graph: nx.MultiDiGraph) -> None:
    posts = {(p.person, p.written): p for p in _links("county").positions + _links("tz-sec").positions}
    county = posts[("周文华", "县长")]
    assert (county.body, county.level, county.post) == ("government", "county", "县长")
    assert county.jurisdiction is not None and county.jurisdiction.key == "河北省/邢台市/清河县"
    city = posts[("吴建国", "市委书记")]  # a county paper's 市委书记: the city above the county
    assert city.jurisdiction is not None and city.jurisdiction.key == "河北省/邢台市" and city.stated
    named = posts[("李卫国", "泰州市委书记")]
    assert (named.body, named.post, named.level) == ("party committee", "书记", "city")
    assert named.jurisdiction is not None and named.jurisdiction.adcode == "321200"
    # In the graph: the HOLDS_POSITION edges carry them; without an organization, to the jurisdiction.
    held = {(u, v): d for u, v, d in graph.edges(data=True) if d["type"] == "HOLDS_POSITION" and u == "person:周文华"}
    assert list(held) == [("person:周文华", place_node_id(("河北省", "邢台市", "清河县")))]
    d = next(iter(held.values()))
    assert (d["written"], d["body"], d["level"], d["jurisdiction_adcode"]) == ("县长", "government", "county", "130534")


def test_a_visit_knows_whether_the_visitor_came_from_outside(graph: nx.MultiDiGraph) -> None:
    outside = {
        v: d.get("from_outside")
        for u, v, d in graph.edges(data=True)
        if d["type"] == "VISITED" and u == "person:李卫国"
    }
    assert outside[place_node_id(("江苏省", "南京市", "玄武区"))] is True  # Taizhou's secretary in Nanjing
    assert outside["organization:金陵电子有限公司"] is True  # a firm at that stop
    assert outside[place_node_id(("江苏省", "泰州市", "高港区"))] is False  # a district of his own city
    rows = {v.target: v.from_outside for v in api.visits(graph, person="李卫国")}
    assert rows["江洲船舶有限公司"] is False


def test_organizations_lie_where_their_name_or_a_visit_stop_says(graph: nx.MultiDiGraph) -> None:
    located = {
        (u, v): d
        for u, v, d in graph.edges(data=True)
        if d["type"] == "LOCATED_IN" and d.get("article_id") == "tongzhou"
    }
    hospital = located[("organization:通州区运河中医医院", place_node_id(("北京市", "通州区")))]
    assert hospital["basis"] == "the organization's name" and hospital["evidence"] == "通州区运河中医医院开诊。"
    firm = located[("organization:宏达机械有限公司", place_node_id(("北京市", "通州区", "宋庄镇")))]
    assert firm["basis"] == "a visit stop in a place of the same sentence" and "到宋庄镇走访了" in firm["evidence"]


def test_visits_in_a_place_and_all_its_parts(graph: nx.MultiDiGraph) -> None:
    # "firms in 通州区" holds the firm of 宋庄镇; 110112 is Beijing's 通州区, not Nantong's.
    rows = api.visits(graph, within="110112")
    assert {(r.visitor, r.target) for r in rows} >= {("郑海明", "宏达机械有限公司"), ("孙志刚", "京东方科技有限公司")}
    assert "海安纺织有限公司" not in {r.target for r in rows}
    assert {r.target for r in api.visits(graph, within="江苏省/南通市/通州区")} == {"通州区", "海安纺织有限公司"}
    with pytest.raises(api.AmbiguousPlaceError) as err:
        api.visits(graph, within="通州区")
    assert err.value.places == [("110112", "北京市/通州区"), ("320612", "江苏省/南通市/通州区")]
    with pytest.raises(ValueError, match="no place linked to a division"):
        api.visits(graph, within="落霞湾")


def test_cli_visits_in_lists_both_places_of_a_name_and_exits_2(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    write_json(graph, tmp_path / "graph.json")
    res = runner.invoke(app, ["visits", str(tmp_path), "--in", "通州区"])
    assert res.exit_code == 2
    assert "110112 北京市/通州区" in res.output and "320612 江苏省/南通市/通州区" in res.output
    assert "Traceback" not in res.output and len(res.output.strip().splitlines()) <= 2
    ok = runner.invoke(app, ["visits", str(tmp_path), "--in", "320612", "--json"])
    assert ok.exit_code == 0, ok.output
    assert {json.loads(line)["target"] for line in ok.stdout.splitlines()} == {"通州区", "海安纺织有限公司"}


def test_exports_carry_the_fields_outside_tools_read(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    write_json(graph, tmp_path / "graph.json")
    write_graphml(graph, tmp_path / "graph.graphml")
    data = json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))
    node = next(n for n in data["nodes"] if n["id"] == place_node_id(("北京市", "朝阳区")))
    assert {k: node[k] for k in ("adcode", "level", "path")} == {
        "adcode": "110105",
        "level": "county",
        "path": "北京市/朝阳区",
    }
    assert isinstance(node["latitude"], float) and isinstance(node["longitude"], float)
    # GraphML: numeric latitude/longitude keys, which Gephi's Geo Layout takes as they are.
    text = (tmp_path / "graph.graphml").read_text(encoding="utf-8")
    for key in ("latitude", "longitude"):
        assert f'attr.name="{key}" attr.type="double"' in text
    back = read_graph(tmp_path / "graph.graphml")
    assert back.nodes[place_node_id(("北京市", "朝阳区"))]["latitude"] == node["latitude"]
    assert back.nodes["place:新华村"]["candidates"] == graph.nodes["place:新华村"]["candidates"]


def test_linking_can_be_left_out() -> None:
    g = build_graph(_extract("zy-bj", "zy-cc"), link=False)
    assert g.has_node("place:朝阳区") and "adcode" not in g.nodes["place:朝阳区"]


@pytest.fixture()
def no_gazetteer(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The jionlp tree file missing, for this test only (the cached gazetteer is read again afterwards)."""
    gazetteer.load_gazetteer.cache_clear()
    monkeypatch.setattr(gazetteer, "_TREE_FILE", ("dictionary", "no_such_file.zip"))
    yield
    gazetteer.load_gazetteer.cache_clear()


def test_a_missing_dataset_is_one_line_at_start(no_gazetteer: None, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLES["zy-bj"][0], encoding="utf-8")
    res = runner.invoke(app, ["build", str(article), "-o", str(tmp_path / "out")])
    assert res.exit_code == 1
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and "no_such_file.zip is missing: reinstall jionlp" in lines[0]
    assert not (tmp_path / "out").exists()  # said before anything was read or written


def test_the_scorer_counts_links_on_gold_places(graph: nx.MultiDiGraph) -> None:
    ids = {"zy-bj": "zy-bj.txt", "xh-none": "xh-none.txt"}
    g = graph.copy()
    for _, d in g.nodes(data=True):
        if d.get("label") == "Article" and d.get("article_id") in ids:
            d["article_id"] = ids[d["article_id"]]
    for _, _, d in g.edges(data=True):
        if d.get("article_id") in ids:
            d["article_id"] = ids[d["article_id"]]
    places = [
        {"file": "zy-bj.txt", "group": "z", "place": "朝阳区", "linkable": True, "adcode": "110105", "level": "county"},
        {"file": "xh-none.txt", "group": "z", "place": "新华村", "linkable": False, "kind": "undecided"},
        {"file": "zy-bj.txt", "group": "z", "place": "星河", "linkable": True, "adcode": "110105", "level": "town"},
    ]
    titles = [
        {"file": "zy-bj.txt", "group": "z", "person": "王立新", "title": "区长", "status": "linked",
         "jurisdiction": {"adcode": "110105", "level": "county", "path": "北京市/朝阳区"}},
    ]  # fmt: skip
    sc = score_links(g, places, titles).groups["z"]
    assert (sc.gold_linkable, sc.found, sc.linked, sc.right) == (2, 1, 1, 1)
    assert (sc.precision, sc.recall, sc.titles, sc.titles_right) == (1.0, 0.5, 1, 1)


@pytest.mark.hanlp
def test_the_bundled_model_and_the_linker_together(tmp_path: Path, hanlp_backend: HanLPBackend) -> None:
    article = tmp_path / "朝阳区报" / "1.txt"
    article.parent.mkdir()
    article.write_text("12月3日,北京市朝阳区区长王立新到望京街道调研,走访了北京星河电子有限公司。", encoding="utf-8")
    res = api.build([article], tmp_path / "out", backend=hanlp_backend)
    assert res.graph is not None
    linked = {d["path"] for _, d in res.graph.nodes(data=True) if d.get("label") == "Place" and d.get("path")}
    assert {"北京市", "北京市/朝阳区"} <= linked
    assert all("path" not in d or d.get("adcode") for _, d in res.graph.nodes(data=True))


def test_linking_is_done_once_per_process() -> None:
    first, second = Linker(), Linker()
    assert first.g is second.g  # one gazetteer per process


def test_the_dask_build_links_the_same_places(tmp_path: Path) -> None:
    """Homonyms are two nodes in the cluster build too, and every file is the same bytes as the plain build's."""
    from distributed import Client, LocalCluster

    data = tmp_path / "in"
    data.mkdir()
    for i, key in enumerate(ARTICLES):  # one file each: several partitions, several workers
        text, meta = ARTICLES[key]
        (data / f"{i:02d}.jsonl").write_text(
            json.dumps({"id": key, "text": text, **meta}, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    backend = GazetteerBackend(NAMES)
    plain = api.build([data], tmp_path / "plain", backend=backend)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as lc,
        Client(lc) as client,
    ):
        api.build([data], tmp_path / "dask", backend=backend, cluster=client, partition_files=2, graphml=True)
    for name in ("nodes.csv", "edges.csv", "graph.json", "graph.graphml"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "plain" / name).read_bytes(), name
    assert plain.graph is not None
    assert {place_node_id(("北京市", "朝阳区")), place_node_id(("吉林省", "长春市", "朝阳区"))} <= set(plain.graph)
    assert plain.graph.nodes[place_node_id(("重庆市", "城口县"))]["mentions"] == 2  # a place the model missed
    part_of = [(u, v) for u, v, d in plain.graph.edges(data=True) if d["type"] == "PART_OF" and "article_id" not in d]
    assert len(part_of) == len(set(part_of)) > 10  # the gazetteer's PART_OF once, however many files reach it
