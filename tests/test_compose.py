"""docker-compose.yml is safe by default: loopback ports, no default password, no telemetry."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from tests.fixtures import ROOT

COMPOSE = ROOT / "docker-compose.yml"


@pytest.fixture(scope="module")
def neo4j_service() -> dict[str, Any]:
    spec = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    service: dict[str, Any] = spec["services"]["neo4j"]
    return service


def test_ports_are_bound_to_loopback(neo4j_service: dict[str, Any]) -> None:
    ports = neo4j_service["ports"]
    assert {p.rsplit(":", 1)[1] for p in ports} == {"7474", "7687"}
    for port in ports:
        assert port.startswith("127.0.0.1:"), f"{port} is published on every interface"


def test_password_is_required_and_has_no_default(neo4j_service: dict[str, Any]) -> None:
    auth = neo4j_service["environment"]["NEO4J_AUTH"]
    # ${VAR:?message} makes compose stop with the message when VAR is unset or empty.
    m = re.fullmatch(r"neo4j/\$\{NEO4J_PASSWORD:\?(.+)\}", auth)
    assert m, auth
    assert "NEO4J_PASSWORD" in m.group(1)
    assert "newskg-test" not in COMPOSE.read_text(encoding="utf-8")


def test_env_example_names_the_password_without_a_value() -> None:
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    assert "NEO4J_PASSWORD=" in lines


def test_telemetry_is_off(neo4j_service: dict[str, Any]) -> None:
    env = neo4j_service["environment"]
    # Docker maps NEO4J_x_y__z to the setting x.y_z.
    assert env["NEO4J_client_allow__telemetry"] == "false"
    assert env["NEO4J_dbms_usage__report_enabled"] == "false"
