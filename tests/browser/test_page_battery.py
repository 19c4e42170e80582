"""The page battery (issue 16): every page, every role, every screen.

For each demo role (administrator, coordinator, unit head, unit operator, viewer) the battery
collects the pages a user reaches from the menu (the navbar and its user dropdown) and from the
home page, plus the first detail link of each of those pages' lists, and visits each (at most
MAX_PAGES per role) on a phone (390x844) and a desktop (1366x768). A page fails on:

* horizontal overflow of the page itself (a wide table must scroll inside its .table-responsive);
* visible text with "None" as a word or a raw ISO date (outside inputs and code);
* untranslated English: an element whose whole text is a short msgid the Indonesian catalogue
  translates (a button "Save", a heading "Activities");
* a list counter ("12 data") that disagrees with the rows of the page's one list;
* a console error, an uncaught exception or a failed response (HTTP >= 400);
* a button cut off: reaching past the right edge of the screen (or of a clipping container);
  on a phone a button inside a scrolling container (a wide table) is not cut off, on a desktop
  it is;
* any violation axe-core (node_modules/axe-core, the WCAG 2.1 A and AA rules) reports, on every
  screen in AXE_SCREENS.

Besides the pages it collects, each role visits EXTRA_PAGES (forms and boards no menu links to)
and the pages that show the longest tables of its scope: the meeting with the most invitations and
the activity and meeting with the longest history.

All failures are collected and reported together at the end. One browser for the whole battery,
one signed-in context per role and screen.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, OuterRef, Subquery
from django.db.models.functions import Cast
from django.test import Client

from sinergi.accounts.models import User
from sinergi.core.models import AuditEvent
from sinergi.core.scope import scoped
from sinergi.demo.loader import load_demo
from sinergi.meetings.models import Meeting
from sinergi.planning.models import Activity

pytestmark = pytest.mark.browser

ROLES = {  # role -> demo account (sinergi.demo.data.DEMO_USERS)
    "administrator": "admin",
    "coordinator": "koordinator",
    "unit head": "kepala",
    "unit operator": "operator",
    "viewer": "pemantau",
}
SCREENS = {
    "390": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "1366": {"viewport": {"width": 1366, "height": 768}},
}
MAX_PAGES = 40
# Not pages: signing out, switching the language, files to download, the Django admin and the
# machine-readable API (its documentation page is kept).
SKIP_PREFIXES = ("/logout", "/i18n/", "/admin/", "/api/v1/openapi.json", "/static/", "/media/")
SKIP_SUFFIXES = (".csv", ".xlsx", ".pdf", ".docx", ".json", ".zip", ".ics")
SKIP_WORDS = ("export", "download", "unduh", "/print", "/pdf")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_SCREENS = {"390", "1366"}
# Pages no menu or home page links to (forms, boards reached from a list's buttons), by role.
EXTRA_PAGES = {
    "coordinator": ["/meetings/add/", "/problems/add/", "/planning/activities/add/",
                    "/meetings/follow-ups/report-card/", "/coordinations/", "/meetings/calendar/"],
    "unit operator": ["/meetings/follow-ups/report-card/"],
}


def _english() -> list[str]:
    """The project's msgids that the Indonesian catalogue translates into something else (short
    labels: buttons, headings, table heads), minus every word the catalogue uses in Indonesian
    (in any case: the label "Sub kegiatan" of the field "sub kegiatan" is Indonesian although
    the heading's msgid "Sub kegiatan" becomes "Sub Kegiatan"): shown whole in an element of an
    Indonesian page, they are untranslated English."""
    import gettext

    catalog = gettext.translation("django", str(Path(__file__).resolve().parents[2] / "src" / "sinergi"
                                                / "locale"), languages=["id"])._catalog
    indonesian = {v.casefold() for v in catalog.values() if isinstance(v, str)}
    return sorted(
        key for key, value in catalog.items()
        if isinstance(key, str) and key and value and key != value and key.casefold() not in indonesian
        and len(key) <= 40 and "%" not in key and "{" not in key and any(c.isalpha() for c in key))


ENGLISH = _english()

# Runs in the page: what the battery checks (see the module docstring).
CHECK_JS = r"""
(english) => {
  const found = [];
  const untranslated = new Set(english);
  const root = document.documentElement;
  const width = window.innerWidth;
  if (root.scrollWidth > width + 1) {
    // Name the widest culprits: elements reaching past the screen, outside a scroller.
    const culprits = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && !scroller(el.parentElement)) {
        culprits.push(describe(el) + ' right=' + Math.round(r.right));
        if (culprits.length >= 3) break;
      }
    }
    found.push(`page overflows: scrollWidth ${root.scrollWidth} > ${width} (${culprits.join('; ')})`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const skip = 'script,style,code,pre,kbd,samp,input,textarea,select,option,template,noscript';
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    const text = node.textContent;
    if (!el || el.closest(skip) || !/\bNone\b|\b\d{4}-\d{2}-\d{2}\b/.test(text)) continue;
    if (!el.checkVisibility()) continue;
    found.push(`text: ${JSON.stringify(text.trim().slice(0, 100))} in ${describe(el)}`);
  }
  // Untranslated English: an element whose whole text is a msgid the catalogue translates.
  for (const el of document.body.querySelectorAll('*')) {
    if (el.children.length || el.closest(skip)) continue;
    const text = el.textContent.trim();
    if (text && untranslated.has(text) && el.checkVisibility()) {
      found.push(`English on an Indonesian page: ${JSON.stringify(text)} in ${describe(el)}`);
    }
  }
  // A list counter that disagrees with its rows (one list on the page, not paginated).
  const counter = document.querySelector('[data-testid=list-count]');
  const tables = document.querySelectorAll('main table');
  if (counter && !document.querySelector('.pagination') && tables.length === 1) {
    const said = parseInt(counter.textContent.replace(/\D/g, ''), 10);
    const rows = [...tables[0].querySelectorAll('tbody tr')]
      .filter(tr => !(tr.children.length === 1 && tr.children[0].colSpan > 1));
    if (said !== rows.length) found.push(`list counter says ${said}, the list shows ${rows.length} rows`);
  }
  for (const el of document.querySelectorAll('button, .btn, input[type=submit], input[type=button]')) {
    if (!el.checkVisibility()) continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    let edge = width;
    let scrolls = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      // On a phone a wide table scrolls inside its container; on a desktop a button must be
      // reachable without scrolling sideways.
      if (width < 768 && /(auto|scroll)/.test(style.overflowX)) { scrolls = true; break; }
      if (/(hidden|clip)/.test(style.overflowX)) edge = Math.min(edge, a.getBoundingClientRect().right);
    }
    if (!scrolls && r.right > edge + 1) {
      found.push(`cut off: ${describe(el)} ${JSON.stringify(el.textContent.trim().slice(0, 40))} ` +
                 `right=${Math.round(r.right)} > ${Math.round(edge)}`);
    }
  }
  return found;

  function scroller(el) {
    for (; el && el !== document.body; el = el.parentElement) {
      if (/(auto|scroll|hidden|clip)/.test(getComputedStyle(el).overflowX)) return true;
    }
    return false;
  }
  function describe(el) {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.classList.length) s += '.' + [...el.classList].slice(0, 3).join('.');
    return s;
  }
}
"""

# The links to follow: the menu (navbar and user dropdown), and on the home page its content.
NAV_LINKS_JS = """
() => [...document.querySelectorAll('nav.navbar a[href]')].map(a => a.getAttribute('href'))
"""
MAIN_LINKS_JS = """
() => [...document.querySelectorAll('main a[href]')].map(a => a.getAttribute('href'))
"""
# A list's first detail link: the first link in the first table body (or list group) of main.
FIRST_DETAIL_JS = """
() => {
  const a = document.querySelector('main table tbody a[href], main .list-group a[href]');
  return a ? a.getAttribute('href') : null;
}
"""


def _page_path(href: str | None, base: str) -> str | None:
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    parts = urlsplit(href)
    if parts.netloc and parts.netloc != urlsplit(base).netloc:
        return None
    path = parts.path or "/"
    lowered = path.lower()
    if (lowered.startswith(SKIP_PREFIXES) or lowered.endswith(SKIP_SUFFIXES)
            or any(word in lowered for word in SKIP_WORDS)):
        return None
    return path


def _signed_in_context(browser, site, username: str, screen: str):
    client = Client()
    client.force_login(User.objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context(base_url=site.url, locale="en-US", **SCREENS[screen])
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": site.url}])
    if screen in AXE_SCREENS:
        # An init script is injected by the browser itself, so the site's Content-Security-Policy
        # (no inline scripts) stays on and its violations are still reported.
        context.add_init_script(path=str(AXE))
    return context


AXE_RUN_JS = """
async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => `axe ${v.id} (${v.impact}): ${v.help} — ` +
    v.nodes.slice(0, 4).map(n => n.target.join(' ') + (n.any[0] ? ` [${n.any[0].message}]` : ''))
      .join(' | ') + (v.nodes.length > 4 ? ` and ${v.nodes.length - 4} more` : ''));
}
"""


class _Watched:
    """A page whose console errors, uncaught exceptions and failed responses are recorded."""

    def __init__(self, context, *, axe: bool) -> None:
        self.axe = axe
        self.page = context.new_page()
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.problems.append(f"uncaught: {exc}"))
        self.page.on("response", self._response)

    def _console(self, msg) -> None:
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            self.problems.append(f"console: {msg.text[:200]}")

    def _response(self, response) -> None:
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def visit(self, path: str) -> list[str]:
        self.problems = []
        try:
            response = self.page.goto(path, wait_until="load")
        except Exception as exc:  # a download, a timeout: reported, never fatal to the battery
            return [f"could not open: {str(exc).splitlines()[0][:160]}"]
        if response is not None and response.status >= 400:
            return [f"HTTP {response.status}"]
        self.page.wait_for_timeout(50)  # charts and htmx fragments drawn on load
        found = self.page.evaluate(CHECK_JS, ENGLISH)
        if self.axe:
            found += self.page.evaluate(AXE_RUN_JS, AXE_TAGS)
        return self.problems + found


@pytest.fixture
def demo(site):
    return load_demo()


def _collect(watched: _Watched, base: str) -> list[str]:
    """The pages of a role, at most MAX_PAGES: the menu and the argument-free pages the home page
    links to, then the first detail link of each of their lists, then the first detail link of
    those detail pages' own lists (a meeting's invitations, a period's realizations), then the
    rest of the home page's links."""
    page = watched.page
    page.goto("/")
    pages: list[str] = []

    def add(hrefs) -> list[str]:
        added = []
        for href in hrefs:
            path = _page_path(href, base)
            if path and path not in pages and len(pages) < MAX_PAGES:
                pages.append(path)
                added.append(path)
        return added

    home_links = page.evaluate(MAIN_LINKS_JS)
    level = add(["/", *page.evaluate(NAV_LINKS_JS)])
    level += add(h for h in home_links if not any(c.isdigit() for c in h))
    for _depth in range(2):
        found = []
        for path in level:
            page.goto(path)
            found += add([page.evaluate(FIRST_DETAIL_JS)])
        level = found
    add(home_links)
    return pages


