"""Dates in Chinese news: the publication date of a page and the day each sentence talks about.

Two jobs, one home:

* :func:`read_header_line` reads the publication date from a page's header line
  (``2019-06-12 09:41:07``, ``发布时间:2021-08-03 10:15``, ``2022-09-14 来源:某某日报``),
  or says why it is unusable (``2024-13-45``); :func:`strip_header` takes that line out of the text.
* :class:`DateTimeline` finds every day expression of an article (``12月19日``,
  ``19日上午``, ``7月8日至9日``, ``昨天``, ``近日``), resolves it against the
  publication date and answers "which day is meant at this offset".

Resolution rules (each has a doctest below):

* A month and day without a year take the latest year that puts the day no
  more than two months after the publication date, so a December day in a
  January article is the previous year.
* A day without a month (``19日``) takes the month in force (the last month
  named before it, else the publication month); a day more than a week after
  the reference falls in the month before.
* 昨天/前天/今天 are counted from the publication date; 近日/日前/近期 give the
  publication date marked approximate.
* A date at the start of a clause (``12月19日,``) or followed by a visit verb in
  its clause (``区长于12月19日到...``) is in force for the rest of the article
  until another one is; other dates (``于3月5日开工``) hold only for their
  own sentence. Where no day is in force, the publication date is used,
  marked approximate.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from lunardate import LunarDate

from newskg.names.lexicon import (
    APPROX_DAY_WORDS,
    BYLINE_OPENERS,
    DATE_BACKGROUND_AFTER,
    DATE_BACKGROUND_BEFORE,
    DATE_LINE_LABELS,
    DATELINE_RE,
    DAY_RANGE_JOINERS,
    FESTIVAL_AROUND_WORDS,
    FESTIVAL_BEFORE_WORDS,
    FESTIVAL_PERIODS,
    HEADER_META_WORDS,
    LUNAR_FESTIVALS,
    LUNAR_NEW_YEAR_DAY_PREFIXES,
    MONTH_WORDS,
    NOT_APPROX_BEFORE,
    ON_DAY_WORDS,
    PLAN_AFTER_YEAR,
    PLAN_BEFORE_YEAR,
    PUBLISHER_SUFFIXES,
    RELATIVE_DAYS,
    SAME_DAY_WORDS,
    SOLAR_FESTIVALS,
    SOURCE_LABELS,
    TRIP_MOVES,
    VISIT_VERBS,
    WEEK_WORDS,
    WEEKDAY_WORDS,
)
from newskg.names.normalize import normalize_text

__all__ = [
    "DateMention",
    "DateSpan",
    "DateTimeline",
    "checked_date",
    "festival_day",
    "find_dates",
    "header_date",
    "header_sources",
    "nearest_year",
    "read_header_line",
    "strip_header",
]

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_NUM = r"(?:\d{1,4}|[〇零一二两三四五六七八九十]{1,4})"

# --- publication date from a header line -------------------------------------------------------

_ISO = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_ISO_RE = re.compile(_ISO)
_TIME = r"(?:\s*\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?)?"
_WEEKDAY = r"(?:\s*(?:" + "|".join(WEEKDAY_WORDS) + r")[一二三四五六日天])?"
_HEADER_KEYS = "(?:" + "|".join(DATE_LINE_LABELS) + ")"
_HEADER_DATE = re.compile(r"^[\[【(]?\s*(?:" + _HEADER_KEYS + r"\s*[:：]?\s*)?" + _ISO + _TIME + _WEEKDAY, re.I)
_HEADER_ANY = re.compile(_HEADER_KEYS + r"\s*[:：]\s*" + _ISO, re.I)
# A date line of eight digits under the headline ("20181116"), alone on its line (with a time at most).
_HEADER_DIGITS = re.compile(r"((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])" + _TIME)
# What else a header line may carry: source, author, editor, counters, font-size links.
_META = re.compile("(?:" + "|".join(HEADER_META_WORDS) + ")")
_SENTENCE_END = re.compile(r"[。！？!?]\s*$")


def checked_date(value: object) -> tuple[dt.date | None, str | None]:
    """The date written in ``value`` (``2024-12-27``, ``2024/12/27``, ``2024年12月27日``) and, if unusable, why.

    >>> checked_date("2024-13-45")
    (None, "date '2024-13-45' is not a real day (month 13, day 45); read without it")
    >>> checked_date("2024年1月2日")
    (datetime.date(2024, 1, 2), None)
    >>> checked_date(None)
    (None, None)
    """
    if value is None or value == "":
        return None, None
    m = _ISO_RE.search(str(value))
    if not m:
        return None, f"date {value!r} not understood (expected e.g. 2024-12-27); read without it"
    y, mo, d = (int(g) for g in m.groups())
    try:
        return dt.date(y, mo, d), None
    except ValueError:
        return None, f"date {value!r} is not a real day (month {mo}, day {d}); read without it"


def read_header_line(line: str, digits: bool = True) -> tuple[dt.date | None, str | None]:
    """Read ``line`` as a page header line: its publication date, or why that date is unusable.

    A header line starts with the date (after an optional key such as
    发布时间) or carries a keyed date, and holds nothing but metadata
    (source, author, counters) besides. A sentence of text is no header.
    ``digits``: whether eight digits alone (``20181116``) count, as they do right under a headline.

    Returns:
        ``(date, None)`` for a header line; ``(None, problem)`` for a header line whose date is
        no real day (metadata not understood: the caller keeps the line as text and warns);
        ``(None, None)`` for any other line.

    >>> read_header_line("发布时间:2021-08-03 10:15")
    (datetime.date(2021, 8, 3), None)
    >>> read_header_line("2024-13-45")
    (None, "date '2024-13-45' is not a real day (month 13, day 45); read without it")
    >>> read_header_line("2024年12月19日,区长到台湖镇调研。")
    (None, None)
    >>> read_header_line("20181116"), read_header_line("20181316")
    ((datetime.date(2018, 11, 16), None), (None, None))
    """
    text = normalize_text(line).strip()
    if not text or len(text) > 120 or _SENTENCE_END.search(text):
        return None, None
    eight = _HEADER_DIGITS.fullmatch(text) if digits else None  # only right under the headline
    if eight is not None:
        return checked_date("-".join(eight.groups()))
    m = _HEADER_DATE.match(text)
    if m is not None:
        rest = text[m.end() :].strip(" \t|/[]【】()")
        text_after = rest and not _META.search(rest) and not re.fullmatch(r"[\d\s阅读次浏览点击]*", rest)
        if text_after and (len(rest) > 12 or re.search(r"[,，;；]", rest)):
            return None, None  # "2024年12月19日 区长到台湖镇调研": text, not a header
    else:
        m = _HEADER_ANY.search(text)
        if m is None and re.match(_META.pattern + r"\s*[:：]", text):
            m = re.search(_ISO, text)  # "来源:东川日报  2020/11/09": a source line carrying the date
        if m is None:
            return None, None
    written = _ISO_RE.match(text, m.start(1))  # the date as written, for the message
    return checked_date(written.group(0).rstrip() if written else text)


def header_date(line: str) -> dt.date | None:
    """The publication date if ``line`` is a page header line with a real day, else None.

    See :func:`read_header_line`.

    >>> header_date("2019-06-12 09:41:07")
    datetime.date(2019, 6, 12)
    >>> header_date("发布时间:2021-08-03 10:15")
    datetime.date(2021, 8, 3)
    >>> header_date("日期:2016-05-20")
    datetime.date(2016, 5, 20)
    >>> header_date("2022-09-14 来源:某某日报")
    datetime.date(2022, 9, 14)
    >>> header_date("来源:县融媒体中心  发布日期：2023年03月05日  浏览次数:218")
    datetime.date(2023, 3, 5)
    >>> header_date("来源:东川日报  2020/11/09")
    datetime.date(2020, 11, 9)
    >>> header_date("2024年12月20日 星期五")
    datetime.date(2024, 12, 20)
    >>> header_date("2024年12月19日,区长到台湖镇调研。") is None
    True
    """
    return read_header_line(line)[0]


def strip_header(
    lines: list[str],
    head: int = 8,
    tail: int = 3,
    problems: list[str] | None = None,
    removed: list[str] | None = None,
) -> tuple[list[str], dt.date | None]:
    """Remove the first header line among the first ``head`` and last ``tail`` non-empty lines.

    A header line whose date is no real day stays in the text; why is appended to ``problems``.
    The line taken out is appended to ``removed`` (its publisher: :func:`header_sources`).

    Returns:
        The remaining lines and the header's date (None, lines unchanged, when there is none).

    >>> strip_header(["标题", "2019-06-12 09:41:07", "正文。"])
    (['标题', '正文。'], datetime.date(2019, 6, 12))
    >>> problems: list[str] = []
    >>> strip_header(["标题", "2024-13-45", "正文。"], problems=problems)
    (['标题', '2024-13-45', '正文。'], None)
    >>> problems
    ["date '2024-13-45' is not a real day (month 13, day 45); read without it"]
    """
    idx = [i for i, line in enumerate(lines) if line.strip()]
    for i in dict.fromkeys([*idx[:head], *idx[-tail:]]):  # a short text's lines are in both
        when, problem = read_header_line(lines[i], digits=i in idx[:3])
        if when is not None:
            if removed is not None:
                removed.append(lines[i])
            return lines[:i] + lines[i + 1 :], when
        if problem and problems is not None:
            problems.append(problem)
    return lines, None


_SOURCE = re.compile(r"(?:" + "|".join(SOURCE_LABELS) + r")\s*[:：]\s*([^\s|,，;；]+(?:\s*[-/]\s*[^\s|,，;；]+)*)")
_MEDIA_NAME = re.compile(r"[\u4e00-\u9fa5A-Za-z]{2,16}?(?:" + "|".join(PUBLISHER_SUFFIXES) + ")")


def header_sources(line: str) -> tuple[str, ...]:
    """The publishers a page header line names: ``来源:利州发布``, ``来源: 江城网-江城日报``, ``2008年 深圳商报``.

    >>> header_sources("发布日期:2019-03-14 09:20:11 来源: 江城网-江城日报")
    ('江城网', '江城日报')
    >>> header_sources("2008年10月10日07:20  深圳商报")
    ('深圳商报',)
    >>> header_sources("发布时间:2021-08-03 10:15")
    ()
    """
    text = normalize_text(line)
    labelled = _SOURCE.search(text)
    if labelled:
        names = re.split(r"\s*[-/]\s*", labelled.group(1))
    else:
        rest = _ISO_RE.sub(" ", text)
        names = [m.group(0) for m in _MEDIA_NAME.finditer(rest) if not _META.fullmatch(m.group(0))]
    return tuple(dict.fromkeys(n for n in names if len(n) >= 2 and re.search(r"[\u4e00-\u9fa5]", n)))


# --- day expressions in the text ---------------------------------------------------------------


@dataclass(frozen=True)
class DateSpan:
    """A day, or a span of days (``date_end`` inclusive); ``approx`` when the text only says 近日."""

    date: dt.date
    date_end: dt.date | None = None
    approx: bool = False

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls inside the span."""
        return self.date <= day <= (self.date_end or self.date)


