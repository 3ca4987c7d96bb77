"""Kinds of construction that news the team had not read showed, each in a sentence the team wrote.

The fake model below makes the mistakes a real one makes on such text (two
firms in one span, a firm's short name read as a person), so each test pins
what the rule layer does with them. ``test_*_real_model`` runs the shipped model.
"""

from __future__ import annotations

import datetime as dt

import pytest

from newskg.extract.pipeline import Extractor, entities_of
from newskg.identity import text_hash
from newskg.model import Article, ArticleExtraction, EntityType, RelationType
from newskg.ner.backend import HanLPBackend
from tests.fakes import GazetteerBackend

P, O, L = EntityType.PERSON, EntityType.ORGANIZATION, EntityType.PLACE
NAMES = {
    "高远": P,
    "李静": P,
    "王明": P,
    "华远钢构厂及大成木业有限公司": O,  # the model's one span over two firms
    "沃德": P,  # a firm's short name read as a person
    "青禾": P,
    "恒达机械": O,
    "城南污水处理厂": O,
    "市民服务中心": O,
    "青山湖湿地公园": L,
    "江城市": L,
    "江城恒达机械有限公司": O,
    "江城高新区": O,
    "青山县": L,
    "城北加油站": O,
    "中东": L,
    "非洲": L,
    "恒达机械有限公司": O,
    "江城经济开发区": O,
    "华晟电子": O,
}


def _extract(text: str, title: str = "", backend: GazetteerBackend | HanLPBackend | None = None) -> ArticleExtraction:
    art = Article(id=text_hash(text), title=title, text=text, date=dt.date(2025, 3, 4), source="青阳县融媒体中心")
    return Extractor(backend or GazetteerBackend(NAMES)).extract_one(art)


def _visits(ex: ArticleExtraction) -> set[tuple[str, str]]:
    return {(r.head.name, r.tail.name) for r in ex.relations if r.type is RelationType.VISITED and r.tail}


def test_two_firms_joined_by_ji_in_one_span_are_two_stops() -> None:
    ex = _extract("3月2日,县长李静先后走访了华远钢构厂及大成木业有限公司。")
    assert _visits(ex) == {("李静", "华远钢构厂"), ("李静", "大成木业有限公司")}
    assert {e["name"] for e in entities_of(ex) if e["type"] == "ORGANIZATION"} == {"华远钢构厂", "大成木业有限公司"}


@pytest.mark.parametrize(
    "tail",
    ["等企业的一线职工", "3家企业的困难职工", "等企业的干部职工"],
)
def test_firms_by_short_names_whose_people_are_visited(tail: str) -> None:
    ex = _extract(f"春节前夕,县委书记高远走访慰问了沃德电缆、青禾农业、远航物流{tail}。")
    assert _visits(ex) == {("高远", "沃德电缆"), ("高远", "青禾农业"), ("高远", "远航物流")}
    assert "沃德" not in {e["name"] for e in entities_of(ex)}  # the list's noun says firm, not person


def test_a_facility_named_after_its_public_is_a_stop() -> None:
    text = "近日,市人大常委会副主任王明带领部分市人大代表,先后参观考察了城南污水处理厂、市民服务中心和青山湖湿地公园。"
    assert _visits(_extract(text)) == {
        ("王明", "城南污水处理厂"),
        ("王明", "市民服务中心"),
        ("王明", "青山湖湿地公园"),
    }


def test_the_headlines_named_group_visits_its_members_stops() -> None:
    text = "3月2日,县委书记高远带队赴江城市考察学习。高远一行先后来到江城恒达机械有限公司、江城高新区。"
    ex = _extract(text, title="青阳县党政代表团赴江城考察学习")
    targets = {"江城市", "江城恒达机械有限公司", "江城高新区"}
    assert _visits(ex) == {(v, t) for v in ("高远", "青阳县党政代表团") for t in targets}
    # A body that names its own group as visitor keeps it: the headline adds nobody.
    body = "3月2日,县委书记高远率青阳县经贸考察团来到江城高新区。"
    assert _visits(_extract(body, title="青阳县党政代表团赴江城考察学习")) == {
        ("高远", "江城高新区"),
        ("青阳县经贸考察团", "江城高新区"),
    }


def test_a_place_written_by_one_character_is_the_area_of_a_title() -> None:
    ex = _extract("3月2日,江城市委书记高远一行来江考察。")
    assert _visits(ex) == {("高远", "江城市")}


