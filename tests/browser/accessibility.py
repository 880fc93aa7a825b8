"""axe-core in the browser tests: every page a journey stops at is checked for WCAG 2.1 A and
AA violations; a serious or critical one fails the test with the rule and the elements.

The script is the npm package axe-core, vendored for the tests only (vendor/, with its
licence). It is evaluated through the DevTools protocol, which the page's Content Security
Policy does not govern, so the page under test keeps its real, strict policy.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_SOURCE = (Path(__file__).with_name("vendor") / "axe-4.14.1.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
# Every page checked and what was found, for the record (test-artifacts/browser/axe.json).
CHECKED: dict[str, dict[str, Any]] = {}


def axe_violations(page: Page) -> list[dict[str, Any]]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result: dict[str, Any] = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
        "resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return list(result["violations"])


def assert_accessible(page: Page, name: str) -> None:
    violations = axe_violations(page)
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    CHECKED[name] = {
        "url": page.url,
        "violations": {v["id"]: v.get("impact") for v in violations},
    }
    assert not blocking, f"{name} ({page.url}) has accessibility violations:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — "
        + json.dumps([node["target"] for node in v["nodes"][:5]], ensure_ascii=False)
        for v in blocking
    )