@dataclass(frozen=True)
class DateMention:
    """A resolved day expression at article offsets ``start``/``end``.

    ``carries``: it stays in force for the following sentences (a lead date).
    """

    start: int
    end: int
    span: DateSpan
    carries: bool


def _cn_number(token: str) -> int:
    """Arabic or Chinese numerals up to 9999 (``十九`` -> 19, ``二〇二四`` -> 2024).

    >>> _cn_number("十九"), _cn_number("二十"), _cn_number("二〇二四"), _cn_number("12"), _cn_number("元")
    (19, 20, 2024, 12, 1)
    """
    if token == "元":  # 元月: the first month
        return 1
    if token.isdigit():
        return int(token)
    if "十" in token:
        tens, _, ones = token.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return int("".join(str(_CN_DIGITS[c]) for c in token))


def _make_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def nearest_year(month: int, day: int, ref: dt.date, ahead: int = 62) -> dt.date | None:
    """The latest date with this month and day at most ``ahead`` days after ``ref``.

    News reports what happened, so a day without a year is taken in the past
    of the publication date, or in its near future (an announced event).

    >>> nearest_year(5, 16, dt.date(2024, 5, 20))
    datetime.date(2024, 5, 16)
    >>> nearest_year(12, 30, dt.date(2025, 1, 3))
    datetime.date(2024, 12, 30)
    >>> nearest_year(1, 2, dt.date(2024, 12, 30))
    datetime.date(2025, 1, 2)
    >>> nearest_year(3, 5, dt.date(2024, 12, 21))
    datetime.date(2024, 3, 5)
    """
    best: dt.date | None = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        cand = _make_date(y, month, day)
        if cand is not None and (cand - ref).days <= ahead and (best is None or cand > best):
            best = cand
    return best