def test_an_inspection_in_a_county_visits_the_county_and_its_stops() -> None:
    ex = _extract("3月2日,市委书记高远在青山县检查安全生产工作,先后来到恒达机械有限公司、城北加油站。")
    assert _visits(ex) == {("高远", "青山县"), ("高远", "恒达机械有限公司"), ("高远", "城北加油站")}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("连日来,县长李静深入城区部分企业、工地、商场,检查安全生产工作。", set()),  # kinds of places, none named
        ("3月2日,县长李静来到恒达机械有限公司,察看了组装、检测等环节。", {("李静", "恒达机械有限公司")}),
        (
            "3月2日,副市长李静来到恒达机械有限公司调研。在展厅,李静了解到该公司产品远销中东、非洲等地区。",
            {("李静", "恒达机械有限公司")},
        ),
    ],
)
def test_kinds_of_places_work_and_markets_are_no_stops(text: str, want: set[tuple[str, str]]) -> None:
    assert _visits(_extract(text)) == want


def test_a_project_site_under_construction_is_one_stop() -> None:
    text = "3月2日,市委书记高远到江城经济开发区调研,先后察看了华晟电子项目施工现场和万和精密二期工程。"
    assert _visits(_extract(text)) == {("高远", "江城经济开发区"), ("高远", "华晟电子"), ("高远", "万和精密二期工程")}


@pytest.mark.hanlp
def test_these_constructions_with_the_real_model(hanlp_backend: HanLPBackend) -> None:
    cases = {
        "3月2日,县长李静先后走访了华远钢构厂及大成木业有限公司。": {
            ("李静", "华远钢构厂"),
            ("李静", "大成木业有限公司"),
        },
        "春节前夕,县委书记高远走访慰问了沃德电缆、骏驰拖拉机、恒源热电等企业的一线职工。": {
            ("高远", "沃德电缆"),
            ("高远", "骏驰拖拉机"),
            ("高远", "恒源热电"),
        },
        "3月2日,扬州市委书记高远一行来扬考察。": {("高远", "扬州市")},
        "连日来,县长李静深入城区部分企业、工地、商场,检查安全生产工作。": set(),
    }
    for text, want in cases.items():
        assert _visits(_extract(text, backend=hanlp_backend)) == want, text


KINDS = {
    **NAMES,
    "张伟": P,
    "赵强": P,
    "江城": L,
    "金沙县": L,
    "金沙高新区": O,
    "恒通集团": O,
    "星河科技有限公司": O,
    "白沙镇": L,
    "东坡村": L,
    "海川县": L,
    "海川县考察团": O,
}


def _kinds(text: str, title: str = "") -> set[tuple[str, str]]:
    return _visits(_extract(text, title, backend=GazetteerBackend(KINDS)))


def test_a_led_team_moving_to_a_place_visits_it_without_a_purpose_verb() -> None:
    assert _kinds("3月2日,海川县县长张伟带队到我县对接协作工作。") == {("张伟", "我县")}  # the home is unknown here
    text = "3月2日,张伟带队,赴金沙高新区学习借鉴产业发展经验。考察团一行参观了星河科技有限公司。"
    assert _kinds(text) == {("张伟", "金沙高新区"), ("张伟", "星河科技有限公司")}


def test_names_that_went_separately_each_lead_their_own_trip() -> None:
    text = "春节前夕,县委书记张伟,县长赵强分别率队走访慰问部分企业。张伟一行先后走访了恒通集团、星河科技有限公司。"
    assert _kinds(text) == {("张伟", "恒通集团"), ("张伟", "星河科技有限公司")}


def test_a_generic_group_word_is_the_named_group_and_the_trips_leader() -> None:
    text = "3月2日,张伟带队来我县考察。考察团一行先后来到恒通集团、星河科技有限公司。"
    want = {(v, t) for v in ("张伟", "海川县考察团") for t in ("我县", "恒通集团", "星河科技有限公司")}
    assert _kinds(text, title="海川县考察团来青阳考察") == want
    # A group named in the text keeps to its own: another official's earlier trip gives it no leader.
    text = "3月2日,县长张伟到东坡村调研。当天下午,海川县考察团来到恒通集团参观。"
    assert _kinds(text) == {("张伟", "东坡村"), ("海川县考察团", "恒通集团")}


