from __future__ import annotations

import pytest

from newskg.extract.spans import find_reporters, repair_spans, valid_name
from newskg.model import EntityType, NerSpan, OrgKind
from newskg.names.kinds import entity_type_by_suffix, org_kind
from newskg.names.titles import strip_title, title_before


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("北京天海工业有限公司", OrgKind.COMPANY),
        ("北京东方医疗器械集团", OrgKind.COMPANY),
        ("潞邑街道办事处", OrgKind.GOVERNMENT),
        ("区人大常委会", OrgKind.GOVERNMENT),
        ("区政协", OrgKind.GOVERNMENT),
        ("通州区运河中医医院", OrgKind.HOSPITAL),
        ("通州区第二中学", OrgKind.SCHOOL),
        ("北京城市副中心报社", OrgKind.MEDIA),
        ("天纳克", OrgKind.OTHER),
    ],
)
def test_org_kind(name: str, kind: OrgKind) -> None:
    assert org_kind(name) is kind


def test_titles_before_names() -> None:
    t = title_before("昨天下午,区委书记", 9)
    assert t is not None and (t.title, t.position, t.prefix) == ("区委书记", "书记", "区委")
    t = title_before("潞邑街道办事处副主任", 10)
    assert t is not None and (t.title, t.position, t.prefix) == ("副主任", "副主任", None)
    assert title_before("昨天下午,", 5) is None


def test_strip_title_only_when_a_name_remains() -> None:
    assert strip_title("区委书记孟景伟") == ("孟景伟", "区委书记")
    assert strip_title("副区长李明华") == ("李明华", "副区长")
    assert strip_title("孟景伟") == ("孟景伟", None)
    assert strip_title("书记") == ("书记", None)


def test_reporters_from_bylines() -> None:
    assert [r[0] for r in find_reporters("本报讯(记者 陶涛)昨天下午")] == ["陶涛"]
    assert [r[0] for r in find_reporters("本报讯（记者 赵文静 通讯员 马俊）为做好")] == ["赵文静", "马俊"]
    text = "本报讯(记者 陶涛)"
    name, start, end = find_reporters(text)[0]
    assert text[start:end] == name
    assert find_reporters("没有署名的文章。") == []


def test_types_by_suffix_and_name_validity() -> None:
    assert entity_type_by_suffix("漷县镇") is EntityType.PLACE
    assert entity_type_by_suffix("潞邑街道办事处") is EntityType.ORGANIZATION
    assert entity_type_by_suffix("孟景伟") is None
    assert valid_name("孟景伟", EntityType.PERSON)
    assert not valid_name("孟", EntityType.PERSON)
    assert not valid_name("123", EntityType.ORGANIZATION)
    assert not valid_name("孟景伟察看企业", EntityType.PERSON)
    assert not valid_name("企业研发中心", EntityType.ORGANIZATION)
    assert not valid_name("检测中心", EntityType.ORGANIZATION)
    assert valid_name("通州区融媒体中心", EntityType.ORGANIZATION)


def test_repair_spans_drops_counts_before_organizations() -> None:
    text = "2024年4家公立医院和5家社会办医院进行了结对。"
    start = text.index("5家")
    spans = [NerSpan(text="5家社会办医院", type=EntityType.ORGANIZATION, start=start, end=start + 7)]
    (fixed,) = repair_spans(text, spans)
    assert (fixed.text, fixed.start) == ("社会办医院", start + 2)
    person = NerSpan(text="三家", type=EntityType.PERSON, start=0, end=2)
    assert repair_spans("三家村", [person])[0].text == "三家"  # persons are left alone


def test_repair_spans_completes_a_cut_two_character_suffix() -> None:
    text = "走进潞邑街道,道路通畅。"
    (fixed,) = repair_spans(text, [NerSpan(text="潞邑街", type=EntityType.PLACE, start=2, end=5)])
    assert fixed.text == "潞邑街道"