def _day_in_month(day: int, ref: dt.date) -> dt.date | None:
    """A day of the month in force; more than a week after ``ref`` means the month before.

    >>> _day_in_month(19, dt.date(2024, 12, 20))
    datetime.date(2024, 12, 19)
    >>> _day_in_month(30, dt.date(2024, 12, 2))
    datetime.date(2024, 11, 30)
    """
    cand = _make_date(ref.year, ref.month, day)
    if cand is not None and (cand - ref).days <= 7:
        return cand
    prev = ref.replace(day=1) - dt.timedelta(days=1)
    return _make_date(prev.year, prev.month, day)


_JOIN = "(?:" + "|".join(DAY_RANGE_JOINERS) + ")"
# The first day of a span may drop its 日: "5月17——18日", "17-18日".
# Some pages space the parts out ("1 月 14 日"); 元月 is January.
_YMD = (
    rf"(?:(?P<y>{_NUM})[ \u3000]?年[ \u3000]?)?(?P<m>{_NUM}|(?<![\d〇零一二两三四五六七八九十百千万亿])元)"
    rf"[ \u3000]?月[ \u3000]?(?P<d>{_NUM})[ \u3000]?"
    rf"(?:[日号]|(?={_JOIN}\s*(?:{_NUM}月)?{_NUM}[日号]))"
)
_DAY_ONLY = rf"(?<![\d月第])(?P<dd>\d{{1,2}})(?:日(?![报期])|(?={_JOIN}\s*\d{{1,2}}日))"
# "1214日": a month and a day with the 月 lost (page systems drop it), read only as four digits.
_MMDD = r"(?<![\d月第])(?P<tm>0[1-9]|1[0-2])(?P<td>0[1-9]|[12]\d|3[01])日"


