"""The output folder: one writer at a time, all files or none, one-line errors with rc 2."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg import api
from newskg.cli import app
from newskg.graph import export
from newskg.outdir import MANIFEST, LockedError, locked, staged
from tests.fakes import GazetteerBackend
from tests.fixtures import GAZETTEER, ROOT

runner = CliRunner()
VISIT = "区委书记孟景伟到北京天海工业有限公司调研。"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture()
def built(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(VISIT, encoding="utf-8")
    out = tmp_path / "out"
    api.build([src], out, backend=GazetteerBackend(GAZETTEER))
    return out


def _python(code: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_second_writer_gets_one_line_and_rc_2(built: Path, tmp_path: Path) -> None:
    holder = _python(
        f"""
        import time
        from pathlib import Path
        from newskg.outdir import locked
        with locked(Path({str(built)!r})):
            print("locked", flush=True)
            time.sleep(60)
        """
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        before = _snapshot(built)
        res = runner.invoke(app, ["build", str(tmp_path / "in"), "-o", str(built), "--update"])
        assert res.exit_code == 2
        assert "being written by another newskg run" in res.stderr and f"pid {holder.pid}" in res.stderr
        assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.output
        assert _snapshot(built) == before
    finally:
        holder.kill()
        holder.communicate()


def test_two_concurrent_updates_lose_nothing(tmp_path: Path) -> None:
    """Two processes `build --update` different inputs into one folder at once: both runs' articles stay."""
    out = tmp_path / "out"
    procs = []
    for name in ("a", "b"):
        src = tmp_path / name
        src.mkdir()
        for i in range(20):
            (src / f"{i}.txt").write_text(f"第{name}{i}篇。{VISIT}", encoding="utf-8")
        procs.append(
            _python(
                f"""
                from pathlib import Path
                from newskg import api
                from tests.fixtures import GAZETTEER
                from tests.fakes import GazetteerBackend
                res = api.build([Path({str(src)!r})], Path({str(out)!r}), backend=GazetteerBackend(GAZETTEER),
                                update=True, wait=120)
                print(res.new_articles)
                """
            )
        )
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert sorted(int(o.strip()) for o, _ in outputs) == [20, 20]
    g = export.read_graph(out)
    assert sum(1 for _, d in g.nodes(data=True) if d["label"] == "Article") == 40


def test_stale_lock_is_detected_and_taken_over(built: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    lock = built.parent / f".{built.name}.lock"
    lock.write_text(f"pid {dead.stdout.strip()} on host since 2024-01-01T00:00:00\n", encoding="utf-8")
    with locked(built):
        assert f"pid {os.getpid()} " in lock.read_text(encoding="utf-8")
    assert "stale lock" in caplog.text and f"pid {dead.stdout.strip()}" in caplog.text
    assert not lock.exists()  # released cleanly: the file goes


def test_lock_waits_then_proceeds(built: Path) -> None:
    holder = _python(
        f"""
        import time
        from pathlib import Path
        from newskg.outdir import locked
        with locked(Path({str(built)!r})):
            print("locked", flush=True)
            time.sleep(1.5)
        """
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    with pytest.raises(LockedError), locked(built):
        pass
    start = time.monotonic()
    with locked(built, wait=60):
        assert time.monotonic() - start > 0.2
    holder.communicate()


def test_disk_full_is_one_line_rc_2_and_outputs_untouched(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "in" / "b.txt").write_text("张锋到通州区运河中医医院走访。", encoding="utf-8")
    before = _snapshot(built)

    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(api, "write_json", full)
    res = runner.invoke(app, ["build", str(tmp_path / "in"), "-o", str(built), "--update"])
    assert res.exit_code == 2
    assert res.stderr.strip().splitlines() == [
        f"error: cannot write the outputs (disk full): No space left on device; {built.absolute()} was left unchanged"
    ]
    assert _snapshot(built) == before
    assert not list(tmp_path.glob(".*.staging-*")) and not list(tmp_path.glob(".*.lock"))


def test_failing_cache_write_leaves_outputs_untouched(built: Path, tmp_path: Path) -> None:
    """A real write failure: the staging folder's cache file cannot be created (read-only parent is
    no use as root, so a folder stands where the file must go)."""
    before = _snapshot(built)
    with pytest.raises(api.OutputError, match="left unchanged"), staged(built) as stage:
        (stage / api.CACHE).mkdir()
        with api._cache_writer(stage / api.CACHE, built):
            pass
    assert _snapshot(built) == before


def test_interrupted_commit_is_completed_by_the_next_run(built: Path) -> None:
    stage = built.parent / f".{built.name}.staging-complete"
    stage.mkdir()
    (stage / "graph.json").write_text("new", encoding="utf-8")
    (stage / ".complete").touch()
    half = built.parent / f".{built.name}.staging-halfdone"
    other = built.parent / f".{built.name}.x.staging-complete"  # a sibling folder's, not ours
    other.mkdir()
    half.mkdir()
    (half / "nodes.csv").write_text("half", encoding="utf-8")  # no .complete: discarded
    with locked(built):
        pass
    assert (built / "graph.json").read_text(encoding="utf-8") == "new"
    assert (built / "nodes.csv").read_text(encoding="utf-8") != "half"
    assert not (built / MANIFEST).exists()  # the stage (of a version before manifests) had none to replace it
    assert not stage.exists() and not half.exists() and other.exists()


def test_mistyped_input_leaves_existing_outputs_untouched(built: Path, tmp_path: Path) -> None:
    before = _snapshot(built)
    res = runner.invoke(app, ["build", str(tmp_path / "inn"), "-o", str(built)])
    assert res.exit_code == 2
    assert "no such file or folder" in res.stderr
    assert "no article could be read" in res.stderr and "left unchanged" in res.stderr
    assert "Traceback" not in res.output
    assert _snapshot(built) == before
    res = runner.invoke(app, ["build", str(tmp_path / "inn"), "-o", str(tmp_path / "fresh")])
    assert res.exit_code == 2 and not (tmp_path / "fresh").exists()


def test_graph_json_folder_and_extract_into_folder_are_one_line_errors(built: Path, tmp_path: Path) -> None:
    (built / "graph.json").unlink()
    (built / "graph.json").mkdir()
    before = _snapshot(built)
    res = runner.invoke(app, ["build", str(tmp_path / "in"), "-o", str(built)])
    assert res.exit_code == 2
    assert res.stderr.strip().splitlines() == [
        f"error: {built / 'graph.json'} is a folder, not a file; remove it or choose another output folder"
    ]
    assert _snapshot(built) == before and (built / "graph.json").is_dir()
    res = runner.invoke(app, ["visits", str(built)])
    assert res.exit_code != 0 and "Traceback" not in res.output and len(res.stderr.strip().splitlines()) == 1
    res = runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(built)])
    assert res.exit_code == 2
    assert res.stderr.strip().splitlines() == [
        f"error: {built} is a folder; give --out a file name such as {built / 'articles.jsonl'}"
    ]