def test_a_group_name_stops_at_a_function_word() -> None:
    text = "3月2日,张伟带队来我县考察。我县的发展成效给海川县考察团留下深刻印象。考察团一行来到恒通集团。"
    visitors = {v for v, _ in _kinds(text)}
    assert "海川县考察团" in visitors and not any("给" in v for v in visitors)


def test_calls_and_study_visits_are_visits() -> None:
    assert _kinds("3月2日,张伟一行参访了恒通集团。") == {("张伟", "恒通集团")}
    assert _kinds("3月2日,张伟拜访了星河科技有限公司。") == {("张伟", "星河科技有限公司")}


def test_a_movement_advised_against_is_no_visit() -> None:
    assert _kinds("张伟要求企业员工非必要不前往金沙县,避免前往白沙镇。") == set()


def test_the_home_arrived_at_is_visited_but_not_the_home_that_qualifies_a_name() -> None:
    assert _kinds("3月2日,张伟一行专程来到我县结对考察。") == {("张伟", "我县")}
    assert _kinds("3月2日,张伟深入我市金沙县、白沙镇调研。") == {("张伟", "金沙县"), ("张伟", "白沙镇")}


def test_a_firm_after_a_purpose_verb_that_takes_it_as_object() -> None:
    assert _kinds("3月2日,张伟带领考察团前往江城考察对接恒通集团。") == {("张伟", "江城"), ("张伟", "恒通集团")}


def test_a_quoted_name_after_its_place_is_the_stop() -> None:
    names = {**KINDS, "白沙": L}
    text = "3月2日,张伟一行先后考察了白沙“玫瑰小镇”、“云栖谷”生态项目和恒通集团等地。"
    got = _visits(_extract(text, backend=GazetteerBackend(names)))
    assert {t for _, t in got} == {"玫瑰小镇", "云栖谷生态", "恒通集团"}  # a project is written by its site


def test_a_firm_with_its_branch_in_brackets_is_one_stop() -> None:
    names = {**KINDS, "星河超市": L, "(城东旗舰店": L}  # the model's cut, bracket and all
    got = _visits(_extract("3月2日,在星河超市(城东旗舰店),张伟检查了消防设施。", backend=GazetteerBackend(names)))
    assert got == {("张伟", "星河超市(城东旗舰店)")}


def test_a_span_of_title_and_name_is_the_person() -> None:
    names = {**KINDS, "金沙区委书记张伟带队": O}  # the model's one span over a title, a name and a verb
    text = "第一督查组由金沙区委书记张伟带队,对恒通集团、星河科技有限公司进行安全生产督查。"
    ex = _extract(text, backend=GazetteerBackend(names))
    assert _visits(ex) == {("张伟", "恒通集团"), ("张伟", "星河科技有限公司")}
    assert {e["name"] for e in entities_of(ex) if e["type"] == "PERSON"} == {"张伟"}


def test_a_name_opening_with_zhong_after_a_visit_verb_is_no_noun_use() -> None:
    names = {**KINDS, "中恒钢铁": O, "中明科技": O}
    text = "大年三十上午,市委书记张伟走访慰问中恒钢铁、中明科技等重点企业。"
    assert _visits(_extract(text, backend=GazetteerBackend(names))) == {("张伟", "中恒钢铁"), ("张伟", "中明科技")}
    # "调研中" is still the noun: no visit to what follows it.
    assert _kinds("张伟在调研中强调,要抓好生产。") == set()


def test_the_stops_day_named_after_a_vague_one_in_its_sentence() -> None:
    text = "近日,张伟赴江城招商,于3月2日至4日期间走访了恒通集团、星河科技有限公司。"
    art = Article(id=text_hash(text), text=text, date=dt.date(2023, 3, 6))
    ex = Extractor(GazetteerBackend(KINDS)).extract_one(art)
    days = {(r.tail.name, r.date, r.date_end) for r in ex.relations if r.type is RelationType.VISITED and r.tail}
    assert days == {(t, dt.date(2023, 3, 2), dt.date(2023, 3, 4)) for t in ("江城", "恒通集团", "星河科技有限公司")}
    # A later day of something else in the sentence is not the stop's day.
    text = "近日,张伟来到恒通集团调研,该公司自去年投产以来,3月1日首批产品下线。"
    art = Article(id=text_hash(text), text=text, date=dt.date(2023, 3, 6))
    ex = Extractor(GazetteerBackend(KINDS)).extract_one(art)
    assert {(r.date, r.date_approx) for r in ex.relations if r.type is RelationType.VISITED} == {
        (dt.date(2023, 3, 6), True)
    }


