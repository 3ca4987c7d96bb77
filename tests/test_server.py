"""neo4j/server.sh: a user's database survives stop and start, stale pid files, and has no default password.

These tests run a second Neo4j server of their own (own home, data folder and
free ports), next to the suite's test server, which they never touch.
"""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from newskg.cypher.loader import Neo4jConfig
from tests.conftest import ROOT

pytestmark = pytest.mark.neo4j

SERVER = ROOT / "neo4j" / "server.sh"
PASSWORD = 'restart test #1 "quoted" \\ pw'  # spaces, quotes and a backslash go through intact


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """One server.sh instance, driven through the script as a user would."""

    home: Path
    data: Path
    bolt: int
    env: dict[str, str]

    def run(self, verb: str, **extra: str) -> subprocess.CompletedProcess[str]:
        env = {**self.env, **extra}
        # Generous limits: on a crowded machine a first start can take minutes.
        return subprocess.run([str(SERVER), verb], env=env, capture_output=True, text=True, timeout=1800, check=False)

    @property
    def pidfile(self) -> Path:
        return self.home / "run" / "neo4j.pid"

    def cfg(self, password: str = PASSWORD) -> Neo4jConfig:
        return Neo4jConfig(uri=f"bolt://127.0.0.1:{self.bolt}", user="neo4j", password=password, retry_seconds=5)


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[Server]:
    # Nothing of the caller's Neo4j settings leaks in, except where the jars are.
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_") or k == "NEO4J_JARS"}
    home, data, bolt = tmp_path / "home", tmp_path / "data", _free_port()
    env |= {
        "NEO4J_HOME": str(home),
        "NEO4J_DATA": str(data),
        "NEO4J_BOLT_PORT": str(bolt),
        "NEO4J_HTTP_PORT": str(_free_port()),
        "NEO4J_START_TIMEOUT": "1500",
    }
    srv = Server(home, data, bolt, env)
    yield srv
    srv.run("stop")


def test_new_database_needs_a_password_and_defaults_to_a_fixed_folder(server: Server, tmp_path: Path) -> None:
    env = {k: v for k, v in server.env.items() if k != "NEO4J_DATA"}
    env["HOME"] = str(tmp_path / "user")
    env.pop("XDG_DATA_HOME", None)
    res = subprocess.run([str(SERVER), "start"], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert res.returncode == 2
    assert "NEO4J_PASSWORD is not set" in res.stderr
    assert f"{tmp_path}/user/.local/share/newskg/neo4j" in res.stderr
    assert not server.pidfile.exists()


def test_a_busy_port_is_refused(server: Server) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", server.bolt))
        s.listen()
        res = server.run("start", NEO4J_PASSWORD=PASSWORD)
    assert res.returncode == 1
    assert f"port {server.bolt} on 127.0.0.1 is already in use" in res.stderr
