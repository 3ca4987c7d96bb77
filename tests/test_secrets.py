"""No secret in the clear: the CLI never prints the Neo4j password.

Not in ``--help`` (defaults, environment values), not in errors, not in the
run report, not with ``--verbose`` logging.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from newskg import api
from newskg.cli import app
from newskg.cypher.loader import Neo4jConfig
from tests.fakes import GazetteerBackend
from tests.fixtures import DEMO, GAZETTEER

runner = CliRunner()
SECRET = "Sekr1t-from-env-4711"
OLD_DEFAULT = "newskg-test"  # the password once baked into the CLI's help


def _command_paths(cmd: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    # Groups (typer vendors its own click) have a ``commands`` mapping.
    for name, sub in getattr(cmd, "commands", {}).items():
        yield from _command_paths(sub, (*path, name))


def test_help_of_every_command_shows_no_password() -> None:
    paths = list(_command_paths(get_command(app)))
    assert ("load",) in paths and ("build",) in paths
    for path in paths:
        res = runner.invoke(app, [*path, "--help"], env={"NEO4J_PASSWORD": SECRET})
        assert res.exit_code == 0, (path, res.output)
        assert SECRET not in res.output, path
        assert OLD_DEFAULT not in res.output, path


def test_config_repr_hides_the_password() -> None:
    cfg = Neo4jConfig.from_env("bolt://127.0.0.1:7687", "neo4j", SECRET)
    assert cfg.password == SECRET
    assert SECRET not in repr(cfg) and SECRET not in str(cfg)


def test_password_in_a_uri_is_not_echoed() -> None:
    res = runner.invoke(app, ["-v", "query", "RETURN 1", "--uri", f"bolt://neo4j:{SECRET}@127.0.0.1:1"])
    assert res.exit_code == 1
    assert "bad Neo4j URI" in res.output
    assert SECRET not in res.output


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("secrets-graph")
    api.build([DEMO], out, backend=GazetteerBackend(GAZETTEER))
    return out


@pytest.mark.neo4j
def test_auth_failure_and_unreachable_server_show_no_password(neo4j_cfg: Neo4jConfig, graph_dir: Path) -> None:
    load = ["-v", "load", str(graph_dir), "--uri"]
    wrong_env = runner.invoke(app, [*load, neo4j_cfg.uri], env={"NEO4J_PASSWORD": SECRET})
    wrong_opt = runner.invoke(app, [*load, neo4j_cfg.uri, "--password", SECRET])
    for res in (wrong_env, wrong_opt):
        assert res.exit_code == 1
        assert "refused the credentials" in res.output
        assert SECRET not in res.output
    down = runner.invoke(app, [*load, "bolt://127.0.0.1:1"], env={"NEO4J_PASSWORD": SECRET})
    assert down.exit_code == 1 and "cannot reach Neo4j" in down.output
    assert SECRET not in down.output
    missing = runner.invoke(app, [*load, neo4j_cfg.uri], env={"NEO4J_PASSWORD": ""})
    assert missing.exit_code == 1 and "set NEO4J_PASSWORD" in missing.output
    # Three failed logins lock the user for dbms.security.auth_lock_time (5 s):
    # let the lock pass before other tests log in.
    time.sleep(6)


@pytest.mark.neo4j
def test_run_report_shows_no_password(neo4j_cfg: Neo4jConfig, graph_dir: Path) -> None:
    env = {"NEO4J_PASSWORD": neo4j_cfg.password}
    res = runner.invoke(app, ["-v", "load", str(graph_dir), "--uri", neo4j_cfg.uri], env=env)
    assert res.exit_code == 0, res.output
    assert "loaded" in res.output
    assert neo4j_cfg.password and neo4j_cfg.password not in res.output
