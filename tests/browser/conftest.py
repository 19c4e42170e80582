"""Browser tests: headless Chromium (the system's /usr/bin/chromium) driven by Playwright against
pytest-django's live server.

* One browser for all of them; each test gets a fresh context (cookies, viewport, locale).
* The live server needs transactional database access, and a transactional test flushes every
  table when it ends, so the region registry that tests/conftest.py loads once per session is
  gone after the first browser test. `site` reloads it (load_regions is idempotent: when the
  rows are still there it only compares them). pytest-django runs transactional tests after
  all the others, so the flush does not affect the rest of the suite.
* Without Chromium (or Playwright) the tests are skipped on a developer's machine but FAIL
  when the CI environment variable is set: browser tests must never silently vanish from CI.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from sinergi.core.services import Actor
from sinergi.regions.services import load_regions
from tests import factories

CHROMIUM = Path(os.environ.get("SINERGI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
IN_CI = os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}
TIMEOUT_MS = 10_000

try:
    import playwright.sync_api  # noqa: F401 (the test modules import it at collection)
except ImportError:
    if not IN_CI:  # in CI the modules fail to import: an error, not a silent skip
        collect_ignore_glob = ["test_*.py"]


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason}; the browser tests must run in CI (CI is set).", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser() -> Iterator:
    """One Chromium for all the browser tests. Package scope, not session: pytest-django runs
    the (transactional) browser tests one after the other, so this is one launch per run, and
    Playwright's event loop is gone again before the tests that follow them."""
    if not CHROMIUM.exists():
        _unavailable(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    # Playwright's sync API runs an asyncio event loop in this (the main) thread. Django then
    # believes every ORM call the tests make (building data, checking results) comes from
    # async code and raises SynchronousOnlyOperation. The calls are plain synchronous ones, the
    # browser only talks to the live server's own thread, so the check is switched off for as
    # long as the browser (and its loop) runs, and switched on again after it (a subprocess
    # running `check --deploy` must not inherit the variable).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(browser, live_server, transactional_db):
    """The live server, with the region registry loaded (see the module docstring)."""
    load_regions(Actor.system())
    return live_server


@pytest.fixture
def world(site):
    """tests/conftest.py's world, built after the regions are back."""
    return factories.build_world()


@pytest.fixture
def new_context(browser, site) -> Iterator[Callable]:
    """Make a browser context on the live server. Its locale is en-US, as on many office
    computers: Sinergi must still answer in Indonesian until the user picks English with the
    language switch (test_language). Pages collect console errors, uncaught exceptions (a
    Content-Security-Policy violation is one) and failed responses (a missing static file):
    the test fails on any."""
    contexts = []
    problems: list[str] = []

    def make(**options):
        options.setdefault("locale", "en-US")
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(base_url=site.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("page", lambda page: _watch(page, problems))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert not problems, f"problems seen by the browser: {problems}"


def _watch(page, problems: list[str]) -> None:
    def on_console(msg) -> None:
        # A failed load is also logged to the console, without its URL: on_response has it.
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            problems.append(f"console: {msg.text}")

    def on_response(response) -> None:
        # No favicon is served; browsers ask for one anyway.
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            problems.append(f"HTTP {response.status}: {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(f"uncaught: {exc}"))
    page.on("response", on_response)


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def sign_in(site) -> Callable:
    """Sign a user in without the login form (that is tested in test_login): a session made by
    Django's test client, its cookie handed to the browser context."""

    def sign_in(page, user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": site.url}])

    return sign_in
