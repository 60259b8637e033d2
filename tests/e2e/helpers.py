"""Helpers for browser journeys: accessibility checks with axe-core, page structure.

Use in any e2e test::

    from e2e.helpers import assert_accessible

    def test_something(page, live_server):
        page.goto(live_server.url + "/angebote/")
        assert_accessible(page, context="offer search")

or through the ``axe`` fixture: ``axe(page, context="offer search")``.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 levels A and AA, as required by BITV 2.0 / EN 301 549.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class AccessibilityError(AssertionError):
    """axe-core found WCAG violations; the message lists each with its elements."""


def axe_results(page: Page, *, include: str | None = None, disable: list[str] | None = None):
    """Run axe-core on the current page and return its raw result object."""
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} is missing; run `make assets` (npm ci) first.")
    # A click that navigates returns once the next document is committed, not parsed:
    # check the page the user sees, not a half-built one.
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    if disable:
        options["rules"] = {rule: {"enabled": False} for rule in disable}
    return page.evaluate(
        "([context, options]) => axe.run(context || document, options)",
        [include, options],
    )


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact') or 'n/a'}): {v['help']}")
        lines.append(f"  {v['helpUrl']}")
        for node in v["nodes"][:10]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(v["nodes"]) > 10:
            lines.append(f"    … and {len(v['nodes']) - 10} more elements")
    return "\n".join(lines)


def assert_accessible(
    page: Page,
    context: str = "",
    *,
    include: str | None = None,
    disable: list[str] | None = None,
) -> None:
    """Fail with a readable list when axe-core finds WCAG 2.1 A/AA violations.

    ``context`` names the page state in the message ("login with wrong password");
    ``include`` limits the check to a CSS selector; ``disable`` switches rules off —
    only with a comment saying why.
    """
    results = axe_results(page, include=include, disable=disable)
    violations = results["violations"]
    if violations:
        where = f"{context} – {page.url}" if context else page.url
        raise AccessibilityError(
            f"{len(violations)} accessibility violation(s) on {where}:\n"
            + format_violations(violations)
        )


def texts(page: Page, selector: str) -> list[str]:
    """Stripped inner texts of every element matching ``selector`` on the loaded page.

    A click that navigates returns once the next document is committed, possibly
    before it is parsed; reading right away would see an empty page.
    """
    page.wait_for_load_state("load")
    return [t.strip() for t in page.locator(selector).all_inner_texts()]


def heading_texts(page: Page, level: int = 1) -> list[str]:
    return texts(page, f"h{level}")


def assert_one_h1(page: Page) -> str:
    h1 = heading_texts(page, 1)
    assert len(h1) == 1, f"expected exactly one h1 on {page.url}, found {h1}"
    return h1[0]