def test_cli_unreadable_subfolder_rc_2_and_date_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root chmod 000 does not stop reading, so os.scandir raises the PermissionError instead."""
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("区长调研\n2024-13-45\n" + VISIT, encoding="utf-8")
    (src / "sub" / "b.txt").write_text("张锋到台湖镇调研。", encoding="utf-8")
    monkeypatch.setattr(api, "_backend", lambda model, backend: GazetteerBackend(GAZETTEER))
    res = runner.invoke(app, ["build", str(src), "-o", str(tmp_path / "out")])
    assert res.exit_code == 0
    assert f"warning: {src / 'a.txt'}: article '区长调研': date '2024-13-45' is not a real day" in res.stderr
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(str(path)) == src / "sub":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    res = runner.invoke(app, ["build", str(src), "-o", str(tmp_path / "out")])
    assert res.exit_code == 2
    assert f"skipped {src / 'sub'}: cannot read folder (Permission denied)" in res.stderr
    assert "Traceback" not in res.output


def test_only_the_output_folder_writable(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A parent folder the user may not write (simulated: root ignores permissions): lock and staging go inside."""
    import tempfile

    parent = built.parent.absolute()
    real_open, real_mkdtemp = os.open, tempfile.mkdtemp

    def no_parent_open(path: object, flags: int, *args: object, **kw: object) -> int:
        if Path(str(path)).parent == parent and flags & os.O_CREAT:  # opening to read (to sync) is allowed
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kw)  # type: ignore[arg-type]

    def no_parent_mkdtemp(*args: object, dir: object = None, **kw: object) -> str:
        if dir is not None and Path(str(dir)) == parent:
            raise PermissionError(13, "Permission denied", str(dir))
        return real_mkdtemp(*args, dir=dir, **kw)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(os, "open", no_parent_open)
    monkeypatch.setattr(tempfile, "mkdtemp", no_parent_mkdtemp)
    (tmp_path / "in" / "b.txt").write_text("张锋到通州区运河中医医院走访。", encoding="utf-8")
    res = api.build([tmp_path / "in"], built, backend=GazetteerBackend(GAZETTEER), update=True)
    assert (res.articles, res.reused) == (2, 1)
    assert sorted(p.name for p in built.iterdir()) == sorted([*api.OUTPUTS, MANIFEST])  # nothing of the run left
