"""The default worker count: one process per usable core, this process alone for a small input; same output."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest
import torch
from typer.testing import CliRunner

from newskg.cli import app
from newskg.cores import ENV_WORKERS
from newskg.extract.parallel import SMALL_INPUT, extract_here, plan_workers
from newskg.extract.pipeline import Extractor
from newskg.model import Article, ArticleExtraction
from newskg.ner.backend import HanLPBackend
from tests.fixtures import DEMO, ROOT, VISIT

runner = CliRunner()


def _articles(n: int) -> list[Article]:
    return [Article(id=f"a{i:04d}", text=f"第{i}篇。{VISIT}") for i in range(n)]


def _ids(articles: Iterable[Article]) -> list[str]:
    return [a.id for a in articles]


def test_a_large_input_goes_to_one_worker_per_core_whole_and_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_WORKERS, "3")
    arts = _articles(SMALL_INPUT + 5)
    n, got = plan_workers(arts, None)
    assert n == 3
    assert _ids(got) == _ids(arts)  # the articles read to decide are neither lost nor reordered


def test_a_small_input_stays_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_WORKERS, "3")
    arts = _articles(SMALL_INPUT - 1)
    n, got = plan_workers(iter(arts), None)
    assert n == 1 and _ids(got) == _ids(arts)


def test_workers_asked_for_are_taken_whatever_the_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_WORKERS, "3")
    assert plan_workers(_articles(SMALL_INPUT + 1), 1)[0] == 1
    assert plan_workers(_articles(2), 2)[0] == 2  # as asked, even for two articles


def test_one_usable_core_is_one_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_WORKERS, raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert plan_workers(_articles(SMALL_INPUT + 1), None)[0] == 1


@pytest.mark.hanlp
def test_this_process_runs_the_model_on_one_torch_thread(hanlp_backend: HanLPBackend) -> None:
    arts = _articles(3)
    before = torch.get_num_threads()
    threads: list[int] = []
    got: list[ArticleExtraction] = []
    for ex in extract_here(arts, hanlp_backend):
        threads.append(torch.get_num_threads())
        got.append(ex)
    assert threads == [1, 1, 1]
    assert torch.get_num_threads() == before  # given back afterwards
    assert got == list(Extractor(hanlp_backend).extract(arts))


@pytest.mark.hanlp
def test_extract_gives_the_same_lines_with_two_workers_as_by_default(tmp_path: Path) -> None:
    lines = {}
    for name, args in (("default", []), ("two", ["--workers", "2"])):
        res = runner.invoke(app, ["extract", str(DEMO), "-o", str(tmp_path / f"{name}.jsonl"), *args])
        assert res.exit_code == 0, res.output
        lines[name] = (tmp_path / f"{name}.jsonl").read_bytes()
    assert lines["default"] == lines["two"]
    assert len(lines["default"].splitlines()) == 6


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_model_that_cannot_be_loaded_is_one_line_with_any_worker_count(tmp_path: Path, workers: str) -> None:
    """Before, two workers whose model failed to load were started again and again, for ever."""
    args = ["build", str(DEMO), "-o", str(tmp_path / "out"), "--model", str(tmp_path), "--workers", workers]
    res = subprocess.run(
        [sys.executable, "-m", "newskg.cli", *args],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert res.returncode == 1
    assert res.stderr.splitlines() == [f"error: {tmp_path}: not a HanLP model directory (no config.json)"]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("bad", ["0", "two"])
def test_a_bad_workers_variable_is_a_usage_error(tmp_path: Path, bad: str) -> None:
    res = runner.invoke(app, ["extract", str(DEMO), "-o", str(tmp_path / "x.jsonl")], env={ENV_WORKERS: bad})
    assert res.exit_code == 2
    assert "--workers" in res.output and not (tmp_path / "x.jsonl").exists()
