"""Shared test data: paths, the gazetteer of the fake backend and invented example articles.

Tests import these from here, never from each other or from ``conftest``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newskg.model import EntityType

ROOT = Path(__file__).resolve().parent.parent
# Set by CI (.ci/run), where ../shared is always there: its absence is then an error, not a reason to skip.
REQUIRE_SHARED = bool(os.environ.get("NEWSKG_REQUIRE_SHARED"))


def _shared() -> Path:
    """The team's ``shared/`` beside the checkout, or beside the folder of worktrees (for a git worktree).

    Only a folder holding ``samples/`` or ``data/ner/`` counts, so that an unrelated ``shared``
    folder near a clone is not taken for it. Where there is none, the path beside the checkout
    (absent): the tests that need it are skipped, naming it.
    """
    bases = [ROOT.parent]
    if (ROOT / ".git").is_file():  # a worktree: .git is a file; worktrees sit in a folder beside shared/
        bases.append(ROOT.parent.parent)
    for base in bases:
        shared = base / "shared"
        if (shared / "samples").is_dir() or (shared / "data" / "ner").is_dir():
            return shared
    return ROOT.parent / "shared"


def needs_shared(path: Path) -> pytest.MarkDecorator:
    """Skip the test, with the reason, when ``path`` (under ``../shared``) is absent."""
    return pytest.mark.skipif(not path.exists(), reason=f"{path} is absent (../shared is not beside this checkout)")


SHARED = _shared()
SAMPLE = SHARED / "samples" / "000_98669875196623fc.txt"
DEMO = ROOT / "newskg" / "data" / "demo"
NER_DATA = SHARED / "data" / "ner"
# Invented sentences in each corpus format (tests/data/ner/README.md): the tests that train use these.
TINY_NER = ROOT / "tests" / "data" / "ner"
GOLDEN = ROOT / "tests" / "golden"

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

# An invented article in the style of a district paper, exercising every relation rule.
ARTICLE = (
    "本报讯(记者 陶涛)昨天下午,区委书记孟景伟围绕“深入学习,加快推动先进制造业”到通州区、漷县镇、张家湾镇调研。\n"
    "北京现代坦迪变速器有限公司位于台湖镇光机电一体化产业基地,是一家外商投资企业。孟景伟察看企业生产线。\n"
    "北京天海工业有限公司位于漷县镇。孟景伟察看企业氢能储运装备生产线运营情况。\n"
    "位于张家湾镇的天纳克(北京)汽车减振器有限公司成立了研发中心。孟景伟察看企业样件组装区。天纳克今年产值增长。\n"
    "“下一步，潞邑街道将继续努力。”潞邑街道办事处副主任张锋说。\n"
    "通州区中西医结合医院与通州区运河中医医院进行了党建联学共建调研活动。\n"
    "通州区中西医结合医院的调研团队来到运河中医医院。区发展改革委相关负责人参加调研。\n"
)
# A second article naming the same firm and place by their short forms.
SECOND = "孟景伟来到天纳克调研。天纳克(北京)汽车减振器有限公司位于张家湾。张伟东与张伟到张家湾调研。"
# One visit sentence.
VISIT = "区委书记孟景伟到北京天海工业有限公司调研。"

# The invented people, firms and places of the visit tests (tests/test_visits.py, test_visit_constructions.py).
VISIT_NAMES = {
    "高远": P,
    "李静": P,
    "王成": P,
    "周敏": P,
    "刘涛": P,
    "赵川": P,
    "恒达机械有限公司": O,
    "青禾农业": O,
    "远航物流有限公司": O,
    "东岗村": L,
    "西岗村": L,
    "青阳县": L,
    "白沙县": L,
    "柳林镇": L,
}

# Cypher the tests run to check what a load wrote.
COUNT_NODES = "MATCH (n) RETURN count(n) AS n"
COUNT_RELATIONSHIPS = "MATCH ()-[r]->() RETURN count(r) AS n"
DELETE_ALL = "MATCH (n) DETACH DELETE n"