def _end(tag: str) -> str:
    """A span's second day: "至9日", "—8月2日", "、15日"."""
    return rf"(?:{_JOIN}\s*(?:(?P<{tag}m2>{_NUM})月)?(?P<{tag}d2>{_NUM})[日号])"


_ISO_DAY = r"(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})(?!\d)"
_DAY_RE = re.compile(rf"{_ISO_DAY}|{_YMD}{_end('a')}?|{_MMDD}|{_DAY_ONLY}{_end('b')}?")
_WEEKDAYS = "一二三四五六日天"
_SPECIAL_RE = re.compile(
    "(?P<fest>"
    + "|".join(sorted([*LUNAR_FESTIVALS, *SOLAR_FESTIVALS], key=len, reverse=True))
    + "|(?:"
    + "|".join(LUNAR_NEW_YEAR_DAY_PREFIXES)
    + ")[二三四五六七八九十])(?P<fsuf>"
    + "|".join(sorted([*FESTIVAL_BEFORE_WORDS, *FESTIVAL_AROUND_WORDS], key=len, reverse=True))
    + ")?"
    + "|(?P<wk>"
    + "|".join(sorted(WEEK_WORDS, key=len, reverse=True))
    + f")(?P<wd>[{_WEEKDAYS}])"
    + "|(?P<mw>"
    + "|".join(sorted(MONTH_WORDS, key=len, reverse=True))
    + rf")(?P<mwd>{_NUM})[日号]"
)
_RELATIVE: dict[str, int | None] = {**RELATIVE_DAYS, **dict.fromkeys(SAME_DAY_WORDS)}
_WORD_RE = re.compile("|".join(sorted([*_RELATIVE, *APPROX_DAY_WORDS], key=len, reverse=True)))
# A date is a lead date (in force afterwards) at a clause start or before a trip verb in its clause.
_CLAUSE_START = re.compile(
    r"(?:^|[,，;；:：。！？!?\n)）])\s*(?:"
    + "|".join(BYLINE_OPENERS)
    + r")?\s*(?:"
    + "|".join(ON_DAY_WORDS)
    + r")?\s*$"
)
_TRIP_VERB = re.compile("|".join((*VISIT_VERBS, *TRIP_MOVES)))
# A date read as a deadline or a start point is background, not the day of an event.
_ON_DAY = re.compile("(?:" + "|".join(ON_DAY_WORDS) + r")\s*$")  # "于3月2日": the day something happened on
_SENTENCE_END_CHAR = re.compile(r"[。！？!?\n]")
_BACKGROUND_AFTER = re.compile(r"^\s*(?:" + "|".join(DATE_BACKGROUND_AFTER) + ")")
_BACKGROUND_BEFORE = re.compile("(?:" + "|".join(DATE_BACKGROUND_BEFORE) + r")\s*$")


