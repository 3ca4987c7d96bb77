"""Edits and `build --update`: after any sequence of updates the outputs equal a full rebuild."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newskg import api, identity
from newskg.graph.export import read_graph
from newskg.read import iter_articles
from tests.fakes import GazetteerBackend
from tests.fixtures import GAZETTEER

EXPORTS = ("graph.graphml", "graph.json", "nodes.csv", "edges.csv")

PAGE = """# 孟景伟调研企业
本报讯(记者 陶涛)区委书记孟景伟到北京天海工业有限公司调研。

# 张锋走访医院
潞邑街道办事处副主任张锋到通州区运河中医医院走访。
"""
PAGE_EDITED = PAGE.replace("区委书记孟景伟到北京天海工业有限公司调研", "区委书记孟景伟到北京星河智能装备有限公司调研")
ONE = "李明到台湖镇光机电一体化产业基地考察。"
TWO = "王玉兰到北京东方医疗器械集团参观。"


def test_ids_survive_edits_and_content_hash_follows_them(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    before = list(iter_articles([page]))
    page.write_text(PAGE_EDITED, encoding="utf-8")
    after = list(iter_articles([page]))
    assert [a.id for a in before] == [a.id for a in after]
    assert identity.content_hash(before[0]) != identity.content_hash(after[0])
    assert identity.content_hash(before[1]) == identity.content_hash(after[1])
    assert {a.origin for a in after} == {str(page)}


def test_jsonl_id_is_the_identity(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    rows = [{"id": 7, "text": ONE, "source": "通州时讯"}, {"text": TWO}]
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    first, second = iter_articles([feed])
    assert first.id == "7" and first.origin == str(feed) and first.source == "通州时讯"
    assert second.id == identity.article_id(str(feed), "line:2")


def _build(inputs: list[Path], out: Path, *, update: bool, prune: bool = False) -> api.BuildResult:
    return api.build(inputs, out, backend=GazetteerBackend(GAZETTEER), update=update, prune=prune)


def _same_as_full_build(inputs: list[Path], out: Path, tmp_path: Path) -> None:
    full = tmp_path / "full"
    shutil.rmtree(full, ignore_errors=True)
    _build(inputs, full, update=False)
    for name in EXPORTS:
        assert (out / name).read_bytes() == (full / name).read_bytes(), name


def test_update_sequence_equals_full_rebuild(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "page.md").write_text(PAGE, encoding="utf-8")
    (src / "one.txt").write_text(ONE, encoding="utf-8")
    feed = src / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a1", "title": "东方", "text": TWO}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    res = _build([src], out, update=False)
    assert res.articles == 4
    _same_as_full_build([src], out, tmp_path)

    # Edit: the page's first article now names another firm; the old visit must go.
    (src / "page.md").write_text(PAGE_EDITED, encoding="utf-8")
    res = _build([src], out, update=True)
    assert (res.new_articles, res.reused, res.removed) == (1, 3, 0)
    targets = {v.target for v in api.visits(out)}
    assert "北京星河智能装备有限公司" in targets and "北京天海工业有限公司" not in targets
    _same_as_full_build([src], out, tmp_path)

    # JSONL: same id, changed text is picked up.
    feed.write_text(json.dumps({"id": "a1", "title": "东方", "text": ONE.replace("李明", "杨哲")}, ensure_ascii=False))
    res = _build([src], out, update=True)
    assert res.new_articles == 1
    assert {v.visitor for v in api.visits(out)} >= {"杨哲"}
    assert "王玉兰" not in {v.visitor for v in api.visits(out)}
    _same_as_full_build([src], out, tmp_path)

    # Add a file, then delete another.
    (src / "two.txt").write_text(TWO, encoding="utf-8")
    res = _build([src], out, update=True)
    assert (res.new_articles, res.articles) == (1, 5)
    _same_as_full_build([src], out, tmp_path)
    (src / "one.txt").unlink()
    res = _build([src], out, update=True)
    assert (res.new_articles, res.removed, res.articles) == (0, 1, 4)
    _same_as_full_build([src], out, tmp_path)

    # An article removed from a page goes too.
    (src / "page.md").write_text(PAGE_EDITED.split("# 张锋")[0], encoding="utf-8")
    res = _build([src], out, update=True)
    assert res.removed == 1
    assert "张锋" not in {d.get("name") for _, d in read_graph(out).nodes(data=True)}
    _same_as_full_build([src], out, tmp_path)


def test_update_keeps_other_inputs_unless_pruned(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(ONE, encoding="utf-8")
    b.write_text(TWO, encoding="utf-8")
    out = tmp_path / "out"
    _build([a], out, update=False)
    res = _build([b], out, update=True)
    assert (res.articles, res.new_articles, res.reused) == (2, 1, 1)
    _same_as_full_build([a, b], out, tmp_path)
    res = _build([b], out, update=True, prune=True)
    assert (res.articles, res.removed) == (1, 1)
    _same_as_full_build([b], out, tmp_path)


def test_cache_of_an_older_version_is_read_again(tmp_path: Path) -> None:
    src = tmp_path / "one.txt"
    src.write_text(ONE, encoding="utf-8")
    out = tmp_path / "out"
    _build([src], out, update=False)
    cache = out / api.CACHE
    rec = json.loads(cache.read_text(encoding="utf-8"))
    del rec["article"]["origin"]
    cache.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    res = _build([src], out, update=True)
    assert (res.new_articles, res.reused) == (1, 0)
    _same_as_full_build([src], out, tmp_path)


def test_update_with_another_model_extracts_every_article_again(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(ONE, encoding="utf-8")
    b.write_text(TWO, encoding="utf-8")
    out, full = tmp_path / "out", tmp_path / "full"
    api.build([a, b], out, backend=GazetteerBackend(GAZETTEER, model="gazetteer-1"))
    res = api.build([a, b], out, backend=GazetteerBackend(GAZETTEER, model="gazetteer-1"), update=True)
    assert (res.new_articles, res.reused) == (0, 2)
    # The second model does not know 王玉兰 (of b.txt). b.txt, outside this run's inputs, is kept but
    # extracted again from its cached text: its old visit must not survive.
    second = {name: typ for name, typ in GAZETTEER.items() if name != "王玉兰"}
    res = api.build([a], out, backend=GazetteerBackend(second, model="gazetteer-2"), update=True)
    assert (res.new_articles, res.reused, res.articles) == (2, 0, 2)
    assert "王玉兰" not in {v.visitor for v in api.visits(out)}
    cache = (out / api.CACHE).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["ner_model"] for line in cache] == ["gazetteer-2", "gazetteer-2"]
    api.build([a, b], full, backend=GazetteerBackend(second, model="gazetteer-2"))
    for name in EXPORTS:
        assert (out / name).read_bytes() == (full / name).read_bytes(), name


def test_a_model_folder_is_named_by_its_files_not_its_path(tmp_path: Path) -> None:
    src = tmp_path / "one.txt"
    src.write_text(ONE, encoding="utf-8")
    first = tmp_path / "m1"
    first.mkdir()
    (first / "config.json").write_text('{"classpath": "newskg.ner.model.NewsNER"}\n', encoding="utf-8")
    (first / "model.pt").write_bytes(bytes(64))
    out = tmp_path / "out"
    api.build([src], out, backend=GazetteerBackend(GAZETTEER, model=str(first)))
    copy = shutil.copytree(first, tmp_path / "elsewhere" / "m1")
    res = api.build([src], out, backend=GazetteerBackend(GAZETTEER, model=str(copy)), update=True)
    assert (res.new_articles, res.reused) == (0, 1)  # a copy is the same model
    (copy / "model.pt").write_bytes(bytes([1]) * 64)  # retrained: same file names and sizes, other weights
    res = api.build([src], out, backend=GazetteerBackend(GAZETTEER, model=str(copy)), update=True)
    assert (res.new_articles, res.reused) == (1, 0)


def test_cache_that_names_no_model_is_extracted_again(tmp_path: Path) -> None:
    src = tmp_path / "one.txt"
    src.write_text(ONE, encoding="utf-8")
    out = tmp_path / "out"
    _build([src], out, update=False)
    cache = out / api.CACHE
    rec = json.loads(cache.read_text(encoding="utf-8"))
    del rec["ner_model"]  # as versions before the model was recorded wrote it
    cache.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    res = _build([src], out, update=True)
    assert (res.new_articles, res.reused) == (1, 0)
    _same_as_full_build([src], out, tmp_path)


@pytest.mark.hanlp
def test_cli_update_after_edit_with_real_model(tmp_path: Path, hanlp_backend: object) -> None:
    from typer.testing import CliRunner

    from newskg.cli import app

    runner = CliRunner()
    src = tmp_path / "in"
    src.mkdir()
    (src / "page.md").write_text(PAGE, encoding="utf-8")
    (src / "one.txt").write_text(ONE, encoding="utf-8")
    out, full = tmp_path / "out", tmp_path / "full"
    assert runner.invoke(app, ["build", str(src), "-o", str(out)]).exit_code == 0
    (src / "page.md").write_text(PAGE_EDITED, encoding="utf-8")
    (src / "one.txt").unlink()
    (src / "two.txt").write_text(TWO, encoding="utf-8")
    res = runner.invoke(app, ["build", str(src), "-o", str(out), "--update"])
    assert res.exit_code == 0, res.output
    assert "2 extracted, 1 reused, 1 removed" in res.stderr
    assert runner.invoke(app, ["build", str(src), "-o", str(full)]).exit_code == 0
    for name in EXPORTS:
        assert (out / name).read_bytes() == (full / name).read_bytes(), name


@pytest.mark.hanlp
def test_cli_update_with_another_model_extracts_again_with_real_model(tmp_path: Path, hanlp_backend: object) -> None:
    from typer.testing import CliRunner

    from newskg.cli import app
    from newskg.ner.backend import DEFAULT_MODEL_DIR, SIDECAR

    runner = CliRunner()
    src, out = tmp_path / "one.txt", tmp_path / "out"
    src.write_text(ONE, encoding="utf-8")
    assert runner.invoke(app, ["build", str(src), "-o", str(out)]).exit_code == 0
    model = shutil.copytree(DEFAULT_MODEL_DIR, tmp_path / "model")
    update = ["build", str(src), "-o", str(out), "--update", "--model", str(model)]
    res = runner.invoke(app, update)
    assert res.exit_code == 0, res.output
    assert "0 extracted, 1 reused" in res.stderr  # the bundled model, copied: the same model
    # The same weights given a domain token before each input are another model.
    sidecar = model / SIDECAR
    assert json.loads(sidecar.read_text(encoding="utf-8")) == {"prefix_token": None}
    sidecar.write_text('{"prefix_token": "[NEWS]"}\n', encoding="utf-8")
    res = runner.invoke(app, update)
    assert res.exit_code == 0, res.output
    assert "1 extracted, 0 reused" in res.stderr
