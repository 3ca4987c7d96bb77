"""`newskg eval` on the development set's gold format, with the reference scorer's matching.

The gold files under ``tests/data/news_gold`` are invented by the team in
that format; where ``../shared/tools/score_news.py`` is present, the figures
must equal the reference scorer's on the same files.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.extract.evaluate import evaluate_records, gold_sources, read_gold, with_publication_dates
from newskg.extract.news_eval import NewsGold, augmenting_matching, same_name
from newskg.ner.backend import HanLPBackend
from newskg.read import iter_articles
from tests.fixtures import ROOT, SHARED

GOLD = ROOT / "tests" / "data" / "news_gold"
PRED = GOLD / "pred.jsonl"
SCORER = SHARED / "tools" / "score_news.py"
runner = CliRunner()


def _records() -> list[dict[str, object]]:
    return [json.loads(line) for line in PRED.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("青禾纺织", "青禾纺织有限公司", True),  # containment within four characters
        ("县委书记王成林", "王成林", True),
        ("（北京）星河", "(北京)星河", True),  # brackets and width
        ("青禾", "青禾县纺织工业园区管委会", False),  # too far apart
        ("王", "王成林", False),  # one character never matches by containment
    ],
)
def test_lenient_names(a: str, b: str, same: bool) -> None:
    assert same_name(a, b) is same


def test_a_folder_of_gold_json_is_read_in_the_dev_set_format() -> None:
    golds = read_gold([GOLD])
    assert [type(g) for g in golds] == [NewsGold, NewsGold]  # pred.jsonl beside them is no gold
    assert {g.file for g in golds} == {"n1.txt", "n2.txt"}


def test_counts_by_hand() -> None:
    res = evaluate_records(read_gold([GOLD]), _records())
    assert res.articles == 2 and res.unpaired == []
    # 王成林 -> 青禾纺织 and -> 绿源食品 match; the same firm again under its long name is spurious;
    # 赵敏 only accompanied (not counted); 刘安's meeting in the negative article is spurious.
    assert (res.visits.tp, res.visits.gold, res.visits.pred) == (2, 2, 4)
    assert (res.visits_by_kind["person"].tp, res.visits_by_kind["group"].gold) == (2, 0)
    assert (res.visit_dates.right, res.visit_dates.total) == (1, 2)  # 绿源食品 on the wrong day
    org = res.entities["ORGANIZATION"]
    assert (org.tp, org.gold, org.pred) == (2, 4, 2)  # 各部门 is dont_care; 星联 is an alias
    assert (res.titles.right, res.titles.total) == (2, 3)
    assert "n1.txt: repeats a matched visit 王成林 -> 青禾纺织有限公司 | " in res.errors
    assert "n2.txt: spurious visit 刘安 -> 星联科技 | " in res.errors
    assert not any("赵敏 -> " in e for e in res.errors)


def test_matching_is_maximum_not_greedy() -> None:
    ok = {("a", "x"), ("a", "y"), ("b", "x")}
    assert augmenting_matching(["a", "b"], ["x", "y"], lambda p, g: (p, g) in ok) == {1: 0, 0: 1}


def test_cli_prints_visitor_kinds_and_errors_per_article() -> None:
    res = runner.invoke(app, ["eval", str(GOLD), "--pred", str(PRED), "--errors"])
    assert res.exit_code == 0, res.output
    assert "visitor: person" in res.stdout and "visitor: group" in res.stdout
    assert "n2.txt: spurious visit 刘安 -> 星联科技" in res.stderr


@pytest.mark.skipif(not SCORER.is_file(), reason=f"reference scorer {SCORER} not present (../shared is absent)")
def test_figures_equal_the_reference_scorer() -> None:
    out = subprocess.run(
        [sys.executable, str(SCORER), str(PRED), str(GOLD)], capture_output=True, text=True, check=True
    ).stdout
    ref = {m[0]: (float(m[1]), float(m[2])) for m in re.findall(r"^(\w+)\s+P=([\d.]+) R=([\d.]+)", out, re.M)}
    res = evaluate_records(read_gold([GOLD]), _records())
    mine = {**res.entities, "VISITED": res.visits}
    for name, (p, r) in ref.items():
        assert (round(mine[name].precision, 3), round(mine[name].recall, 3)) == (p, r), name
    dates = re.search(r"VISITED dates: (\d+)/(\d+)", out)
    assert dates and (res.visit_dates.right, res.visit_dates.total) == (int(dates[1]), int(dates[2]))


def test_sources_without_a_date_line_take_the_published_day(tmp_path: Path) -> None:
    (tmp_path / "m.txt").write_text("市长刘安到星联科技调研。\n", encoding="utf-8")
    gold = {"file": "m.txt", "published": "2023-06-03", "visits": []}
    (tmp_path / "m.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    golds = read_gold([tmp_path])
    (art,) = with_publication_dates(iter_articles(gold_sources(golds)), golds)
    assert art.date == dt.date(2023, 6, 3)


NEWS_DEV = SHARED / "data" / "news-dev"


@pytest.mark.hanlp
@pytest.mark.skipif(not (NEWS_DEV / "news-dev.jsonl").is_file(), reason="../shared/data/news-dev is absent")
def test_floors_on_the_real_news_development_set(hanlp_backend: HanLPBackend) -> None:
    """The bundled model and the rules on the 97 articles of groups a-d: floors a little under the README's figures.

    A rule change that costs real-news quality fails here; the texts stay in ../shared. The
    assertions compare numbers only, so a failure never prints an article's errors (group e is
    the team's sealed test: its errors are read only after a round's score is written down).
    """
    from newskg import api

    tuned = sorted(NEWS_DEV.glob("[a-d]*.gold.json"))
    res = api.evaluate(tuned, backend=hanlp_backend)
    visits, entities, days, titles = res.visits, res.entities, res.visit_dates.value, res.titles.value
    assert res.articles == len(tuned) == 97
    assert visits.f1 >= 0.93 and visits.precision >= 0.93
    assert entities["PERSON"].f1 >= 0.95
    assert entities["ORGANIZATION"].f1 >= 0.84
    assert entities["PLACE"].f1 >= 0.72
    assert days >= 0.93
    assert titles >= 0.95
    gold = [g for g in read_gold(tuned) if isinstance(g, NewsGold)]
    negatives = {g.source.name for g in gold if not g.visits}
    false_visits = sum(1 for e in res.errors if "spurious visit" in e and e.split(":")[0] in negatives)
    assert negatives and false_visits == 0