_BYLINE_BRACKET = re.compile(r"\s*[(（【\[][^()（）【】\[\]\n]{0,40}[)）】\]]")


def _dateline_days(text: str) -> list[tuple[int, int]]:
    """Where a line opens with a dateline (``某某新闻网讯(记者 甲)``, ``某某网伊春9月29日电``): its span and
    the blank after it, so that a day written in it or right after it is the report's lead date. O(lines).

    >>> t = "某某新闻网讯(记者 甲) 1月14日,区长到A镇调研。"
    >>> [t[a:b] for a, b in _dateline_days(t)]
    ['某某新闻网讯(记者 甲) ']
    >>> t = "图片说明\\n  某某新闻网讯 1月14日,区长到A镇调研。"
    >>> [t[a:b] for a, b in _dateline_days(t)]
    ['  某某新闻网讯 ']
    """
    out: list[tuple[int, int]] = []
    for line in re.finditer(r"^.+$", text, re.M):
        m = DATELINE_RE.match(line.group(0))  # its ^ anchors at the line's start, not only the text's
        if m is None:
            continue
        end = line.start() + m.end()
        bracket = _BYLINE_BRACKET.match(text, end)
        end = bracket.end() if bracket else end
        while end < len(text) and text[end] in " \t\u3000":
            end += 1
        out.append((line.start(), end))
    return out


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """Every day expression of ``text``, resolved against ``published``. O(n).

    >>> pub = dt.date(2024, 7, 10)
    >>> [(m.span.date.isoformat(), m.span.date_end) for m in find_dates("7月8日至9日,区长到A镇调研。", pub)]
    [('2024-07-08', datetime.date(2024, 7, 9))]
    >>> [m.span for m in find_dates("近日,区长到A镇调研。", pub)]
    [DateSpan(date=datetime.date(2024, 7, 10), date_end=None, approx=True)]
    >>> [m.span.date.isoformat() for m in find_dates("昨天上午,区长来到B村。", pub)]
    ['2024-07-09']
    """
    norm = normalize_text(text)
    found: list[tuple[int, int, DateSpan | None, str | None]] = []
    for m in _SPECIAL_RE.finditer(norm):  # festivals, weeks, "本月12日": before the plain days they hold
        found.append((m.start(), m.end(), _special(m, published), "special"))
    for m in _DAY_RE.finditer(norm):
        if not any(s <= m.start() < e for s, e, _, _ in found):
            found.append((m.start(), m.end(), None, None))
    for m in _WORD_RE.finditer(norm):
        if (
            m.group(0) == "日前"
            and m.start() > 0
            and (norm[m.start() - 1] in NOT_APPROX_BEFORE or norm[m.start() - 1].isdigit())
        ):
            continue  # "节日前夕", "两日前", "14日前": no approximate date
        if not any(s <= m.start() < e for s, e, _, _ in found):
            found.append((m.start(), m.end(), None, m.group(0)))
    found.sort(key=lambda f: f[0])
    out: list[DateMention] = []
    month_ref = published  # the month in force for a bare "19日"
    # Without a publication day, a month and day take the latest year the article writes, marked approximate.
    written = None if published else _written_year(norm)
    last: DateSpan | None = None
    datelines = _dateline_days(norm)
    for start, end, special, word in found:
        background = bool(_BACKGROUND_AFTER.match(norm, end)) or bool(
            _BACKGROUND_BEFORE.search(norm[max(0, start - 4) : start])
        )
        clause_end = min((i for i in (norm.find(c, end) for c in ",，;；。！？!?\n") if i >= 0), default=len(norm))
        lead = (
            bool(_CLAUSE_START.search(norm[max(0, start - 12) : start]))
            or bool(_TRIP_VERB.search(norm, end, clause_end))
            or any(a <= start <= b for a, b in datelines)  # "…新闻网讯 1月14日,", "…网伊春9月29日电"
        )
        carries = lead and not background
        span = special if word == "special" else _resolve(norm, start, end, word, published, month_ref, last)
        if span is None and written is not None and word is None:
            guess = _resolve(norm, start, end, word, written, month_ref, last)
            span = DateSpan(guess.date, guess.date_end, approx=True) if guess else None
        if span is None:
            continue
        out.append(DateMention(start, end, span, carries=carries))
        if carries:  # only a lead date sets the month and the day in force
            month_ref = span.date_end or span.date
            last = span
    return out


