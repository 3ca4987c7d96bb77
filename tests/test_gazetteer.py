"""The division gazetteer: homonyms, renames the change list fixes, folded placeholder levels, bad files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from newskg.names import gazetteer
from newskg.names.gazetteer import GazetteerError, Level, Match, load_gazetteer


@pytest.fixture(scope="module")
def g() -> gazetteer.Gazetteer:
    return load_gazetteer()


def _paths(g: gazetteer.Gazetteer, name: str) -> set[str]:
    return {"/".join(g.path(d)) for d in g.lookup(name)}


def test_homonymous_districts_are_separate_divisions(g: gazetteer.Gazetteer) -> None:
    assert _paths(g, "朝阳区") == {"北京市/朝阳区", "吉林省/长春市/朝阳区"}
    assert _paths(g, "通州") == _paths(g, "通州区") == {"北京市/通州区", "江苏省/南通市/通州区"}
    assert {d.adcode for d in g.lookup("通州")} == {"110112", "320612"}


def test_a_common_village_name_has_many_counties(g: gazetteer.Gazetteer) -> None:
    villages = g.lookup("新华村")
    assert len(villages) >= 50
    assert {d.level for d in villages} == {Level.VILLAGE}
    assert len({d.adcode for d in villages}) >= 50  # a village carries its county's code


def test_a_county_carries_code_coordinates_and_path(g: gazetteer.Gazetteer) -> None:
    (tongzhou,) = (d for d in g.lookup("通州区") if d.adcode == "110112")
    assert tongzhou.level is Level.COUNTY and tongzhou.short == "通州"
    assert tongzhou.latitude == pytest.approx(39.9, abs=0.2) and tongzhou.longitude == pytest.approx(116.7, abs=0.2)
    (town,) = (d for d in g.lookup("宋庄镇") if d.adcode == "110112")
    assert g.path(town) == ("北京市", "通州区", "宋庄镇")
    assert town.level is Level.TOWN and town.latitude is None
    assert [d.name for d in g.ancestors(town)] == ["通州区", "北京市"]


def test_municipality_city_level_and_placeholders_are_folded(g: gazetteer.Gazetteer) -> None:
    (beijing,) = g.lookup("北京")
    assert beijing.level is Level.PROVINCE and g.by_adcode("110000") == beijing
    (xiantao,) = g.lookup("仙桃市")  # a county-level city straight under its province (省直辖)
    assert g.path(xiantao) == ("湖北省", "仙桃市")
    (wanjiang,) = g.lookup("万江街道")  # a town of a city without counties (市直辖)
    assert g.path(wanjiang) == ("广东省", "东莞市", "万江街道") and wanjiang.adcode == "441900"
    assert not any("直辖" in name for name in g.names())


def test_a_county_renamed_before_the_dataset_links_by_old_and_new_name(g: gazetteer.Gazetteer) -> None:
    # The tree already writes 彬州市; the change list keeps 彬县 findable, with cpca's coordinates of 彬县.
    assert _paths(g, "彬县") == _paths(g, "彬州市") == {"陕西省/咸阳市/彬州市"}
    (binzhou,) = g.lookup("彬州市")
    assert "彬县" in g.former_names(binzhou) and binzhou.latitude is not None


def test_the_change_list_wins_where_the_tree_keeps_an_old_name(g: gazetteer.Gazetteer) -> None:
    # The tree still files 无为县 (a city since 2019): the newer name wins, the old one stays an alias.
    assert _paths(g, "无为县") == _paths(g, "无为市") == {"安徽省/芜湖市/无为市"}
    (wuwei,) = g.lookup("无为市")
    assert wuwei.name == "无为市" and g.former_names(wuwei) == ("无为", "无为县")


def test_a_merged_district_hands_its_towns_to_the_one_it_joined(g: gazetteer.Gazetteer) -> None:
    assert _paths(g, "下城区") == {"浙江省/杭州市/拱墅区"}
    towns_of_gongshu = [d for d in g if d.level is Level.TOWN and d.adcode == "330105"]
    assert towns_of_gongshu and all(g.path(t)[2] == "拱墅区" for t in towns_of_gongshu)


def test_renamed_and_moved_cities_and_counties(g: gazetteer.Gazetteer) -> None:
    assert _paths(g, "襄樊") == _paths(g, "襄樊市") == {"湖北省/襄阳市"}
    assert _paths(g, "公主岭市") == {"吉林省/长春市/公主岭市"}  # moved from 四平 to 长春 in 2020


def test_a_code_shared_by_a_region_and_its_districts_names_the_region(g: gazetteer.Gazetteer) -> None:
    hk = g.by_adcode("810000")
    assert hk is not None and hk.level is Level.PROVINCE and hk.name == "香港特别行政区"


def test_a_name_of_nothing_is_no_division(g: gazetteer.Gazetteer) -> None:
    assert g.lookup("不存在县") == [] and g.lookup("") == []


def test_names_by_level(g: gazetteer.Gazetteer) -> None:
    counties = g.names([Level.COUNTY])
    assert {"通州区", "通州", "无为县"} <= counties and "新华村" not in counties
    assert "新华村" in g.names([Level.VILLAGE])


def test_the_source_names_datasets_and_versions(g: gazetteer.Gazetteer) -> None:
    assert "jionlp 1.5.31" in g.source and "cpca 0.5.5" in g.source


def test_a_missing_package_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gazetteer.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(GazetteerError, match=r"needs the PyPI package jionlp: pip install jionlp") as err:
        gazetteer._package_file("jionlp", ("dictionary", "china_location.zip"))
    assert "\n" not in str(err.value)


def test_a_corrupt_tree_file_is_a_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "china_location.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(GazetteerError, match=r"cannot read .*reinstall jionlp"):
        gazetteer._read_tree(bad)
    truncated = tmp_path / "cut.zip"
    with zipfile.ZipFile(truncated, "w") as z:
        z.writestr("china_location.txt", "北京市\t110000\t北京\n\t\t\t\t\t\t深得离谱\n")
    with pytest.raises(GazetteerError, match="unexpected line"):
        gazetteer._read_tree(truncated)


def test_a_town_written_without_its_level_word_is_matched_apart(g: gazetteer.Gazetteer) -> None:
    # 宋庄 names no division of its own: only match() offers the towns, as short forms.
    assert g.lookup("宋庄") == []
    assert {("/".join(g.path(d)), how) for d, how in g.match("宋庄")} == {
        ("北京市/通州区/宋庄镇", Match.SHORT),
        ("江苏省/连云港市/赣榆区/宋庄镇", Match.SHORT),
    }
    # A short form that would end in a level word again is none (朝阳区街道 is no 朝阳区).
    assert gazetteer.town_short("朝阳区街道") == "朝阳区街道"
    assert {d.level for d, _ in g.match("朝阳区")} == {Level.COUNTY}


def test_a_county_renamed_before_its_townships_merged_keeps_them(g: gazetteer.Gazetteer) -> None:
    # Known gap: jionlp's tree still files 三台县's 63 townships from before their merger, and the
    # change list has no towns. A pre-merger township links there: the county's code and level
    # are right, the town may no longer exist (README, Places).
    (santai,) = g.lookup("三台县")
    towns = [d for d in g if d.level is Level.TOWN and d.parent == santai.id]
    assert len(towns) == 63
    (zhongtai,) = g.lookup("中太镇")
    assert g.path(zhongtai) == ("四川省", "绵阳市", "三台县", "中太镇") and zhongtai.adcode == "510722"
