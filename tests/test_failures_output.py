"""Issue 27, output faults: the lock through a link, a kill during the final renames, full and read-only disks.

Faults are real where the machine allows: processes are killed with SIGKILL,
disks are tmpfs mounts filled to the last byte or remounted read-only (these
need the right to mount, which the test machines have as root; elsewhere
those variants are skipped, naming why), and a file size limit is the
kernel's RLIMIT_FSIZE. The NER is the gazetteer fake.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from newskg import api
from newskg.graph.export import read_graph
from tests.fakes import GazetteerBackend
from tests.fixtures import GAZETTEER, ROOT

TEXTS = [
    "区委书记孟景伟到北京天海工业有限公司调研。",
    "副区长杨哲到北京现代坦迪变速器有限公司走访。",
    "潞邑街道办事处副主任张锋到通州区运河中医医院调研。",
]
# Runs the CLI in a process of its own with the gazetteer fake as the NER.
CLI = """
import sys
from newskg import api
from tests.fakes import GazetteerBackend
from tests.fixtures import GAZETTEER
api._backend = lambda model, given: given or GazetteerBackend(GAZETTEER)
from newskg.cli import app
sys.argv = ["newskg", *sys.argv[1:]]
app()
"""


def _python(code: str, *args: str, fsize: int | None = None) -> subprocess.Popen[str]:
    def limit() -> None:
        if fsize is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limit,
    )


def _cli(*args: str, fsize: int | None = None) -> tuple[int, str]:
    """Exit code and stderr of ``newskg ARGS`` in a process of its own."""
    proc = _python(CLI, *args, fsize=fsize)
    _, stderr = proc.communicate(timeout=300)
    return proc.returncode, stderr


def _one_error_line(code: int, stderr: str, expected: int = 2) -> str:
    assert "Traceback" not in stderr, stderr
    assert code == expected, stderr
    (line,) = stderr.strip().splitlines()
    assert line.startswith("error: ")
    return line


def _build(src: Path, out: Path, **kw: object) -> api.BuildResult:
    return api.build([src], out, backend=GazetteerBackend(GAZETTEER), **kw)  # type: ignore[arg-type]


@pytest.fixture()
def src(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text(TEXTS[0], encoding="utf-8")
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# Case 4: two concurrent --update builds into one folder, one naming it through a link.


def test_concurrent_updates_through_a_link_lose_nothing(tmp_path: Path, src: Path) -> None:
    """Case 4: the lock was keyed on the path as typed, so a build through a link ran beside one that named the folder.

    Each build extracts slowly (the fake NER sleeps), so without one lock the two overlap and the later
    commit drops the other's articles.
    """
    out = tmp_path / "out"
    _build(src, out)
    link = tmp_path / "link"
    link.symlink_to(out, target_is_directory=True)
    procs = []
    for name, target in (("a", out), ("b", link)):
        folder = tmp_path / name
        folder.mkdir()
        for i in range(10):
            (folder / f"{i}.txt").write_text(f"第{name}{i}篇。{TEXTS[1]}", encoding="utf-8")
        code = f"""
            import time
            from pathlib import Path
            from newskg import api
            from tests.fakes import GazetteerBackend
            from tests.fixtures import GAZETTEER

            class Slow(GazetteerBackend):
                def tag(self, texts):
                    time.sleep(0.3 * len(texts))
                    return super().tag(texts)

            res = api.build([Path({str(folder)!r})], Path({str(target)!r}), backend=Slow(GAZETTEER),
                            update=True, wait=120)
            print(res.new_articles)
            """
        procs.append(_python(code))
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    g = read_graph(out)
    assert sum(1 for _, d in g.nodes(data=True) if d["label"] == "Article") == 21
    assert not list(tmp_path.glob(".link.*"))  # lock and staging sit beside the folder itself


# Case 5: a kill during the final renames left a folder mixing two builds, and readers read it.

KILL_DURING_RENAMES = """
import os, signal, sys
from pathlib import Path
from newskg import api, outdir
from tests.fakes import GazetteerBackend
from tests.fixtures import GAZETTEER

out = Path(sys.argv[1])
real = os.replace
moved = []

def replace(a, b):
    if Path(b).parent == out:
        if len(moved) == 2:
            os.kill(os.getpid(), signal.SIGKILL)
        moved.append(b)
    real(a, b)