def _resolve(
    norm: str,
    start: int,
    end: int,
    word: str | None,
    published: dt.date | None,
    month_ref: dt.date | None,
    last: DateSpan | None,
) -> DateSpan | None:
    if word is not None:
        if word in APPROX_DAY_WORDS:
            return DateSpan(published, approx=True) if published else None
        delta = _RELATIVE[word]
        if delta is None:  # 当天: the day in force
            return last
        return DateSpan(published + dt.timedelta(days=delta)) if published else None
    m = _DAY_RE.match(norm, start)
    assert m is not None
    g = m.groupdict()
    if g["iy"]:
        day = _make_date(int(g["iy"]), int(g["im"]), int(g["id"]))
        return DateSpan(day) if day else None
    if g["tm"]:
        day = nearest_year(int(g["tm"]), int(g["td"]), published) if published else None
        return DateSpan(day) if day else None
    d = _cn_number(g["d"] or g["dd"])
    m2, d2 = (g["am2"], g["ad2"]) if g["d"] else (g["bm2"], g["bd2"])
    first: dt.date | None
    if g["m"]:
        mo = _cn_number(g["m"])
        if g["y"]:
            first = _make_date(_cn_number(g["y"]), mo, d)
        else:
            first = nearest_year(mo, d, published) if published else None
    else:
        first = _day_in_month(d, month_ref) if month_ref else None
    if first is None:
        return None
    last_day: dt.date | None = None
    if d2:
        mo2 = _cn_number(m2) if m2 else first.month
        last_day = _make_date(first.year, mo2, _cn_number(d2))
        if last_day is not None and last_day < first:
            last_day = _make_date(first.year + 1, mo2, last_day.day)
        if last_day is not None and (last_day - first).days > 62:
            last_day = None  # "5月1日和10月1日": two separate days, not a span
    return DateSpan(first, last_day)


def _written_year(text: str) -> dt.date | None:
    """The last day of the latest year an article writes (``2021年一季度``), to place its month-days.

    >>> _written_year("3月23日,…总结2021年一季度经济运行情况。")
    datetime.date(2021, 12, 31)
    >>> _written_year("3月23日,区长到A镇调研。") is None
    True

    A year of plans (``谋划2024年产业项目``, ``到2025年``, ``2030年远景目标``) says nothing of when the
    article was written:

    >>> _written_year("8月3日,…自2023年以来…,要求积极谋划2024年产业项目,力争到2025年…。")
    datetime.date(2023, 12, 31)
    >>> _written_year("8月3日,…2021年至2023年,全县累计…")
    datetime.date(2023, 12, 31)
    """
    years = [
        int(m.group(1))
        for m in _YEAR_RE.finditer(text)
        if not any(w in text[max(0, m.start() - 4) : m.start()] for w in PLAN_BEFORE_YEAR)
        and not text.startswith(PLAN_AFTER_YEAR, m.end())
    ]
    return dt.date(max(years), 12, 31) if years else None


