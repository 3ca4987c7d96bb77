"""Each visit construction read from real local news, as a sentence the team wrote (gazetteer NER, fast).

The constructions are those of the real-news development set's conventions
(``docs/visits.md``): a named group and its leaders both visit; companions,
hosts and people at a meeting do not; a target is a name, never a clause, a
title, a person or an abstract noun.
"""

from __future__ import annotations

import datetime as dt

import pytest

from newskg.extract.pipeline import Extractor, entities_of
from newskg.identity import text_hash
from newskg.model import Article, ArticleExtraction, EntityType, RelationType
from tests.fakes import GazetteerBackend
from tests.fixtures import VISIT_NAMES

PUBLISHED = dt.date(2025, 3, 4)


def _extract(text: str, title: str = "", date: dt.date | None = PUBLISHED) -> ArticleExtraction:
    art = Article(id=text_hash(text), title=title, text=text, date=date, source="青阳县融媒体中心")
    return Extractor(GazetteerBackend(VISIT_NAMES)).extract_one(art)


def _visits(ex: ArticleExtraction) -> set[tuple[str, str]]:
    return {(r.head.name, r.tail.name) for r in ex.relations if r.type is RelationType.VISITED and r.tail}


def _companions(ex: ArticleExtraction) -> set[str]:
    return {r.head.name for r in ex.relations if r.type is RelationType.ACCOMPANIED}


def test_titled_names_listed_with_commas_all_visit() -> None:
    ex = _extract("3月2日,县委书记高远,县委副书记、县长李静,县政协主席王成带队走访了恒达机械有限公司。")
    assert _visits(ex) == {("高远", "恒达机械有限公司"), ("李静", "恒达机械有限公司"), ("王成", "恒达机械有限公司")}


def test_the_group_led_by_names_under_lead_visits_with_its_leaders() -> None:
    text = "3月2日,江城市经贸考察团在市委常委高远、副市长李静的率领下考察了恒达机械有限公司。"
    assert _visits(_extract(text)) == {
        ("高远", "恒达机械有限公司"),
        ("李静", "恒达机械有限公司"),
        ("江城市经贸考察团", "恒达机械有限公司"),
    }


def test_a_generic_group_word_is_the_named_group_of_the_headline() -> None:
    text = "3月2日,由白沙县县长高远带队的考察团来到青阳县。考察团一行先后来到恒达机械有限公司、青禾农业。"
    ex = _extract(text, title="白沙县党政考察团来青阳县考察")
    assert _visits(ex) == {
        (visitor, target)
        for visitor in ("高远", "白沙县党政考察团")
        for target in ("青阳县", "恒达机械有限公司", "青禾农业")
    }


def test_leader_of_a_named_group_and_the_group_visit() -> None:
    ex = _extract("3月2日,县长高远率青阳县政府考察团赴白沙县考察,副县长李静参加考察。")
    assert _visits(ex) == {("高远", "白沙县"), ("青阳县政府考察团", "白沙县")}
    assert _companions(ex) == {"李静"}


def test_a_group_headed_by_a_named_leader() -> None:
    ex = _extract("3月2日,以李静为组长的省农业厅督导组来到柳林镇,督导春耕生产。")
    assert _visits(ex) == {("李静", "柳林镇"), ("省农业厅督导组", "柳林镇")}


def test_a_group_without_a_name_is_its_leaders() -> None:
    text = "3月2日,县领导高远、李静带队走进各学校检查。当天,检查组先后来到恒达机械有限公司、青禾农业。"
    assert _visits(_extract(text)) == {(v, t) for v in ("高远", "李静") for t in ("恒达机械有限公司", "青禾农业")}


def test_places_as_the_object_of_dui() -> None:
    ex = _extract("3月2日,高远一行先后对恒达机械有限公司、青禾农业进行了实地调研,并召开座谈会。")
    assert _visits(ex) == {("高远", "恒达机械有限公司"), ("高远", "青禾农业")}


def test_stops_opening_a_sentence_keep_the_trip() -> None:
    text = (
        "3月2日,县长高远到白沙县调研。在恒达机械有限公司,他察看了生产线。"
        "在青禾农业,调研组听取了汇报。在东岗村、西岗村等地,高远指出要抓好春耕。"
    )
    assert _visits(_extract(text)) == {
        ("高远", t) for t in ("白沙县", "恒达机械有限公司", "青禾农业", "东岗村", "西岗村")
    }


def test_a_stop_needs_a_visitor_or_a_visit_verb() -> None:
    text = "3月2日,县长高远到白沙县调研。在青阳县,农业和工业之间的协作不止这一项。"
    assert _visits(_extract(text)) == {("高远", "白沙县")}


