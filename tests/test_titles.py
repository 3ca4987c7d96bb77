"""Title constructions of local news, on invented sentences (gazetteer NER, real rule layer)."""

from __future__ import annotations

import datetime as dt

import pytest

from newskg.extract.pipeline import Extractor, entities_of
from newskg.extract.spans import find_bylines
from newskg.identity import text_hash as article_id
from newskg.model import Article, EntityType, RelationType
from tests.fakes import GazetteerBackend

P, O, L = EntityType.PERSON, EntityType.ORGANIZATION, EntityType.PLACE


def _titles(text: str, names: dict[str, EntityType]) -> dict[str, list[str]]:
    art = Article(id=article_id(text), text=text, date=dt.date(2024, 5, 20))
    ex = Extractor(GazetteerBackend(names)).extract_one(art)
    return {e["name"]: e["titles"] for e in entities_of(ex) if e["type"] == "PERSON"}


def test_a_title_before_a_list_goes_to_every_name() -> None:
    text = "8月2日,县长周立平到园区调研,县领导赵德明、钱慧和孙志刚参加。"
    got = _titles(text, {n: P for n in ("周立平", "赵德明", "钱慧", "孙志刚")})
    assert got == {"周立平": ["县长"], "赵德明": ["县领导"], "钱慧": ["县领导"], "孙志刚": ["县领导"]}


def test_a_list_of_titled_names_keeps_each_own_title() -> None:
    text = "区委书记孟景伟、区长郑海涛到台湖镇调研。"
    assert _titles(text, {"孟景伟": P, "郑海涛": P, "台湖镇": L}) == {"孟景伟": ["区委书记"], "郑海涛": ["区长"]}


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("市委常委、常务副市长韩立群到港区检查。", "韩立群", "市委常委、常务副市长"),
        ("县委副书记、县长周立平带队走访企业。", "周立平", "县委副书记、县长"),
        ("市委常委、宣传部部长陶然率队调研。", "陶然", "市委常委、宣传部部长"),
    ],
)
def test_titles_joined_by_a_list_comma_are_one_title(text: str, name: str, title: str) -> None:
    assert _titles(text, {name: P, "宣传部": O})[name] == [title]


@pytest.mark.parametrize(
    ("text", "names", "name", "title"),
    [
        ("省商务厅电子商务处处长秦岭带领调研组来我市。", {"省商务厅": O}, "秦岭", "省商务厅电子商务处处长"),
        ("市应急管理局局长冯坤陪同检查。", {"市应急管理局": O}, "冯坤", "市应急管理局局长"),
        ("市委宣传部副部长钟明参加调研。", {"宣传部": O}, "钟明", "市委宣传部副部长"),
        ("西集镇党委书记王建国带队检查。", {"西集镇": L}, "王建国", "西集镇党委书记"),
        ("北岭文化传媒集团总经理梁宇汇报了规划。", {"北岭文化传媒集团": O}, "梁宇", "北岭文化传媒集团总经理"),
    ],
)
def test_organization_and_post_make_one_long_title(
    text: str, names: dict[str, EntityType], name: str, title: str
) -> None:
    assert _titles(text, {name: P, **names})[name] == [title]


def test_holds_position_splits_the_long_title_into_organization_and_post() -> None:
    text = "市应急管理局局长冯坤陪同检查。"
    art = Article(id=article_id(text), text=text)
    ex = Extractor(GazetteerBackend({"冯坤": P, "市应急管理局": O})).extract_one(art)
    pos = [
        (r.head.name, r.tail.name, r.title) for r in ex.relations if r.type is RelationType.HOLDS_POSITION and r.tail
    ]
    assert pos == [("冯坤", "市应急管理局", "局长")]