_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)年")


def festival_day(name: str, year: int) -> dt.date | None:
    """The day of a festival in a (Gregorian) year, lunar festivals through the lunar calendar.

    >>> festival_day("除夕", 2021), festival_day("正月初三", 2024), festival_day("国庆节", 2023)
    (datetime.date(2021, 2, 11), datetime.date(2024, 2, 12), datetime.date(2023, 10, 1))
    """
    if name in SOLAR_FESTIVALS:
        return _make_date(year, *SOLAR_FESTIVALS[name])
    if name in LUNAR_FESTIVALS:
        month, day, shift = LUNAR_FESTIVALS[name]
    else:  # 正月初N
        month, day, shift = 1, _cn_number(name[-1]), 0
    # 除夕 and the days after the new year belong to the lunar year that starts in this Gregorian year.
    try:
        solar: dt.date = LunarDate(year, month, day).to_solar_date()
    except ValueError:
        return None
    return solar + dt.timedelta(days=shift)


def _special(m: re.Match[str], published: dt.date | None) -> DateSpan | None:
    """A festival, a weekday of this or last week, or a day of this or last month, from ``published``.

    >>> pub = dt.date(2021, 2, 13)
    >>> [_special(x, pub) for x in _SPECIAL_RE.finditer("大年三十,春节前夕")]
    [DateSpan(date=datetime.date(2021, 2, 11), date_end=None, approx=False), \
DateSpan(date=datetime.date(2021, 2, 11), date_end=None, approx=True)]
    >>> _special(_SPECIAL_RE.search("上周五"), dt.date(2024, 12, 18)).date.isoformat()
    '2024-12-13'
    >>> _special(_SPECIAL_RE.search("上月28日"), dt.date(2024, 1, 5)).date.isoformat()
    '2023-12-28'
    """
    if published is None:
        return None
    g = m.groupdict()
    if g["fest"]:
        days = [
            d for y in (published.year - 1, published.year, published.year + 1) if (d := festival_day(g["fest"], y))
        ]
        near = [d for d in days if (d - published).days <= 62]
        if not near:
            return None
        day = max(near)
        if g["fsuf"] in FESTIVAL_BEFORE_WORDS:
            return DateSpan(day - dt.timedelta(days=1), approx=True)  # "春节前夕": the days before it
        return DateSpan(day, approx=bool(g["fsuf"]) or g["fest"] in FESTIVAL_PERIODS)
    if g["wk"]:
        monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=WEEK_WORDS[g["wk"]])
        return DateSpan(monday + dt.timedelta(days=min(_WEEKDAYS.index(g["wd"]), 6)))
    first = published.replace(day=1)
    if MONTH_WORDS[g["mw"]] < 0:
        first = (first - dt.timedelta(days=1)).replace(day=1)
    in_month = _make_date(first.year, first.month, _cn_number(g["mwd"]))
    return DateSpan(in_month) if in_month else None