outdir.os.replace = replace
api.build([Path(sys.argv[2])], out, backend=GazetteerBackend(GAZETTEER), update=True)
"""


def _readers(out: Path, tmp_path: Path) -> list[tuple[int, str]]:
    return [
        _cli("visits", str(out)),
        _cli("view", str(out), "-o", str(tmp_path / "page.html")),
        _cli("export", str(out), "--neo4j-import", str(tmp_path / "import")),
        _cli("load", str(out), "--uri", "bolt://127.0.0.1:1"),
        _cli("visits", str(out / "graph.json")),
    ]


def test_a_kill_during_the_final_renames_leaves_no_folder_readers_take(tmp_path: Path, src: Path) -> None:
    """Case 5: before, edges.csv and the cache were new and the rest old, and visits/view/export/load read it."""
    out = tmp_path / "out"
    _build(src, out)
    (src / "two.txt").write_text(TEXTS[1], encoding="utf-8")
    proc = _python(KILL_DURING_RENAMES, str(out), str(src))
    proc.communicate(timeout=300)
    assert proc.returncode == -9
    for code, stderr in _readers(out, tmp_path):
        line = _one_error_line(code, stderr)
        assert str(out) in line and "build" in line, line
    assert not (tmp_path / "page.html").exists() and not (tmp_path / "import").exists()
    # The next run under the lock completes the interrupted one; then the folder is whole again.
    res = _build(src, out, update=True)
    assert (res.articles, res.reused) == (2, 2)
    assert {v.visitor for v in api.visits(out)} == {"孟景伟", "杨哲"}
    full = tmp_path / "full"
    _build(src, full)
    assert {k: v for k, v in _files(out).items() if not k.startswith(".")} == {
        k: v for k, v in _files(full).items() if not k.startswith(".")
    }
    code, stderr = _cli("visits", str(out))
    assert code == 0, stderr


def test_a_folder_whose_files_are_not_the_ones_its_build_wrote_is_refused(tmp_path: Path, src: Path) -> None:
    """Case 5: the manifest names each output's size and SHA-256; a mixed folder is refused whatever mixed it."""
    out, other = tmp_path / "out", tmp_path / "other"
    _build(src, out)
    (src / "two.txt").write_text(TEXTS[1], encoding="utf-8")
    _build(src, other)
    (out / "graph.json").write_bytes((other / "graph.json").read_bytes())
    line = _one_error_line(*_cli("visits", str(out)))
    assert f"{out / 'graph.json'}" in line
    with pytest.raises(api.OutputError, match=r"graph\.json"):
        api.visits(out)


def test_the_swap_is_synced_in_the_order_a_power_cut_needs(
    tmp_path: Path, src: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Case 5 (power loss): no fsync was issued, so neither .complete nor the renames survived a power cut.

    Now: every staged file, then the manifest and the .complete mark and the staging folder are synced
    before the first rename into the output folder; the output folder is synced after the last one.
    """
    from newskg import outdir

    out = tmp_path / "out"
    _build(src, out)
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("sync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(a: object, b: object) -> None:
        events.append(("move", str(b)))
        real_replace(a, b)  # type: ignore[arg-type]

    monkeypatch.setattr(outdir.os, "fsync", fsync)
    monkeypatch.setattr(outdir.os, "replace", replace)
    (src / "two.txt").write_text(TEXTS[1], encoding="utf-8")
    _build(src, out, update=True)
    moves = [i for i, (kind, path) in enumerate(events) if kind == "move" and Path(path).parent == out.resolve()]
    assert sorted(Path(events[i][1]).name for i in moves) == sorted([*api.OUTPUTS, outdir.MANIFEST])
    assert Path(events[moves[-1]][1]).name == outdir.MANIFEST  # the manifest moves last: it is the commit
    synced_before = {Path(p).name for kind, p in events[: moves[0]] if kind == "sync"}
    assert {*api.OUTPUTS, outdir.MANIFEST, ".complete"} <= synced_before
    assert any(kind == "sync" and ".staging-" in Path(p).name for kind, p in events[: moves[0]])
    assert ("sync", str(out.resolve())) in events[moves[-1] :]


# Case 10: a build on a disk with 0 bytes free failed on the lock file's pid write with a traceback.


@contextlib.contextmanager
def _tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``where`` (skips the test where this machine does not let us mount)."""
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()}): needs root")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(disk: Path) -> None:
    """Write until the disk has not one byte left."""
    with (disk / "filler").open("wb", buffering=0) as fh:
        while True:
            try:
                fh.write(b"\0" * 4096)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
                break
    with (disk / "filler-tail").open("wb", buffering=0) as fh, contextlib.suppress(OSError):
        while fh.write(b"\0"):
            pass


