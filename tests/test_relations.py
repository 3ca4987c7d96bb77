from __future__ import annotations

import datetime as dt

from newskg.extract.pipeline import Extractor, entities_of
from newskg.extract.relations import relation_date
from newskg.identity import text_hash
from newskg.model import Article, EntityType, RelationType
from tests.fakes import GazetteerBackend
from tests.fixtures import ARTICLE, GAZETTEER


def _extract(fake_backend: GazetteerBackend, text: str = ARTICLE, when: dt.date | None = dt.date(2024, 12, 27)):
    art = Article(id=text_hash(text), title="测试", text=text, date=when, source="t.txt")
    return Extractor(fake_backend).extract_one(art)


def _pairs(ex, typ: RelationType) -> set[tuple[str, str]]:
    return {(r.head.name, r.tail.name if r.tail else "") for r in ex.relations if r.type is typ}


def test_visits_incl_paragraph_level_firm(fake_backend: GazetteerBackend) -> None:
    ex = _extract(fake_backend)
    assert _pairs(ex, RelationType.VISITED) == {
        ("孟景伟", "通州区"),
        ("孟景伟", "漷县镇"),
        ("孟景伟", "张家湾镇"),
        ("孟景伟", "北京现代坦迪变速器有限公司"),
        ("孟景伟", "北京天海工业有限公司"),
        ("孟景伟", "天纳克(北京)汽车减振器有限公司"),
        ("通州区中西医结合医院", "通州区运河中医医院"),
    }
    first = next(r for r in ex.relations if r.type is RelationType.VISITED)
    assert first.date == dt.date(2024, 12, 26)  # 昨天 relative to the publication date
    assert ex.article.text[first.start : first.end].startswith("本报讯")
    assert first.verb == "调研"


def test_members_of_an_organization_are_companions_not_a_target() -> None:
    text = "12月9日,区政协副主席王玉兰带领部分政协委员视察城市绿心森林公园。"
    backend = GazetteerBackend({**GAZETTEER, "政协": EntityType.ORGANIZATION, "城市绿心森林公园": EntityType.PLACE})
    ex = _extract(backend, text)
    assert _pairs(ex, RelationType.VISITED) == {("王玉兰", "城市绿心森林公园")}


def test_a_repeated_paragraph_gives_each_relation_once(fake_backend: GazetteerBackend) -> None:
    para = "通州区中西医结合医院的调研团队来到运河中医医院。\n"
    ex = _extract(fake_backend, para + "\n" + para)
    visits = [r for r in ex.relations if r.type is RelationType.VISITED]
    assert [(r.head.name, r.tail.name if r.tail else "") for r in visits] == [("通州区中西医结合医院", "运河中医医院")]
    assert visits[0].start == 0  # the first occurrence is kept


def test_positions_locations_partners_reporters(fake_backend: GazetteerBackend) -> None:
    ex = _extract(fake_backend)
    pos = {
        (r.head.name, r.tail.name, r.title) for r in ex.relations if r.type is RelationType.HOLDS_POSITION and r.tail
    }
    assert pos == {("孟景伟", "区委", "书记"), ("张锋", "潞邑街道办事处", "副主任")}
    assert _pairs(ex, RelationType.LOCATED_IN) == {
        ("北京现代坦迪变速器有限公司", "台湖镇光机电一体化产业基地"),
        ("北京天海工业有限公司", "漷县镇"),
        ("天纳克(北京)汽车减振器有限公司", "张家湾镇"),
    }
    assert _pairs(ex, RelationType.PARTNERS_WITH) == {("通州区中西医结合医院", "通州区运河中医医院")}
    assert _pairs(ex, RelationType.REPORTED) == {("陶涛", "")}
    assert ex.reporters == ("陶涛",)


def test_entities_are_canonical_with_aliases_and_titles(fake_backend: GazetteerBackend) -> None:
    ex = _extract(fake_backend)
    ents = {(e["name"], e["type"]): e for e in entities_of(ex)}
    assert ents[("孟景伟", "PERSON")]["titles"] == ["区委书记"]
    # 区委 names no particular body (every district has one): no entity, but the employer of HOLDS_POSITION.
    assert ("区委", "ORGANIZATION") not in ents
    assert any(r.type is RelationType.HOLDS_POSITION and r.tail and r.tail.name == "区委" for r in ex.relations)
    assert ents[("天纳克(北京)汽车减振器有限公司", "ORGANIZATION")]["aliases"] == ["天纳克"]
    assert ents[("天纳克(北京)汽车减振器有限公司", "ORGANIZATION")]["kind"] == "company"
    assert ents[("通州区运河中医医院", "ORGANIZATION")]["aliases"] == ["运河中医医院"]
    assert ents[("潞邑街道办事处", "ORGANIZATION")]["kind"] == "government"
    assert ("运河中医医院", "ORGANIZATION") not in ents


def test_no_visit_from_quotes_reporters_or_companions(fake_backend: GazetteerBackend) -> None:
    text = "本报讯(记者 陶涛)“孟景伟到漷县镇调研”的消息传开。区发展改革委相关负责人参加调研。"
    assert _pairs(_extract(fake_backend, text), RelationType.VISITED) == set()
    text = "通州区中西医结合医院与通州区运河中医医院进行了党建联学共建调研活动。调研中,孟景伟强调。"
    assert _pairs(_extract(fake_backend, text), RelationType.VISITED) == set()
    text = "本报讯(记者 陶涛)昨天,通州区中西医结合医院的调研团队来到运河中医医院。"
    assert _pairs(_extract(fake_backend, text), RelationType.VISITED) == {("通州区中西医结合医院", "运河中医医院")}


def test_listed_people_all_visit(fake_backend: GazetteerBackend) -> None:
    ex = _extract(fake_backend, "区委书记孟景伟、区长张锋和李明到漷县镇调研。王玉兰说,张伟到张家湾镇调研。")
    assert _pairs(ex, RelationType.VISITED) == {
        ("孟景伟", "漷县镇"),
        ("张锋", "漷县镇"),
        ("李明", "漷县镇"),
        ("张伟", "张家湾镇"),
    }


def test_pronoun_subject_takes_the_last_person(fake_backend: GazetteerBackend) -> None:
    ex = _extract(fake_backend, "孟景伟强调要抓好落实。随后,他来到北京星河智能装备有限公司。")
    assert _pairs(ex, RelationType.VISITED) == {("孟景伟", "北京星河智能装备有限公司")}


def test_relation_dates() -> None:
    pub = dt.date(2024, 12, 20)
    assert relation_date("12月19日,区长到台湖镇调研", pub) == dt.date(2024, 12, 19)
    assert relation_date("前天,区长调研", pub) == dt.date(2024, 12, 18)
    assert relation_date("区长调研", pub) == pub
    assert relation_date("区长调研", None) is None