def test_a_home_word_is_visited_only_where_it_is_the_place_itself() -> None:
    assert _visits(_extract("3月2日,省农业厅副厅长高远来我县调研春耕。")) == {("高远", "我县")}
    assert _visits(_extract("3月2日,县长高远走访我县部分重点企业。")) == set()


@pytest.mark.parametrize(
    "text",
    [
        "3月2日,县长高远到基层调研体制机制创新情况。",  # abstract nouns
        "3月2日,县长高远看望了常务副县长李静。",  # a title and a person
        "3月2日,高远指出,要在乡村振兴等方面走出一条新路子。",  # a clause
        "3月2日,县长高远深入交流了发展思路。",  # 深入 as an adverb
    ],
)
def test_targets_must_be_names(text: str) -> None:
    assert _visits(_extract(text)) == set()


def test_a_body_named_by_its_level_is_no_visitor() -> None:
    assert _visits(_extract("3月2日,县委到恒达机械有限公司调研。")) == set()


@pytest.mark.parametrize(
    "text",
    [
        "3月2日,高远表示,明年将到白沙县考察学习。",  # planned
        "3月2日,高远会见了恒达机械有限公司董事长刘涛一行。",  # a meeting
        "3月2日,高远出席青禾农业新厂签约仪式。",  # a signing
        "3月2日,高远对来青阳县考察的客商表示欢迎,并介绍了投资环境。",  # the guests' visit, he hosts
    ],
)
def test_meetings_plans_and_hosts_are_no_visits(text: str) -> None:
    assert ("高远", "白沙县") not in _visits(_extract(text))
    assert not {v for v, _ in _visits(_extract(text))} & {"高远"}


def test_companions_listed_over_commas_and_hosts_who_meet_the_group() -> None:
    text = (
        "3月2日,县长高远在副县长李静,县政协副主席王成的陪同下到恒达机械有限公司调研。"
        "公司总经理周敏,县人大主任赵川会见高远一行并一同考察。"
    )
    ex = _extract(text)
    assert _visits(ex) == {("高远", "恒达机械有限公司")}
    assert _companions(ex) == {"李静", "王成", "周敏", "赵川"}


def test_separate_visitors_on_separate_days() -> None:
    text = "2月9日,县委书记高远走访了恒达机械有限公司;2月10日,县长李静来到青禾农业,看望慰问一线职工。"
    ex = _extract(text, date=dt.date(2025, 2, 11))
    days = {(r.head.name, r.tail.name): r.date for r in ex.relations if r.type is RelationType.VISITED and r.tail}
    assert days == {
        ("高远", "恒达机械有限公司"): dt.date(2025, 2, 9),
        ("李静", "青禾农业"): dt.date(2025, 2, 10),
    }


def test_respectively_pairs_in_order() -> None:
    ex = _extract("3月2日,县委书记高远、县长李静分别到东岗村、西岗村调研。")
    assert _visits(ex) == {("高远", "东岗村"), ("李静", "西岗村")}


def test_project_sites_and_short_firm_names_in_a_list() -> None:
    text = "3月2日,高远先后察看了金川污水处理厂扩建项目、浩彤太阳能温室项目、中天钢铁、天合光能等重点项目。"
    assert _visits(_extract(text)) == {
        ("高远", "金川污水处理厂扩建"),
        ("高远", "浩彤太阳能温室"),
        ("高远", "中天钢铁"),
        ("高远", "天合光能"),
    }


def test_a_person_named_by_family_name_and_post() -> None:
    text = "3月2日,县委书记高远来到柳林镇调研。高书记先后走访了恒达机械有限公司、青禾农业。"
    assert _visits(_extract(text)) == {("高远", t) for t in ("柳林镇", "恒达机械有限公司", "青禾农业")}


def test_the_visited_names_are_entities_and_generic_bodies_are_not() -> None:
    text = "3月2日,县委书记高远走访了华晟电子、恒远钢构等企业。县委、县政府高度重视。"
    names = {(e["name"], e["type"]) for e in entities_of(_extract(text))}
    assert {("华晟电子", "ORGANIZATION"), ("恒远钢构", "ORGANIZATION")} <= names
    assert not {n for n, _ in names} & {"县委", "县政府"}


def test_a_title_opening_a_name_the_model_missed() -> None:
    # 霍步刚 is unknown to the gazetteer, as a rare name is to the model.
    ex = _extract("6月25日,省委常委、市委书记霍步刚到青阳县调研。")
    assert _visits(ex) == {("霍步刚", "青阳县")}


def test_the_head_of_a_named_group_visits_with_it() -> None:
    ex = _extract("3月2日,省安委会第五综合督导组组长高远带队深入恒达机械有限公司检查。")
    assert _visits(ex) == {("高远", "恒达机械有限公司"), ("省安委会第五综合督导组", "恒达机械有限公司")}