def test_a_dateline_under_a_caption_still_leads_the_report() -> None:
    text = (
        "图为考察团参观星河科技有限公司\n"
        "江城新闻网讯 1月14日,张伟一行来我县考察。考察团一行先后参观了恒通集团、星河科技有限公司。"
    )
    art = Article(id=text_hash(text), text=text, date=dt.date(2013, 1, 15))
    ex = Extractor(GazetteerBackend(KINDS)).extract_one(art)
    assert {r.date for r in ex.relations if r.type is RelationType.VISITED} == {dt.date(2013, 1, 14)}


def test_one_place_written_two_ways_is_what_one_character_stands_for() -> None:
    names = {**KINDS, "江城": L, "江城市": L}
    text = "3月2日,海川县党政代表团来江考察。此次来江考察,海川县将借鉴江城市的经验,学习江城的做法。"
    got = _visits(_extract(text, backend=GazetteerBackend(names)))
    assert got == {("海川县党政代表团", "江城市")}


@pytest.mark.parametrize(
    "text",
    [
        "张伟指出,要深入贯彻黄河国家战略,深入推进金沙县生态保护。",  # 深入 as "thoroughly"
        "考察团表示,回去后要把这些经验推广到金沙县各乡镇。",  # a reach, no movement
    ],
)
def test_thoroughly_and_spreading_are_no_movements(text: str) -> None:
    names = {**KINDS, "黄河": L}
    assert _visits(_extract(text, backend=GazetteerBackend(names))) == set()


def test_a_group_named_after_in_the_inspection_is_not_named_by_it() -> None:
    text = "3月2日,海川县考察团来我县考察。在考察中考察团表示,收获很大。考察团一行来到恒通集团。"
    visitors = {v for v, _ in _kinds(text)}
    assert visitors == {"海川县考察团"}


def test_rooms_of_a_school_and_a_locative_phrase_are_no_names() -> None:
    text = "3月2日,张伟一行来到学校行政楼,参观了校史室和校园。"
    assert _kinds(text) == set()
    assert _kinds("3月2日,张伟来到会展中心周边的玫瑰田园项目现场调研。") == {("张伟", "玫瑰田园")}


def test_a_span_over_visitor_verb_and_firm_is_cut_at_the_verb() -> None:
    names = {**KINDS, "张伟深入星河科技有限公司": O}  # the model's one span
    text = "鞋业是我市的支柱产业。张伟深入星河科技有限公司,察看了生产线。"
    ex = _extract(text, backend=GazetteerBackend(names))
    assert _visits(ex) == {("张伟", "星河科技有限公司")}
    # A group noun after the verb is no verb: "海川县考察团" stays one name.
    assert {v for v, _ in _kinds("3月2日,海川县考察团来到恒通集团。")} == {"海川县考察团"}


def test_a_list_inside_a_list_is_closed_by_its_own_noun() -> None:
    text = "3月2日,张伟一行先后参观了恒通集团、远航物流等园区企业及东坡祖居等地。"
    assert {t for _, t in _kinds(text)} == {"恒通集团", "远航物流", "东坡祖居"}


def test_a_zone_before_the_first_firm_of_a_list_is_where_the_list_is() -> None:
    text = "3月2日,张伟到金沙高新区明远、远航物流等重点企业走访调研。"
    assert {t for _, t in _kinds(text)} == {"金沙高新区", "明远", "远航物流"}
    # A kind of site after the zone is the zone's own: "金沙高新区苗木基地" stays whole.
    assert {t for _, t in _kinds("3月2日,张伟一行考察了金沙高新区苗木基地、恒通集团等地。")} == {
        "金沙高新区苗木基地",
        "恒通集团",
    }


def test_a_finished_visit_is_a_time_not_a_visit() -> None:
    assert _kinds("参观完毕,江城市领导与海川县领导合影留念。") == set()


def test_the_trips_day_is_named_after_its_verb() -> None:
    text = "近日,张伟带队赴江城考察,于3月2日至4日期间走访企业。张伟一行先后走访了恒通集团。"
    art = Article(id=text_hash(text), text=text, date=dt.date(2023, 3, 6))
    ex = Extractor(GazetteerBackend(KINDS)).extract_one(art)
    days = {(r.tail.name, r.date) for r in ex.relations if r.type is RelationType.VISITED and r.tail}
    assert days == {("江城", dt.date(2023, 3, 2)), ("恒通集团", dt.date(2023, 3, 2))}