def _longest_tables(user: User) -> list[str]:
    """The pages of the user's scope with the longest tables: the meeting with the most
    invitations, the activity and the meeting with the most history events."""
    def events(model) -> Subquery:
        return Subquery(
            AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                      object_id=Cast(OuterRef("pk"), CharField()))
            .values("object_id").annotate(n=Count("pk")).values("n")[:1])

    invited = scoped(Meeting.objects.annotate(n=Count("invitations")), user).order_by("-n", "pk").first()
    meeting = scoped(Meeting.objects.annotate(n=events(Meeting)), user).order_by("-n", "pk").first()
    activity = scoped(Activity.objects.annotate(n=events(Activity)), user).order_by("-n", "pk").first()
    return [obj.get_absolute_url() for obj in (invited, meeting, activity) if obj is not None]


def test_every_page_every_role_every_screen(browser, site, demo):
    assert AXE.exists(), "run `npm install` (axe-core is in package.json)"
    started = time.monotonic()
    failures: list[str] = []
    visited = 0
    for role, username in ROLES.items():
        contexts = {screen: _signed_in_context(browser, site, username, screen) for screen in SCREENS}
        try:
            watched = {screen: _Watched(context, axe=screen in AXE_SCREENS)
                       for screen, context in contexts.items()}
            pages = _collect(watched["1366"], site.url)
            extra = [*EXTRA_PAGES.get(role, []), *_longest_tables(User.objects.get(username=username))]
            pages += [path for path in dict.fromkeys(extra) if path not in pages]
            print(role, len(pages), pages)
            for path in pages:
                for screen, w in watched.items():
                    visited += 1
                    failures += [f"[{role} @{screen}] {path}: {problem}" for problem in w.visit(path)]
        finally:
            for context in contexts.values():
                context.close()
    elapsed = time.monotonic() - started
    print(f"page battery: {visited} page views in {elapsed:.0f} s")
    assert not failures, f"{len(failures)} problems in {visited} page views:\n" + "\n".join(failures)
