"""The paper's own place: --home, a JSONL home field and a sources file, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg import api
from newskg.cli import app
from newskg.extract.home import load_sources

runner = CliRunner()
pytestmark = pytest.mark.hanlp

VISIT = "5月20日,江陵市经贸考察团一行到我县考察,县委副书记吴涛陪同。"


def _write(folder: Path, records: list[dict[str, str]]) -> Path:
    path = folder / "in.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return path


def _targets(out: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        found[rec["id"]] = {r["tail"] for r in rec["relations"] if r["type"] == "VISITED"}
    return found


def test_home_flag_jsonl_field_and_sources_file(tmp_path: Path, hanlp_backend: object) -> None:
    src = _write(
        tmp_path,
        [
            {"id": "a", "text": VISIT, "date": "2025-05-20", "source": "清河县人民政府网"},
            {"id": "b", "text": VISIT.replace("5月20日", "5月21日"), "date": "2025-05-21", "source": "白沙县报"},
            {"id": "c", "text": VISIT.replace("5月20日", "5月22日"), "source": "x", "home": "青阳县"},
        ],
    )
    sources = tmp_path / "sources.tsv"
    sources.write_text("# source<TAB>home\n白沙县报\t白沙县\n", encoding="utf-8")
    assert load_sources(sources) == {"白沙县报": "白沙县"}
    out = tmp_path / "x.jsonl"
    res = runner.invoke(app, ["extract", str(src), "--out", str(out), "--home", "清河县", "--sources", str(sources)])
    assert res.exit_code == 0, res.output
    assert _targets(out) == {"a": {"清河县"}, "b": {"白沙县"}, "c": {"青阳县"}}


def test_without_home_each_source_keeps_its_own_node(tmp_path: Path, hanlp_backend: object) -> None:
    src = _write(
        tmp_path,
        [
            {"id": "a", "text": VISIT, "date": "2025-05-20", "source": "清河县人民政府网"},
            {"id": "b", "text": VISIT, "date": "2025-05-20", "source": "白沙县报"},
        ],
    )
    res = runner.invoke(app, ["build", str(src), "-o", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    targets = {v.target for v in api.visits(tmp_path / "out")}
    assert targets == {"我县(清河县人民政府网)", "我县(白沙县报)"}


def test_bad_sources_file_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "sources.tsv"
    bad.write_text("no tab here\n", encoding="utf-8")
    res = runner.invoke(app, ["extract", str(tmp_path), "--out", str(tmp_path / "x.jsonl"), "--sources", str(bad)])
    assert res.exit_code != 0 and "source<TAB>home" in res.output
