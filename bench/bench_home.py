"""The home page ("Tugas saya", reports.my_tasks + the summary) per role at province scale.

    .venv/bin/python bench/bench_home.py [--province 64] [--units 40] [--activities 30]
        [--requests 60] [--year 2026]

Builds the province of bench/generate.py (`sinergi.demo.synthetic.generate`, scale province:
the provincial government and its regencies/cities, 40 units x 30 activities each, quarters
I-IV realized with the last one open) into a temporary SQLite database (or DATABASE_URL), then
creates one user per role: an administrator, a coordinator of the provincial government, the
head and the operator of one of its units with activities, a viewer. It also puts work in the
way of the tasks: returned rows with reasons in the operator's unit, pending invitations, a
meeting held but not closed, follow-up actions due, acting terms past their length.

Server time: each request goes through Django's full stack in process (django.test.Client:
middleware, session, authentication, the view, the template), DEBUG off; the client's own time
is the same for both pages. Measured, after a warm-up, `--requests` times each:

  (1) a bare page of the same server: login required, the site's layout (base.html, its menu and
      context processors) with an empty content block: what every page pays;
  (2) the home page, as each role.

The two pages are requested in turn (bare, home, bare, home, ...) so both meet the same load of
the shared machine. Limit (exit 1 when exceeded, or when a page does not answer 200): for each
role the home page's p50 at most 3x the bare page's p50, and its p95 at most 3x the bare p95.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time

from _support import analyze, generate_logged, setup_django

LIMIT = 3.0
BARE_URL = "/bench/bare/"
urlpatterns: list = []  # this module becomes the URLconf: the project's URLs + the bare page


_BARE: list = []  # the bare page's template, compiled once (as the cached loader keeps a page's)


def _bare_page(request):
    from django.http import HttpResponse
    from django.template import engines

    if not _BARE:
        _BARE.append(engines["django"].from_string(
            '{% extends "base.html" %}{% block title %}Bench{% endblock %}{% block content %}{% endblock %}'))
    return HttpResponse(_BARE[0].render(request=request))


def install_urls() -> None:
    from django.conf import settings
    from django.contrib.auth.decorators import login_required
    from django.urls import clear_url_caches, path

    from sinergi import urls as project_urls

    urlpatterns[:] = [path(BARE_URL.strip("/") + "/", login_required(_bare_page)),
                      *project_urls.urlpatterns]
    settings.ROOT_URLCONF = __name__
    clear_url_caches()


def build(args) -> dict[str, object]:
    from django.utils import timezone

    from sinergi.accounts.models import User
    from sinergi.core.roles import Role
    from sinergi.meetings.models import FollowUp, Invitation, Meeting
    from sinergi.monitoring.choices import RealizationStatus
    from sinergi.monitoring.models import Realization
    from sinergi.planning.models import Activity
    from sinergi.regions.choices import Capacity, PositionGrade
    from sinergi.regions.models import Government, Official, Position, PositionTerm, Unit

    generate_logged(scale="province", year=args.year, seed=1, quarters=4, province=args.province,
                    units_per_government=args.units, activities_per_unit=args.activities)
    government = Government.objects.get(region_id=args.province)
    units = list(Unit.objects.filter(government=government, activities__year=args.year)
                 .distinct().order_by("path")[:3])
    unit = units[-1]
    now = timezone.now()
    # Work for the tasks: returned rows with reasons in the operator's unit, ...
    rows = Realization.objects.filter(activity__unit=unit, activity__year=args.year, quarter=4)
    Realization.objects.filter(pk__in=list(rows.values_list("pk", flat=True)[:5])).update(
        status=RealizationStatus.RETURNED, return_reason="Bukti fisik belum lengkap")
    # ... meetings: one still to come inviting every unit, one held and not closed, with follow-ups
    organizer = units[0]
    coming = Meeting.objects.create(
        government=government, organizer=organizer, title="Rakor TW IV", time_zone=government.time_zone,
        starts_at=now + dt.timedelta(days=4), ends_at=now + dt.timedelta(days=4, hours=3))
    held = Meeting.objects.create(
        government=government, organizer=organizer, title="Rakor TW III", time_zone=government.time_zone,
        starts_at=now - dt.timedelta(days=6), ends_at=now - dt.timedelta(days=6, hours=-3))
    all_units = list(Unit.objects.filter(government=government))
    Invitation.objects.bulk_create([Invitation(meeting=coming, unit=u, addressee=f"Kepala {u.name}")
                                    for u in all_units])
    for i, u in enumerate(all_units):
        action = FollowUp.objects.create(government=government, meeting=held, description=f"RTL {i}",
                                         due_date=timezone.localdate() + dt.timedelta(days=i % 12 - 4))
        action.responsible_units.set([u])
    # ... and acting heads (Plt) since long ago, without an end date.
    for i, u in enumerate(all_units[:20]):
        position = Position.objects.create(government=government, unit=u, title=f"Kepala {u.name}",
                                           is_unit_head=True, grade=PositionGrade.JPT_PRATAMA)
        person = Official.objects.create(government=government, name=f"Pejabat Bench {i}")
        PositionTerm.objects.create(position=position, official=person, capacity=Capacity.PLT,
                                    start=timezone.localdate() - dt.timedelta(days=30 * i))
    analyze()  # the planner's statistics, as a database in use has them (PostgreSQL)
    n = Activity.objects.filter(government=government, year=args.year).count()
    print(f"home pages over {government.name}: {n:,} activities of the year, unit {unit.name}", flush=True)

    def user(name: str, role: str, scope: list) -> User:
        account = User.objects.create_user(username=f"bench-{name}", password="x", role=role)  # noqa: S106
        account.scope_units.set(scope)
        return account

    return {
        "administrator": user("admin", Role.ADMINISTRATOR, []),
        "coordinator": user("coordinator", Role.COORDINATOR, [organizer]),
        "unit_head": user("head", Role.UNIT_HEAD, [unit]),
        "unit_operator": user("operator", Role.UNIT_OPERATOR, [unit]),
        "viewer": user("viewer", Role.VIEWER, [unit]),
    }


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timings(client, urls: tuple[str, ...], requests: int) -> dict[str, list[float]]:
    """`requests` timed GETs of each URL, interleaved (bare, home, bare, home, ...) so that both
    pages meet the same load of the shared machine; 3 untimed rounds first."""
    times: dict[str, list[float]] = {url: [] for url in urls}
    for i in range(requests + 3):
        for url in urls:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - start
            if response.status_code != 200:
                raise RuntimeError(f"{url}: {response.status_code}")
            if i >= 3:
                times[url].append(elapsed)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--province", default="64")
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--activities", type=int, default=30)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--year", type=int, default=dt.date.today().year)
    args = parser.parse_args(argv)
    os.environ.setdefault("SINERGI_DEBUG", "0")
    setup_django(load_regions=True)
    from django.db import connection
    from django.test import Client

    print(f"database: {connection.vendor}", flush=True)
    users = build(args)
    install_urls()
    from sinergi.reports.my_tasks import tasks_for

    failed = False
    lines = []
    for role, account in users.items():
        client = Client()
        client.force_login(account)
        measured = timings(client, (BARE_URL, "/"), args.requests)
        bare, home = measured[BARE_URL], measured["/"]
        ratio50 = quantile(home, 0.5) / quantile(bare, 0.5)
        ratio95 = quantile(home, 0.95) / quantile(bare, 0.95)
        ok = ratio50 <= LIMIT and ratio95 <= LIMIT
        failed |= not ok
        tasks = tasks_for(account)
        line = (f"{role:<14} home p50 {quantile(home, 0.5) * 1000:6.1f} ms  "
                f"p95 {quantile(home, 0.95) * 1000:6.1f} ms"
                f" | bare p50 {quantile(bare, 0.5) * 1000:5.1f} ms  p95 {quantile(bare, 0.95) * 1000:5.1f} ms"
                f" | p50 {ratio50:4.2f}x  p95 {ratio95:4.2f}x (limit {LIMIT:.0f}x) "
                f"{'ok' if ok else 'OVER'} | {len(tasks)} tasks, mean {statistics.fmean(home) * 1000:.1f} ms")
        print(line, flush=True)
        lines.append(line)
    print("verdict:", "over the limit" if failed else f"every role within {LIMIT:.0f}x the bare page")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
