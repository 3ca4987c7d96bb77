from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from newskg.read import ReadError, ReadReport, decode_bytes, iter_articles, parse_date, split_page
from tests.fixtures import SAMPLE, needs_shared

PAGE = """# 区长调研企业
本报讯(记者 王磊)昨天,区长郑海涛到台湖镇调研。

## 民生

### 社区卫生服务中心结对
本报讯(记者 孙晓燕)梨园社区卫生服务中心与通州区妇幼保健院结对。

### 西集镇检查消防
西集镇开展消防检查。

## 评论员文章
环境整治必须常抓不懈。
"""


def test_split_page_articles_sections_and_titles() -> None:
    arts = split_page(PAGE, "page.md")
    assert [a.title for a in arts] == ["区长调研企业", "社区卫生服务中心结对", "西集镇检查消防", "评论员文章"]
    assert [a.section for a in arts] == ["", "民生", "民生", ""]
    assert arts[0].text.startswith("本报讯")
    assert len({a.id for a in arts}) == 4


@needs_shared(SAMPLE)
def test_sample_page_splits_into_its_articles() -> None:
    arts = list(iter_articles([SAMPLE]))
    assert len(arts) == 6
    assert arts[0].title.startswith("孟景伟调研先进制造业")
    assert arts[1].section == "副中心有我·社会文明风尚培育"
    # The page prints the next title as plain text above its heading; it is not part of article 2.
    assert "提升区域医疗水平" not in arts[1].text
    assert arts[1].text.rstrip().endswith("潞邑街道办事处副主任张锋说。")


