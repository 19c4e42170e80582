"""The public verification page on a phone (390 px), without JavaScript: someone who received a
letter types its code as printed (lower case, a dash), reads what was issued, and compares the
file they received (the same: confirmed; one byte changed: refused). No sideways scrolling, and
the page passes axe (WCAG 2.1 A/AA) with JavaScript on."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.documents.helpers import issue_letter

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"
AXE_RUN_JS = """
async () => (await axe.run(document,
                           {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}))
  .violations.map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(' | ')})`)
"""


@pytest.fixture
def issued(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SINERGI_SIGNING_P12 = ""
    document = issue_letter(world, tmp_path)
    with document.file.open("rb") as handle:
        return document, handle.read()


def test_a_copy_checked_on_a_phone_without_javascript(new_context, issued):
    document, content = issued
    page = new_context(java_script_enabled=False, **PHONE).new_page()
    page.goto("/verifikasi/")
    page.locator("#verify-code").fill(f"{document.code[:5].lower()}-{document.code[5:].lower()}")
    page.locator("[data-testid=verify-code-submit]").click()
    expect(page).to_have_url(f"{page.url.split('/verifikasi/')[0]}/verifikasi/{document.code}/")
    expect(page.locator("[data-testid=verify-found]")).to_be_visible()
    expect(page.locator("[data-testid=verify-details]")).to_contain_text(document.number)
    expect(page.locator("[data-testid=verify-sha256]")).to_have_text(document.sha256)
    assert page.evaluate(OVERFLOW_JS) <= 0

    page.locator("#verify-file").set_input_files(
        files=[{"name": "undangan.pdf", "mimeType": "application/pdf", "buffer": content}])
    page.locator("[data-testid=verify-upload-submit]").click()
    expect(page.locator("[data-testid=verify-same]")).to_contain_text(
        "Salinan ini sama persis dengan dokumen yang diterbitkan")
    assert page.evaluate(OVERFLOW_JS) <= 0

    changed = content[:11] + bytes([content[11] ^ 1]) + content[12:]
    page.locator("#verify-file").set_input_files(
        files=[{"name": "undangan.pdf", "mimeType": "application/pdf", "buffer": changed}])
    page.locator("[data-testid=verify-upload-submit]").click()
    expect(page.locator("[data-testid=verify-different]")).to_contain_text("Berkas ini BERBEDA")
    assert page.evaluate(OVERFLOW_JS) <= 0


def test_the_verification_pages_pass_axe(new_context, issued):
    assert AXE.exists(), "run `npm install` (axe-core is in package.json)"
    document, _content = issued
    # bypass_csp: axe is injected as an inline script, which the site's CSP refuses.
    page = new_context(bypass_csp=True, **PHONE).new_page()
    failures = []
    for path in ("/verifikasi/", f"/verifikasi/{document.code}/"):
        page.goto(path)
        page.add_script_tag(path=str(AXE))
        failures += [f"{path}: {v}" for v in page.evaluate(AXE_RUN_JS)]
    assert not failures, "\n".join(failures)
