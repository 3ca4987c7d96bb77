"""Streaming, parallel and incremental builds give the same graph as a plain build."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from newskg import api
from newskg.cli import app
from newskg.ner.backend import HanLPBackend
from tests.fixtures import DEMO

runner = CliRunner()
FILES = ("graph.graphml", "graph.json", "nodes.csv", "edges.csv")


def _bytes(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in FILES}


def test_two_workers_equal_one(tmp_path: Path, hanlp_backend: HanLPBackend) -> None:
    one = api.build([DEMO], tmp_path / "one", backend=hanlp_backend)
    res = runner.invoke(app, ["build", str(DEMO), "-o", str(tmp_path / "two"), "--workers", "2"])
    assert res.exit_code == 0, res.output
    assert one.articles == 6
    assert _bytes(tmp_path / "two") == _bytes(tmp_path / "one")


def test_update_adds_new_articles_only_and_equals_rebuild(tmp_path: Path, hanlp_backend: HanLPBackend) -> None:
    first = api.build([DEMO / "digest.jsonl"], tmp_path / "inc", backend=hanlp_backend)
    assert first.new_articles == 2
    seen: list[int] = []
    upd = api.build([DEMO], tmp_path / "inc", backend=hanlp_backend, update=True, progress=seen.append)
    assert upd.new_articles == 4 and upd.articles == 6
    assert upd.reused == 2 and seen[-1] == 6  # the two cached articles were reused, not extracted again
    api.build([DEMO], tmp_path / "full", backend=hanlp_backend)
    assert _bytes(tmp_path / "inc") == _bytes(tmp_path / "full")
    again = api.build([DEMO], tmp_path / "inc", backend=hanlp_backend, update=True)
    assert again.new_articles == 0 and _bytes(tmp_path / "inc") == _bytes(tmp_path / "full")
