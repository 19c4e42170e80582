"""The interactive API docs render in a real (headless) browser under Sinergi's CSP: the
page's scripts are local files, so script-src 'self' lets them run and nothing is refused."""

from __future__ import annotations

import shutil

import pytest

pytestmark = pytest.mark.browser

playwright = pytest.importorskip("playwright.sync_api")


def _launch(p):
    try:
        return p.chromium.launch()
    except Exception:
        executable = shutil.which("chromium") or shutil.which("chromium-browser")
        if executable is None:
            pytest.skip("no chromium available")
        return p.chromium.launch(executable_path=executable, args=["--no-sandbox"])


def test_swagger_ui_renders_without_csp_violations(live_server):
    problems: list[str] = []
    with playwright.sync_playwright() as p:
        browser = _launch(p)
        try:
            page = browser.new_page()
            page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
            page.on("pageerror", lambda e: problems.append(str(e)))
            response = page.goto(f"{live_server.url}/api/v1/docs")
            assert "script-src 'self'" in response.headers["content-security-policy"]
            page.wait_for_selector(".opblock", timeout=20_000)
            assert page.locator(".opblock").count() >= 40
            assert "Sinergi API" in page.locator(".title").first.inner_text()
        finally:
            browser.close()
    assert problems == []