class DateTimeline:
    """The resolved days of one article, queried by offset.

    Args:
        text: The article text.
        published: Its publication date, if known.

    Example:
        >>> tl = DateTimeline("12月19日,区长到A镇调研。随后,区长来到B公司。", dt.date(2024, 12, 20))
        >>> tl.at(20, 13, 25).date.isoformat()
        '2024-12-19'
    """

    def __init__(self, text: str, published: dt.date | None) -> None:
        self.published = published
        self._text = normalize_text(text)
        self.mentions = find_dates(text, published)
        self._starts = [m.start for m in self.mentions]

    def at(self, pos: int, sent_start: int, sent_end: int | None = None) -> DateSpan | None:
        """The day meant at ``pos`` in the sentence starting at ``sent_start``. O(log D).

        The last date before ``pos`` in the same sentence, else the lead
        date in force before the sentence, else the publication date
        (approximate), else None.
        """
        own = self.own(pos, sent_start)
        if own is not None:
            return own
        for m in reversed(self.mentions[: bisect.bisect_left(self._starts, sent_start)]):
            if m.carries:
                return m.span
        return DateSpan(self.published, approx=True) if self.published else None

    def own(self, pos: int, sent_start: int) -> DateSpan | None:
        """The last day named in the sentence before ``pos``, or None when the sentence names none there."""
        hi = bisect.bisect_left(self._starts, pos)
        for m in reversed(self.mentions[:hi]):
            if m.start < sent_start:
                break
            if m.end <= pos:
                return m.span
        return None

    def for_stop(
        self,
        pos: int,
        sent_start: int,
        trip_pos: int,
        trip_sent_start: int,
        sent_end: int | None = None,
        trip_sent_end: int | None = None,
    ) -> DateSpan | None:
        """The day of a trip's stop: its own day if its sentence names one, else the trip's day.

        The hook for trip structure: ``trip_pos``/``trip_sent_start`` locate
        the trip's opening verb (``12月19日,区长到…调研``), ``pos``/``sent_start``
        the stop's verb. Where the sentence (ending at ``sent_end``) names the
        stop's day only after it, or only vaguely before it (``近日,…赴江城招商,于3月2日至4日…``),
        that later day is the stop's.

        >>> t = "12月19日,区长到台湖镇调研。该项目3月5日开工。随后区长来到A公司。20日,区长又来到B公司。"
        >>> tl = DateTimeline(t, dt.date(2024, 12, 21))
        >>> tl.for_stop(t.index("来到A"), t.index("随后"), t.index("调研"), 0).date.isoformat()
        '2024-12-19'
        >>> tl.for_stop(t.index("来到B"), t.index("20日"), t.index("调研"), 0).date.isoformat()
        '2024-12-20'
        >>> t = "近日,区长赴江城招商,于3月2日至4日期间走访了A公司。"
        >>> tl = DateTimeline(t, dt.date(2023, 3, 6))
        >>> tl.for_stop(t.index("赴江城"), 0, t.index("赴江城"), 0, len(t))
        DateSpan(date=datetime.date(2023, 3, 2), date_end=datetime.date(2023, 3, 4), approx=False)
        """
        return (
            self._named(pos, sent_start, sent_end)
            or self._named(trip_pos, trip_sent_start, trip_sent_end)
            or self.at(trip_pos, trip_sent_start)
        )

    def _named(self, pos: int, sent_start: int, sent_end: int | None) -> DateSpan | None:
        """The day the sentence names for ``pos``: before it, or after it where before is vague or nothing."""
        own = self.own(pos, sent_start)
        if (own is None or own.approx) and sent_end is not None:
            for m in self.mentions[bisect.bisect_left(self._starts, pos) :]:
                if m.start >= sent_end:
                    break
                if not m.span.approx and self._of_the_trip(m):
                    return m.span
        return own

    def _of_the_trip(self, m: DateMention) -> bool:
        """Whether a day written after a stop says when the trip was: ``于3月2日至4日…``, or a trip verb
        follows it in its sentence (``9月6日至9日,由市委…组成代表团赴…``); not the day of something
        else the sentence tells (``…,3月1日首批产品下线``)."""
        sentence_end = _SENTENCE_END_CHAR.search(self._text, m.end)
        end = sentence_end.start() if sentence_end else len(self._text)
        return bool(_ON_DAY.search(self._text, max(0, m.start - 2), m.start)) or bool(
            _TRIP_VERB.search(self._text, m.end, end)
        )

    def in_sentence(self, sent_start: int, sent_end: int) -> DateSpan | None:
        """The day a whole sentence talks about (its first own date, else the one in force)."""
        lo = bisect.bisect_left(self._starts, sent_start)
        for m in self.mentions[lo:]:
            if m.start >= sent_end:
                break
            return m.span
        return self.at(sent_start, sent_start, sent_end)


def spans_of(mentions: Sequence[DateMention]) -> list[DateSpan]:
    """The spans of some mentions, in order (for tests and the comparison bench)."""
    return [m.span for m in mentions]
