from __future__ import annotations

import os
from pathlib import Path

import pytest

from newskg.cypher.loader import Neo4jConfig
from newskg.extract.backend import DEFAULT_MODEL_DIR, HanLPBackend
from newskg.model import EntityType
from tests.fakes import GazetteerBackend

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSKG_SHARED", ROOT.parent / "shared"))  # worktrees elsewhere point it here
SAMPLE = SHARED / "samples" / "000_98669875196623fc.txt"
DEMO = ROOT / "newskg" / "data" / "demo"
NER_DATA = SHARED / "data" / "ner"

P, O, L = EntityType.PERSON, EntityType.ORGANIZATION, EntityType.PLACE

GAZETTEER = {
    "孟景伟": P,
    "张锋": P,
    "陶涛": P,
    "杨哲": P,
    "王玉兰": P,
    "李明": P,
    "张伟": P,
    "张伟东": P,
    "北京天海工业有限公司": O,
    "北京现代坦迪变速器有限公司": O,
    "天纳克(北京)汽车减振器有限公司": O,
    "天纳克": O,
    "潞邑街道办事处": O,
    "通州区中西医结合医院": O,
    "通州区运河中医医院": O,
    "运河中医医院": O,
    "中西医结合医院": O,
    "北京星河智能装备有限公司": O,
    "北京东方医疗器械集团": O,
    "漷县镇": L,
    "张家湾镇": L,
    "张家湾": L,
    "通州区": L,
    "台湖镇": L,
    "台湖镇光机电一体化产业基地": L,
}


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
