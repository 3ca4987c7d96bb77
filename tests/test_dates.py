"""Date forms of Chinese local news, on invented sentences."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from newskg.extract.pipeline import Extractor
from newskg.identity import text_hash as article_id
from newskg.model import Article, EntityType, RelationType
from newskg.names.dates import DateSpan, DateTimeline, find_dates, header_date, read_header_line, strip_header
from newskg.read import iter_articles
from tests.fakes import GazetteerBackend

D = dt.date


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2019-06-12 09:41:07", D(2019, 6, 12)),
        ("发布时间:2021-08-03 10:15", D(2021, 8, 3)),
        ("发布时间：2021-08-03 10:15", D(2021, 8, 3)),
        ("日期:2016-05-20", D(2016, 5, 20)),
        ("2022-09-14 来源:某某日报", D(2022, 9, 14)),
        ("时间:2018-04-02 16:20:11  来源:青山县融媒体中心  作者:周文", D(2018, 4, 2)),
        ("发布日期:2023年03月05日  信息来源:县政府办  字号:[大 中 小]", D(2023, 3, 5)),
        ("来源:东川日报  2020/11/09", D(2020, 11, 9)),
        ("作者:周文 编辑:李青 2020-11-09 08:00", D(2020, 11, 9)),
        ("来源:东川日报,记者从会上获悉,2020年11月9日起全面开工。", None),
        ("【发布时间:2020-11-09】", D(2020, 11, 9)),
        ("2021-07-01 08:30 浏览次数:1024", D(2021, 7, 1)),
        ("2017-10-11 14:02:33 3521阅读", D(2017, 10, 11)),
        ("2024年12月20日 星期五", D(2024, 12, 20)),
        ("２０２４年１２月２０日", D(2024, 12, 20)),
        ("2024年12月19日,区长到台湖镇调研。", None),
        ("2024年12月19日下午,区长郑海涛到台湖镇调研产业项目", None),
        ("区长到台湖镇调研", None),
    ],
)
def test_header_lines(line: str, expected: dt.date | None) -> None:
    assert header_date(line) == expected


NOT_A_DAY = "date {!r} is not a real day (month {}, day {}); read without it"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2024-12-20", (D(2024, 12, 20), None)),
        ("2024-13-45", (None, NOT_A_DAY.format("2024-13-45", 13, 45))),
        ("发布时间:2024年2月30日 10:15", (None, NOT_A_DAY.format("2024年2月30日", 2, 30))),
        ("来源:东川日报  2020/11/31", (None, NOT_A_DAY.format("2020/11/31", 11, 31))),
        ("2024年13月19日,区长到台湖镇调研。", (None, None)),
        ("区长到台湖镇调研", (None, None)),
    ],
)
def test_header_line_gives_its_date_or_the_problem(line: str, expected: tuple[dt.date | None, str | None]) -> None:
    assert read_header_line(line) == expected


def test_strip_header_keeps_a_line_with_an_impossible_date_and_says_why() -> None:
    lines = ["发布时间:2024-02-30 10:15", "区长到台湖镇调研。", "2024-12-20 来源:通州时讯"]
    problems: list[str] = []
    assert strip_header(lines, problems=problems) == (lines[:2], D(2024, 12, 20))
    assert problems == [NOT_A_DAY.format("2024-02-30", 2, 30)]


def _one(text: str, pub: dt.date | None) -> DateSpan:
    found = find_dates(text, pub)
    assert len(found) == 1, found
    return found[0].span


def test_month_day_takes_the_publication_year() -> None:
    assert _one("5月16日下午,副县长到东坡村察看。", D(2023, 5, 18)) == DateSpan(D(2023, 5, 16))


def test_december_day_in_a_january_article_is_the_previous_year() -> None:
    assert _one("12月29日,市长来到港区码头。", D(2025, 1, 3)).date == D(2024, 12, 29)


def test_explicit_year_wins() -> None:
    assert _one("2021年12月29日,市长来到港区码头。", D(2025, 1, 3)).date == D(2021, 12, 29)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("7月8日至9日,省调研组到我县调研。", D(2024, 7, 8), D(2024, 7, 9)),
        ("7月30日至8月2日,考察团赴南岭市考察。", D(2024, 7, 30), D(2024, 8, 2)),
        ("3月14日、15日,调研组来我县走访。", D(2024, 3, 14), D(2024, 3, 15)),
        ("12日至13日,县长率队赴邻县考察。", D(2024, 7, 12), D(2024, 7, 13)),
    ],
)
def test_spans_give_date_and_date_end(text: str, start: dt.date, end: dt.date) -> None:
    pub = D(2024, 7, 20) if "3月" not in text else D(2024, 3, 18)
    span = _one(text, pub)
    assert (span.date, span.date_end) == (start, end)


@pytest.mark.parametrize(("word", "delta"), [("昨天", -1), ("昨日", -1), ("前天", -2), ("今天", 0), ("今日", 0)])
def test_relative_days_count_from_the_publication_date(word: str, delta: int) -> None:
    pub = D(2024, 3, 1)
    span = _one(f"{word}上午,镇长到河口村走访。", pub)
    assert span == DateSpan(pub + dt.timedelta(days=delta))


@pytest.mark.parametrize("word", ["近日", "日前", "近期"])
def test_vague_days_are_marked_approximate(word: str) -> None:
    assert _one(f"{word},区委书记到产业园调研。", D(2024, 3, 1)) == DateSpan(D(2024, 3, 1), approx=True)


def test_day_without_month_takes_the_month_in_force() -> None:
    assert _one("本报讯 19日上午,区长到台湖镇调研。", D(2024, 12, 20)).date == D(2024, 12, 19)
    assert _one("30日,区长到台湖镇调研。", D(2024, 12, 2)).date == D(2024, 11, 30)


def test_no_dates_in_words_that_only_look_like_days() -> None:
    assert find_dates("节日前夕,社区开展活动。两日前下了雨。本报讯", D(2024, 3, 1)) == []


def test_trip_stops_inherit_the_lead_date_and_background_dates_do_not_carry() -> None:
    text = (
        "12月19日,区长郑海涛到台湖镇调研。"
        "该项目于3月5日开工建设。"
        "随后,郑海涛来到星河公司。"
        "20日上午,郑海涛又来到东方集团。"
        "最后,郑海涛察看了园区。"
    )
    tl = DateTimeline(text, D(2024, 12, 21))
    ends = [i + 1 for i, c in enumerate(text) if c == "。"]
    days = [tl.in_sentence(s, e).date for s, e in zip([0, *ends], ends, strict=False)]  # type: ignore[union-attr]
    assert days == [D(2024, 12, 19), D(2024, 3, 5), D(2024, 12, 19), D(2024, 12, 20), D(2024, 12, 20)]


def test_no_day_named_falls_back_to_the_publication_date_marked_approximate() -> None:
    tl = DateTimeline("区长到台湖镇调研。", D(2024, 12, 21))
    assert tl.at(5, 0) == DateSpan(D(2024, 12, 21), approx=True)
    assert DateTimeline("区长到台湖镇调研。", None).at(5, 0) is None


def test_the_day_at_the_verb_inside_one_sentence() -> None:
    text = "8日上午,县长到A村调研,9日下午又到B村察看。"
    tl = DateTimeline(text, D(2024, 5, 10))
    assert tl.at(text.index("调研"), 0).date == D(2024, 5, 8)  # type: ignore[union-attr]
    assert tl.at(text.index("察看"), 0).date == D(2024, 5, 9)  # type: ignore[union-attr]


def test_visits_carry_the_named_day_not_the_publication_date() -> None:
    text = (
        "本报讯(记者 王磊)7月8日至9日,区长郑海涛到台湖镇调研。\n"
        "郑海涛首先来到北京星河智能装备有限公司,察看企业生产线。\n"
        "近日,郑海涛还走访了北京东方医疗器械集团。\n"
    )
    backend = GazetteerBackend(
        {
            "郑海涛": EntityType.PERSON,
            "王磊": EntityType.PERSON,
            "台湖镇": EntityType.PLACE,
            "北京星河智能装备有限公司": EntityType.ORGANIZATION,
            "北京东方医疗器械集团": EntityType.ORGANIZATION,
        }
    )
    art = Article(id=article_id(text), text=text, date=D(2024, 7, 11))
    ex = Extractor(backend).extract_one(art)
    got = {
        r.tail.name: (r.date, r.date_end, r.date_approx)
        for r in ex.relations
        if r.type is RelationType.VISITED and r.tail
    }
    assert got == {
        "台湖镇": (D(2024, 7, 8), D(2024, 7, 9), False),
        "北京星河智能装备有限公司": (D(2024, 7, 8), D(2024, 7, 9), False),
        "北京东方医疗器械集团": (D(2024, 7, 11), None, True),
    }


def test_reader_takes_the_publication_date_from_header_lines(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("县长到东坡村调研\n时间:2021-08-03 10:15  来源:青山县融媒体中心\n昨天,县长到东坡村调研。\n")
    art = next(iter_articles([f]))
    assert (art.title, art.date, art.text) == ("县长到东坡村调研", D(2021, 8, 3), "昨天,县长到东坡村调研。")
    g = tmp_path / "b.txt"
    g.write_text("2019-06-12 09:41:07\n副县长走访企业\n副县长到园区走访企业。\n")
    art = next(iter_articles([g]))
    assert (art.title, art.date) == ("副县长走访企业", D(2019, 6, 12))
    page = tmp_path / "page.md"
    page.write_text("# 甲文\n\n2022-09-14 来源:某某日报\n\n正文一。\n\n# 乙文\n\n正文二。\n")
    assert [a.date for a in iter_articles([page])] == [D(2022, 9, 14)] * 2


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # spans whose first day drops its 日, with a double dash or a hyphen
        ("5月17——18日,市长到东岗村调研。", dt.date(2024, 5, 20), ("2024-05-17", "2024-05-18")),
        ("17-18日,区长到西岗村调研。", dt.date(2024, 5, 20), ("2024-05-17", "2024-05-18")),
        ("11月25日至26日,区长到白沙县调研。", dt.date(2024, 11, 28), ("2024-11-25", "2024-11-26")),
        # a month lost from the page: "1214日" is 12月14日
        ("1214日下午,县委副书记来我镇调研。", dt.date(2021, 12, 16), ("2021-12-14", None)),
        # festivals, the year from the publication day (lunar new year 2021 fell on 12 February)
        ("大年三十,市委书记走访一线职工。", dt.date(2021, 2, 13), ("2021-02-11", None)),
        ("正月初一,市长来到青禾农业。", dt.date(2021, 2, 13), ("2021-02-12", None)),
        ("中秋节当天,区长来到东岗村。", dt.date(2024, 9, 18), ("2024-09-17", None)),
        # weeks and months counted from the publication day (18 December 2024 was a Wednesday)
        ("上周五,区长到东岗村调研。", dt.date(2024, 12, 18), ("2024-12-13", None)),
        ("本月12日,区长到东岗村调研。", dt.date(2024, 12, 18), ("2024-12-12", None)),
        ("上月28日,区长到东岗村调研。", dt.date(2024, 1, 5), ("2023-12-28", None)),
    ],
)
def test_news_forms_of_days(text: str, published: dt.date, expected: tuple[str, str | None]) -> None:
    (m,) = find_dates(text, published)
    end = m.span.date_end.isoformat() if m.span.date_end else None
    assert (m.span.date.isoformat(), end) == expected


def test_the_days_before_a_festival_are_approximate() -> None:
    (m,) = find_dates("春节前夕,市长走访慰问困难群众。", dt.date(2021, 2, 13))
    assert m.span.approx and m.span.date == dt.date(2021, 2, 11)


def test_a_datelines_day_is_not_the_day_of_the_report() -> None:
    text = "红网津市站3月11日讯(通讯员 王雷)3月9日下午,市长到东岗村走访。随后,他来到西岗村。"
    tl = DateTimeline(text, dt.date(2024, 3, 12))
    later = text.index("来到西岗村")
    span = tl.at(later, text.index("随后"))
    assert span is not None and span.date == dt.date(2024, 3, 9)


def test_without_a_publication_day_the_year_written_in_the_article_places_a_day() -> None:
    text = "3月23日,区长到东岗村调研,听取2021年一季度经济运行情况汇报。"
    (first, *_) = find_dates(text, None)
    assert first.span.date == dt.date(2021, 3, 23) and first.span.approx  # a guess, and marked so
    assert find_dates("3月23日,区长到东岗村调研。", None) == []


def test_a_day_right_after_a_dateline_leads_the_report() -> None:
    text = "江城新闻网讯(记者 王雷) 6月3日,市长在青山县调研。他强调,要抓好生产。在北岗机械公司,市长察看了车间。"
    tl = DateTimeline(text, dt.date(2024, 6, 5))
    span = tl.at(text.index("察看"), text.index("在北岗"))
    assert span is not None and span.date == dt.date(2024, 6, 3) and not span.approx
    bare = "江城新闻网讯 6月3日,市长在青山县调研。随后,市长来到北岗机械公司。"
    span = DateTimeline(bare, dt.date(2024, 6, 5)).at(bare.index("来到"), bare.index("随后"))
    assert span is not None and span.date == dt.date(2024, 6, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 月 14 日,市长到东岗村调研。", dt.date(2021, 1, 14)),  # parts spaced out by the page
        ("2021 年 1 月 14 日,市长到东岗村调研。", dt.date(2021, 1, 14)),
        ("元月14日,市长到东岗村调研。", dt.date(2021, 1, 14)),  # 元月 is January
    ],
)
def test_spaced_days_and_the_first_month(text: str, expected: dt.date) -> None:
    (m,) = find_dates(text, dt.date(2021, 1, 16))
    assert m.span.date == expected and m.carries
    assert find_dates("收入5000美元月均增长", dt.date(2021, 1, 16)) == []


def test_an_eight_digit_date_line_under_the_headline(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("县长到东坡村调研\n20181116\n昨天,县长到东坡村调研。\n")
    art = next(iter_articles([f]))
    assert (art.title, art.date, art.text) == ("县长到东坡村调研", D(2018, 11, 16), "昨天,县长到东坡村调研。")
    assert header_date("20181316") is None and header_date("201811160") is None


@pytest.mark.parametrize(
    "text",
    [
        "2015-03-12 17:04:59\n县长到东坡村调研\n昨天,县长到东坡村调研。",
        "来源:青山日报 日期:2015-03-12\n县长到东坡村调研\n昨天,县长到东坡村调研。",
        "县长到东坡村调研\n2015-03-12 17:04:59\n昨天,县长到东坡村调研。",
    ],
)
def test_a_jsonl_record_reads_its_header_line_as_a_file_does(tmp_path: Path, text: str) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_text(json.dumps({"id": "x1", "text": text}, ensure_ascii=False) + "\n")
    g = tmp_path / "x1.txt"
    g.write_text(text)
    from_feed, from_file = next(iter_articles([f])), next(iter_articles([g]))
    expected = ("县长到东坡村调研", D(2015, 3, 12), "昨天,县长到东坡村调研。")
    assert (from_feed.title, from_feed.date, from_feed.text) == expected
    assert (from_file.title, from_file.date, from_file.text) == (from_feed.title, from_feed.date, from_feed.text)


def test_money_before_a_month_day_is_no_first_month() -> None:
    assert find_dates("总投资3亿元月14日前到位", dt.date(2021, 1, 16)) == []
    assert find_dates("补贴1万元月5日发放", dt.date(2021, 1, 16)) == []


def test_eight_digits_at_the_end_of_a_text_are_no_date_line() -> None:
    lines, when = strip_header(["县长到东坡村调研", "昨天,县长到东坡村调研。", "编号", "20181116"])
    assert when is None and lines[-1] == "20181116"


def test_a_year_of_plans_does_not_place_an_undated_articles_days() -> None:
    text = "8月3日,县委书记高远来到恒达机械有限公司调研。他要求自2023年以来的好势头要保持,积极谋划2024年产业项目。"
    ex = Extractor(
        GazetteerBackend({"高远": EntityType.PERSON, "恒达机械有限公司": EntityType.ORGANIZATION})
    ).extract_one(Article(id="u1", text=text))
    days = {r.date for r in ex.relations if r.type is RelationType.VISITED}
    assert days == {dt.date(2023, 8, 3)}
