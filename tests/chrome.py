"""Headless Debian Chromium for the browser tests (``make chromium`` installs it)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any


def headless_chrome(profile: Path, page_load_strategy: str = "normal") -> Any:
    """A selenium Chrome driver on Debian's chromium, with no background network traffic.

    ``page_load_strategy="none"`` returns from ``get`` at once (Neo4j Browser's bundle is large).
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    chromium, driver_bin = shutil.which("chromium"), shutil.which("chromedriver")
    assert chromium and driver_bin, "make chromium installs Debian's chromium and chromium-driver"
    opts = Options()
    opts.binary_location = chromium
    opts.page_load_strategy = page_load_strategy
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
        f"--user-data-dir={profile}",
    ):
        opts.add_argument(arg)
    return webdriver.Chrome(service=Service(driver_bin), options=opts)
