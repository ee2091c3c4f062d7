"""Fixtures the whole suite shares. The suite runs in parallel (pytest-xdist, `-n auto`): every
test writes only under its own temporary folder, and what is expensive to build (a Chromium, a
pre-commit environment) is built once per worker; `xdist_group` marks keep the tests that share one
on the same worker (`--dist loadgroup`, pyproject.toml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from tests import browserkit
from tests.rulekit import ENGINE_PARAMS


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