def test_cities_written_before_their_counties_in_a_list_of_pairs_only_locate_them() -> None:
    names = {**KINDS, "江城市": L, "东山县": L, "海川市": L, "西岭区": L, "白石市": L, "北岗县": L, "南岗县": L}
    text = "1月4日,市委书记张伟率党政代表团前往江城市东山县、海川市西岭区学习考察。"
    assert _visits(_extract(text, backend=GazetteerBackend(names))) == {("张伟", "东山县"), ("张伟", "西岭区")}
    # One city before a list of its counties is visited too (the development set's convention).
    text = "3月2日,张伟来到白石市北岗县、南岗县调研。"
    assert {t for _, t in _visits(_extract(text, backend=GazetteerBackend(names)))} == {"白石市", "北岗县", "南岗县"}


def test_a_home_word_is_no_entity_of_its_own_but_stays_the_target() -> None:
    ex = _extract("3月2日,张伟一行专程来到我县结对考察。", backend=GazetteerBackend(KINDS))
    assert _visits(ex) == {("张伟", "我县")}  # the graph names it by the source's home
    assert "我县" not in {e["name"] for e in entities_of(ex)}


def test_a_project_site_the_model_found_pieces_of_is_one_stop() -> None:
    names = {**KINDS, "甲科": L}  # a fragment of the site's name read as a place
    text = "3月2日,张伟一行先后深入到恒通集团及科创园甲科热能项目施工现场,了解建设进度。"
    got = {t for _, t in _visits(_extract(text, backend=GazetteerBackend(names)))}
    assert got == {"恒通集团", "科创园甲科热能"}


def test_a_one_character_place_shared_by_the_names_of_the_article() -> None:
    names = {**KINDS, "海川县调研组": O, "江城火山地质公园": L, "江城国际陆港": O, "江城市发改委": O}
    text = "6月5日,海川县调研组莅江实地调研,江城市发改委陪同。调研组一行先后深入江城火山地质公园、江城国际陆港。"
    got = {t for _, t in _visits(_extract(text, backend=GazetteerBackend(names)))}
    assert got == {"江城", "江城火山地质公园", "江城国际陆港"}
    # Names that share a firm's brand give no place: "来华" beside two 华为 names is not 华为.
    names = {**KINDS, "汉斯": P, "华为技术有限公司": O, "华为终端有限公司": O}
    text = "德国客商汉斯一行来华考察,先后参观了华为技术有限公司、华为终端有限公司。"
    assert "华为" not in {t for _, t in _visits(_extract(text, backend=GazetteerBackend(names)))}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("春节前夕,县长张伟特意到东坡村看望困难党员。", {("张伟", "东坡村")}),  # 特意到: a movement
        ("县长张伟与县委常委班子成员集体到江城烈士纪念馆参观学习。", {("张伟", "江城烈士纪念馆")}),
        ("县长张伟要求各乡镇干部到东坡村开展防汛隐患排查。", set()),  # someone else's errand
        ("县长张伟率队赴金沙县参加全省农产品交易会。", set()),  # a led team going to attend
        ("张伟了解到,恒通集团产品已销往金沙县。", set()),  # a reach
    ],
)
def test_movements_and_what_looks_like_them(text: str, want: set[tuple[str, str]]) -> None:
    names = {**KINDS, "江城烈士纪念馆": L}
    assert _visits(_extract(text, backend=GazetteerBackend(names))) == want


def test_names_holding_a_visit_verb_are_not_cut() -> None:
    names = {**KINDS, "江城县人民政府教育督导室": O, "江城乡村振兴调研基地": O}
    text = "3月2日,张伟来到江城县人民政府教育督导室和江城乡村振兴调研基地。"
    assert {t for _, t in _visits(_extract(text, backend=GazetteerBackend(names)))} == {
        "江城县人民政府教育督导室",
        "江城乡村振兴调研基地",
    }


def test_two_stops_joined_by_yiji_in_one_span_are_two() -> None:
    names = {**KINDS, "滨河公园以及市图书馆": L}
    got = _visits(_extract("3月2日,张伟先后到滨河公园以及市图书馆调研。", backend=GazetteerBackend(names)))
    assert got == {("张伟", "滨河公园"), ("张伟", "市图书馆")}


