"""Visit rules, one construction per test, on a gazetteer NER (fast); the real model runs in test_visits_real."""

from __future__ import annotations

import datetime as dt
import doctest

import pytest

import newskg.extract.home
import newskg.extract.visits
from newskg.extract.pipeline import Extractor
from newskg.identity import text_hash as article_id
from newskg.model import Article, ArticleExtraction, RelationType
from tests.fakes import GazetteerBackend
from tests.fixtures import VISIT_NAMES, O


def _extract(text: str, title: str = "", home: str = "") -> ArticleExtraction:
    art = Article(id=article_id(text), title=title, text=text, date=dt.date(2025, 3, 1), source="s", home=home)
    return Extractor(GazetteerBackend(VISIT_NAMES)).extract_one(art)


def _visits(ex: ArticleExtraction) -> set[tuple[str, str]]:
    return {(r.head.name, r.tail.name) for r in ex.relations if r.type is RelationType.VISITED and r.tail}


def _accompanied(ex: ArticleExtraction) -> set[tuple[str, str]]:
    return {(r.head.name, r.tail.name) for r in ex.relations if r.type is RelationType.ACCOMPANIED and r.tail}


@pytest.mark.parametrize("module", [newskg.extract.visits, newskg.extract.home])
def test_doctests(module: object) -> None:
    res = doctest.testmod(module)  # type: ignore[arg-type]
    assert res.attempted > 0 and res.failed == 0


def test_list_items_ner_missed_are_typed_by_the_closing_noun() -> None:
    ex = _extract("3月1日,县长高远先后走访了恒达机械有限公司、金穗米业和青禾农业等企业。")
    assert _visits(ex) == {("高远", "恒达机械有限公司"), ("高远", "金穗米业"), ("高远", "青禾农业")}
    missed = next(r for r in ex.relations if r.tail and r.tail.name == "金穗米业")
    assert missed.tail is not None and missed.tail.type is O


def test_movement_with_the_purpose_in_the_next_clause() -> None:
    ex = _extract("高远先后前往东岗村、西岗村,深入开展走访调研。")
    assert _visits(ex) == {("高远", "东岗村"), ("高远", "西岗村")}


def test_movement_without_purpose_is_no_visit() -> None:
    assert _visits(_extract("高远到恒达机械有限公司。")) == set()


def test_workshop_of_a_firm() -> None:
    assert _visits(_extract("高远深入恒达机械有限公司生产车间,了解订单情况。")) == {("高远", "恒达机械有限公司")}


def test_trip_over_sentences_and_its_end() -> None:
    text = (
        "3月1日,县长高远调研乡村振兴工作。高远首先来到东岗村,察看大棚。随后,他走进青禾农业。"
        "在西岗村,高远察看了村容村貌。\n当天,县委副书记王成到远航物流有限公司调研。"
    )
    ex = _extract(text)
    assert _visits(ex) == {
        ("高远", "东岗村"),
        ("高远", "青禾农业"),
        ("高远", "西岗村"),
        ("王成", "远航物流有限公司"),
    }
    trips = {r.tail.name: r.trip for r in ex.relations if r.type is RelationType.VISITED and r.tail}
    assert trips["东岗村"] == trips["青禾农业"] == trips["西岗村"] != trips["远航物流有限公司"]


def test_leader_of_a_delegation_visits() -> None:
    ex = _extract("县长高远率县考察团赴青阳县考察,副县长李静参加考察。考察团一行来到恒达机械有限公司。")
    assert _visits(ex) == {("高远", "青阳县"), ("高远", "恒达机械有限公司")}
    assert _accompanied(ex) == {("李静", "高远")}


def test_respectively_pairs_visitors_and_targets_in_order() -> None:
    ex = _extract("副县长高远、副县长王成分别带队到青阳县、白沙县督导春耕生产。")
    assert _visits(ex) == {("高远", "青阳县"), ("王成", "白沙县")}


@pytest.mark.parametrize(
    "text",
    [
        "在副县长李静的陪同下,县长高远到恒达机械有限公司调研。",
        "县长高远到恒达机械有限公司调研,副县长李静陪同。",
        "县长高远到恒达机械有限公司调研。公司董事长李静介绍了企业情况。",
    ],
)
def test_companions_and_receivers_are_not_visitors(text: str) -> None:
    ex = _extract(text)
    assert _visits(ex) == {("高远", "恒达机械有限公司")}
    assert _accompanied(ex) == {("李静", "高远")}


@pytest.mark.parametrize(
    "text",
    [
        "高远会见了恒达机械有限公司董事长刘涛一行。",
        "高远出席青禾农业新厂签约仪式。",
        "在随后召开的座谈会上,远航物流有限公司负责人发言。高远在座谈会上讲话。",
    ],
)
def test_meetings_are_not_visits(text: str) -> None:
    assert _visits(_extract(text)) == set()


def test_home_word_and_headline_visit() -> None:
    ex = _extract("高远一行检查了发热门诊等部位。", title="高远到青阳县人民医院检查防控工作")
    assert _visits(ex) == {("高远", "青阳县人民医院")}
    assert next(r for r in ex.relations if r.type is RelationType.VISITED).sentence == -1
    ex = _extract("3月1日,白沙县考察团一行到我县考察。", home="青阳县")
    assert _visits(ex) == {("白沙县考察团", "青阳县")}
