"""The article's own evidence for places and jurisdictions (newskg.geo): lists of titles, the home the
text implies, places the model missed, regular short forms.

Every article here is invented (our own words). The divisions are real ones of the gazetteer.
"""

from __future__ import annotations

import pytest

from newskg.extract.pipeline import Extractor
from newskg.geo.link import ArticleLinks, Linker, Position
from newskg.model import Article, ArticleExtraction
from newskg.model import EntityType as T
from tests.fakes import GazetteerBackend


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker()


def _extract(text: str, names: dict[str, T], **meta: str) -> ArticleExtraction:
    (ex,) = Extractor(GazetteerBackend(names)).extract([Article(id="t", text=text, **meta)])
    return ex


def _posts(links: ArticleLinks) -> dict[str, Position]:
    return {f"{p.person} {p.written}": p for p in links.positions}


def _held(links: ArticleLinks) -> dict[str, str | None]:
    return {k: p.jurisdiction.key if p.jurisdiction else None for k, p in _posts(links).items()}


def test_a_bare_title_takes_the_place_of_the_title_before_it_in_its_list(linker: Linker) -> None:
    text = (
        "4月2日,两区在会展中心举行合作座谈。海淀区委书记王立新,区委副书记、区长赵德明;"
        "丰台区委书记孙志刚,区长钱文博参加座谈。"
    )
    names = {n: T.PERSON for n in ("王立新", "赵德明", "孙志刚", "钱文博")}
    names |= {"海淀区委": T.ORGANIZATION, "丰台区委": T.ORGANIZATION, "邯郸市": T.PLACE}
    held = _held(linker.link(_extract(text, names)))
    assert held["赵德明 区长"] == held["赵德明 区委副书记"] == "北京市/海淀区"
    assert held["钱文博 区长"] == "北京市/丰台区"
    post = _posts(linker.link(_extract(text, names)))["钱文博 区长"]
    assert post.reason == "a title before it in its list 丰台区委书记" and post.stated
    # A title of another level before it says nothing of a county's post: the home decides.
    text = "5月6日,邯郸市副市长王立新,县长赵德明到园区调研。"
    held = _held(linker.link(_extract(text, names, home="鸡泽县")))
    assert held["赵德明 县长"] == "河北省/邯郸市/鸡泽县"


def _home(links: ArticleLinks) -> tuple[str, str] | None:
    return (links.home.place.key, links.home.label) if links.home else None


PERSONS = {n: T.PERSON for n in ("王立新", "赵德明", "孙志刚", "钱文博")}


def test_the_newsroom_the_text_names_is_the_home(linker: Linker) -> None:
    text = "3月5日,市长王立新到恒丰机械有限公司调研生产情况。(本文摘自邢台日报)"
    links = linker.link(_extract(text, PERSONS))
    assert _home(links) == ("河北省/邢台市", "newsroom: newsroom 邢台日报")
    post = _posts(links)["王立新 市长"]
    assert post.jurisdiction is not None and post.jurisdiction.key == "河北省/邢台市"
    assert post.reason == "inferred home newsroom: newsroom 邢台日报" and post.stated
    # A national paper quoted, or a paper named by the county of its city's name: no home, or the city.
    assert linker.link(_extract("光明日报记者到车间采访,市长王立新介绍情况。", PERSONS)).home is None
    links = linker.link(_extract("本溪日报记者报道:市长王立新会见客商。", PERSONS))
    assert _home(links) == ("辽宁省/本溪市", "newsroom: newsroom 本溪日报")


def test_a_home_word_before_a_place_says_whose_officials_they_are(linker: Linker) -> None:
    text = "我市清河县举行项目签约仪式,市委书记王立新出席并讲话。"
    links = linker.link(_extract(text, {**PERSONS, "清河县": T.PLACE}))
    assert _home(links) == ("河北省/邢台市", "home word before a place: 我市清河县")
    assert _held(links)["王立新 市委书记"] == "河北省/邢台市"


def test_the_only_county_a_county_paper_writes_is_its_home(linker: Linker) -> None:
    text = "县委书记王立新到鸡泽经济开发区调研。他要求,鸡泽要把党和政府的部署落到实处。县长赵德明参加调研。"
    links = linker.link(_extract(text, PERSONS))
    assert _home(links) == ("河北省/邯郸市/鸡泽县", "the only division of its level: 县: 鸡泽 (2×)")
    assert links.home is not None and not links.home.stated
    assert _held(links) == {"王立新 县委书记": "河北省/邯郸市/鸡泽县", "赵德明 县长": "河北省/邯郸市/鸡泽县"}
    # Once is not enough for a short name, and a name that is also a word (和政 of 党和政府) is none.
    text = "县长赵德明强调,要把党和政府的关怀送到群众手中,党和政府始终惦记着大家。"
    links = linker.link(_extract(text, PERSONS))
    assert links.home is None and _held(links) == {"赵德明 县长": None}
    assert linker.link(_extract("县长赵德明说,鸡泽的产业在壮大。", PERSONS)).home is None