def test_the_headlines_group_does_not_take_the_hosts_own_trip() -> None:
    text = "3月2日,海川县县长张伟带队来我县考察恒通集团。同日,县长赵强到星河科技有限公司调研。"
    got = _kinds(text, title="海川县党政代表团来青阳考察")
    assert got == {
        ("张伟", "我县"),
        ("张伟", "恒通集团"),
        ("海川县党政代表团", "我县"),
        ("海川县党政代表团", "恒通集团"),
        ("赵强", "星河科技有限公司"),
    }


def test_a_group_its_people_make_up_is_the_visitor() -> None:
    text = "6月5日,由张伟、赵强等组成的国企外部董事第四调研组来到恒通集团实地调研。"
    assert _kinds(text) == {("国企外部董事第四调研组", "恒通集团")}  # not its members


def test_a_zones_part_named_after_its_parent_is_one_stop() -> None:
    # The model reads the city and the part's first word as places: 江城 | 综合保税区 | 北湖 | 园区.
    names = {**NAMES, "江城": L, "北湖": L, "东山": L}
    backend = GazetteerBackend(names)
    ex = _extract("3月2日,王明来到江城综合保税区北湖园区,听取园区建设情况。", backend=backend)
    assert _visits(ex) == {("王明", "江城综合保税区北湖园区")}
    ex = _extract("3月2日,王明先后来到江城高新区东山片区、恒达机械调研。", backend=backend)
    assert _visits(ex) == {("王明", "江城高新区东山片区"), ("王明", "恒达机械")}
    # A zone named alone, and a park inside a city, stay as they were.
    ex = _extract("3月2日,王明来到江城经济开发区、青山湖湿地公园调研。", backend=backend)
    assert _visits(ex) == {("王明", "江城经济开发区"), ("王明", "青山湖湿地公园")}


def test_a_project_site_written_after_its_county_is_one_stop() -> None:
    # The model finds the district and the square; the listed item is the project site they name.
    names = {**NAMES, "滨江新区": L, "欧亚广场": L, "兰里镇": L, "青山县": L, "城南新区": L}
    backend = GazetteerBackend(names)
    ex = _extract("3月2日,王明来到滨江新区欧亚广场项目调研。", backend=backend)
    assert _visits(ex) == {("王明", "滨江新区欧亚广场")}
    # Two divisions are no site: the county says where the new district is.
    ex = _extract("3月2日,王明来到青山县城南新区建设项目调研。", backend=backend)
    assert _visits(ex) == {("王明", "城南新区")}


def test_a_site_whose_name_quotes_a_slogan_is_one_stop() -> None:
    names = {**NAMES, "青山县": L}
    backend = GazetteerBackend(names)
    ex = _extract("3月2日,王明先后来到恒达机械、青山县乡村振兴“三产融合”示范区项目调研。", backend=backend)
    assert _visits(ex) == {("王明", "恒达机械"), ("王明", "青山县乡村振兴“三产融合”示范区")}
    # A slogan alone is no stop.
    ex = _extract("3月2日,王明来到恒达机械调研“三产融合”工作。", backend=backend)
    assert _visits(ex) == {("王明", "恒达机械")}


def test_a_district_written_before_a_list_of_its_communities_is_visited_too() -> None:
    # The model reads the district and its first community as one span; the list is closed by 等地.
    names = {**NAMES, "青山新区长岭社区": L, "黄石社区": L, "湖东社区": L}
    ex = _extract("2月4日,王明深入青山新区长岭社区、黄石社区、湖东社区等地开展慰问。", backend=GazetteerBackend(names))
    assert _visits(ex) == {("王明", n) for n in ("青山新区", "长岭社区", "黄石社区", "湖东社区")}
    # The model stopped before 新区: the district's name goes on over it.
    names = {**NAMES, "青山": L, "长岭社区": L, "黄石社区": L}
    ex = _extract("2月4日,王明深入青山新区长岭社区、黄石社区等地开展慰问。", backend=GazetteerBackend(names))
    assert _visits(ex) == {("王明", n) for n in ("青山新区", "长岭社区", "黄石社区")}
    # Before one village alone the town only says where it is.
    names = {**NAMES, "柳河镇张庄村": L}
    ex = _extract("2月4日,王明来到柳河镇张庄村开展慰问。", backend=GazetteerBackend(names))
    assert _visits(ex) == {("王明", "张庄村")}


