"""Neo4j Browser, served by the test server: the visits table, and the styled graph view of a neighbourhood."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from newskg import api
from newskg.cypher.loader import Neo4jConfig, connect
from newskg.cypher.queries import VISITS_BROWSER
from newskg.ner.backend import HanLPBackend
from tests.chrome import headless_chrome
from tests.fixtures import DELETE_ALL, DEMO

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

STYLE = Path(__file__).resolve().parent.parent / "newskg" / "cypher" / "style.grass"
OFFICIAL = "李明华"
# The README's neighbourhood query.
NEIGHBOURHOOD = f"MATCH (n {{name: '{OFFICIAL}'}})-[r]-(m) RETURN n, r, m"


@pytest.fixture(scope="module")
def demo_loaded(
    neo4j_cfg: Neo4jConfig, hanlp_backend: HanLPBackend, tmp_path_factory: pytest.TempPathFactory
) -> nx.MultiDiGraph:
    with connect(neo4j_cfg) as driver:
        driver.execute_query(DELETE_ALL)
    graph = api.build([DEMO], tmp_path_factory.mktemp("browser-g"), backend=hanlp_backend).graph
    assert graph is not None
    api.load(graph, neo4j_cfg)
    return graph


def _body(d: Any) -> str:
    from selenium.webdriver.common.by import By

    return str(d.find_element(By.TAG_NAME, "body").text)


@pytest.fixture()
def neo4j_browser(neo4j_cfg: Neo4jConfig, tmp_path: Path) -> Iterator[tuple[Any, Callable[[str], None]]]:
    """A Chromium logged into Neo4j Browser, and a function that runs one editor command."""
    from selenium.common.exceptions import ElementClickInterceptedException
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    host_port = neo4j_cfg.uri.split("://", 1)[1]
    host = host_port.split(":")[0]
    http = os.environ.get("NEO4J_HTTP_PORT", "7474")
    browser = headless_chrome(tmp_path / "profile", page_load_strategy="none")
    wait = WebDriverWait(browser, 300, ignored_exceptions=(ElementClickInterceptedException,))

    def run(command: str) -> None:
        editor = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=activeEditor]"))
        # A frame still animating in can cover the editor for a moment: retry the click.
        wait.until(lambda d: ActionChains(d).move_to_element(editor).click().perform() or True)
        ActionChains(browser).send_keys(command).perform()
        browser.find_element(By.CSS_SELECTOR, "[data-testid=editor-Run]").click()

    try:
        browser.get(f"http://{host}:{http}/browser/?dbms=neo4j://neo4j@{host_port}")
        password = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=password]"))
        password.send_keys(neo4j_cfg.password)

        def connected(d: Any) -> bool:
            if "You are connected as user" in _body(d):
                return True
            # A click that lands while the form is still wiring up is lost: press again.
            for button in d.find_elements(By.CSS_SELECTOR, "[data-testid=connect]"):
                button.click()
            return False

        WebDriverWait(browser, 300, poll_frequency=3).until(connected)
        yield browser, run
    finally:
        browser.quit()


def test_browser_connects_and_renders_visits(
    demo_loaded: nx.MultiDiGraph, neo4j_browser: tuple[Any, Callable[[str], None]], tmp_path: Path
) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser, run = neo4j_browser
    expected = api.visits(demo_loaded)
    assert expected
    shot = tmp_path / "browser-visits.png"
    try:
        run(VISITS_BROWSER)
        first = expected[0]
        WebDriverWait(browser, 120).until(lambda d: first.target in _body(d) and first.visitor in _body(d))
        body = _body(browser)
    finally:
        browser.save_screenshot(str(shot))  # kept in tmp_path for a look after a failure
    # The result table lists every visit the graph holds.
    assert {v.visitor for v in expected} <= {line.strip('"') for line in body.split() if line} | set(body.split('"'))
    assert all(v.target in body for v in expected)
    assert shot.stat().st_size > 20_000


# Each drawn node: its labels, its name, its circle's fill colour and its caption text.
_NODES_JS = """
return Array.from(document.querySelectorAll('g.node')).map(function (g) {
  var d = g.__data__ || {};
  // The node's painted circle; ring and overlay circles have no fill.
  var fills = Array.from(g.querySelectorAll('circle')).map(function (c) { return c.getAttribute('fill'); })
      .filter(function (f) { return f && f !== 'none'; });
  return {labels: d.labels || [], name: (d.propertyMap || {}).name || null,
          fill: fills.length ? fills[0] : null,
          caption: Array.from(g.querySelectorAll('text')).map(function (t) { return t.textContent; }).join('')};
});
"""


def _grass_colors(grass: str) -> dict[str, str]:
    colors: dict[str, str] = {}
    label = None
    for line in grass.splitlines():
        line = line.strip()
        if line.startswith("node.") and line.endswith("{"):
            label = line[len("node.") : -1].strip()
        elif label and line.startswith("color:"):
            colors[label] = line.split(":", 1)[1].strip(" ;").lower()
        elif line == "}":
            label = None
    return colors


def test_styled_neighbourhood_shows_names_and_one_colour_per_label(
    demo_loaded: nx.MultiDiGraph, neo4j_browser: tuple[Any, Callable[[str], None]], tmp_path: Path
) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser, run = neo4j_browser
    grass = STYLE.read_text(encoding="utf-8")
    want_colors = _grass_colors(grass)
    hub = f"person:{OFFICIAL}"
    neighbours = set(nx.all_neighbors(demo_loaded, hub)) | {hub}
    expected_names = {str(demo_loaded.nodes[n].get("name")) for n in neighbours}
    shot = tmp_path / "browser-neighbourhood.png"
    try:
        run(":style " + " ".join(grass.split()))  # the shipped style, on one editor line
        WebDriverWait(browser, 120).until(lambda d: "node.Person" in _body(d))
        run(NEIGHBOURHOOD)
        nodes = WebDriverWait(browser, 180).until(
            lambda d: (found := d.execute_script(_NODES_JS)) and len(found) == len(neighbours) and found
        )
    finally:
        browser.save_screenshot(str(shot))  # kept in tmp_path
    assert {n["name"] for n in nodes} == expected_names
    by_label: dict[str, set[str]] = {}
    for n in nodes:
        (label,) = n["labels"]
        by_label.setdefault(label, set()).add(str(n["fill"]).lower())
        if label != "Article":  # articles are captioned by their title
            caption = n["caption"].replace("…", "").replace(" ", "")  # SVG text pieces are spaced
            assert caption and caption in n["name"].replace(" ", "")
    assert {"Person", "Organization", "Article"} <= by_label.keys()
    assert all(fills == {want_colors[label]} for label, fills in by_label.items())  # one colour per label
    assert len({next(iter(f)) for f in by_label.values()}) == len(by_label)  # and a different one for each
    assert shot.stat().st_size > 20_000
