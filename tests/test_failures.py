"""An NER failure is reported: counted as a failed article, never cached, exit code 2 with one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg import api
from newskg.cli import app
from newskg.model import EntityType
from tests.fakes import FailingBackend, GazetteerBackend
from tests.fixtures import GAZETTEER, VISIT

runner = CliRunner()
POISON = "故障"
REASON = "NER failed: RuntimeError: tagger crashed on this input"


@pytest.fixture()
def articles(tmp_path: Path) -> tuple[Path, Path, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    good, bad = folder / "good.txt", folder / "bad.txt"
    good.write_text(VISIT, encoding="utf-8")
    bad.write_text(f"{POISON}。区长张锋到漷县镇调研。", encoding="utf-8")
    return folder, good, bad


def _failing(names: dict[str, EntityType] = GAZETTEER) -> FailingBackend:
    return FailingBackend(names, POISON)


def test_failed_article_is_counted_and_left_out_of_graph_and_cache(
    articles: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    folder, good, bad = articles
    backend = _failing()
    res = api.build([folder], tmp_path / "out", backend=backend)
    assert [(f.source, f.title, f.reason) for f in res.report.failed] == [(str(bad), "bad", REASON)]
    assert not res.report.ok and res.articles == 1 and res.new_articles == 1
    cached = [json.loads(line) for line in (tmp_path / "out" / api.CACHE).read_text(encoding="utf-8").splitlines()]
    assert [c["article"]["source"] for c in cached] == [str(good)]
    assert "张锋" not in {d.get("name") for _, d in res.graph.nodes(data=True)}
    # Not cached, so an update extracts it again (here with a backend that works).
    again = api.build([folder], tmp_path / "out", backend=GazetteerBackend(GAZETTEER), update=True)
    assert again.new_articles == 1 and again.articles == 2 and again.report.ok
    assert "张锋" in {d.get("name") for _, d in again.graph.nodes(data=True)}


def test_extract_counts_the_failure_and_writes_the_rest(articles: tuple[Path, Path, Path], tmp_path: Path) -> None:
    folder, good, bad = articles
    n, report = api.extract([folder], tmp_path / "x.jsonl", backend=_failing())
    assert n == 1 and [f.source for f in report.failed] == [str(bad)]
    (rec,) = [json.loads(line) for line in (tmp_path / "x.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rec["source"] == str(good)


@pytest.mark.parametrize("command", ["build", "extract"])
def test_cli_exits_2_with_one_line_per_failed_article(
    articles: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    folder, _, bad = articles
    monkeypatch.setattr(api, "HanLPBackend", lambda model=None: _failing())
    out = ["-o", str(tmp_path / "out")] if command == "build" else ["--out", str(tmp_path / "x.jsonl")]
    res = runner.invoke(app, [command, str(folder), *out])
    assert res.exit_code == 2, res.output
    failed = [line for line in res.stderr.splitlines() if line.startswith("failed")]
    assert failed == [f"failed {bad} article bad: {REASON}"]
    assert "Traceback" not in res.output
