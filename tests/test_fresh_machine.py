"""The README's two commands on a machine that lacks something: each stops with one line saying what to do.

Nothing is faked: the tools are taken off ``PATH``, Maven runs offline with an
empty repository (as without network), pip is given an index nobody answers.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from tests.fixtures import ROOT

SERVER = ROOT / "neo4j" / "server.sh"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _path_without(tmp_path: Path, *names: str) -> str:
    """A PATH holding every command of this one except ``names``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for folder in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(folder):
            continue
        for entry in os.scandir(folder):
            target = bin_dir / entry.name
            if entry.name not in names and not target.exists() and os.access(entry.path, os.X_OK):
                target.symlink_to(entry.path)
    return str(bin_dir)


def _start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``server.sh start`` with a home, jars folder, data folder and ports of its own."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    base |= {
        "NEO4J_HOME": str(tmp_path / "home"),
        "NEO4J_JARS": str(tmp_path / "jars"),  # empty: the jars must be fetched
        "NEO4J_DATA": str(tmp_path / "data"),
        "NEO4J_PASSWORD": "fresh-machine",
        "NEO4J_BOLT_PORT": str(_free_port()),
        "NEO4J_HTTP_PORT": str(_free_port()),
    }
    return subprocess.run(
        [str(SERVER), "start"], env=base | env, capture_output=True, text=True, timeout=300, check=False
    )


def test_server_without_java_says_so(tmp_path: Path) -> None:
    res = _start(tmp_path, PATH=_path_without(tmp_path, "java"))
    assert res.returncode == 1
    assert res.stderr.splitlines() == [
        "neo4j/server.sh: java not found: Neo4j 5.26 needs Java 17 or 21 "
        "(Debian: apt-get install openjdk-17-jre-headless), or use docker compose up -d"
    ]


def test_server_without_maven_says_so(tmp_path: Path) -> None:
    res = _start(tmp_path, PATH=_path_without(tmp_path, "mvn"))
    assert res.returncode == 1
    (line,) = res.stderr.splitlines()
    assert line.startswith("neo4j/server.sh: mvn not found: Maven fetches the Neo4j jars from Maven Central once")


def test_server_that_cannot_fetch_the_jars_says_so(tmp_path: Path) -> None:
    # Maven offline with an empty local repository fails as it does without network.
    m2 = tmp_path / "m2home" / ".m2"
    m2.mkdir(parents=True)
    (m2 / "settings.xml").write_text("<settings><offline>true</offline></settings>\n", encoding="utf-8")
    res = _start(tmp_path, MAVEN_OPTS=f"-Duser.home={m2.parent}")
    assert res.returncode == 1
    shown = re.sub(r"\x1b\[[0-9;]*m", "", res.stderr)  # Maven's console resets, invisible on a terminal
    assert shown.splitlines()[-1] == (
        "neo4j/server.sh: Maven could not fetch the Neo4j jars (see above): "
        "no network? A proxy or mirror goes in ~/.m2/settings.xml"
    )
    assert not (tmp_path / "jars" / "lib" / ".complete").exists()


def _make_install(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``make install`` in a copy of the files it reads before pip installs newskg itself."""
    for name in ("Makefile", "pyproject.toml", "scripts/torch_index.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    return subprocess.run(
        ["make", "-s", "install"],
        cwd=tmp_path,
        env=os.environ | env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_make_without_python_says_so(tmp_path: Path) -> None:
    res = _make_install(tmp_path, PYTHON="no-such-python3")
    assert res.returncode != 0 and not (tmp_path / ".venv").exists()
    assert res.stderr.splitlines()[0] == (
        "make: no-such-python3 not found: install Python 3.11 or later, or name it: make PYTHON=python3.11"
    )


def test_make_remakes_a_venv_without_pip_and_a_failed_pip_says_so(tmp_path: Path) -> None:
    # What `python3 -m venv` leaves where the venv module cannot install pip (Debian without python3-venv).
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / ".venv")], check=True)
    res = _make_install(
        tmp_path, PYTHON=sys.executable, PIP_INDEX_URL="http://127.0.0.1:9/simple", PIP_RETRIES="0", PIP_TIMEOUT="2"
    )
    assert res.returncode != 0
    assert (tmp_path / ".venv" / "bin" / "pip").exists()  # made again, with pip
    assert (
        "make: pip install failed (see above): no network? Behind a proxy set HTTPS_PROXY; a mirror: PIP_INDEX_URL"
        in (res.stderr.splitlines())
    )
