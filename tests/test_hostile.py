"""Hostile input: the run finishes, reports what it skipped and loses nothing it could read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newskg import api
from newskg.extract.relations import relation_date
from newskg.graph.export import read_graph
from newskg.model import RelationType
from newskg.read import MAX_ARTICLE_CHARS, ReadReport, iter_articles
from tests.fakes import GazetteerBackend
from tests.fixtures import VISIT


def _build(paths: list[Path], out: Path, fake: GazetteerBackend) -> api.BuildResult:
    return api.build(paths, out, backend=fake)


def test_fifty_megabyte_single_file(tmp_path: Path, fake_backend: GazetteerBackend) -> None:
    big = tmp_path / "大 文件.txt"
    para = "本段没有人名也没有机构,只是很长的文字。" * 20
    with big.open("w", encoding="utf-8") as fh:
        fh.write(VISIT + "\n")
        i = 0
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(f"第{i}段:{para}\n")
            i += 1
        fh.write(VISIT + "\n")
    rep = ReadReport()
    parts = list(iter_articles([big], rep))
    assert all(len(p.text) <= MAX_ARTICLE_CHARS for p in parts) and not rep.errors
    assert sum(len(p.text) for p in parts) >= big.stat().st_size // 3 - len(parts)  # 3 bytes per character
    res = _build([big], tmp_path / "out", fake_backend)
    visits = api.visits(res.graph)
    assert {(v.visitor, v.target) for v in visits} == {("孟景伟", "北京天海工业有限公司")}
    assert len({v.article_id for v in visits}) == 2  # first and last part both kept


def test_long_line_without_breaks_and_punctuation_only(tmp_path: Path, fake_backend: GazetteerBackend) -> None:
    (tmp_path / "line.txt").write_text("孟景伟到北京天海工业有限公司调研" + "的" * 300_000 + VISIT, encoding="utf-8")
    (tmp_path / "punct.txt").write_text("。。。！！！……——，，，“”\n" * 100, encoding="utf-8")
    res = _build([tmp_path / "line.txt", tmp_path / "punct.txt"], tmp_path / "out", fake_backend)
    assert [e.path for e in res.report.errors] == [str(tmp_path / "punct.txt")]
    assert "punctuation" in res.report.errors[0].reason
    assert {v.target for v in api.visits(res.graph)} == {"北京天海工业有限公司"}


def test_widths_traditional_html_and_invisible_characters(tmp_path: Path, fake_backend: GazetteerBackend) -> None:
    (tmp_path / "a.html").write_text(
        "<html><body><h1>調研</h1><p>２０２４年１２月１９日,區委書記孟景伟\u200b到北京天海工业有限公司調研。</p>"
        "<script>孟景伟到漷县镇调研。</script></body></html>",
        encoding="utf-8",
    )
    res = _build([tmp_path / "a.html"], tmp_path / "out", fake_backend)
    (visit,) = api.visits(res.graph)
    assert (visit.visitor, visit.target, visit.date) == ("孟景伟", "北京天海工业有限公司", "2024-12-19")
    assert "漷县镇" not in {d.get("name") for _, d in res.graph.nodes(data=True)}
    assert relation_date("２０２４年１２月１９日", None) == dt.date(2024, 12, 19)


def test_duplicates_across_files_count_once(tmp_path: Path, fake_backend: GazetteerBackend) -> None:
    for name in ("一.txt", "two copy.md", "三 (1).txt"):
        (tmp_path / name).write_text(VISIT, encoding="utf-8")
    res = _build([tmp_path], tmp_path / "out", fake_backend)
    assert res.articles == 1 and res.report.duplicates == 2
    g = read_graph(tmp_path / "out" / "graph.json")
    assert sum(1 for _, _, d in g.edges(data=True) if d["type"] == RelationType.VISITED.value) == 1


def test_interrupt_leaves_previous_outputs_whole(tmp_path: Path, fake_backend: GazetteerBackend) -> None:
    (tmp_path / "in").mkdir()
    for i in range(5):
        (tmp_path / "in" / f"{i}.txt").write_text(f"第{i}篇。{VISIT}", encoding="utf-8")
    out = tmp_path / "out"
    _build([tmp_path / "in" / "0.txt"], out, fake_backend)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def stop(done: int) -> None:
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        api.build([tmp_path / "in"], out, backend=fake_backend, progress=stop)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no temp files, nothing half-written
