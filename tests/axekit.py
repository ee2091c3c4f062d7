"""axe-core (npm, pinned in tests/package.json and package-lock.json, installed by `.ci/run` with
`npm ci --prefix tests`) run inside a page the browser tests opened: every default rule, WCAG 2.x A
and AA included. A missing axe-core skips the test, and fails it under CI=true, like a missing
Chromium (browserkit)."""

from __future__ import annotations

import functools
import os
from typing import Any

import pytest

from tests.clirun import ROOT

AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")
"""The impacts a page may not have (issue 26: 0 critical, 0 serious)."""


@functools.cache
def _source() -> str | None:
    return AXE.read_text(encoding="utf-8") if AXE.is_file() else None


def axe_source() -> str:
    source = _source()
    if source is None:
        message = "axe-core is needed: npm ci --prefix tests (done by .ci/run)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return source


def violations(driver: Any, impacts: tuple[str, ...] = BLOCKING) -> list[dict[str, Any]]:
    """axe's violations of the page as it is now, of the given impacts: each rule's id, impact,
    help and the elements (their selectors and axe's summary of what is wrong)."""
    source = axe_source()
    driver.set_script_timeout(120)
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(source + "\n;window.axe = axe;")
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ["violations"]}).then(r => done(r.violations.map(v => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(" "), summary: n.failureSummary}))
        })))).catch(e => done({error: String(e)}));
        """
    )
    assert not isinstance(result, dict), result
    return [violation for violation in result if violation["impact"] in impacts]


def described(found: list[dict[str, Any]]) -> str:
    """axe's violations in a few lines, for an assertion's message."""
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}: {v['nodes'][0]['summary'] if v['nodes'] else ''}" for v in found)
