from __future__ import annotations

import os

import pytest

from newskg.cypher.loader import Neo4jConfig
from newskg.ner.backend import DEFAULT_MODEL_DIR, HanLPBackend
from tests.fakes import GazetteerBackend
from tests.fixtures import GAZETTEER, NER_DATA, REQUIRE_SHARED, SAMPLE


def pytest_configure(config: pytest.Config) -> None:
    """In CI the tests that read ../shared must run, not skip: its absence stops the session with one line."""
    missing = [str(p) for p in (SAMPLE, NER_DATA) if not p.exists()]
    if REQUIRE_SHARED and missing:
        raise pytest.UsageError(f"NEWSKG_REQUIRE_SHARED is set, but {' and '.join(missing)} are absent")


@pytest.fixture()
def fake_backend() -> GazetteerBackend:
    return GazetteerBackend(GAZETTEER)


@pytest.fixture(scope="session")
def hanlp_backend() -> HanLPBackend:
    """The shipped offline model, loaded once for the whole session."""
    assert (DEFAULT_MODEL_DIR / "config.json").is_file(), "the bundled model is missing; run make train-ner"
    backend = HanLPBackend()
    backend.component  # noqa: B018 - load once
    return backend


@pytest.fixture(scope="session")
def neo4j_cfg() -> Neo4jConfig:
    """The test server started by `make test` (neo4j/server.sh start)."""
    return Neo4jConfig.from_env(os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"), retry_seconds=5.0)
