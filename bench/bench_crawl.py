"""Every page (issue 19, limit 2): a crawl of what each role can reach, timed page by page.

    .venv/bin/python bench/bench_crawl.py [--province 64] [--units 40] [--activities 30]
        [--year 2026] [--repeat 5] [--max-pages 80] [--depth 3] [--roles administrator,viewer]

Data: the province of bench/generate.py (`sinergi.demo.synthetic.generate`, scale province:
Kalimantan Timur, the provincial government and its ten regencies/cities, 40 units x 30
activities each, quarters I-IV realized, the last one open) for `--year` (default: the current
year, so that the pages which open on the current year show the whole plan), then the demo
(`sinergi.demo.loader.load_demo`: meetings, decisions, commitments, letterheads, the
cooperation registry of Tanah Bumbu, plan versions; it skips Kutai Timur's plan, which the
province already has). The synthetic data has no problem, agreement or follow-up in the
province, so a few are created through the services in Kutai Timur (64.08), next to the demo's
meetings: a problem and an agreement of its Bagian Tata Pemerintahan, a follow-up of the
demo's closed meeting given to that unit. Users, one per role: an administrator; a
coordinator with a unit in each of the province's governments (so the whole province);
the head of Kutai Timur's Sekretariat Daerah, the operator of its Bagian Tata Pemerintahan
(the organizer of the demo's meetings) and a viewer of the Sekretariat Daerah.

Crawl, for each role, in process with django.test.Client (session login; DEBUG off): the home
page, every link of the navigation menu (read from the rendered <nav>, not from a list kept
here), the home page's other links, and from there breadth first up to `--depth` links away:
from a list page the first detail link, from a detail its edit/add forms, its PDF and xlsx
downloads and the objects it links. Each URL is resolved to its view (URL name, plus the
format or step argument: a report's pdf and xlsx are two pages) and only the first URL of each
view is measured, per role, up to `--max-pages` pages per role. Redirects are measured as they
answer and their target is crawled too. Then the API: the GET endpoints of the Ninja API's
OpenAPI schema (/api/v1/openapi.json) without path parameters or required query parameters,
with the same session (the API accepts the browser session for GET).

Server time: each request goes through Django's whole stack in process (middleware, session,
authentication, the view, the template or the document renderer); no network, no browser,
one client at a time. The first request of each page (the crawl's own) is the warm-up, and
the number of SQL queries it made is printed; then each page is requested `--repeat` times
(default 5) and its p50/p95 printed with its status code. A page is HTML (text/html), API
(application/json under /api/) or a download (anything else: PDF, xlsx, ics, GeoJSON, ...).

Limits (exit 1 when exceeded): any HTML page or API list over 100 ms p95, any download over
1 s p95, any 5xx answer. Figures: bench/RESULTS.md, "Issue 19, limit 2: every page (crawl)".
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
from dataclasses import dataclass, field
from html import unescape as html_unescape
from itertools import zip_longest
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from _support import analyze, generate_logged, setup_django

PAGE_LIMIT_S = 0.100  # HTML pages and API lists, p95 with one client
DOCUMENT_LIMIT_S = 1.0  # PDF, xlsx and other downloads, p95
ROLES = ("administrator", "coordinator", "unit_head", "unit_operator", "viewer")
# Not pages of the application (static files, language switch, signing out, Django's admin)
# or not for a signed-in user.
SKIPPED = ("/static/", "/media/", "/i18n/", "/logout", "/admin/", "/healthz", "/login",
           "/password-reset", "/api/")
LINK = re.compile(r'href="(/[^"#]*)"')
NAV = re.compile(r"<nav\b.*?</nav>", re.S)
# URL arguments that name a kind of page rather than an object: kept in the pattern.
KIND_ARGUMENTS = frozenset({"fmt", "step"})
# Query parameters that choose what a page shows (a dashboard of a government or of nothing
# yet): a page with one of them given is another page than without. Filters, sorting and
# paging are not: one URL of a list is measured.
SELECTING = frozenset({"government"})


@dataclass
class Page:
    role: str
    url: str
    pattern: str
    kind: str  # html, api, download
    source: str  # the page that linked it
    status: int
    queries: int
    size: int
    times: list[float] = field(default_factory=list)
    statuses: set[int] = field(default_factory=set)

    def quantile(self, q: float) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0

    @property
    def limit(self) -> float:
        return DOCUMENT_LIMIT_S if self.kind == "download" else PAGE_LIMIT_S

    @property
    def ratio(self) -> float:
        return self.quantile(0.95) / self.limit

    @property
    def failed(self) -> bool:
        return self.ratio > 1 or max(self.statuses | {self.status}) >= 500


def build(args) -> dict[str, object]:
    """The province, the demo, a few objects of the kinds neither has in the province, the users."""
    from django.db.models import Q
    from django.utils import timezone

    from sinergi.accounts.models import User
    from sinergi.cooperation.choices import CooperationKind
    from sinergi.cooperation.models import Agreement
    from sinergi.core.roles import Role
    from sinergi.core.services import Actor, create_object
    from sinergi.demo.loader import load_demo
    from sinergi.meetings.models import FollowUp, Meeting
    from sinergi.problems.models import Problem
    from sinergi.problems.services import raise_problem
    from sinergi.regions.models import Government, Unit

    generate_logged(scale="province", year=args.year, seed=1, quarters=4, province=args.province,
                    units_per_government=args.units, activities_per_unit=args.activities)
    started = time.perf_counter()
    demo = load_demo()
    print(f"demo: {demo.created_total:,} rows ({time.perf_counter() - started:.1f} s)"
          + (f"; skipped: {'; '.join(demo.skipped)}" if demo.skipped else ""), flush=True)

    actor = Actor.system()
    kutim = Government.objects.get(region_id="64.08")
    setda = Unit.objects.get(government=kutim, code="SETDA")
    tapem = Unit.objects.filter(government=kutim, path__startswith=setda.path + ".").order_by("path").first()
    today = timezone.localdate()
    if not Problem.objects.filter(government=kutim).exists():
        raise_problem(actor, Problem(government=kutim, unit=tapem, category="infrastructure",
                                     title="Jalan penghubung kecamatan rusak", raised_on=today))
    if not Agreement.objects.filter(government=kutim).exists():
        create_object(actor, Agreement(government=kutim, title="Kerja sama pengelolaan sampah",
                                       kind=CooperationKind.REGION_VOLUNTARY,
                                       start=today - dt.timedelta(days=200),
                                       end=today + dt.timedelta(days=500)),
                      m2m={"responsible_units": [tapem]})
    if not FollowUp.objects.filter(government=kutim).exists():
        held = Meeting.objects.filter(government=kutim, starts_at__lt=timezone.now())
        meeting = held.order_by("starts_at").last()
        create_object(actor, FollowUp(government=kutim, meeting=meeting, description="Menyusun laporan",
                                      due_date=today + dt.timedelta(days=10)),
                      m2m={"responsible_units": [tapem]})
    analyze()  # the planner's statistics, as a database in use has them (PostgreSQL)

    in_province = Q(region_id=args.province) | Q(region__code__startswith=args.province + ".")
    governments = Government.objects.filter(in_province).order_by("region_id")
    province_units = [Unit.objects.filter(government=gov, parent=None).order_by("path").first()
                      for gov in governments]

    def user(name: str, role: str, scope: list) -> User:
        account = (User.objects.filter(username=f"bench-{name}").first()
                   or User.objects.create_user(username=f"bench-{name}", password="x", role=role))  # noqa: S106
        account.scope_units.set(scope)
        return account

    print(f"users: coordinator over {len(province_units)} governments of {args.province}; unit roles in "
          f"{setda.name} / {tapem.name} of {kutim.name}", flush=True)
    return {
        "administrator": user("admin", Role.ADMINISTRATOR, []),
        "coordinator": user("coordinator", Role.COORDINATOR, [u for u in province_units if u]),
        "unit_head": user("head", Role.UNIT_HEAD, [setda]),
        "unit_operator": user("operator", Role.UNIT_OPERATOR, [tapem]),
        "viewer": user("viewer", Role.VIEWER, [setda]),
    }


def pattern_of(url: str) -> str | None:
    """The view a URL opens (URL name, plus the arguments that name a kind of page), or None
    when it is no page of the application."""
    from django.urls import Resolver404, resolve

    path = urlsplit(url).path
    if path.startswith(SKIPPED):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    kinds = [f"{k}={v}" for k, v in sorted(match.kwargs.items()) if k in KIND_ARGUMENTS]
    kinds += sorted({name for name, value in parse_qsl(urlsplit(url).query) if name in SELECTING and value})
    return match.view_name + (f"[{','.join(kinds)}]" if kinds else "")


def kind_of(url: str, response) -> str:
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/html"):
        return "html"
    if urlsplit(url).path.startswith("/api/") and "json" in content_type:
        return "api"
    return "download"


def fetch(client, url: str):
    """One request (the warm-up), with the number of queries it made."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def crawl(client, role: str, max_pages: int, depth: int) -> list[Page]:
    """Level by level from the home page (the menu's links first), one URL per view. Within a
    level the links are taken in turns from the pages that showed them (the first new link of
    each page, then the second, ...), so that the budget of pages is spread over every section
    rather than spent on the first page's links."""
    pages: list[Page] = []
    seen: set[str] = set()
    level: list[tuple[str, str]] = [("/", "-")]
    for distance in range(depth + 1):
        shown: list[list[tuple[str, str]]] = []  # per page of this level, its new links
        queued: set[str] = set()
        for url, source in level:
            pattern = pattern_of(url)
            if pattern is None or pattern in seen:
                continue
            if len(pages) >= max_pages:
                return pages
            seen.add(pattern)
            response, queries = fetch(client, url)
            kind = kind_of(url, response)
            pages.append(Page(role, url, pattern, kind, source, response.status_code, queries,
                              len(response.content)))
            if response.status_code in (301, 302, 303, 307, 308):
                target = response["Location"]
                if target.startswith("/"):
                    level.append((target, url))  # the target belongs to this level
                continue
            if kind != "html" or response.status_code != 200 or distance >= depth:
                continue
            html = response.content.decode()
            links = LINK.findall(html)
            if url == "/":  # the menu first, then the rest of the home page
                menu = NAV.search(html)
                links = (LINK.findall(menu.group(0)) if menu else []) + links
            mine = []
            for link in links:
                link = html_unescape(link)
                key = pattern_of(link)
                if key is not None and key not in seen and key not in queued:
                    queued.add(key)
                    mine.append((link, url))
            shown.append(mine)
        level = [link for turn in zip_longest(*shown) for link in turn if link is not None]
    return pages


