"""Issue 27, output faults: the lock through a link, a kill during the final renames, full and read-only disks.

Faults are real where the machine allows: processes are killed with SIGKILL,
disks are tmpfs mounts filled to the last byte or remounted read-only (these
need the right to mount, which the test machines have as root; elsewhere
those variants are skipped, naming why), and a file size limit is the
kernel's RLIMIT_FSIZE. The NER is the gazetteer fake.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg import api
from newskg.graph.export import read_graph
from tests.fakes import GazetteerBackend
from tests.fixtures import GAZETTEER, ROOT

runner = CliRunner()
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
