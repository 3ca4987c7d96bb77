"""The HTML view's map mode: linked places drawn at their coordinates, offline, in headless Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newskg import api
from newskg.graph.build import build_graph
from newskg.graph.schema import place_node_id
from newskg.graph.view import map_points, select_view
from tests.test_geo import ARTICLES, _extract

BEIJING, CHANGCHUN = place_node_id(("北京市", "朝阳区")), place_node_id(("吉林省", "长春市", "朝阳区"))
TOWN = place_node_id(("北京市", "通州区", "宋庄镇"))


def test_map_points_put_towns_and_firms_near_their_division() -> None:
    g = build_graph(_extract(*ARTICLES))
    points = map_points(g, list(g.nodes))
    assert points[BEIJING] == (round(g.nodes[BEIJING]["longitude"], 5), round(g.nodes[BEIJING]["latitude"], 5))
    county = points[place_node_id(("北京市", "通州区"))]
    town, firm = points[TOWN], points["organization:宏达机械有限公司"]  # a town has no coordinates of its own
    assert abs(town[0] - county[0]) < 0.1 and abs(town[1] - county[1]) < 0.1 and town != county
    assert abs(firm[0] - town[0]) < 0.05 and abs(firm[1] - town[1]) < 0.05
    assert "person:王立新" not in points and "place:新华村" not in points  # a person, an unlinked place


@pytest.mark.browser
def test_map_mode_renders_in_headless_chromium(tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.chrome import headless_chrome

    g = build_graph(_extract(*ARTICLES))
    res = api.view(g, tmp_path / "graph.html")
    page = res.path.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    placed = {n["id"] for n in data["nodes"] if n.get("geo")}
    assert {BEIJING, CHANGCHUN, TOWN} <= placed and len(placed) < len(select_view(g).nodes)
    browser = headless_chrome(tmp_path / "profile")
    shot = tmp_path / "map.png"
    try:
        browser.get(res.path.as_uri())
        wait = WebDriverWait(browser, 60)
        wait.until(lambda d: d.execute_script("return window.newskg && window.newskg.network.getPositions()"))
        browser.find_element(By.ID, "map").click()
        wait.until(lambda d: d.find_element(By.ID, "mapinfo").text == f"{len(placed)} on the map")
        shown = browser.execute_script(
            "return window.newskg.nodes.get({filter: function (n) { return !n.hidden; }})"
            ".map(function (n) { return n.id; })"
        )
        pos = browser.execute_script("return window.newskg.network.getPositions(arguments[0])", [BEIJING, CHANGCHUN])
        requests = browser.execute_script(
            "return performance.getEntriesByType('resource').map(function (r) { return r.name; })"
        )
        browser.save_screenshot(str(shot))
        browser.find_element(By.ID, "map").click()  # and back to the graph
        wait.until(lambda d: d.find_element(By.ID, "mapinfo").text == "")
        back = browser.execute_script(
            "return window.newskg.nodes.get({filter: function (n) { return n.hidden; }}).length"
        )
    finally:
        browser.quit()
    assert set(shown) == placed
    # Changchun lies east (larger x) and north (smaller y: north is up) of Beijing.
    assert pos[CHANGCHUN]["x"] > pos[BEIJING]["x"] and pos[CHANGCHUN]["y"] < pos[BEIJING]["y"]
    assert requests == []  # no tile server, nothing fetched
    assert back == 0 and shot.stat().st_size > 10_000
