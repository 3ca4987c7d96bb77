"""The load plan without a server: fact keys, per-article hashes, the read-only check's doctests."""

from __future__ import annotations

import doctest

import networkx as nx

from newskg.cypher import readonly
from newskg.cypher.plan import plan_load
from newskg.graph import keys


def test_doctests_of_keys_and_the_read_only_check() -> None:
    for module in (keys, readonly):
        assert doctest.testmod(module).failed == 0


def _visit(reports: list[tuple[str, str]], date: str | None = "2024-12-18") -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("person:甲", label="Person", name="甲")
    g.add_node("place:乙镇", label="Place", name="乙镇")
    for aid in sorted({a for a, _ in reports}):
        g.add_node(f"article:{aid}", label="Article", name=aid, article_id=aid)
    g.add_edge(
        "person:甲",
        "place:乙镇",
        type="VISITED",
        date=date,
        article_ids=[a for a, _ in reports],
        evidence=[e for _, e in reports],
        sources=["区报"],  # not one per report: kept whole
    )
    return g


def test_an_edit_changes_only_the_edited_articles_hash() -> None:
    before = plan_load(_visit([("r1", "甲到乙镇调研。"), ("r2", "甲来到乙镇。")]))
    after = plan_load(_visit([("r1", "甲到乙镇调研。"), ("r2", "甲再次来到乙镇。")]))
    assert before.articles["article:r1"].content_hash == after.articles["article:r1"].content_hash
    assert before.articles["article:r2"].content_hash != after.articles["article:r2"].content_hash
    fact = after.articles["article:r2"].facts[0]
    assert fact.reports == {"article_ids": ["r2"], "evidence": ["甲再次来到乙镇。"]}
    assert fact.props["sources"] == ["区报"]
    assert fact.key == before.articles["article:r1"].facts[0].key  # one visitor, target and day: one key


def test_undated_reports_keep_one_key_per_article() -> None:
    one = plan_load(_visit([("r1", "甲到乙镇调研。")], date=None)).articles["article:r1"].facts[0]
    two = plan_load(_visit([("r2", "甲到乙镇调研。")], date=None)).articles["article:r2"].facts[0]
    assert one.key != two.key
