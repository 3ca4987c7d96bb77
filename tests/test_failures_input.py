"""Issue 27, input faults: bad bytes, unreadable inputs in an update, links and output folders in the input.

Each test reproduces one case of the hostile probe (the case number is in its
docstring). The inputs are small invented files; the NER is the gazetteer fake,
since what is tested is reading and the output folder, not tagging.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg import api
from newskg.cli import app
from newskg.graph.export import read_graph
from tests.fakes import GazetteerBackend
from tests.fixtures import GAZETTEER

runner = CliRunner()

# Invented records, one visit each.
TEXTS = [
    "区委书记孟景伟到北京天海工业有限公司调研。",
    "副区长杨哲到北京现代坦迪变速器有限公司走访。",
    "潞邑街道办事处副主任张锋到通州区运河中医医院调研。",
    "李明到台湖镇光机电一体化产业基地考察。",
]
VISITORS = {"孟景伟", "杨哲", "张锋", "李明"}


def _records(n: int = len(TEXTS)) -> list[dict[str, str]]:
    return [{"id": f"r{i}", "title": f"标题{i}", "text": TEXTS[i % len(TEXTS)] + f"第{i}条。"} for i in range(n)]


def _line(rec: dict[str, str]) -> bytes:
    return (json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8")


@pytest.fixture()
def fake(monkeypatch: pytest.MonkeyPatch) -> GazetteerBackend:
    """The CLI's builds use the gazetteer fake."""
    backend = GazetteerBackend(GAZETTEER)
    monkeypatch.setattr(api, "_backend", lambda model, given: given or backend)
    return backend


def _cli_build(*args: str) -> tuple[int, str]:
    res = runner.invoke(app, ["build", *args])
    assert "Traceback" not in res.output, res.output
    return res.exit_code, res.stderr


def _visitors(out: Path) -> set[str]:
    return {v.visitor for v in api.visits(out)}


def _article_ids(out: Path) -> set[str]:
    return {d["article_id"] for _, d in read_graph(out).nodes(data=True) if d["label"] == "Article"}


# Case 3: one bad byte or escape loses a whole file, or the whole build.

BAD_RECORDS = {
    # name: (bytes of the bad line, what the cleaned record keeps)
    "nul_byte": (b'{"id": "r1", "title": "t", "text": "\x00' + TEXTS[1].encode() + b'"}\n', True),
    "escape_u0000": (b'{"id": "r1", "title": "t", "text": "\\u0000' + TEXTS[1].encode() + b'"}\n', True),
    "escape_u0001": (b'{"id": "r1", "title": "t", "text": "\\u0001' + TEXTS[1].encode() + b'"}\n', True),
    "escape_ufffe": (b'{"id": "r1", "title": "t", "text": "\\ufffe' + TEXTS[1].encode() + b'"}\n', True),
    "bell_in_title": (b'{"id": "r1", "title": "\\u0007t", "text": "' + TEXTS[1].encode() + b'"}\n', True),
    "surrogate_in_text": (b'{"id": "r1", "title": "t", "text": "\\ud800' + TEXTS[1].encode() + b'"}\n', True),
    "surrogate_in_id": (b'{"id": "r\\ud8001", "title": "t", "text": "' + TEXTS[1].encode() + b'"}\n', True),
    "invalid_utf8": (b'{"id": "r1", "title": "t", "text": "\xff\xfe' + TEXTS[1].encode() + b'"}\n', False),
}


@pytest.mark.parametrize("late", [False, True], ids=["first_8k", "after_8k"])
@pytest.mark.parametrize("case", sorted(BAD_RECORDS))
def test_one_bad_record_is_cleaned_or_skipped_by_line_and_the_rest_is_built(
    tmp_path: Path, fake: GazetteerBackend, case: str, late: bool
) -> None:
    """Case 3: a NUL byte, invalid UTF-8, a JSON escape XML cannot hold or a lone surrogate in one record.

    Before: the file was skipped as binary, silently cleaned, or the build failed with no output at all.
    Now: the record is cleaned (or, not being UTF-8, skipped), named by file and line; the rest is built; exit 2.
    """
    bad_line, kept = BAD_RECORDS[case]
    filler = [
        _line({"id": f"f{i}", "title": f"填充{i}", "text": f"第{i}段。" + "本段没有人名。" * 20})
        for i in range(40 * late)
    ]
    good = _records()
    feed = tmp_path / "in" / "feed.jsonl"
    feed.parent.mkdir()
    feed.write_bytes(b"".join([*filler, _line(good[0]), bad_line, _line(good[2]), _line(good[3])]))
    where = f"{feed}:{len(filler) + 2}"
    out = tmp_path / "out"
    code, stderr = _cli_build(str(feed.parent), "-o", str(out))
    assert code == 2, stderr
    assert where in stderr and len([line for line in stderr.splitlines() if where in line]) == 1
    assert "All strings must be XML compatible" not in stderr
    assert _visitors(out) == VISITORS if kept else VISITORS - {"杨哲"}
    assert len(_article_ids(out)) == len(filler) + (4 if kept else 3)
    for name in api.OUTPUTS:
        assert (out / name).is_file()
    read_graph(out / "graph.graphml")  # the GraphML is valid XML