def test_visitors_places_and_a_town_of_another_county_decide_nothing(linker: Linker) -> None:
    # The county of the visitors' sentence is theirs; the hosts' bare titles get none from it.
    text = "清河县考察团来我县考察,县长赵德明陪同。考察团参观了园区。"
    links = linker.link(_extract(text, {**PERSONS, "清河县": T.PLACE}))
    assert links.home is None and _held(links) == {"赵德明 县长": None}
    # Nor do the titles written there: the visiting 清河县县长 says nothing of the hosts' 市长.
    text = "清河县县长赵德明带队来我市考察。市长王立新陪同考察。"
    links = linker.link(_extract(text, {**PERSONS, "清河县": T.PLACE}))
    assert _held(links) == {"赵德明 清河县县长": "河北省/邢台市/清河县", "王立新 市长": None}
    # A short name written twice, and a town of another county: two counties, no home.
    text = "县委书记王立新来到刻木山乡,察看了安福卫生院和安福卫生院新址。"
    links = linker.link(_extract(text, {**PERSONS, "刻木山乡": T.PLACE}))
    assert links.home is None


def test_the_division_of_its_level_written_most_is_the_home(linker: Linker) -> None:
    text = (
        "唐山市在上海市举办投资推介会,副市长王立新致辞。唐山市代表团介绍了唐山市的港口与产业,"
        "唐山市企业与上海市企业签约,唐山市还发布了新政策。"
    )
    links = linker.link(_extract(text, {**PERSONS, "唐山市": T.PLACE, "上海市": T.PLACE}))
    assert _home(links) == ("河北省/唐山市", "the division of its level written most: 市: 唐山市 (5×, 上海市 2×)")
    assert _held(links)["王立新 副市长"] == "河北省/唐山市"


def test_a_place_the_model_missed_is_found_where_the_article_vouches_for_it(linker: Linker) -> None:
    # The newsroom's county, written bare in the dateline and the text, and once inside a park's name.
    text = "城口融媒讯 5月3日,县长赵德明到城口工业园区调研。他说,城口要把项目抓实。"
    links = linker.link(_extract(text, PERSONS))
    assert [(m.name, m.start) for m in links.mentions] == [("城口", 0), ("城口", text.rindex("城口"))]
    place = links.place("城口")
    assert place is not None and place.link is not None and place.link.key == "重庆市/城口县"
    assert place.reason == "the article's home (dateline 城口融媒)"
    # The headline writes the city in full: its bare name in the text is the city.
    ex = _extract("他强调,要为四平发展多作贡献。", PERSONS, title="四平市召开工业发展大会")
    links = linker.link(ex)
    assert [m.name for m in links.mentions] == ["四平"]
    assert links.place("四平").reason == "written in full in the headline: 四平市"  # type: ignore[union-attr]
    # Nothing vouches for a bare name written once: no place.
    assert linker.link(_extract("县长赵德明说,要把城口的经验学到手。", PERSONS)).mentions == ()


def test_a_missed_place_is_its_division_s_node_in_the_graph() -> None:
    from newskg.graph.build import build_graph
    from newskg.graph.schema import place_node_id

    text = "城口融媒讯 5月3日,县长赵德明到城口工业园区调研。他说,城口要把项目抓实。"
    g = build_graph([_extract(text, PERSONS)])
    node = place_node_id(("重庆市", "城口县"))
    assert g.nodes[node]["aliases"] == ["城口"] and g.nodes[node]["mentions"] == 2
    assert g.nodes[node]["link_reason"] == ["the article's home (dateline 城口融媒)"]
    (count,) = [d["count"] for _, v, d in g.out_edges(node, data=True) if d["type"] == "MENTIONED_IN"]
    assert count == 2
    post = next(d for u, _, d in g.edges(data=True) if d["type"] == "HOLDS_POSITION" and u == "person:赵德明")
    assert post["jurisdiction"] == "重庆市/城口县"


