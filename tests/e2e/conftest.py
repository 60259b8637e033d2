"""Browser journeys: Playwright (sync API) driving Debian's Chromium against live_server.

Fixtures:
- ``browser``: one headless Chromium for all e2e tests (never downloaded: /usr/bin/chromium).
- ``context`` / ``page``: a fresh context per test, German locale, every request to a host
  other than the live server is aborted and recorded; the test fails if one was attempted,
  and if a static asset (CSS, JS, font) did not load.
- ``axe``: ``axe(page, context="…")`` asserts no WCAG 2.1 A/AA violations (see helpers.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from e2e.helpers import assert_accessible

CHROMIUM = os.environ.get("PRAEVNAV_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def pytest_collection_modifyitems(items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="package")
def playwright_instance():
    """Playwright for the e2e package only; stopped before any other test package runs.

    Its sync API keeps an asyncio loop running in the main thread, and Django then refuses
    ORM calls from test code ("You cannot call this from an async context"). The ORM calls
    in these tests are plain synchronous set-up, so the check is lifted while Playwright
    runs, and restored afterwards for the rest of the suite.
    """
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (make browser installs it)")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            yield p
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


class NetworkGuard:
    """Aborts and records every request that leaves the machine."""

    def __init__(self) -> None:
        self.blocked: list[str] = []
        self.failed_assets: list[str] = []

    def route(self, route) -> None:
        url = route.request.url
        host = urlsplit(url).hostname
        if url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def response(self, response) -> None:
        if "/static/" in response.url and response.status >= 400:
            self.failed_assets.append(f"{response.status} {response.url}")

    def request_failed(self, request) -> None:
        # ERR_ABORTED: the page navigated away while the asset was loading — not a failure.
        failure = request.failure or ""
        if "/static/" in request.url and "ERR_ABORTED" not in failure:
            self.failed_assets.append(f"{failure} {request.url}")


@pytest.fixture
def network_guard() -> NetworkGuard:
    return NetworkGuard()


@pytest.fixture
def context(browser, live_server, network_guard) -> Iterator:
    ctx = browser.new_context(
        base_url=live_server.url,
        locale="de-DE",
        viewport={"width": 1280, "height": 900},
    )
    ctx.set_default_timeout(10_000)
    ctx.route("**/*", network_guard.route)
    ctx.on("response", network_guard.response)
    ctx.on("requestfailed", network_guard.request_failed)
    yield ctx
    ctx.close()
    assert not network_guard.blocked, f"requests to other hosts: {network_guard.blocked}"
    assert not network_guard.failed_assets, (
        f"static assets did not load: {network_guard.failed_assets}"
    )


@pytest.fixture
def page(context):
    page = context.new_page()
    yield page
    page.close()


@pytest.fixture
def axe():
    """``axe(page, context="…")``: assert the page has no WCAG 2.1 A/AA violations."""
    return assert_accessible