def test_names_listed_with_spaces_only() -> None:
    ex = _extract("3月2日,县长高远先后走访了恒达机械有限公司 青禾农业 远航物流有限公司等企业。")
    assert _visits(ex) == {("高远", t) for t in ("恒达机械有限公司", "青禾农业", "远航物流有限公司")}


@pytest.mark.parametrize(
    "text",
    [
        "3月2日,县长高远到白沙县走访,推动强乡强镇。",  # a slogan of two levels
        "3月2日,高远到白沙县党代会闭幕当天连夜召开会议。",  # a clause
    ],
)
def test_slogans_and_clauses_are_no_targets(text: str) -> None:
    assert {t for _, t in _visits(_extract(text))} <= {"白沙县"}


def test_a_place_written_by_one_character_after_lai() -> None:
    text = "8月31日,白沙县县长高远带领白沙县政府考察团来青阳县考察。"
    ex = _extract(text, title="白沙县政府考察团来青考察")
    assert _visits(ex) == {("高远", "青阳县"), ("白沙县政府考察团", "青阳县")}
    assert _visits(_extract("8月31日,高远来青考察,听取工作汇报。")) == {("高远", "青")}  # named per source in the graph


def test_a_deputy_named_by_surname_and_the_principals_post() -> None:
    # The model took "郑市长" for a name of its own; it is 常务副市长郑光照.
    names = {**VISIT_NAMES, "郑光照": VISIT_NAMES["高远"], "郑市长": VISIT_NAMES["高远"]}
    text = "3月2日,常务副市长郑光照到东岗村调研。郑市长一行先后查看了恒达机械有限公司、青禾农业。"
    art = Article(id=text_hash(text), text=text, date=PUBLISHED)
    ex = Extractor(GazetteerBackend(names)).extract_one(art)
    assert _visits(ex) == {("郑光照", t) for t in ("东岗村", "恒达机械有限公司", "青禾农业")}


def test_officials_who_come_to_our_county_visit_it() -> None:
    # 来 is also a family name: "负责人来我县" is no person after a title.
    ex = _extract("3月2日,副市长高远带领市环保局等部门负责人来我县调研。")
    assert _visits(ex) == {("高远", "我县")}
    assert "来我县" not in {e["name"] for e in entities_of(ex)}


def test_sectors_listed_before_a_closing_noun_are_no_firms() -> None:
    ex = _extract("3月2日,在青阳县,高远深入化工、纺织、建材等企业,了解生产情况。")
    assert _visits(ex) == {("高远", "青阳县")}  # the county where the firms are, no sector
    assert not {e["name"] for e in entities_of(ex)} & {"化工", "纺织", "建材"}


def test_rooms_and_halls_of_a_visited_firm_are_no_targets() -> None:
    # 调度 is also a purpose verb; "指挥调度室" is a room, and a room is no target.
    text = "3月2日,高远来到恒达机械有限公司,走进指挥调度室、产品展厅等地,与企业负责人交流。"
    assert _visits(_extract(text)) == {("高远", "恒达机械有限公司")}


def test_a_village_with_a_label_after_it_is_the_village() -> None:
    # The model takes the village and its label as one place; the target is the village.
    names = {**VISIT_NAMES, "石桥村乡村振兴示范村": EntityType.PLACE}
    ex = Extractor(GazetteerBackend(names)).extract_one(
        Article(id="v", title="", text="3月2日,高远来到石桥村乡村振兴示范村调研。", date=PUBLISHED)
    )
    assert _visits(ex) == {("高远", "石桥村")}


def test_a_list_of_places_goes_on_past_commas() -> None:
    # Long itineraries run past commas: each clause after the first is itself a list of names.
    text = "3月2日,高远先后来到东岗村、西岗村,柳林镇南湖村、北湖社区,了解乡村振兴情况。"
    assert _visits(_extract(text)) == {("高远", t) for t in ("东岗村", "西岗村", "柳林镇南湖村", "北湖社区")}


def test_a_clause_after_the_comma_that_is_no_list_ends_it() -> None:
    text = "3月2日,高远来到恒达机械有限公司,察看生产线、仓库,了解生产情况。"
    assert _visits(_extract(text)) == {("高远", "恒达机械有限公司")}


def test_a_leader_who_inspects_a_campaign_leads_the_group_that_goes_on() -> None:
    # The first visit verb has a topic, no place; the group word after it is the leader's.
    text = "3月2日,县政协主席高远带队视察“两城同创”工作。视察组一行先后来到东岗村、青禾农业等地。"
    assert _visits(_extract(text)) == {("高远", "东岗村"), ("高远", "青禾农业")}


