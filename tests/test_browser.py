"""Neo4j Browser, served by the test server, shows the visits query's result."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newskg import api
from newskg.cypher.loader import Neo4jConfig, connect
from newskg.cypher.queries import VISITS_BROWSER
from newskg.ner.backend import HanLPBackend
from tests.fixtures import DELETE_ALL, DEMO

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]


def test_browser_connects_and_renders_visits(
    neo4j_cfg: Neo4jConfig, hanlp_backend: HanLPBackend, tmp_path: Path
) -> None:
    from selenium import webdriver
    from selenium.common.exceptions import ElementClickInterceptedException
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    chromium, driver_bin = shutil.which("chromium"), shutil.which("chromedriver")
    assert chromium and driver_bin, "make test installs Debian's chromium and chromium-driver"
    with connect(neo4j_cfg) as driver:
        driver.execute_query(DELETE_ALL)
    graph = api.build([DEMO], tmp_path / "g", backend=hanlp_backend).graph
    api.load(graph, neo4j_cfg)
    expected = api.visits(graph)
    assert expected

    opts = Options()
    opts.binary_location = chromium
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        opts.add_argument(arg)
    http = neo4j_cfg.uri.replace("bolt://", "").split(":")[0]
    browser = webdriver.Chrome(service=Service(driver_bin), options=opts)
    shot = tmp_path / "browser-visits.png"

    def body_text(d: webdriver.Chrome) -> str:
        return str(d.find_element(By.TAG_NAME, "body").text)

    try:
        wait = WebDriverWait(browser, 90, ignored_exceptions=(ElementClickInterceptedException,))
        browser.get(f"http://{http}:7474/browser/?dbms=neo4j://neo4j@{http}:7687")
        password = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=password]"))
        password.send_keys(neo4j_cfg.password)

        def connected(d: webdriver.Chrome) -> bool:
            if "You are connected as user" in body_text(d):
                return True
            # A click that lands while the form is still wiring up is lost: press again.
            for button in d.find_elements(By.CSS_SELECTOR, "[data-testid=connect]"):
                button.click()
            return False

        WebDriverWait(browser, 90, poll_frequency=3).until(connected)
        editor = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=activeEditor]"))
        # A frame still animating in can cover the editor for a moment: retry the click.
        wait.until(lambda d: ActionChains(d).move_to_element(editor).click().perform() or True)
        ActionChains(browser).send_keys(VISITS_BROWSER).perform()
        browser.find_element(By.CSS_SELECTOR, "[data-testid=editor-Run]").click()
        first = expected[0]
        wait.until(lambda d: first.target in body_text(d) and first.visitor in body_text(d))
        body = body_text(browser)
    finally:
        browser.save_screenshot(str(shot))  # kept in tmp_path for a look after a failure
        browser.quit()
    # The result table lists every visit the graph holds.
    assert {v.visitor for v in expected} <= {line.strip('"') for line in body.split() if line} | set(body.split('"'))
    assert all(v.target in body for v in expected)
    assert shot.stat().st_size > 20_000
