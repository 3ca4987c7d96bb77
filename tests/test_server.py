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

from newskg import api
from newskg.cypher.loader import Neo4jConfig, connect
from tests.fakes import GazetteerBackend
from tests.fixtures import COUNT_NODES, DEMO, GAZETTEER, ROOT

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


def _count(cfg: Neo4jConfig) -> int:
    with connect(cfg) as driver:
        recs, _, _ = driver.execute_query(COUNT_NODES)
        return int(recs[0]["n"])


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


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


def test_graph_survives_restart_and_stale_pid_files(server: Server, tmp_path: Path) -> None:
    # A crash left a pid file behind whose process is gone.
    server.pidfile.parent.mkdir(parents=True)
    server.pidfile.write_text(f"{_dead_pid()}\n")
    res = server.run("start", NEO4J_PASSWORD=PASSWORD)
    assert res.returncode == 0, res.stderr
    assert "stale pid file" in res.stderr
    conf = (server.home / "conf" / "neo4j.conf").read_text()
    assert "client.allow_telemetry=false" in conf
    assert "dbms.usage_report.enabled=false" in conf
    # An admin command: `newskg query` refuses SHOW, so the driver runs it here.
    with connect(server.cfg()) as driver:
        recs, _, _ = driver.execute_query(
            "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value",
            names=["client.allow_telemetry", "dbms.usage_report.enabled"],
        )
    settings = {r["name"]: r["value"] for r in recs}
    assert settings == {"client.allow_telemetry": "false", "dbms.usage_report.enabled": "false"}

    built = api.build([DEMO], tmp_path / "out", backend=GazetteerBackend(GAZETTEER))
    assert built.graph is not None
    api.load(built.graph, server.cfg())
    nodes = _count(server.cfg())
    assert nodes == built.graph.number_of_nodes() > 0

    assert server.run("stop").returncode == 0
    assert (server.data / "databases" / "neo4j").is_dir()

    # After a reboot the old pid may belong to an unrelated process: stop must
    # not kill it, and start must not mistake it for a running server.
    stranger = subprocess.Popen(["sleep", "3600"])
    try:
        server.pidfile.write_text(f"{stranger.pid}\n")
        server.run("stop")
        assert stranger.poll() is None
        server.pidfile.write_text(f"{stranger.pid}\n")
        # No password now: the existing database keeps the one set at its first start.
        res = server.run("start")
        assert res.returncode == 0, res.stderr
        assert "stale pid file" in res.stderr
        assert stranger.poll() is None
    finally:
        stranger.kill()
        stranger.wait()
    assert _count(server.cfg()) == nodes
    assert server.run("status").returncode == 0