def api_lists(client, role: str) -> list[Page]:
    """The API's GET endpoints without path parameters or required query parameters."""
    schema = client.get("/api/v1/openapi.json").json()
    pages = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None or "{" in path:
            continue
        if any(p.get("required") for p in get.get("parameters", []) if p.get("in") == "query"):
            continue
        response, queries = fetch(client, path)
        pages.append(Page(role, path, "api " + path, kind_of(path, response), "openapi.json",
                          response.status_code, queries, len(response.content)))
    return pages


def measure(client, pages: list[Page], repeat: int) -> None:
    for page in pages:
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(page.url)
            page.times.append(time.perf_counter() - start)
            page.statuses.add(response.status_code)


def line(page: Page) -> str:
    mark = "OVER" if page.failed else "ok"
    return (f"{page.role:<13} {page.kind:<8} {page.status:>3} p50 {page.quantile(0.5) * 1000:7.1f} ms  "
            f"p95 {page.quantile(0.95) * 1000:7.1f} ms  {page.ratio:5.2f}x {mark:<4} "
            f"{page.queries:>4} q {page.size / 1024:7.1f} KiB  {page.pattern}  {page.url}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--province", default="64")
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--activities", type=int, default=30)
    parser.add_argument("--year", type=int, default=dt.date.today().year)
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per page after the warm-up")
    parser.add_argument("--max-pages", type=int, default=100, help="pages (views) per role, API lists apart")
    parser.add_argument("--depth", type=int, default=3, help="links away from the home page")
    parser.add_argument("--roles", default=",".join(ROLES))
    args = parser.parse_args(argv)
    os.environ.setdefault("SINERGI_DEBUG", "0")
    setup_django(load_regions=True)
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    print(f"database: {connection.vendor}, DEBUG {settings.DEBUG}", flush=True)
    users = build(args)
    everything: list[Page] = []
    started = time.perf_counter()
    for role in args.roles.split(","):
        client = Client(raise_request_exception=False)
        client.force_login(users[role])
        pages = crawl(client, role, args.max_pages, args.depth)
        pages += api_lists(client, role)
        measure(client, pages, args.repeat)
        kinds = {k: sum(p.kind == k for p in pages) for k in ("html", "api", "download")}
        print(f"\n== {role}: {len(pages)} pages ({kinds['html']} HTML, {kinds['api']} API, "
              f"{kinds['download']} downloads), {sum(p.failed for p in pages)} over the limit", flush=True)
        for page in pages:
            print(line(page), flush=True)
        everything += pages
    print(f"\ncrawl and timing: {time.perf_counter() - started:.0f} s, {args.repeat} timed requests per page")

    print("\nten slowest (p95, HTML and API pages):")
    for page in sorted((p for p in everything if p.kind != "download"),
                       key=lambda p: p.quantile(0.95), reverse=True)[:10]:
        print(line(page))
    print("\nten slowest downloads (p95):")
    for page in sorted((p for p in everything if p.kind == "download"),
                       key=lambda p: p.quantile(0.95), reverse=True)[:10]:
        print(line(page))
    errors = [p for p in everything if p.status >= 400 or any(s >= 400 for s in p.statuses)]
    if errors:
        print("\nanswers 4xx/5xx:")
        for page in errors:
            print(f"{page.role:<13} {sorted(page.statuses | {page.status})}  {page.url}  "
                  f"(linked from {page.source})")

    pages = [p for p in everything if p.kind != "download"]
    documents = [p for p in everything if p.kind == "download"]
    over = [p for p in everything if p.failed]
    # With a few requests per page p95 is close to the slowest one, which one burst of load from
    # other jobs can make: the pages over the limit even at p50 are slow whatever the load.
    over_p50 = [p for p in everything if p.quantile(0.5) > p.limit]
    worst_page = max((p.ratio for p in pages), default=0.0)
    worst_document = max((p.ratio for p in documents), default=0.0)
    server_errors = sum(max(p.statuses | {p.status}) >= 500 for p in everything)
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    print(f"\nload average {' '.join(load)}")
    print(f"verdict: {len(everything)} pages measured ({len(pages)} HTML/API, {len(documents)} downloads); "
          f"worst HTML/API p95 {worst_page:.2f}x of {PAGE_LIMIT_S * 1000:.0f} ms, worst download p95 "
          f"{worst_document:.2f}x of {DOCUMENT_LIMIT_S:.0f} s; {server_errors} with a 5xx; "
          + (f"{len(over)} OVER the limit ({len(over_p50)} of them over it at p50 too)" if over
             else "every page within its limit"))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
