"""Re-take docs/screenshot-dashboard.png (the home page) and docs/screenshot-monitoring.png (the
monitoring dashboard of Kabupaten Kutai Timur, TW III of the demo's synthetic 2026 plan): the demo
on a throw-away database, signed in as the demo administrator, in Indonesian, 1280 px wide.
Needs Debian's chromium.

Run: .venv/bin/python docs/make_screenshot.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PORT = 8765
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]


def main() -> int:
    env = {**os.environ, "SINERGI_DATA_DIR": tempfile.mkdtemp(prefix="sinergi-shot-")}
    sinergi = [sys.executable, "-m", "sinergi.cli"]
    subprocess.run([*sinergi, "migrate", "-v0"], env=env, check=True)  # noqa: S603
    subprocess.run([*sinergi, "load_demo"], env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    server = subprocess.Popen(  # noqa: S603
        [*sinergi, "runserver", "--noreload", f"127.0.0.1:{PORT}"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(f"http://127.0.0.1:{PORT}/login/")
            page.fill("#id_username", "admin")
            page.fill("#id_password", "sinergi-demo-2025")
            page.click("main form button[type=submit]")
            page.wait_for_url(f"http://127.0.0.1:{PORT}/")
            page.screenshot(path=str(ROOT / "docs" / "screenshot-dashboard.png"), full_page=True)
            page.goto(f"http://127.0.0.1:{PORT}/reports/dashboard/")
            government = page.eval_on_selector(
                "#id_government",
                "s => [...s.options].find(o => o.text.includes('Kutai Timur')).value")
            page.goto(f"http://127.0.0.1:{PORT}/reports/dashboard/"
                      f"?government={government}&year=2026&quarter=3")
            page.wait_for_selector("[data-testid=panel-units] canvas")
            page.wait_for_timeout(1500)  # let the charts finish their entry animation
            page.set_viewport_size({"width": 1280, "height": 1350})  # the headline and first charts
            page.wait_for_timeout(500)
            page.screenshot(path=str(ROOT / "docs" / "screenshot-monitoring.png"))
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