def test_holds_position_keeps_the_post_of_the_named_body_whole() -> None:
    text = "市委常委、常务副市长韩立群到港区检查。"
    art = Article(id=article_id(text), text=text)
    ex = Extractor(GazetteerBackend({"韩立群": P})).extract_one(art)
    pos = [
        (r.head.name, r.tail.name, r.title) for r in ex.relations if r.type is RelationType.HOLDS_POSITION and r.tail
    ]
    # 市委 holds the post 常委 (not "常委、常务副市长"); 常务副市长 is a post of the city government.
    assert pos == [("韩立群", "市委", "常委")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本报讯(记者 林晓雯 通讯员 何东)8月2日上午,县长到园区。", [("林晓雯", "记者"), ("何东", "通讯员")]),
        ("本报讯（见习记者 白露）昨天,区长到医院察看。", [("白露", "见习记者")]),
        ("区长到医院察看。\n责任编辑:郑雨", [("郑雨", "责任编辑")]),
        ("区长到医院察看。\n作者：蒋一帆", [("蒋一帆", "作者")]),
        ("区长到医院察看。\n(记者 唐敏)", [("唐敏", "记者")]),
        ("区长到医院察看。\n文字报道:郑超 责任编辑:马登杰", [("郑超", "文字报道"), ("马登杰", "责任编辑")]),
        ("区长到医院察看。\n(文/图 记者 唐敏)", [("唐敏", "记者")]),
        ("滨江日报讯(记者钱文报道)6月1日,区长到医院察看。", [("钱文", "记者")]),
        ("本报讯 记者钱文 通讯员孙丽报道:6月1日,区长到医院察看。", [("钱文", "记者"), ("孙丽", "通讯员")]),
        ("本报讯(融媒体中心记者 钱文 孙丽)6月1日,", [("钱文", "融媒体中心记者"), ("孙丽", "融媒体中心记者")]),
        ("【全媒体记者 钱文】6月1日,区长到医院察看。", [("钱文", "全媒体记者")]),
        ("区长到医院察看。\n文/滨江日报记者 钱文", [("钱文", "滨江日报记者")]),
        ("(图为记者在现场采访)区长到医院察看。", []),
        ("记者了解到,该项目已开工。", []),
        ("记者从区住建委获悉,老旧小区改造全面开工。", []),
    ],
)
def test_bylines_keep_their_roles(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_bylines(text)
    assert [(b.name, b.role) for b in found] == expected
    assert all(text[b.start : b.end] == b.name for b in found)


def test_reported_carries_the_role_and_the_reporter_carries_it_as_title() -> None:
    text = "本报讯(见习记者 白露)昨天,区长邓秀兰来到河西区人民医院。\n责任编辑:郑雨"
    art = Article(id=article_id(text), text=text, date=dt.date(2022, 9, 14))
    ex = Extractor(GazetteerBackend({"邓秀兰": P, "河西区人民医院": O})).extract_one(art)
    reported = {(r.head.name, r.title) for r in ex.relations if r.type is RelationType.REPORTED}
    assert reported == {("白露", "见习记者"), ("郑雨", "责任编辑")}
    titles = {e["name"]: e["titles"] for e in entities_of(ex) if e["type"] == "PERSON"}
    assert titles == {"白露": ["见习记者"], "郑雨": ["责任编辑"], "邓秀兰": ["区长"]}
    assert ex.reporters == ("白露", "郑雨")


def test_occupations_before_a_name_are_titles() -> None:
    text = "社区民警王小虎和网格员李芳一起走访独居老人。"
    assert _titles(text, {"王小虎": P, "李芳": P}) == {"王小虎": ["民警"], "李芳": ["网格员"]}


def test_a_name_set_apart_by_a_space_in_a_byline_is_one_name() -> None:
    text = "本报讯(某某日报记者 钱 文 孙丽)6月1日,区长到医院察看。"
    found = find_bylines(text)
    assert [(b.name, b.role, text[b.start : b.end]) for b in found] == [
        ("钱文", "某某日报记者", "钱 文"),
        ("孙丽", "某某日报记者", "孙丽"),
    ]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("全区上下认真学习贯彻钱立新总书记重要讲话精神。", "总书记"),
        ("钱立新总理在座谈会上指出,要稳住外贸。", "总理"),
    ],
)
def test_a_top_post_written_after_the_name_is_its_title(text: str, title: str) -> None:
    assert _titles(text, {"钱立新": P}) == {"钱立新": [title]}


def test_a_long_title_stops_at_the_name_before_it() -> None:
    text = "州委书记甘明在州委常委、州委秘书长向红陪同下来到园区。"
    got = _titles(text, {"甘明": P, "向红": P, "州委": O})
    assert got == {"甘明": ["州委书记"], "向红": ["州委常委、州委秘书长"]}


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("区二级巡视员孙丽陪同调研。", "二级巡视员"),
        ("市发改委总经济师孙丽介绍了情况。", "市发改委总经济师"),
        ("盟委副书记、盟长孙丽一行到旗里调研。", "盟委副书记、盟长"),
        ("县委副书记、代县长孙丽到园区调研。", "县委副书记、代县长"),  # acting: the qualifier stays
    ],
)
def test_posts_of_the_civil_service_ladder_are_titles(text: str, title: str) -> None:
    assert _titles(text, {"孙丽": P, "市发改委": O}) == {"孙丽": [title]}


def test_a_post_written_after_the_name_with_its_body_before_it() -> None:
    names = {"陈明": P, "江城市人大常委会": O, "刘强": P, "白沙县": L}
    text = "在江城市人大常委会陈明副主任陪同下,考察团来到青禾农场。以白沙县刘强副县长为团长的参访团随后抵达。"
    assert _titles(text, names) == {"陈明": ["江城市人大常委会副主任"], "刘强": ["白沙县副县长"]}
    # A post word that runs on into other words is no post of the name: "陈明主任医院" names nothing.
    assert _titles("陈明主任医院今天开业。", {"陈明": P}) == {"陈明": []}


def test_names_listed_before_a_collective_title_take_it() -> None:
    names = {"赵德明": P, "钱慧": P, "孙志刚": P}
    assert _titles("赵德明、钱慧、孙志刚等领导分别参加调研。", names) == {n: ["领导"] for n in names}


@pytest.mark.parametrize(
    ("text", "name", "body", "title"),
    [
        ("国家统计局统计司司长王东出席会议。", "王东", "国家统计局统计司", "国家统计局统计司司长"),
        ("江城基金会顾问朱明参加。", "朱明", "江城基金会", "江城基金会顾问"),
        ("江城日报副总编张生参加。", "张生", "江城日报", "江城日报副总编"),
    ],
)
def test_more_posts(text: str, name: str, body: str, title: str) -> None:
    assert _titles(text, {name: P, body: O})[name] == [title]


def test_a_byline_with_newsroom_role_and_name_in_one_word() -> None:
    (by,) = find_bylines("本报讯【全媒体记者罗青】3月8日,市长来到东岗村。")
    assert (by.name, by.role) == ("罗青", "全媒体记者")
    (credit,) = find_bylines("市长来到东岗村。\n撰稿:林晓")
    assert (credit.name, credit.role) == ("林晓", "撰稿")