def test_a_bad_record_reads_the_same_in_a_cluster_byte_range_and_a_legacy_encoding_still_reads(
    tmp_path: Path,
) -> None:
    """Case 3: the cluster build reads JSONL byte ranges with the same rule; a GB18030 feed is still read whole."""
    from newskg.cluster.partitions import Partition, read_partition
    from newskg.read import ReadReport, iter_articles

    good = _records()
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(_line(good[0]) + BAD_RECORDS["invalid_utf8"][0] + _line(good[2]) + b'{"id": "x", "text": "\\u0001')
    rep = ReadReport()
    whole = [a.id for a in iter_articles([feed], rep)]
    arts, errors, _, _ = read_partition(Partition(0, jsonl=str(feed), start=0, end=feed.stat().st_size))
    assert [a.id for a in arts] == whole == ["r0", "r2"]
    assert [e.path for e in errors] == [e.path for e in rep.errors] == [f"{feed}:2", f"{feed}:4"]
    legacy = tmp_path / "legacy.jsonl"
    legacy.write_bytes(b"".join(json.dumps(r, ensure_ascii=False).encode("gb18030") + b"\n" for r in good))
    rep = ReadReport()
    assert [a.text for a in iter_articles([legacy], rep)] == [r["text"] for r in good] and not rep.errors


# Case 2: `build --update` dropped the articles of an input it could not read this time.


@pytest.fixture()
def built_feed(tmp_path: Path, fake: GazetteerBackend) -> tuple[Path, Path, Path]:
    """in/feed.jsonl (three records), in/sub/one.txt, built into out/."""
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    feed = src / "feed.jsonl"
    feed.write_bytes(b"".join(_line(r) for r in _records(3)))
    (src / "sub" / "one.txt").write_text(TEXTS[3], encoding="utf-8")
    out = tmp_path / "out"
    assert _cli_build(str(src), "-o", str(out))[0] == 0
    assert _visitors(out) == VISITORS
    return src, feed, out


def _update(src: Path, out: Path) -> tuple[int, str]:
    return _cli_build(str(src), "-o", str(out), "--update")


def test_update_keeps_the_cached_articles_of_a_feed_whose_last_record_was_cut(
    built_feed: tuple[Path, Path, Path],
) -> None:
    """Case 2: a crawler cut the last record mid-character; before, its article was removed and out replaced."""
    src, feed, out = built_feed
    raw = feed.read_bytes()
    feed.write_bytes(raw[: raw.rindex("张锋".encode()) + 4])  # inside the second character of 张锋
    code, stderr = _update(src, out)
    assert code == 2, stderr
    assert f"{feed}:3" in stderr and "0 removed" in stderr
    assert f"kept 1 cached article(s) of {feed}" in stderr
    assert _visitors(out) == VISITORS
    # Once the file is whole again, the update is clean again.
    feed.write_bytes(raw)
    assert _update(src, out)[0] == 0


