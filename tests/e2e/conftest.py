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
import re
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


def _guarded_context(browser, base_url: str, guard: NetworkGuard, *, js: bool = True):
    """A browser context on the live server that blocks and records foreign requests."""
    ctx = browser.new_context(
        base_url=base_url,
        locale="de-DE",
        java_script_enabled=js,
        viewport={"width": 1280, "height": 900},
    )
    ctx.set_default_timeout(10_000)
    ctx.route("**/*", guard.route)
    ctx.on("response", guard.response)
    ctx.on("requestfailed", guard.request_failed)
    return ctx


def _assert_guard_clean(guard: NetworkGuard) -> None:
    assert not guard.blocked, f"requests to other hosts: {guard.blocked}"
    assert not guard.failed_assets, f"static assets did not load: {guard.failed_assets}"


@pytest.fixture
def context(browser, live_server, network_guard) -> Iterator:
    ctx = _guarded_context(browser, live_server.url, network_guard)
    yield ctx
    ctx.close()
    _assert_guard_clean(network_guard)


@pytest.fixture
def new_context(browser, live_server):
    """``new_context(js=…)``: a further fresh context, guarded like the default one."""
    made = []

    def factory(*, js: bool):
        guard = NetworkGuard()
        ctx = _guarded_context(browser, live_server.url, guard, js=js)
        made.append((ctx, guard))
        return ctx

    yield factory
    for ctx, guard in made:
        ctx.close()
        _assert_guard_clean(guard)


@pytest.fixture
def check(new_context):
    """``check(page, context, js)``: axe-core on the page as the visitor sees it.

    axe is JavaScript: a page opened without JavaScript is checked by loading its exact
    HTML (scripts removed) into a JavaScript-enabled page of the same origin.
    """
    state = {}

    def run(page, context: str, js: bool) -> None:
        if js:
            assert_accessible(page, context=context)
            return
        if "page" not in state:
            state["page"] = new_context(js=True).new_page()
        html = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.S | re.I)
        target = state["page"]
        target.goto("/impressum/")
        target.set_content(html)
        assert_accessible(target, context=context + " [HTML of the no-JS page]")

    return run


@pytest.fixture
def page(context):
    page = context.new_page()
    yield page
    page.close()


@pytest.fixture
def axe():
    """``axe(page, context="…")``: assert the page has no WCAG 2.1 A/AA violations."""
    return assert_accessible
