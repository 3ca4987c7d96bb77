"""Day expressions of local news: newskg's rules against jionlp's time parser, on invented cases.

Run: ``python -m bench.dates_vs_jionlp`` in an environment with jionlp installed
(``pip install jionlp``; it is no dependency of newskg). Prints a Markdown
table: for each case the expected day (or span) and whether each parser got
it, then totals and timings. A case counts when the first day expression of
the text resolves to the expected first day, last day and approximate flag.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from newskg.extract.dates import find_dates

D = dt.date
# (text, publication date, expected (first day, last day or None, approximate) or None for "no day")
CASES: list[tuple[str, dt.date, tuple[dt.date, dt.date | None, bool] | None]] = [
    ("5月16日下午,副县长到东坡村察看。", D(2023, 5, 18), (D(2023, 5, 16), None, False)),
    ("12月29日,市长来到港区码头。", D(2025, 1, 3), (D(2024, 12, 29), None, False)),
    ("2021年12月29日,市长来到港区码头。", D(2025, 1, 3), (D(2021, 12, 29), None, False)),
    ("7月8日至9日,省调研组到我县调研。", D(2024, 7, 20), (D(2024, 7, 8), D(2024, 7, 9), False)),
    ("7月30日至8月2日,考察团赴南岭市考察。", D(2024, 8, 5), (D(2024, 7, 30), D(2024, 8, 2), False)),
    ("3月14日、15日,调研组来我县走访。", D(2024, 3, 18), (D(2024, 3, 14), D(2024, 3, 15), False)),
    ("12日至13日,县长率队赴邻县考察。", D(2024, 7, 20), (D(2024, 7, 12), D(2024, 7, 13), False)),
    ("昨天上午,镇长到河口村走访。", D(2024, 3, 1), (D(2024, 2, 29), None, False)),
    ("昨日,区长到园区调研。", D(2024, 3, 1), (D(2024, 2, 29), None, False)),
    ("前天下午,区长来到区医院。", D(2024, 3, 1), (D(2024, 2, 28), None, False)),
    ("今天上午,县长到工地检查。", D(2024, 3, 1), (D(2024, 3, 1), None, False)),
    ("近日,区委书记到产业园调研。", D(2024, 3, 1), (D(2024, 3, 1), None, True)),
    ("日前,副市长到港区检查。", D(2024, 3, 1), (D(2024, 3, 1), None, True)),
    ("本报讯 19日上午,区长到台湖镇调研。", D(2024, 12, 20), (D(2024, 12, 19), None, False)),
    ("30日,区长到台湖镇调研。", D(2024, 12, 2), (D(2024, 11, 30), None, False)),
    ("十二月十九日,区长到台湖镇调研。", D(2024, 12, 20), (D(2024, 12, 19), None, False)),
    ("２０２４年１２月１９日,区长到台湖镇调研。", D(2024, 12, 20), (D(2024, 12, 19), None, False)),
    ("1月2日,市长到新区调研。", D(2024, 12, 30), (D(2025, 1, 2), None, False)),
    ("该项目于3月5日开工。", D(2024, 12, 21), (D(2024, 3, 5), None, False)),
    ("8日上午,县长到A村调研。", D(2024, 5, 10), (D(2024, 5, 8), None, False)),
    ("12月19日,区长到台湖镇调研。", D(2024, 12, 20), (D(2024, 12, 19), None, False)),
    ("节日前夕,社区开展慰问活动。", D(2024, 9, 14), None),
    ("今年5月,该企业完成技术改造。", D(2024, 9, 14), None),
    ("5月1日和10月1日,景区分别接待游客。", D(2024, 10, 8), (D(2024, 5, 1), None, False)),
    ("13日至15日,县长率队赴外省考察。", D(2024, 9, 20), (D(2024, 9, 13), D(2024, 9, 15), False)),
    ("上周五,区长到社区走访。", D(2024, 9, 14), (D(2024, 9, 6), None, False)),
]

Result = tuple[dt.date, dt.date | None, bool] | None


def ours(text: str, pub: dt.date) -> Result:
    """newskg's resolver: the first day expression."""
    found = find_dates(text, pub)
    if not found:
        return None
    s = found[0].span
    return (s.date, s.date_end, s.approx)


def jionlp_parser() -> Any:
    """jionlp's time extraction (``ner.extract_time``) as a function like :func:`ours`."""
    import jionlp as jio

    def parse(text: str, pub: dt.date) -> Result:
        base = {"year": pub.year, "month": pub.month, "day": pub.day}
        try:
            found = jio.ner.extract_time(text, time_base=base, with_parsing=True)
        except Exception:
            return None
        for ent in found:
            t = ent.get("detail", {}).get("time")
            if isinstance(t, dict):  # a time period: its first occurrence
                t = t.get("point", {}).get("time")
            if not isinstance(t, list) or len(t) != 2 or not all(isinstance(x, str) for x in t) or "inf" in str(t):
                continue
            first = dt.date.fromisoformat(t[0][:10])
            last = dt.date.fromisoformat(t[1][:10])
            blur = ent["detail"].get("definition") == "blur" and (last - first).days > 0
            return (first, last if last != first else None, blur)
        return None

    return parse


def main() -> None:
    """Print the comparison table."""
    t0 = time.perf_counter()
    jio = jionlp_parser()
    jio(CASES[0][0], CASES[0][1])  # first call loads jionlp's dictionaries
    load = time.perf_counter() - t0
    print("| case | expected | newskg | jionlp |\n|---|---|---|---|")
    score = {"newskg": 0, "jionlp": 0}
    secs = {"newskg": 0.0, "jionlp": 0.0}
    for text, pub, want in CASES:
        marks = []
        for name, fn in (("newskg", ours), ("jionlp", jio)):
            t = time.perf_counter()
            got = fn(text, pub)
            secs[name] += time.perf_counter() - t
            ok = got == want
            score[name] += ok
            marks.append("yes" if ok else f"no ({_show(got)})")
        print(f"| {text[:16]} (pub {pub}) | {_show(want)} | {marks[0]} | {marks[1]} |")
    n = len(CASES)
    print(f"| **right** | {n} cases | **{score['newskg']}/{n}** | **{score['jionlp']}/{n}** |")
    per = {k: 1000 * v / n for k, v in secs.items()}
    print(f"\nms per case: newskg {per['newskg']:.3f}, jionlp {per['jionlp']:.3f}")
    print(f"jionlp import + first call: {load:.1f} s")


def _show(r: Result) -> str:
    if r is None:
        return "none"
    first, last, approx = r
    return f"{first}{'..' + str(last) if last else ''}{' ~' if approx else ''}"


if __name__ == "__main__":
    main()
