"""No 500 anywhere: garbage in every query parameter and form field of every page, as each role.

The battery loads the demo (real governments, plans, realization, meetings, agreements) and,
signed in as each demo account, crawls the application from the home page and every URL that
needs no argument: it follows the links and htmx URLs the pages show and reads their forms.
Then, for each view reached (one URL per view and role), it sends:
- GET with garbage in every query parameter the page's links and GET forms use, plus the usual
  ones (year, quarter, month, page, government, unit, ...), and in the path's numbers
  (huge and zero ids);
- POST of every form with garbage in all its fields at once, and (as the administrator, who
  reaches every form) in each field alone.
Garbage: non-numbers, huge numbers, negative ids, empty, 10,000 characters, impossible dates,
superscript digits (str.isdigit() says yes, int() says no), NUL, JSON and markup.

It asserts that no response is a server error (5xx): every bad value is refused with a 4xx or
the form re-shown with its error. Failures are collected and reported together, with the
exception each one raised.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.signals import got_request_exception
from django.test import Client
from django.urls import Resolver404, get_resolver, resolve

from sinergi.accounts.models import User
from sinergi.demo.loader import load_demo

pytestmark = pytest.mark.django_db

GARBAGE = [
    "abc", "-1", "0", "99999999999999999999999", "", "x" * 10_000, "2026-02-31", "31/02/2026",
    "1e9999", "NaN", "²", "\x00", '{"a": 1}', "<script>alert(1)</script>", "12,5.3", " 7 ",
]
# What a page's query parameters get (all at once), and each form field alone (the others keep
# the form's own values): the values that find most, so that the battery stays fast.
QUERY_GARBAGE = ["abc", "-1", "99999999999999999999999", "x" * 10_000, "2026-02-31", "²", "\x00",
                 '{"a": 1}']
FIELD_GARBAGE = ["abc", "99999999999999999999"]
# Query parameters that views read without a form naming them.
USUAL_PARAMS = ["year", "quarter", "month", "page", "government", "unit", "q", "status", "on",
                "kind", "sort", "format", "next", "region", "level", "period", "priority", "round"]
SKIPPED_PREFIXES = ("/static/", "/logout", "/i18n/", "/api/v1/docs")
PAGES_PER_VIEW = 1   # distinct URLs crawled per view
MAX_PAGES = 400      # per role, a bound on the crawl
SKIPPED_ACTIONS = re.compile(r"/logout/?$")


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


class PageReader(HTMLParser):
    """Links (href, hx-get, hx-post, action), forms and their fields of one HTML page."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("href", "hx-get"):
            if a.get(key):
                self.links.append(a[key])
        if a.get("hx-post"):
            self.forms.append(Form(a["hx-post"], "post"))
        if tag == "form":
            self._form = Form(a.get("action") or self.url, (a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select", "button") and a.get("name"):
            name = a["name"]
            if tag == "select":
                self._select = name
                self._form.fields.setdefault(name, [])
            elif tag == "input" and a.get("type") in ("checkbox", "radio") and "checked" not in a:
                self._form.fields.setdefault(name, [])
            elif tag == "input" and a.get("type") == "file":
                return
            else:
                self._form.fields[name].append(a.get("value") or "")
        elif tag == "option" and self._form is not None and self._select:
            values = self._form.fields[self._select]
            if "selected" in a:
                values[:] = [a.get("value", "")]
            elif not values:
                values.append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _route(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name or match.route


def _local(url: str, base: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not url or url.startswith(("#", "javascript:", "mailto:", "data:")):
        return None
    if not parts.path.startswith("/"):
        base_dir = base.split("?", 1)[0]
        path = (base_dir if base_dir.endswith("/") else base_dir.rsplit("/", 1)[0] + "/") + parts.path
    else:
        path = parts.path
    if path.startswith(SKIPPED_PREFIXES):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _argument_free_urls() -> list[str]:
    """Every URL pattern that takes no argument (the crawl's other starting points)."""
    urls = []

    def walk(patterns, prefix=""):
        for p in patterns:
            route = prefix + str(p.pattern)
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns, route)
            elif "<" not in route and "(" not in route and "^" not in route and "$" not in route:
                urls.append("/" + route)
    walk(get_resolver().url_patterns)
    return [u for u in urls if not u.startswith(("/admin/", *SKIPPED_PREFIXES))]


class Battery:
    def __init__(self, client: Client) -> None:
        self.client = client
        self.failures: list[str] = []
        self.requests = 0
        self._exception: BaseException | None = None
        got_request_exception.connect(self._note, dispatch_uid="garbage-battery")

    def _note(self, sender, request=None, **kwargs):
        import sys

        self._exception = sys.exc_info()[1]

    def close(self):
        got_request_exception.disconnect(dispatch_uid="garbage-battery")

    def send(self, method: str, url: str, data=None):
        self._exception = None
        self.requests += 1
        response = (self.client.get(url, data) if method == "get"
                    else self.client.post(url, data or {}))
        if response.status_code >= 500:
            sample = {k: (v[:40] if isinstance(v, str) else v) for k, v in (data or {}).items()}
            self.failures.append(
                f"{method.upper()} {url[:200]} -> {response.status_code}: {self._exception!r}"[:400]
                + f" with {sample}"[:400]
            )
        return response

    def crawl(self) -> tuple[dict[str, str], dict[str, set[str]], list[Form]]:
        """(a URL per view, query parameter names per view, forms) reached from the starts."""
        queue = ["/", *_argument_free_urls()]
        seen: set[str] = set()
        per_view: Counter = Counter()
        urls: dict[str, str] = {}
        params: dict[str, set[str]] = defaultdict(set)
        forms: dict[tuple[str, str], Form] = {}
        while queue and len(seen) < MAX_PAGES:
            url = queue.pop(0)
            if url in seen:
                continue
            path, _, query = url.partition("?")
            view = _route(path)
            if view is None or per_view[view] >= PAGES_PER_VIEW:
                continue
            seen.add(url)
            per_view[view] += 1
            urls.setdefault(view, path)
            params[view].update(k for k, _v in parse_qsl(query, keep_blank_values=True))
            response = self.send("get", url)
            if "text/html" not in response.get("Content-Type", "") or response.status_code != 200:
                continue
            reader = PageReader(path)
            reader.feed(response.content.decode("utf-8", "replace"))
            queue.extend(u for link in reader.links if (u := _local(link, path)))
            for form in reader.forms:
                action = _local(form.action, path)
                if action is None or SKIPPED_ACTIONS.search(action):
                    continue
                form.action = action
                action_view = _route(action.split("?", 1)[0])
                if action_view is None:
                    continue
                if form.method == "get":
                    params[action_view].update(form.fields)
                    urls.setdefault(action_view, action.split("?", 1)[0])
                else:
                    forms.setdefault((action_view, form.method), form)
        return urls, params, list(forms.values())

    def garbage_queries(self, urls: dict[str, str], params: dict[str, set[str]]) -> None:
        for view, path in urls.items():
            names = sorted(params[view] | set(USUAL_PARAMS))
            for value in QUERY_GARBAGE:
                self.send("get", path, {name: value for name in names})
            # Numbers in the path: huge and zero ids.
            for number in ("99999999999999999999", "9223372036854775808", "0"):
                swapped = re.sub(r"/\d+(?=/|$|\.)", f"/{number}", path, count=1)
                if swapped != path and _route(swapped):
                    self.send("get", swapped)

    def garbage_forms(self, forms: list[Form], *, field_by_field: bool) -> None:
        for form in forms:
            defaults = {name: (values[0] if values else "") for name, values in form.fields.items()
                        if name != "csrfmiddlewaretoken"}
            for value in GARBAGE if field_by_field else QUERY_GARBAGE:
                self.send("post", form.action, {**{name: value for name in defaults}, "version": value})
            if not field_by_field:
                continue
            for name in defaults:
                for value in FIELD_GARBAGE:
                    self.send("post", form.action, {**defaults, name: value})


ROLES = ["admin", "koordinator", "kepala", "operator", "pemantau", "kerjasama"]


@pytest.fixture
def demo(db):
    load_demo()


@pytest.mark.parametrize("username", ROLES)
def test_no_server_error_for_any_garbage(demo, username):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=username))
    battery = Battery(client)
    try:
        urls, params, forms = battery.crawl()
        # The crawl reached the application, not only its front page.
        assert len(urls) >= 25, sorted(urls)
        battery.garbage_queries(urls, params)
        # Every role: garbage in all fields of every form it reaches. The administrator, who
        # reaches every form, also each field alone with the others valid (the path past the
        # first error); the other roles would repeat it through the same code.
        battery.garbage_forms(forms, field_by_field=username == "admin")
    finally:
        battery.close()
    report = f"{len(battery.failures)} of {battery.requests} requests:\n" + "\n".join(battery.failures)
    if os.environ.get("GARBAGE_REPORT"):
        with open(os.environ["GARBAGE_REPORT"], "a", encoding="utf-8") as out:
            out.write(f"== {username}: {len(urls)} views, {len(forms)} forms\n{report}\n")
    assert battery.failures == [], report[:20_000]


def test_anonymous_garbage_never_errors(demo):
    client = Client(raise_request_exception=False)
    battery = Battery(client)
    try:
        for url in ["/", *_argument_free_urls()]:
            for value in GARBAGE:
                battery.send("get", url, {name: value for name in USUAL_PARAMS})
        for value in GARBAGE:
            battery.send("post", "/login/", {"username": value, "password": value})
    finally:
        battery.close()
    assert battery.failures == [], "\n".join(battery.failures[:60])


def test_the_battery_sees_a_server_error(demo, settings):
    """The battery is not blind: a view that fails on garbage is reported."""
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="admin"))
    battery = Battery(client)
    try:
        battery.send("get", "/healthz", {"x": "1"})
        assert battery.failures == []
        from django.urls import path

        def broken(request):
            return int(request.GET["n"])

        settings.ROOT_URLCONF = type("urls", (), {"urlpatterns": [path("broken/", broken)]})
        battery.send("get", "/broken/", {"n": "abc"})
    finally:
        battery.close()
    assert len(battery.failures) == 1 and "ValueError" in battery.failures[0]
