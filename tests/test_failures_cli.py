"""Issue 27, the command line: data printed as data, signals, one-line messages.

The NER is the gazetteer fake; the tests that need Neo4j talk to the real test server.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg import api
from newskg.cli import app
from newskg.cypher.loader import Neo4jConfig
from tests.fakes import GazetteerBackend
from tests.fixtures import GAZETTEER, ROOT
from tests.processes import children, running

runner = CliRunner()
# Text that rich would take for markup ([/x] closes no tag: MarkupError; [bold] styles) or an emoji code.
MARKUP = "[/x][b]粗[/b]:ok:"


# Case 8: data was rendered as rich markup.


def test_the_visits_table_prints_markup_in_the_data_as_it_is(tmp_path: Path) -> None:
    """Case 8: an article title and a sentence holding markup; before, MarkupError or styled text."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(f"[/x][b]标题\n区委书记孟景伟到北京天海工业有限公司调研{MARKUP}。", encoding="utf-8")
    out = tmp_path / "out"
    api.build([src], out, backend=GazetteerBackend(GAZETTEER))
    res = runner.invoke(app, ["visits", str(out)])
    assert res.exit_code == 0, res.output
    assert MARKUP in res.stdout and "[/x][b]标题" in res.stdout and "🆗" not in res.stdout


def test_eval_errors_print_markup_in_the_data_as_it_is(tmp_path: Path) -> None:
    """Case 8: the lines of `eval --errors` name gold and predicted facts, which may hold markup."""
    import json

    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"id": "a1", "visits": [{"visitor": "[/x]甲", "target": "[b]乙:ok:"}]}), "utf-8")
    pred = tmp_path / "pred.jsonl"
    visit = {"type": "VISITED", "head": "[bold]丙", "tail": "丁", "date": None, "date_end": None}
    pred.write_text(json.dumps({"id": "a1", "title": "T", "entities": [], "relations": [visit]}) + "\n", "utf-8")
    res = runner.invoke(app, ["eval", str(gold), "--pred", str(pred), "--errors"])
    assert res.exit_code == 0, res.output
    assert "missed visit [/x]甲 -> [b]乙:ok:" in res.stderr and "spurious visit [bold]丙 -> 丁" in res.stderr


@pytest.mark.neo4j
def test_query_prints_markup_in_the_data_as_it_is(neo4j_cfg: Neo4jConfig) -> None:
    """Case 8: `newskg query "RETURN '[/tmp/x]' AS s"` crashed with rich.errors.MarkupError."""
    res = runner.invoke(
        app,
        ["query", "RETURN $v AS `[x]`, $v AS s", "--param", f"v={MARKUP}", "--uri", neo4j_cfg.uri],
        env={"NEO4J_PASSWORD": neo4j_cfg.password},
    )
    assert res.exit_code == 0, res.output
    assert res.stdout.count(MARKUP) == 2 and "[x]" in res.stdout and "🆗" not in res.stdout


# Case 12: a killed or SIGTERM'd `build --workers 2` printed worker tracebacks and leaked-semaphore warnings;
# a Ctrl-C while the command was still importing printed an import traceback.


def _python_cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "newskg.cli", *args],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, like a terminal's foreground job
    )


@pytest.fixture(scope="module")
def python_start() -> float:
    """Seconds Python itself takes to start here (its site module): a Ctrl-C before that is Python's own."""
    start = time.monotonic()
    subprocess.run([sys.executable, "-c", "pass"], env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    return time.monotonic() - start


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.4, 0.8])
def test_ctrl_c_while_the_command_starts_is_one_line(tmp_path: Path, python_start: float, delay: float) -> None:
    """Case 12: before, a Ctrl-C in the first second (the command's imports) printed a KeyboardInterrupt traceback."""
    proc = _python_cli("visits", str(tmp_path))
    time.sleep(python_start + delay)
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert "Traceback" not in stderr, stderr
    assert proc.returncode in (1, 2, 130), stderr  # interrupted, or done before the signal came
    assert len(stderr.strip().splitlines()) <= 1, stderr


