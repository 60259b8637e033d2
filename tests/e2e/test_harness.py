"""The harness itself: axe finds real violations, foreign hosts are blocked."""

from __future__ import annotations

import pytest

from e2e.helpers import AccessibilityError, assert_accessible

pytestmark = pytest.mark.e2e


def test_assert_accessible_reports_violations_readably(page, tenant):
    page.goto("/")
    page.set_content(
        "<!DOCTYPE html><html><head><title>x</title></head><body><main>"
        "<h1>Test</h1><img src='/static/css/praevnav.css'><input type='text'></main></body></html>"
    )

    with pytest.raises(AccessibilityError) as excinfo:
        assert_accessible(page, context="broken on purpose")

    message = str(excinfo.value)
    assert "broken on purpose" in message
    assert "- image-alt (critical)" in message
    assert "- html-has-lang" in message
    assert "at img" in message


def test_requests_to_other_hosts_are_blocked_and_recorded(page, tenant, network_guard):
    page.goto("/")

    page.evaluate("fetch('https://example.org/tracker.js').catch(() => null)")
    page.wait_for_timeout(200)

    assert network_guard.blocked == ["https://example.org/tracker.js"]
    network_guard.blocked.clear()  # expected here; any other test fails on such a request
