"""``newskg view``: the offline HTML page, its node selection, and the page rendered in headless Chromium."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from newskg import api
from newskg.cli import app
from newskg.extract.pipeline import Extractor
from newskg.graph.build import build_graph
from newskg.graph.export import write_json
from newskg.graph.view import render_html, select_view
from newskg.graph.visits import visits_from_graph
from newskg.identity import text_hash
from newskg.model import Article, ArticleExtraction
from newskg.ner.backend import HanLPBackend
from tests.fakes import GazetteerBackend
from tests.fixtures import ARTICLE, DEMO, SECOND


def _extractions(fake: GazetteerBackend) -> list[ArticleExtraction]:
    arts = [Article(id=text_hash(t), title=f"t{i}", text=t, source=f"{i}.txt") for i, t in enumerate([ARTICLE, SECOND])]
    return list(Extractor(fake).extract(arts))


runner = CliRunner()


def _page_data(page: str) -> dict:  # type: ignore[type-arg]
    m = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert m
    return json.loads(m.group(1))  # type: ignore[no-any-return]


def _fetches(page: str) -> list[tuple[str, str]]:
    """Tags of the page that would load something (``src``/``href`` attributes)."""
    found: list[tuple[str, str]] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend((tag, v or "") for k, v in attrs if k in ("src", "href"))

    Tags().feed(page)
    return found


def _star(n: int) -> nx.MultiDiGraph:
    """A hub person who visited ``n`` firms, each mentioned in its own article, plus one stranger."""
    g = nx.MultiDiGraph()
    g.add_node("person:甲", label="Person", name="甲", aliases=[], titles=["区长"])
    g.add_node("person:乙", label="Person", name="乙", aliases=[])
    for i in range(n):
        firm, art = f"organization:公司{i}", f"article:{i:04d}"
        g.add_node(firm, label="Organization", name=f"公司{i}", aliases=[], kind="company")
        g.add_node(art, label="Article", name=f"文章{i}", title=f"文章{i}", article_id=f"{i:04d}")
        g.add_edge("person:甲", firm, key=f"v{i}", type="VISITED", date="2024-12-19", evidence=f"甲到公司{i}调研。")
        g.add_edge(firm, art, key=f"m{i}", type="MENTIONED_IN", article_id=f"{i:04d}", count=1)
    return g


def test_filter_draws_the_neighbourhood_and_the_cap_says_what_it_left_out() -> None:
    g = _star(500)
    one_hop = select_view(g, person="甲", hops=1)
    assert len(one_hop.nodes) == 300 and one_hop.nodes[0] == "person:甲"  # 501 within one hop, capped
    assert one_hop.left_out == g.number_of_nodes() - 300
    small = select_view(_star(5), person="甲", hops=1)
    assert set(small.nodes) == {"person:甲", *(f"organization:公司{i}" for i in range(5))}
    assert len(select_view(_star(5), person="甲", hops=2).nodes) == 11  # articles two hops away
    capped = select_view(g, max_nodes=40)
    assert len(capped.nodes) == 40 and capped.nodes[0] == "person:甲"  # best connected first
    page = render_html(g, capped)
    assert f"40 of {g.number_of_nodes()} nodes" in page and f"{g.number_of_nodes() - 40} nodes left out" in page
    with pytest.raises(ValueError, match="no person"):
        select_view(g, person="丙")


def test_page_is_self_contained_and_escapes_names(fake_backend: GazetteerBackend) -> None:
    g = build_graph(_extractions(fake_backend))
    evil = "</script><script>alert(1)</script>"
    g.add_node("person:" + evil, label="Person", name=evil, aliases=[])
    page = render_html(g, select_view(g))
    assert _fetches(page) == []  # no src/href: the library and the data are inline
    assert evil not in page  # neither in the data block nor in the table
    data = _page_data(page)
    assert len(data["nodes"]) == g.number_of_nodes()
    assert evil in {n["label"] for n in data["nodes"]}  # the name itself survives, escaped
    assert {n["group"] for n in data["nodes"]} == {"Person", "Organization", "Place", "Article"}
    assert len({n["color"] for n in data["nodes"]}) == 4  # one colour per type
    visited = [e for e in data["edges"] if e["type"] == "VISITED"]
    assert visited and all(e["title"].startswith("VISITED") for e in visited)
    assert all(e["title"].split("\n", 1)[1] for e in visited)  # evidence sentence under the header
    rows = visits_from_graph(g)
    assert page.count("<tr><td>") == len(rows)


def test_cli_view_writes_the_page(tmp_path: Path, fake_backend: GazetteerBackend) -> None:
    write_json(build_graph(_extractions(fake_backend)), tmp_path / "g" / "graph.json")
    out = tmp_path / "v.html"
    res = runner.invoke(app, ["view", str(tmp_path / "g"), "-o", str(out), "--person", "孟景伟", "--hops", "1"])
    assert res.exit_code == 0, res.output
    assert str(out) in res.stdout
    data = _page_data(out.read_text(encoding="utf-8"))
    assert "孟景伟" in {n["label"] for n in data["nodes"]}
    bad = runner.invoke(app, ["view", str(tmp_path / "g"), "-o", str(out), "--person", "无此人"])
    assert bad.exit_code == 1 and "no person" in bad.output


@pytest.mark.browser
def test_page_renders_in_headless_chromium(tmp_path: Path, hanlp_backend: HanLPBackend) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.chrome import headless_chrome

    graph = api.build([DEMO], tmp_path / "g", backend=hanlp_backend).graph
    assert graph is not None
    res = api.view(graph, tmp_path / "graph.html", person="李明华")
    expected = select_view(graph, person="李明华")
    visits = visits_from_graph(graph, person="李明华")
    assert res.nodes == len(expected.nodes) > 1 and visits
    browser = headless_chrome(tmp_path / "profile")
    shot = tmp_path / "view.png"
    try:
        browser.get(res.path.as_uri())
        wait = WebDriverWait(browser, 60)
        # Nodes the network has laid out on the canvas, read back from the page.
        drawn = wait.until(
            lambda d: d.execute_script(
                "return window.newskg && Object.keys(window.newskg.network.getPositions()).length"
            )
        )
        in_dataset = browser.execute_script("return window.newskg.nodes.length")
        captions = browser.execute_script("return window.newskg.nodes.get().map(function (n) { return n.label; })")
        colors = browser.execute_script(
            "var c = {}; window.newskg.nodes.get().forEach(function (n) { c[n.group] = n.color; }); return c;"
        )
        tooltips = browser.execute_script(
            "return window.newskg.edges.get({filter: function (e) { return e.type === 'VISITED'; }})"
            ".map(function (e) { return e.title; })"
        )
        search = browser.find_element(By.ID, "search")
        search.send_keys("李明华")
        named = {n for n in expected.nodes if "李明华" in graph.nodes[n]["name"]}
        wait.until(lambda d: d.find_element(By.ID, "found").text == f"{len(named)} found")
        selected = browser.execute_script("return window.newskg.network.getSelectedNodes()")
        table_rows = len(browser.find_elements(By.CSS_SELECTOR, "#visits tbody tr"))
        requests = browser.execute_script(
            "return performance.getEntriesByType('resource').map(function (r) { return r.name; })"
        )
        browser.execute_script("window.newskg.network.fit()")
        browser.save_screenshot(str(shot))
    finally:
        browser.quit()
    assert drawn == in_dataset == len(expected.nodes)
    assert set(captions) == {graph.nodes[n]["name"] for n in expected.nodes}
    assert len(set(colors.values())) == len(colors) >= 3  # one colour per type
    assert any(v.evidence in t and (v.date or "") in t for v in visits for t in tooltips)
    assert set(selected) == named and "person:李明华" in named  # his node and the titles that name him
    assert table_rows == len(visits)
    assert requests == []  # nothing fetched: the library is inlined
    assert shot.stat().st_size > 20_000