def test_ctrl_c_after_the_error_line_keeps_the_exit_status(tmp_path: Path) -> None:
    """A Ctrl-C while a failed command exits made it die by the signal (status -2) after its error line."""
    proc = _python_cli("visits", str(tmp_path))
    assert proc.stderr is not None
    line = proc.stderr.readline()  # the error is said: from here on the command only exits
    os.killpg(proc.pid, signal.SIGINT)
    rest = proc.communicate(timeout=120)[1]
    assert line.startswith("error:") and rest == ""
    assert proc.returncode == 1


@pytest.mark.hanlp
@pytest.mark.parametrize("how", ["sigterm", "sigkill"])
def test_a_killed_parallel_build_ends_its_workers_quietly(tmp_path: Path, how: str) -> None:
    """Case 12: SIGTERM to the build (one line, exit 143) or SIGKILL (nothing printed); no worker outlives it."""
    src = tmp_path / "in"
    src.mkdir()
    for i in range(8000):  # enough work to outlast the pause below
        (src / f"{i:04d}.txt").write_text(f"第{i}篇:区委书记孟景伟到北京天海工业有限公司调研。" * 5, encoding="utf-8")
    out = tmp_path / "out"
    proc = _python_cli("build", str(src), "-o", str(out), "--workers", "2")
    deadline = time.monotonic() + 120
    while len(children(proc.pid)) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)  # two workers and the resource tracker
    helpers = children(proc.pid)
    assert len(helpers) >= 2, "the worker pool did not start"
    time.sleep(10)  # the workers are loading the model or extracting
    proc.send_signal(signal.SIGTERM if how == "sigterm" else signal.SIGKILL)  # the build only, not its group
    _, stderr = proc.communicate(timeout=120)  # waits for every process that holds its stderr
    if how == "sigterm":
        assert proc.returncode == 143
        assert stderr.strip().splitlines() == ["error: terminated; no partial output was left behind"]
    else:
        assert proc.returncode == -9
        assert stderr == ""
    assert not out.exists()
    time.sleep(0.5)
    assert not [p for p in helpers if running(p)], "a worker outlived the build"


# Smaller cases.


def test_a_dead_server_and_a_wrong_address_are_one_line(tmp_path: Path) -> None:
    """A refused connection and an unknown host were two lines; port 99999 went silently to another port."""
    for uri, says in (
        ("bolt://127.0.0.1:1", "cannot reach Neo4j"),
        ("bolt://no-such-host.invalid:7687", "cannot reach Neo4j"),
        ("bolt://127.0.0.1:99999", "port 99999"),
    ):
        res = runner.invoke(app, ["query", "RETURN 1", "--uri", uri], env={"NEO4J_PASSWORD": "x"})
        assert res.exit_code == 1 and "Traceback" not in res.output
        (line,) = res.stderr.strip().splitlines()
        assert says in line and uri in line, line


def test_build_load_with_the_server_down_says_the_files_were_written(tmp_path: Path) -> None:
    """`build --load` with Neo4j down did not say that the graph files were written."""
    src = tmp_path / "a.txt"
    src.write_text("区委书记孟景伟到北京天海工业有限公司调研。", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(api, "_backend", lambda model, given: given or GazetteerBackend(GAZETTEER))
        res = runner.invoke(
            app,
            ["build", str(src), "-o", str(out), "--load", "--uri", "bolt://127.0.0.1:1"],
            env={"NEO4J_PASSWORD": "x"},
        )
    assert res.exit_code == 1 and "Traceback" not in res.output
    (line,) = res.stderr.strip().splitlines()[-1:]
    assert "cannot reach Neo4j" in line and f"the graph files in {out} were written" in line, res.stderr
    assert (out / "graph.json").is_file()