def test_heading_echo_above_the_heading_is_dropped() -> None:
    page = "## 甲文\n正文一。\n\n提升区域  \n医疗水平\n\n## 提升区域 医疗水平\n正文二。\n"
    first, second = split_page(page, "p.md")
    assert first.text.strip() == "正文一。"
    assert second.title == "提升区域 医疗水平"
    kept = split_page("## 甲文\n医疗水平很好\n## 提升区域 医疗水平\n正文二。\n", "p.md")[0]
    assert kept.text.strip() == "医疗水平很好"  # only a whole repeat of the title goes


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_encodings_read_the_same(tmp_path: Path, encoding: str) -> None:
    text = "区委书记孟景伟到漷县镇调研。（北京）"
    f = tmp_path / f"a-{encoding}.txt"
    f.write_bytes(text.encode(encoding))
    (art,) = iter_articles([f])
    assert art.text == text


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        (b"\x00\x01binary\x00", "binary"),
        (b"\xff\xfe\xfa\x80\x81\xff", "doubtful"),  # a UTF-16 byte-order mark, then nonsense
    ],
)
def test_bad_files_are_reported_not_raised(tmp_path: Path, raw: bytes, reason: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(raw)
    good = tmp_path / "good.txt"
    good.write_text("孟景伟到漷县镇调研。", encoding="utf-8")
    rep = ReadReport()
    arts = list(iter_articles([bad, good], rep))
    assert [a.text for a in arts] == ["孟景伟到漷县镇调研。"]
    assert len(rep.errors) == 1 and reason in rep.errors[0].reason and rep.errors[0].path == str(bad)


def test_decode_bytes_raises_read_error() -> None:
    with pytest.raises(ReadError, match="binary"):
        decode_bytes(b"abc\x00def", "x")


def test_missing_path_and_folder_without_articles(tmp_path: Path) -> None:
    rep = ReadReport()
    assert list(iter_articles([tmp_path / "nope", tmp_path], rep)) == []
    assert {e.reason.split()[0] for e in rep.errors} == {"no"}
    assert len(rep.errors) == 2


def test_jsonl_fields_and_bad_lines(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    rows = [
        {"id": "a1", "title": "T1", "text": "孟景伟调研。", "date": "2024-12-27", "source": "通州时讯"},
        {"title": "no text"},
    ]
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{broken\n", encoding="utf-8")
    rep = ReadReport()
    (art,) = iter_articles([f], rep)
    assert (art.id, art.title, art.date, art.source) == ("a1", "T1", dt.date(2024, 12, 27), "通州时讯")
    assert len(rep.errors) == 2


def test_duplicates_counted_once_and_odd_file_names(tmp_path: Path) -> None:
    (tmp_path / "新闻 一.txt").write_text("孟景伟到漷县镇调研。", encoding="utf-8")
    (tmp_path / "copy of 新闻.md").write_text("孟景伟到漷县镇调研。", encoding="utf-8")
    rep = ReadReport()
    arts = list(iter_articles([tmp_path], rep))
    assert len(arts) == 1 and rep.duplicates == 1 and rep.files == 2


def test_html_is_stripped_and_control_characters_removed(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    f.write_text(
        "<html><head><style>p{}</style><script>var x='孟';</script></head><body>"
        "<h1>区长调研</h1><p>区长郑海涛\u200b到台湖镇\x07调研。</p></body></html>",
        encoding="utf-8",
    )
    (art,) = iter_articles([f])
    assert art.title == "区长调研"
    assert art.text == "区长郑海涛到台湖镇调研。"


def test_plain_file_title_line_and_dates(tmp_path: Path) -> None:
    f = tmp_path / "2024-12-20_news.txt"
    f.write_text("区长调研经开区\n\n日期:2024年12月19日\n\n本报讯 区长郑海涛到台湖镇调研。", encoding="utf-8")
    (art,) = iter_articles([f])
    assert art.title == "区长调研经开区"
    assert art.date == dt.date(2024, 12, 19)
    assert art.text == "本报讯 区长郑海涛到台湖镇调研。"
    g = tmp_path / "20241220.txt"
    g.write_text("本报讯 区长郑海涛到台湖镇调研。", encoding="utf-8")
    assert next(iter_articles([g])).date == dt.date(2024, 12, 20)


def test_parse_date_forms() -> None:
    assert parse_date("2024年12月7日") == dt.date(2024, 12, 7)
    assert parse_date("2024/1/2") == dt.date(2024, 1, 2)
    assert parse_date("2024-13-40") is None
    assert parse_date(None) is None


TRAD = "臺灣新聞：行政院長今天上午前往高雄市視察港口建設，並與地方首長座談。記者林美華報導。"


def test_big5_is_detected_not_read_as_gb18030(tmp_path: Path) -> None:
    f = tmp_path / "big5.txt"
    f.write_bytes(TRAD.encode("big5"))
    rep = ReadReport()
    (art,) = iter_articles([f], rep)
    assert art.text == TRAD and not rep.errors


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    text = "区委书记孟景伟到漷县镇调研。"
    f = tmp_path / "wide.txt"
    raw = text.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    f.write_bytes(raw)
    (art,) = iter_articles([f])
    assert art.text == text


def test_traditional_chinese_in_gb18030_still_reads(tmp_path: Path) -> None:
    f = tmp_path / "trad-gb.txt"
    f.write_bytes(TRAD.encode("gb18030"))
    (art,) = iter_articles([f])
    assert art.text == TRAD


def test_doubtful_decoding_is_reported_not_loaded(tmp_path: Path) -> None:
    f = tmp_path / "sjis.txt"
    f.write_bytes("日本語のテキストです。東京都から来ました。".encode("shift_jis"))
    rep = ReadReport()
    assert list(iter_articles([f], rep)) == []
    (e,) = rep.errors
    assert e.reason.startswith("doubtful encoding") and "convert the file to UTF-8" in e.reason


def test_unreadable_subfolder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root, where chmod 000 does not stop reading: os.scandir (which os.walk uses)
    raises the PermissionError a non-root user would get."""
    import os

    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text("孟景伟到漷县镇调研。", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text("张锋到台湖镇调研。", encoding="utf-8")
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(str(path)) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    rep = ReadReport()
    arts = list(iter_articles([tmp_path], rep))
    assert [a.text for a in arts] == ["孟景伟到漷县镇调研。"]
    (e,) = rep.errors
    assert e.path == str(locked) and e.reason == "cannot read folder (Permission denied)"


def test_impossible_dates_are_warnings(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_text(json.dumps({"id": "d1", "text": "孟景伟调研。", "date": "2024-13-45"}) + "\n", encoding="utf-8")
    g = tmp_path / "page.txt"
    g.write_text("区长调研\n2024-13-45\n区长郑海涛到台湖镇调研。", encoding="utf-8")
    rep = ReadReport()
    by_id = {a.origin: a for a in iter_articles([f, g], rep)}
    assert by_id[str(f)].date is None and by_id[str(g)].date is None
    assert "2024-13-45" in by_id[str(g)].text  # not metadata we understood: it stays text
    assert [str(w) for w in rep.warnings] == [
        f"{f}:1: date '2024-13-45' is not a real day (month 13, day 45); read without it",
        f"{g}: article '区长调研': date '2024-13-45' is not a real day (month 13, day 45); read without it",
    ]
    assert not rep.errors


def test_keyed_header_line_with_an_impossible_date_is_a_warning(tmp_path: Path) -> None:
    page = tmp_path / "2024-12-20_page.md"
    header = "发布时间:2024-02-30 10:15  来源:通州时讯"
    page.write_text(f"# 区长调研\n{header}\n区长郑海涛到台湖镇调研。\n", encoding="utf-8")
    rep = ReadReport()
    (art,) = iter_articles([page], rep)
    assert art.date == dt.date(2024, 12, 20)  # from the file name, as without a header
    assert art.text.startswith(header)  # not metadata we understood: it stays text
    assert [str(w) for w in rep.warnings] == [
        f"{page}: article '区长调研': date '2024-02-30' is not a real day (month 2, day 30); read without it"
    ]


@pytest.mark.parametrize(("value", "shown"), [(None, "null"), (12, "12"), (["x"], '["x"]')])
def test_jsonl_text_that_is_not_a_string_is_rejected(tmp_path: Path, value: object, shown: str) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_text(json.dumps({"id": "n1", "text": value}) + "\n", encoding="utf-8")
    rep = ReadReport()
    assert list(iter_articles([f], rep)) == []
    (e,) = rep.errors
    assert e.path == f"{f}:1" and e.reason == f'"text" is {shown}, not a string; record skipped'


def test_jsonl_id_used_twice_for_different_texts_is_an_error(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    rows = [{"id": "x", "text": "孟景伟调研。"}, {"id": "x", "text": "张锋调研。"}, {"id": "y", "text": "孟景伟调研。"}]
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    rep = ReadReport()
    assert [a.text for a in iter_articles([f], rep)] == ["孟景伟调研。"]
    assert rep.duplicates == 1 and len(rep.errors) == 1 and "'x' is used again" in rep.errors[0].reason