@pytest.mark.parametrize(
    ("text", "names", "targets"),
    [
        (  # places the model cut from a cooperative's name
            "3月2日,高远来到江城市金穗果蔬种植专业合作社的办公地点和种植基地。",
            {"江城市": EntityType.PLACE, "金穗": EntityType.PLACE},
            {"江城市金穗果蔬种植专业合作社"},
        ),
        (  # a city cut from a firm's name
            "3月2日,高远来到江城华宇电缆有限公司、远航物流有限公司等企业。",
            {"江城": EntityType.PLACE, "华宇电缆有限公司": EntityType.ORGANIZATION},
            {"江城华宇电缆有限公司", "远航物流有限公司"},
        ),
        (  # a town is no part of a firm's name: both are visited
            "3月2日,在柳林镇华宇电缆有限公司,高远察看了生产线。",
            {"华宇电缆有限公司": EntityType.ORGANIZATION},
            {"柳林镇", "华宇电缆有限公司"},
        ),
    ],
)
def test_a_firm_whose_name_the_model_cut_into_places_is_whole(
    text: str, names: dict[str, EntityType], targets: set[str]
) -> None:
    ex = Extractor(GazetteerBackend({**VISIT_NAMES, **names})).extract_one(
        Article(id="c", title="", text=text, date=PUBLISHED)
    )
    assert {t for _, t in _visits(ex)} == targets


def test_every_room_is_no_target() -> None:
    ex = _extract("3月2日,在恒达机械有限公司,高远走进每个车间、每一间宿舍查看生产生活情况。")
    assert _visits(ex) == {("高远", "恒达机械有限公司")}


def test_the_head_of_a_group_named_later_visits_every_stop_of_the_group() -> None:
    text = (
        "3月2日,江城市第三督查组深入青阳县开展检查。督查组一行实地检查了恒达机械有限公司。"
        "督查组组长高远指出,要抓好整改。"
    )
    assert _visits(_extract(text)) == {
        (v, t) for v in ("江城市第三督查组", "高远") for t in ("青阳县", "恒达机械有限公司")
    }


def test_titled_names_each_followed_by_tongzhi_all_visit() -> None:
    ex = _extract("3月2日,县政协主席高远同志,副县长李静同志前往东岗村走访农户。")
    assert _visits(ex) == {("高远", "东岗村"), ("李静", "东岗村")}


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        # A city before one county only says where the county is.
        ("3月2日,高远深入江城市白沙县,调研乡村振兴工作。", {"白沙县"}),
        # Before a list of counties, the city is visited too.
        ("3月2日,高远到江城市白沙县、青阳县调研。", {"江城市", "白沙县", "青阳县"}),
        # A town before a village only says where the village is.
        ("3月2日,高远走进柳林镇东岗村,察看村容村貌。", {"东岗村"}),
        # A town before a firm is a stop of its own, like a zone holding firms.
        ("3月2日,在柳林镇恒达机械有限公司,高远察看了生产线。", {"柳林镇", "恒达机械有限公司"}),
    ],
)
def test_a_place_before_another_says_where_it_is_or_is_visited_too(text: str, targets: set[str]) -> None:
    names = {**VISIT_NAMES, "江城市": EntityType.PLACE}
    ex = Extractor(GazetteerBackend(names)).extract_one(Article(id="p", title="", text=text, date=PUBLISHED))
    assert {t for _, t in _visits(ex)} == targets


def test_a_place_word_inside_the_topic_of_a_trip_is_no_target() -> None:
    names = {**VISIT_NAMES, "临江": EntityType.PLACE}
    text = "3月2日,青阳县党政代表团赴白沙县考察临江产业发展的好做法。"
    ex = Extractor(GazetteerBackend(names)).extract_one(Article(id="t", title="", text=text, date=PUBLISHED))
    assert {t for _, t in _visits(ex)} == {"白沙县"}


def test_a_list_of_rooms_left_open_with_deng_names_no_target() -> None:
    ex = _extract("3月2日,高远来到恒达机械有限公司,走进生产车间、办公场所、职工餐厅等,察看防疫措施。")
    assert _visits(ex) == {("高远", "恒达机械有限公司")}


def test_a_demonstrative_before_the_count_closing_a_list_is_no_part_of_the_last_firm() -> None:
    ex = _extract("3月2日,高远来到恒达机械有限公司和远航物流有限公司这两家企业调研。")
    assert _visits(ex) == {("高远", "恒达机械有限公司"), ("高远", "远航物流有限公司")}


def test_the_dateline_of_a_news_app_is_no_target() -> None:
    ex = _extract("在青阳客户端6月26日讯 25日,县委书记高远在白沙县调研,先后来到东岗村、西岗村。")
    assert _visits(ex) == {("高远", "白沙县"), ("高远", "东岗村"), ("高远", "西岗村")}
