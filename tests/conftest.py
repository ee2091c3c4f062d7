"""Fixtures the whole suite shares. The suite runs in parallel (pytest-xdist, `-n auto`): every
test writes only under its own temporary folder, and what is expensive to build (a Chromium, a
pre-commit environment) is built once per worker; `xdist_group` marks keep the tests that share one
on the same worker (`--dist loadgroup`, pyproject.toml)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests import browserkit
from tests.rulekit import ENGINE_PARAMS


@pytest.fixture(scope="session", autouse=True)
def data_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The validated rulebook cache (engine.datacache) of this worker's runs, in and out of process:
    under the test's temporary folders, never the user's cache folder. A test that replaces the rule
    or catalog loader sets CARTAGENA_NO_CACHE (a cached rulebook would be used instead of its copy)."""
    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("CARTAGENA_CACHE_DIR")
    os.environ["CARTAGENA_CACHE_DIR"] = str(folder)
    try:
        yield folder
    finally:
        if before is None:
            os.environ.pop("CARTAGENA_CACHE_DIR", None)
        else:
            os.environ["CARTAGENA_CACHE_DIR"] = before


@pytest.fixture(params=ENGINE_PARAMS)
def engine(request: pytest.FixtureRequest) -> str:
    """Each rules engine in turn (`durable`, `python`): a test that depends on the engine takes this
    and runs once per engine, in the same run."""
    return request.param


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium per test worker, for every browser test."""
    driver = browserkit.start_chromium()
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def browser(chromium: Any, tmp_path: Path) -> Iterator[Any]:
    """The worker's Chromium, reset for this test (blank page, default window, CSP enforced,
    downloads into tmp_path/downloads, no earlier log); what the page kept is forgotten after."""
    browserkit.reset(chromium, tmp_path / "downloads")
    try:
        yield chromium
    finally:
        browserkit.forget_the_origin(chromium)