@pytest.mark.parametrize("what", ["file", "folder"])
def test_update_keeps_the_cached_articles_of_an_input_it_may_not_read(
    built_feed: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    """Case 2: a file or folder without read permission; before, "N removed", exit 2 and out replaced.

    The tests run as root, where chmod 000 does not stop reading: reading the file (or listing the folder)
    raises the PermissionError a normal user gets.
    """
    import os

    src, feed, out = built_feed
    denied = feed if what == "file" else src / "sub"
    real_read, real_scandir = Path.read_bytes, os.scandir

    def read_bytes(self: Path) -> bytes:
        if self == denied:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    def scandir(path: object = ".") -> object:
        if Path(str(path)) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(os, "scandir", scandir)
    code, stderr = _update(src, out)
    assert code == 2, stderr
    assert "Permission denied" in stderr and "0 removed" in stderr
    assert f"kept {3 if what == 'file' else 1} cached article(s) of {denied}" in stderr
    assert _visitors(out) == VISITORS


def test_update_removes_the_articles_of_an_input_that_is_gone(built_feed: tuple[Path, Path, Path]) -> None:
    """Case 2, the other side: only an input that is gone takes its articles out."""
    src, feed, out = built_feed
    feed.unlink()
    code, stderr = _update(src, out)
    assert code == 0, stderr
    assert "3 removed" in stderr and "kept" not in stderr
    assert _visitors(out) == {"李明"}


# Case 13: symlinked folders in an input folder were ignored, and so were broken links and loops.


def test_folder_links_are_followed_and_broken_links_and_loops_reported(tmp_path: Path, fake: GazetteerBackend) -> None:
    """Case 13: a linked folder is read; a loop (direct, or through two links) and broken links are errors, exit 2."""
    src, elsewhere = tmp_path / "in", tmp_path / "elsewhere"
    (src / "a").mkdir(parents=True)
    (src / "b").mkdir()
    elsewhere.mkdir()
    (src / "one.txt").write_text(TEXTS[0], encoding="utf-8")
    (elsewhere / "two.txt").write_text(TEXTS[1], encoding="utf-8")
    (src / "linked").symlink_to(elsewhere, target_is_directory=True)
    (src / "again").symlink_to(src, target_is_directory=True)  # a loop back to the input folder
    (src / "a" / "to_b").symlink_to(src / "b", target_is_directory=True)  # a loop through two links
    (src / "b" / "to_a").symlink_to(src / "a", target_is_directory=True)
    (src / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (src / "gone_folder").symlink_to(tmp_path / "nowhere", target_is_directory=True)
    out = tmp_path / "out"
    code, stderr = _cli_build(str(src), "-o", str(out))
    assert code == 2, stderr
    assert _visitors(out) == {"孟景伟", "杨哲"}
    skipped = sorted(line for line in stderr.splitlines() if line.startswith("skipped"))
    assert skipped == [
        f"skipped {src / 'a' / 'to_b' / 'to_a'}: link loop (it leads back to {src / 'a'}); not followed",
        f"skipped {src / 'again'}: link loop (it leads back to {src}); not followed",
        f"skipped {src / 'b' / 'to_a' / 'to_b'}: link loop (it leads back to {src / 'b'}); not followed",
        f"skipped {src / 'gone.txt'}: broken link (to {tmp_path / 'nowhere.txt'})",
        f"skipped {src / 'gone_folder'}: broken link (to {tmp_path / 'nowhere'})",
    ]


# Case 14: an output folder inside the input folder was read back as input.


def test_an_output_folder_inside_the_input_is_not_read_back(tmp_path: Path, fake: GazetteerBackend) -> None:
    """Case 14: before, the output's extractions.jsonl came back as "bad JSON line" warnings on every run."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "one.txt").write_text(TEXTS[0], encoding="utf-8")
    out = src / "out"
    code, stderr = _cli_build(str(src), "-o", str(out))
    size = stderr.split(" -> ")[1].split(" in ")[0]  # "N nodes, M edges": one line, no warning before it
    assert (code, stderr) == (0, f"1 articles (1 extracted, 0 reused) -> {size} in {out}\n")
    code, stderr = _cli_build(str(src), "-o", str(out), "--update")
    assert (code, stderr) == (0, f"1 articles (0 extracted, 1 reused, 0 removed) -> {size} in {out}\n")
    # Another build's output folder and a staging folder left by a killed run are not read either.
    assert _cli_build(str(src / "one.txt"), "-o", str(src / "other"))[0] == 0
    stage = src / ".out.staging-abcd1234"
    stage.mkdir()
    (stage / api.CACHE).write_bytes((out / api.CACHE).read_bytes())
    shutil.rmtree(out)
    code, stderr = _cli_build(str(src), "-o", str(tmp_path / "elsewhere"))
    assert (code, stderr) == (
        0,
        f"1 articles (1 extracted, 0 reused) -> {size} in {tmp_path / 'elsewhere'}\n",
    )


# In passing: a duplicate id names its line.


def test_a_duplicate_id_names_its_line(tmp_path: Path) -> None:
    """A JSONL `id` used again for another text named the file but not the line."""
    from newskg.read import ReadReport, iter_articles

    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "x", "text": "孟景伟调研。"}\n{"id": "y", "text": "张锋调研。"}\n{"id": "x", "text": "杨哲调研。"}\n',
        encoding="utf-8",
    )
    rep = ReadReport()
    assert len(list(iter_articles([feed], rep))) == 2
    (err,) = rep.errors
    assert err.path == f"{feed}:3" and "'x' is used again" in err.reason
