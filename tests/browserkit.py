"""Debian's headless Chromium driven by selenium, shared by every browser test: one Chromium per
test worker (`chromium` in conftest.py), reset before each test (`browser`).

In CI (CI=true) a missing Chromium, chromedriver or selenium fails the test instead of skipping it:
`.ci/run` installs them."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any, Callable

import pytest

from tests.clirun import ROOT

# the window every test starts with; a test or module that needs another sets it itself
WINDOW = (1400, 1000)
# flags as the machine's probe found Chromium needs them here: no sandbox as root, no background
# networking (this machine's closed network refuses those connections)
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={WINDOW[0]},{WINDOW[1]}",
    "--hide-scrollbars", "--force-device-scale-factor=1", "--no-first-run", "--disable-extensions",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=en-GB",
)


def chromium_paths() -> tuple[str, str]:
    """Chromium and chromedriver, or skip (fail in CI) where they or selenium are missing."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        chromium = None
    if not (chromium and driver):
        message = "chromium, chromium-driver and selenium are needed (installed by .ci/run)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return chromium, driver


def start_chromium() -> Any:
    chromium, driver_path = chromium_paths()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.prompt_for_download": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    return driver


def reset(driver: Any, downloads: Path) -> None:
    """A clean tab for the next test: a blank page, the default window, the page's own
    Content-Security-Policy in force, downloads into the test's own folder, no earlier log."""
    driver.get("about:blank")
    driver.set_window_size(*WINDOW)
    driver.execute_cdp_cmd("Page.setBypassCSP", {"enabled": False})
    download_into(driver, downloads)
    driver.get_log("performance"), driver.get_log("browser")


def forget_the_origin(driver: Any) -> None:
    """Clears what the page kept in the browser (storage of its origin, cookies), so the next test
    on the same server starts as a first visit."""
    url = driver.current_url
    if url.startswith(("http://", "https://")):
        origin = "/".join(url.split("/", 3)[:3])
        driver.delete_all_cookies()
        # leave the page first: the form keeps its draft on pagehide, which would otherwise write it
        # back after the clearing and restore it in the next test on this server
        driver.get("about:blank")
        driver.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
    else:
        driver.delete_all_cookies()


def download_into(driver: Any, folder: Path) -> Path:
    """Downloads from now on go into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
    return folder


def wait_for(condition: Callable[[], Any], what: str, timeout: float = 20) -> Any:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def requested_urls(performance_log: list[dict[str, Any]]) -> list[str]:
    """The URL of every request the browser was about to send, from its DevTools network events."""
    urls = []
    for entry in performance_log:
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def keep_screenshot(shot: Path, readme_name: str) -> None:
    """With CARTAGENA_UPDATE_SCREENSHOT=1, a screenshot a test took becomes README's (docs/)."""
    if os.environ.get("CARTAGENA_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(shot, ROOT / "docs" / readme_name)