def test_regular_short_forms_of_banners_parks_and_newsrooms(linker: Linker) -> None:
    # A banner without 旗, at the start of a park's name, is the banner paper's home.
    text = "旗委书记王立新到达拉特经济开发区调研,旗长赵德明陪同。"
    links = linker.link(_extract(text, PERSONS))
    assert _home(links) == ("内蒙古自治区/鄂尔多斯市/达拉特旗", "the only division of its level: 旗: 达拉特 (1×)")
    assert _held(links)["赵德明 旗长"] == "内蒙古自治区/鄂尔多斯市/达拉特旗"
    # 前旗, which four banners share, is the one of the article's home.
    links = linker.link(_extract("记者在前旗看到,春耕已经开始。", {"前旗": T.PLACE}, home="兴安盟"))
    place = links.place("前旗")
    assert place is not None and place.link is not None and place.link.name == "科尔沁右翼前旗"
    assert len(linker_candidates(linker, "前旗")) == 4
    # A district's short name before a park's suffix, once, is written in full enough.
    links = linker.link(_extract("区长王立新到雁塔科技产业园调研。", PERSONS))
    assert _held(links)["王立新 区长"] == "陕西省/西安市/雁塔区"
    # A newsroom's name: a banner's short name, a word, then a newsroom's suffix.
    links = linker.link(_extract("旗长王立新检查安全生产。来源:西乌旗融媒平台", PERSONS))
    assert _home(links) == ("内蒙古自治区/锡林郭勒盟/西乌珠穆沁旗", "newsroom: newsroom 西乌旗融媒")


def linker_candidates(linker: Linker, name: str) -> list[str]:
    return ["/".join(linker.g.path(d)) for d, _ in linker.g.match(name)]


def test_a_municipality_decides_its_towns_as_a_prefecture_does(linker: Linker) -> None:
    # 宋庄 is a town of Beijing and of 连云港: a Beijing paper's 宋庄 is Beijing's.
    links = linker.link(_extract("记者来到宋庄,画家们正在布展。", {"宋庄": T.PLACE}, home="北京市"))
    place = links.place("宋庄")
    assert place is not None and place.link is not None and place.link.key == "北京市/通州区/宋庄镇"
    assert place.reason == "article home: article home 北京市"


def test_a_city_by_its_first_character_and_places_listed_with_a_linked_one(linker: Linker) -> None:
    text = "记者从乌兰浩特市获悉,在乌市、前旗之间修建的公路将于年内通车。"
    links = linker.link(_extract(text, {"乌兰浩特市": T.PLACE}))
    found = {m.name: links.place(m.name) for m in links.mentions}
    assert set(found) == {"乌市", "前旗"}
    assert found["乌市"].link.name == "乌兰浩特市"  # type: ignore[union-attr]
    assert found["乌市"].reason == "short for 乌兰浩特市, which the article names"  # type: ignore[union-attr]
    assert found["前旗"].link.name == "科尔沁右翼前旗"  # type: ignore[union-attr]
    assert found["前旗"].reason == "listed with 乌市"  # type: ignore[union-attr]
    # Siblings listed after a district written in full, each decided by the one before it.
    links = linker.link(_extract("记者走访了北京市昌平区、大兴、顺义的多家工厂。", {"北京市昌平区": T.PLACE}))
    assert {m.name: links.place(m.name).link.key for m in links.mentions} == {  # type: ignore[union-attr]
        "大兴": "北京市/大兴区",
        "顺义": "北京市/顺义区",
    }
    # Words ending in 市 are no abbreviation: 上市 in an article naming 上海市, 都市 with 都江堰市.
    text = "上海市一家企业去年上市,都江堰市正在规划都市农业。"
    assert linker.link(_extract(text, {"上海市": T.PLACE, "都江堰市": T.PLACE})).mentions == ()


def test_a_district_of_four_names_is_the_one_holding_the_town_the_article_writes(linker: Linker) -> None:
    text = "记者从郊区获悉,荫营镇今年新建了三座厂房,区政协主席王立新到现场察看。"
    links = linker.link(_extract(text, {**PERSONS, "郊区": T.PLACE}))
    place = links.place("郊区")
    assert place is not None and place.link is not None and place.link.key == "山西省/阳泉市/郊区"
    assert place.reason == "a town of it written in the article: 荫营镇"
    # A town written nowhere: the four 郊区 stay candidates.
    links = linker.link(_extract("记者从郊区获悉,今年新建了三座厂房。", {"郊区": T.PLACE}))
    place = links.place("郊区")
    assert place is not None and place.link is None and place.candidate_count == 4
    # Missed by the model, the full name 郊区 in an article naming 佳木斯市 is 佳木斯's 郊区.
    links = linker.link(_extract("佳木斯市召开招商会,郊区介绍了投资政策。", {"佳木斯市": T.PLACE}))
    assert [m.name for m in links.mentions] == ["郊区"]
    place = links.place("郊区")
    assert place is not None and place.link is not None and place.link.key == "黑龙江省/佳木斯市/郊区"
    assert place.reason == "in 佳木斯市, which the article names"


def test_a_title_s_place_after_the_party_s_name(linker: Linker) -> None:
    text = "6月8日,中共双阳区委常委王立新出席座谈会。"
    links = linker.link(_extract(text, {**PERSONS, "中共双阳区委": T.ORGANIZATION}))
    assert _held(links) == {"王立新 中共双阳区委常委": "吉林省/长春市/双阳区"}
    assert _posts(links)["王立新 中共双阳区委常委"].reason.startswith("written in the title")