@pytest.fixture()
def full_disk(tmp_path: Path) -> Iterator[Path]:
    with _tmpfs(tmp_path / "disk", "256k") as disk:
        _fill(disk)
        yield disk


@pytest.fixture()
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    with _tmpfs(tmp_path / "ro", "1m") as disk:
        (disk / "folder").mkdir()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        yield disk


def test_build_on_a_disk_without_a_free_byte_is_one_line(src: Path, full_disk: Path) -> None:
    """Case 10: before, the lock file's pid write raised ENOSPC as a traceback."""
    out = full_disk / "out"
    line = _one_error_line(*_cli("build", str(src), "-o", str(out)))
    assert "disk full" in line
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler", "filler-tail"]  # no lock, stage or output


# Case 11: extract, view and export printed tracebacks on ENOSPC, EROFS, EFBIG, a file where a folder is wanted.


@pytest.fixture()
def graph_folder(tmp_path: Path, src: Path) -> Path:
    for i in range(40):  # enough for outputs bigger than the size limit below
        (src / f"{i}.txt").write_text(f"第{i}篇。{TEXTS[i % 3]}", encoding="utf-8")
    out = tmp_path / "g"
    _build(src, out)
    return out


def _commands(src: Path, graph: Path, where: Path) -> dict[str, list[str]]:
    return {
        "extract": ["extract", str(src), "-o", str(where / "x.jsonl")],
        "view": ["view", str(graph), "-o", str(where / "page.html")],
        "export": ["export", str(graph), "--neo4j-import", str(where / "import")],
    }


@pytest.mark.parametrize("command", ["extract", "view", "export"])
def test_a_full_disk_is_one_line_and_no_partial_output(
    src: Path, graph_folder: Path, full_disk: Path, command: str
) -> None:
    """Case 11, ENOSPC."""
    _one_error_line(*_cli(*_commands(src, graph_folder, full_disk)[command]))
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler", "filler-tail"]


@pytest.mark.parametrize("command", ["extract", "view", "export"])
def test_a_read_only_disk_is_one_line(src: Path, graph_folder: Path, read_only_disk: Path, command: str) -> None:
    """Case 11, EROFS."""
    line = _one_error_line(*_cli(*_commands(src, graph_folder, read_only_disk / "folder")[command]))
    assert "Read-only file system" in line
    assert list((read_only_disk / "folder").iterdir()) == []


@pytest.mark.parametrize("command", ["extract", "view", "export"])
def test_a_file_size_limit_is_one_line_and_no_partial_output(
    tmp_path: Path, src: Path, graph_folder: Path, command: str
) -> None:
    """Case 11, EFBIG: the kernel's file size limit (ulimit -f) stops the write."""
    where = tmp_path / "limited"
    where.mkdir()
    line = _one_error_line(*_cli(*_commands(src, graph_folder, where)[command], fsize=2048))
    assert "File too large" in line
    assert list(where.iterdir()) == []


@pytest.mark.parametrize("command", ["extract", "view", "export"])
@pytest.mark.parametrize("depth", ["file_is_the_folder", "file_above"])
def test_a_file_where_a_folder_is_wanted_is_one_line(
    tmp_path: Path, src: Path, graph_folder: Path, command: str, depth: str
) -> None:
    """Case 11: an existing file where the output's folder (or a folder above it) must go."""
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder", encoding="utf-8")
    where = blocker if depth == "file_is_the_folder" else blocker / "deeper"
    args = _commands(src, graph_folder, where)[command]
    if command == "export" and depth == "file_is_the_folder":
        args[-1] = str(blocker)
    line = _one_error_line(*_cli(*args))
    assert str(blocker) in line
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["blocker", "in", "g"])


def test_extract_reports_a_missing_sources_file_as_such(tmp_path: Path, src: Path) -> None:
    """Case 11's one-line write errors cover writes only: a sources file that is not there is said as it is."""
    code, stderr = _cli("extract", str(src), "-o", str(tmp_path / "x.jsonl"), "--sources", str(tmp_path / "no.tsv"))
    line = _one_error_line(code, stderr, expected=1)
    assert "no.tsv" in line and "cannot write" not in line
    assert not (tmp_path / "x.jsonl").exists()
