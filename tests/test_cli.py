"""CLI tests: run each command, then check the result through the library."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from newskg import api
from newskg.cli import app
from newskg.graph.export import read_graph
from newskg.ner.backend import HanLPBackend
from tests.fixtures import DEMO, TINY_NER

runner = CliRunner()


def _commands() -> dict[str, Any]:
    """The click commands typer builds, by name."""
    return dict(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_every_command_has_help_and_an_api_twin() -> None:
    commands = _commands()
    assert set(commands) == {
        "build",
        "extract",
        "ner",
        "visits",
        "view",
        "eval",
        "eval-links",
        "train-ner",
        "load",
        "export",
        "query",
    }
    # ``eval`` would shadow the builtin; ``export`` writes neo4j-admin import files
    twins = {"eval": "evaluate", "eval-links": "evaluate_links", "export": "export_neo4j_import"}
    for name, cmd in commands.items():
        twin = twins.get(name, name.replace("-", "_"))
        assert callable(getattr(api, twin)), f"no newskg.api twin for {name}"
        res = runner.invoke(app, [name, "--help"], terminal_width=200)
        assert res.exit_code == 0, res.output
        summary = (cmd.help or "").splitlines()[0]
        assert summary and summary in " ".join(res.output.split()), name
        for opt in (o for p in cmd.params for o in p.opts if o.startswith("-")):
            assert opt in res.output, f"{name} --help does not show {opt}"


def test_neo4j_options_are_shared() -> None:
    """The commands that talk to Neo4j take the same connection options, declared once."""
    commands = _commands()
    for name in ("build", "visits", "load", "query"):
        opts = {o for p in commands[name].params for o in p.opts}
        assert {"--uri", "--user", "--password", "--database"} <= opts, name
        envvars = {p.name: p.envvar for p in commands[name].params}
        assert envvars["uri"] == "NEO4J_URI" and envvars["password"] == "NEO4J_PASSWORD"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, hanlp_backend: object) -> Path:
    out = tmp_path_factory.mktemp("built")
    res = runner.invoke(app, ["build", str(DEMO), "-o", str(out), "--visits"])
    assert res.exit_code == 0, res.output
    assert "Visits" in res.stdout
    return out


def test_build_writes_all_exports(built: Path) -> None:
    for name in ("graph.graphml", "graph.json", "nodes.csv", "edges.csv", "extractions.jsonl"):
        assert (built / name).stat().st_size > 0
    g = read_graph(built / "graph.graphml")
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert labels == {"Person", "Organization", "Place", "Article"}
    assert sum(1 for _, d in g.nodes(data=True) if d["label"] == "Article") == 6


def test_build_twice_is_byte_identical(built: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["build", str(DEMO), "-o", str(tmp_path)])
    assert res.exit_code == 0
    for name in ("graph.graphml", "graph.json", "nodes.csv", "edges.csv"):
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes(), name


def test_visits_command_matches_library(built: Path) -> None:
    res = runner.invoke(app, ["visits", str(built / "graph.graphml"), "--json", "--person", "李明华"])
    assert res.exit_code == 0
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    lib = api.visits(built / "graph.json", person="李明华")
    assert rows == [json.loads(v.model_dump_json()) for v in lib]
    assert {r["target"] for r in rows} >= {"北京华润达精密机械有限公司", "北京绿源新能源科技有限公司"}
    res = runner.invoke(app, ["visits", str(built), "--json", "--since", "2024-12-19"])
    assert all(json.loads(line)["date"] >= "2024-12-19" for line in res.stdout.splitlines())
    res = runner.invoke(app, ["visits", str(built), "--json", "--org", "不存在的公司"])
    assert res.exit_code == 0 and res.stdout == ""


def test_build_reports_bad_files_and_keeps_going(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "bin.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "in" / "ok.txt").write_text("区长郑海涛到台湖镇调研。", encoding="utf-8")
    res = runner.invoke(app, ["build", str(tmp_path / "in"), str(tmp_path / "missing"), "-o", str(tmp_path / "out")])
    assert res.exit_code == 2
    assert "empty file" in res.stderr and "binary" in res.stderr and "no such file" in res.stderr
    assert "Traceback" not in res.output
    g = read_graph(tmp_path / "out")
    assert sum(1 for _, d in g.nodes(data=True) if d["label"] == "Article") == 1


def test_unwritable_output_is_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    res = runner.invoke(app, ["build", str(DEMO), "-o", str(blocker / "sub")])
    assert res.exit_code == 2
    assert res.stderr.strip().startswith("error: cannot write to") and len(res.stderr.strip().splitlines()) == 1


def test_extract_jsonl_format(tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    res = runner.invoke(app, ["extract", str(DEMO / "digest.jsonl"), "--out", str(out)])
    assert res.exit_code == 0, res.output
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in recs] == ["demo-jsonl-1", "demo-jsonl-2"]
    for r in recs:
        assert {"id", "title", "source", "date", "entities", "relations"} <= r.keys()
        for e in r["entities"]:
            assert {"name", "type", "kind", "titles", "aliases"} <= e.keys()
            assert e["type"] in {"PERSON", "ORGANIZATION", "PLACE"}
        for rel in r["relations"]:
            assert {"type", "head", "tail", "evidence", "start", "end"} <= rel.keys()
    assert recs[0]["date"] == "2024-12-10" and recs[0]["source"] == "通州时讯"
    assert recs[0]["reporters"] == ["黄欣然"]


def test_ner_stdin_and_file(tmp_path: Path) -> None:
    res = runner.invoke(app, ["ner"], input="区委书记孟景伟到北京天海工业有限公司调研。\n\n")
    assert res.exit_code == 0, res.output
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(lines) == 2 and lines[1] == {"text": "", "entities": []}
    first = lines[0]
    for e in first["entities"]:
        assert first["text"][e["start"] : e["end"]] == e["text"]
        assert e["type"] in {"PERSON", "ORGANIZATION", "PLACE", "TITLE"}
    f = tmp_path / "s.txt"
    f.write_text("区委书记孟景伟到北京天海工业有限公司调研。\n", encoding="utf-8")
    res2 = runner.invoke(app, ["ner", "--input", str(f)])
    assert res2.stdout.splitlines()[0] == res.stdout.splitlines()[0]
    res3 = runner.invoke(app, ["ner", "--input", str(tmp_path / "nope.txt")])
    assert res3.exit_code == 1 and "no such file" in res3.stderr
    res4 = runner.invoke(app, ["ner", "--input", str(tmp_path)])
    assert res4.exit_code == 1 and "a folder" in res4.stderr


def test_ner_reads_a_named_pipe(tmp_path: Path) -> None:
    """``newskg ner -i <(cmd)`` hands over a pipe, which is no regular file."""
    fifo = tmp_path / "in.fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text("孟景伟到北京天海工业有限公司调研。\n", encoding="utf-8"))
    writer.start()
    res = runner.invoke(app, ["ner", "--input", str(fifo)])
    writer.join()
    assert res.exit_code == 0, res.output
    assert [json.loads(line)["text"] for line in res.stdout.splitlines()] == ["孟景伟到北京天海工业有限公司调研。"]


def test_bad_model_is_a_clear_error(tmp_path: Path) -> None:
    res = runner.invoke(app, ["ner", "--model", str(tmp_path)], input="孟景伟\n")
    assert res.exit_code == 1 and "not a HanLP model directory" in res.stderr


def test_train_ner_smoke(tmp_path: Path) -> None:
    res = runner.invoke(
        app, ["train-ner", "--data", str(TINY_NER), "--out", str(tmp_path / "m"), "--epochs", "1", "--limit", "40"]
    )
    assert res.exit_code == 0, res.output
    scores = json.loads(res.stdout)
    assert {"test", "dev", "resume_test"} <= scores.keys()
    assert (tmp_path / "m" / "config.json").is_file()
    assert json.loads((tmp_path / "m" / "config.json").read_text())["classpath"] == "newskg.ner.model.NewsNER"


def test_train_ner_with_domain_token_loads_and_tags(tmp_path: Path) -> None:
    out = tmp_path / "m"
    args = ["train-ner", "--data", str(TINY_NER), "--out", str(out), "--epochs", "1", "--limit", "40"]
    res = runner.invoke(app, [*args, "--domain", "--hidden", "16", "--no-evaluate"])
    assert res.exit_code == 0, res.output
    assert json.loads((out / "newskg.json").read_text()) == {"prefix_token": "[NEWS]"}
    backend = HanLPBackend(out)
    assert backend.prefix == "[NEWS]"
    text = "区委书记孟景伟到北京天海工业有限公司调研。"
    (spans,) = backend.tag([text])  # an undertrained model may find nothing; offsets must still hold
    assert all(text[s.start : s.end] == s.text for s in spans)
    res = runner.invoke(app, ["ner", "--model", str(out)], input=text + "\n")
    assert res.exit_code == 0 and json.loads(res.stdout)["text"] == text