def test_a_county_before_its_town_in_a_list_of_other_stops_only_says_where() -> None:
    names = {**NAMES, "州人民医院": O, "青山县": L, "柳河镇": L, "大坪镇": L, "黄石镇": L}
    backend = GazetteerBackend(names)
    # The next item is another kind of stop: the county only says where the town is.
    ex = _extract("3月2日,王明到州人民医院、青山县柳河镇、江城经济开发区,看望慰问一线职工。", backend=backend)
    assert _visits(ex) == {("王明", "州人民医院"), ("王明", "柳河镇"), ("王明", "江城经济开发区")}
    # Its other towns follow: the county is visited too.
    ex = _extract("3月2日,王明到青山县柳河镇、大坪镇、黄石镇,看望慰问一线职工。", backend=backend)
    assert _visits(ex) == {("王明", n) for n in ("青山县", "柳河镇", "大坪镇", "黄石镇")}


def test_a_family_name_and_post_is_the_person_not_a_cut_name() -> None:
    # The model reads the family name and the post's first character as a name (周书|记).
    names = {**NAMES, "周书": P, "周立新": P, "东岗村": L}
    backend = GazetteerBackend(names)
    ex = _extract("3月2日,县委书记周立新到我县实地调研。在东岗村,周书记查看了大棚长势。", backend=backend)
    assert _visits(ex) == {("周立新", "我县"), ("周立新", "东岗村")}
    ex = _extract("3月2日,周书记到东岗村实地调研。", backend=backend)
    assert _visits(ex) == {("周书记", "东岗村")}


def test_places_that_name_no_place_and_invitations_are_no_stops() -> None:
    names = {**NAMES, "外地": L, "白沙县": L, "青山地产": O, "新区": L}
    backend = GazetteerBackend(names)
    assert _visits(_extract("3月2日,县委书记王明带队赴外地考察学习。", backend=backend)) == set()
    ex = _extract("3月2日,县长王明在推介会上表示,期待各位客商来白沙县参观考察。", backend=backend)
    assert _visits(ex) == set()
    ex = _extract("3月2日,王明来到位于新区的青山地产项目调研。", backend=backend)
    assert _visits(ex) == {("王明", "青山地产")}


def test_a_venue_opening_a_sentence_with_no_visit_is_no_stop() -> None:
    names = {**NAMES, "市政大厦": L, "恒达集团": O, "高远": P}
    backend = GazetteerBackend(names)
    ex = _extract("3月2日,在市政大厦主会场,副市长高远与恒达集团代表进行了网上签约。", backend=backend)
    assert _visits(ex) == set()
    # Firms opening a sentence before the visitor, with no meeting: they are visited.
    ex = _extract("3月2日,在恒达机械、华晟电子等企业,副市长高远详细了解生产经营状况。", backend=backend)
    assert _visits(ex) == {("高远", "恒达机械"), ("高远", "华晟电子")}
    # Inside a trip, a place opening the sentence before its visitor is the trip's next stop.
    ex = _extract("3月2日,副市长高远到江城经济开发区调研。在恒达机械,高远指出要抓好安全生产。", backend=backend)
    assert _visits(ex) == {("高远", "江城经济开发区"), ("高远", "恒达机械")}


def test_group_words_and_lead_verbs_are_not_cut_into_names() -> None:
    names = {**NAMES, "交流团": O, "高远率": P, "高远": P, "李静": P, "青禾农业科技有限公司": O}
    backend = GazetteerBackend(names)
    text = (
        "3月2日,由江城市商会常务副会长高远带领的商会考察交流团来我县考察。县长李静会见了考察交流团一行。"
        "考察交流团一行先后到恒达机械有限公司、青禾农业科技有限公司等地参观。"
    )
    visitors = {v for v, _ in _visits(_extract(text, backend=backend))}
    assert "交流团" not in visitors and "高远" in visitors
    ex = _extract("3月2日,副市长高远率考察团,来我县考察产业发展。", backend=backend)
    assert ("高远", "我县") in _visits(ex) and not {v for v, _ in _visits(ex)} & {"高远率"}


def test_rooms_of_a_school_visited_are_no_stops() -> None:
    names = {**NAMES, "青山中学": O, "高远": P}
    ex = _extract("3月2日,县长高远来到青山中学,实地察看食堂、教室、功能室等场所。", backend=GazetteerBackend(names))
    assert _visits(ex) == {("高远", "青山中学")}
