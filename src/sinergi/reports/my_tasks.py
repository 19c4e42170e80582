"""Tugas saya: what waits for a user, by role, as plain data (no request, writes nothing).

Each `Task` says what to do, how many rows wait, by when (the deadline and the days left counted
in the government's own zone: WIB, WITA, WIT) and where the work is done (`url`: an existing list
page with its filters). The home page and `GET /api/v1/me/tasks` show the same list.

What each role gets:

- unit operator: the open reporting periods of its governments (deadline, days left, how many of
  its activities are reported), its drafts not submitted, its rows returned with the latest
  reasons, invitations to its units not answered, cooperation evaluations to fill, follow-up
  actions due within 7 days or overdue;
- unit head: the same, plus what waits for its verification (submitted by someone else: the
  four-eyes rule of monitoring.services.verify) — realizations and cooperation evaluations;
- coordinator: per open period the units that have not reported and the rows waiting for
  verification, meetings held but not closed (minutes missing), agreements due for renewal
  (cooperation.rules), acting terms past their usual length, ending within 30 days, or acting
  heads without an end date (regions.rules), follow-up actions by unit, evaluations to verify;
- administrator: the coordinator's list over every government, at most ADMIN_GOVERNMENTS items
  of each kind (the nearest deadlines, the largest counts first);
- viewer: no tasks (the home page shows the government's summary).

Queries: a fixed number per role (aggregates grouped in the database), whatever the number of
rows; the only loops are over the user's scope units, open periods and governments.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.db.models import Count, Min, Q, Window
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from sinergi.cooperation.choices import AgreementStatus
from sinergi.cooperation.models import Agreement, Evaluation
from sinergi.cooperation.rules import MAX_RENEWAL_MONTHS, add_months
from sinergi.cooperation.services import renewals_due
from sinergi.core.formatting import long_date, zone_abbreviation
from sinergi.core.queries import compiled_rows
from sinergi.core.roles import Role
from sinergi.core.scope import scoped, user_scope
from sinergi.meetings import followups
from sinergi.meetings.choices import FOLLOW_UP_ACTIVE, LINE_ACTIVE, LineStatus, Rsvp
from sinergi.meetings.models import FollowUpLine, Invitation, Meeting
from sinergi.meetings.rules import UNFROZEN
from sinergi.monitoring.choices import EDITABLE_STATES, PeriodStatus, RealizationStatus
from sinergi.monitoring.models import Realization, ReportingPeriod
from sinergi.monitoring.rules import quarter_label
from sinergi.regions import rules as region_rules
from sinergi.regions.dashboard import scoped_governments
from sinergi.regions.models import Government, PositionTerm, Unit
from sinergi.reports import period_figures

DANGER, WARNING, INFO = "danger", "warning", "info"
SEVERITY_ORDER = {DANGER: 0, WARNING: 1, INFO: 2}
SOON_DAYS = 7  # a deadline this close is a warning
ADMIN_GOVERNMENTS = 5  # the administrator's list: at most this many items of each kind (the home
# page links to every reporting period: monitoring:period_list)
MAX_REASONS = 3  # the latest return reasons shown with the returned rows
MAX_FOLLOW_UP_UNITS = 10  # a coordinator's follow-up items: the units with the most actions

UNIT_ROLES = (Role.UNIT_OPERATOR, Role.UNIT_HEAD)
VERIFYING_ROLES = (Role.UNIT_HEAD, Role.COORDINATOR, Role.ADMINISTRATOR)


@dataclass(frozen=True)
class Task:
    kind: str
    title: str
    detail: str
    due_date: dt.date | None
    days_left: int | None
    count: int
    url: str
    severity: str

    @property
    def days_label(self) -> str:
        """`38 hari lagi`, `hari ini`, `lewat 3 hari` (empty without a deadline)."""
        if self.days_left is None:
            return ""
        if self.days_left == 0:
            return _("due today")
        if self.days_left > 0:
            return ngettext("%(n)s day left", "%(n)s days left", self.days_left) % {"n": self.days_left}
        late = -self.days_left
        return ngettext("%(n)s day overdue", "%(n)s days overdue", late) % {"n": late}


def _named(rows: list[tuple], *names: str) -> list[dict]:
    return [dict(zip(names, row, strict=True)) for row in rows]


def severity(days_left: int | None, *, urgent: bool = False) -> str:
    if urgent or (days_left is not None and days_left < 0):
        return DANGER
    if days_left is not None and days_left <= SOON_DAYS:
        return WARNING
    return INFO


@lru_cache(maxsize=4096)
def _reverse(urlconf: str | None, prefix: str, language: str | None, name: str, args: tuple) -> str:
    return reverse(name, args=args)  # the same for the same URLconf, script prefix and language


def _url(name: str, *args, **query) -> str:
    url = _reverse(get_urlconf(), get_script_prefix(), get_language(), name, args)
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


def _deadline(day: dt.date, zone: str) -> str:
    return _("deadline %(date)s (%(zone)s)") % {"date": long_date(day), "zone": zone_abbreviation(zone)}


@dataclass(frozen=True)
class Period:
    """An open reporting period, as the tasks read it."""

    pk: int
    government_id: int
    year: int
    quarter: int
    deadline: dt.date
    stamp: int = 0  # the government's rollup stamp, read with the period (period_figures)


@dataclass(frozen=True)
class ScopeUnit:
    """One of a unit role's scope units (the root of a subtree), as the tasks read it."""

    pk: int
    path: str
    government_id: int
    name: str
    short_name: str


@dataclass
class _Context:
    user: object
    role: str
    now: dt.datetime
    governments: dict[int, Government]
    today_by_government: dict[int, dt.date]
    scope_key: tuple = ()  # what the user's queries depend on: its id and scope

    def today(self, government_id: int) -> dt.date:
        return self.today_by_government[government_id]

    def named(self, text: str, government_id: int) -> str:
        """`text` with the government's short name when the user reaches several."""
        if len(self.governments) < 2:
            return text
        government = self.governments[government_id]
        return f"{government.short_name or government.name}: {text}"


def tasks_for(user, now: dt.datetime | None = None,
              governments: list[Government] | None = None) -> list[Task]:
    """What waits for `user` (most urgent first). `now` defaults to the current time;
    `governments`: the user's governments (regions.dashboard.scoped_governments), when the
    caller has read them already."""
    scope = user_scope(user)
    if not scope.role and not scope.is_global:
        return []
    role = Role.ADMINISTRATOR if scope.is_global else scope.role
    if role == Role.VIEWER:
        return []
    now = now or timezone.now()
    if governments is None:
        governments = scoped_governments(user)
    governments = {g.pk: g for g in governments}
    context = _Context(
        user=user, role=role, now=now, governments=governments,
        today_by_government={pk: now.astimezone(ZoneInfo(g.time_zone)).date()
                             for pk, g in governments.items()},
        scope_key=(user.pk, scope),
    )
    if not governments:
        return []
    ids = tuple(sorted(governments))
    periods = [Period(*row) for row in compiled_rows(("tasks:periods", ids), lambda: (
        ReportingPeriod.objects.filter(status=PeriodStatus.OPEN, government_id__in=ids)
        .annotate(stamp=period_figures.stamp_of())
        .order_by("deadline", "government_id", "year", "quarter")
        .values_list("pk", "government_id", "year", "quarter", "deadline", "stamp")))]
    tasks: list[Task] = []
    if role in UNIT_ROLES:
        roots, subtrees = _scope_units(scope.unit_paths)
        tasks += _unit_realization_tasks(context, roots, subtrees, periods)
        tasks += _invitation_tasks(context, roots)
    else:
        if role == Role.ADMINISTRATOR:
            periods = periods[:ADMIN_GOVERNMENTS]
        tasks += _coordinator_realization_tasks(context, periods)
        tasks += _meeting_tasks(context)
        tasks += _renewal_tasks(context)
        tasks += _acting_term_tasks(context)
    tasks += _evaluation_tasks(context)
    tasks += _follow_up_tasks(user, context.today_by_government)
    return sorted(tasks, key=lambda t: (SEVERITY_ORDER[t.severity],
                                        t.days_left if t.days_left is not None else 10**6))


# ---------------------------------------------------------------------------- monitoring


def _scope_units(paths: tuple[str, ...]) -> tuple[list[ScopeUnit], dict[str, list[int]]]:
    """The scope units (by path) and {root path: the ids of the units in its subtree}, in one
    query over the subtrees (read live: a unit moved elsewhere counts where it is now)."""
    if not paths:
        return [], {}

    def build():
        within = Q(pk__in=[])
        for path in paths:
            within |= Q(path__subtree=path)
        return (Unit.objects.filter(within).order_by("path")
                .values_list("pk", "path", "government_id", "name", "short_name"))

    roots, subtrees = [], {path: [] for path in paths}
    for row in compiled_rows(("tasks:scope-units", paths), build):
        pk, path = row[0], row[1]
        if path in subtrees:
            roots.append(ScopeUnit(*row))
        for root, ids in subtrees.items():
            if path == root or path.startswith(root + "."):
                ids.append(pk)
    return roots, subtrees


def _unit_realization_tasks(context: _Context, roots: list[ScopeUnit], subtrees: dict[str, list[int]],
                            periods: list[Period]) -> list[Task]:
    """Per scope unit and open period of its government: the period with its deadline, the
    drafts, the returned rows with their reasons and (heads) what waits for verification.
    The counts are the sums of the subtree's units (reports.period_figures)."""
    combos = [(u, p) for u in roots for p in periods if p.government_id == u.government_id]
    if not combos:
        return []
    user = context.user
    verifying = context.role == Role.UNIT_HEAD
    figures = period_figures.unit_figures([(p.government_id, p.year, p.quarter) for _u, p in combos],
                                          {p.government_id: p.stamp for _u, p in combos})
    totals = []
    with_returned = []  # (unit ids, government, year, quarter) of the combos with returned rows
    for unit, period in combos:
        per_unit = figures[(period.government_id, period.year, period.quarter)]
        total = period_figures.Totals()
        for unit_id in subtrees[unit.path]:
            if unit_id in per_unit:
                total.add(per_unit[unit_id], user.pk)
        totals.append(total)
        if total.returned:
            with_returned.append((tuple(subtrees[unit.path]), period.government_id, period.year,
                                  period.quarter))
    # The latest reasons, read only when rows were returned (a few rows, by index).
    returned = _returned_rows(context, tuple(with_returned), MAX_REASONS * len(combos))

    tasks = []
    for (unit, period), counted in zip(combos, totals, strict=True):
        zone = context.governments[period.government_id].time_zone
        days = (period.deadline - context.today(period.government_id)).days
        label = f"{quarter_label(period.quarter)} {period.year}"
        entry = ("monitoring:entry", unit.pk, period.year, period.quarter)
        total, reported = counted.activities, counted.reported
        missing = total - reported
        # Only while activities are left to report (none planned, or all reported: no task).
        if missing > 0:
            tasks.append(Task(
                kind="period_open",
                title=context.named(_("Report the realization of %(period)s: %(unit)s")
                                    % {"period": label, "unit": unit.short_name or unit.name},
                                    period.government_id),
                detail=_("Open for reporting, %(deadline)s. %(reported)s of %(total)s activities "
                         "reported.") % {"deadline": _deadline(period.deadline, zone),
                                         "reported": reported, "total": total},
                due_date=period.deadline, days_left=days, count=missing, url=_url(*entry),
                severity=severity(days),
            ))
        if counted.drafts:
            n = counted.drafts
            tasks.append(Task(
                kind="drafts",
                title=context.named(ngettext("%(n)s draft not submitted: %(period)s",
                                             "%(n)s drafts not submitted: %(period)s", n)
                                    % {"n": n, "period": label}, period.government_id),
                detail=_("Saved but not submitted yet: submit them before the deadline."),
                due_date=period.deadline, days_left=days, count=n,
                url=_url(*entry, status=RealizationStatus.DRAFT), severity=severity(days),
            ))
        if counted.returned:
            n = counted.returned
            reasons = [r for r in returned if r.quarter == period.quarter
                       and r.year == period.year
                       and r.government_id == period.government_id
                       and (r.unit_path == unit.path
                            or r.unit_path.startswith(unit.path + "."))][:MAX_REASONS]
            tasks.append(Task(
                kind="returned",
                title=context.named(ngettext("%(n)s row returned for correction: %(period)s",
                                             "%(n)s rows returned for correction: %(period)s", n)
                                    % {"n": n, "period": label}, period.government_id),
                detail="; ".join(f"{r.display_name}: {r.return_reason}" for r in reasons),
                due_date=period.deadline, days_left=days, count=n,
                url=_url(*entry, status=RealizationStatus.RETURNED),
                severity=severity(days, urgent=True),
            ))
        if verifying and counted.waiting:
            n = counted.waiting
            tasks.append(Task(
                kind="to_verify",
                title=context.named(ngettext("%(n)s realization waiting for your verification: "
                                             "%(period)s",
                                             "%(n)s realizations waiting for your verification: "
                                             "%(period)s", n)
                                    % {"n": n, "period": label}, period.government_id),
                detail=_("Submitted by the unit; verify them or return them with a reason."),
                due_date=None, days_left=None, count=n,
                url=_url("monitoring:verification", unit.pk, period.year, period.quarter,
                         status=RealizationStatus.SUBMITTED),
                severity=WARNING,
            ))
    return tasks


@dataclass(frozen=True)
class _Returned:
    quarter: int
    year: int
    government_id: int
    unit_path: str
    name: str
    nomenclature_id: int | None
    nomenclature_name: str | None
    return_reason: str

    @property
    def display_name(self) -> str:  # planning.models.Activity.display_name
        if self.name:
            return self.name
        return self.nomenclature_name if self.nomenclature_id else ""


def _returned_rows(context: _Context, combos: tuple, limit: int) -> list[_Returned]:
    """The latest returned rows of the units of `combos` ((unit ids, government, year, quarter))."""
    if not combos:
        return []

    def build():
        rows = Q(pk__in=[])
        for unit_ids, government_id, year, quarter in combos:
            rows |= Q(activity__unit_id__in=unit_ids, activity__government_id=government_id,
                      activity__year=year, quarter=quarter)
        return (scoped(Realization.objects.filter(rows, status=RealizationStatus.RETURNED), context.user)
                .order_by("-updated_at", "-pk")
                .values_list("quarter", "activity__year", "activity__government_id", "activity__unit__path",
                             "activity__name", "activity__nomenclature_id", "activity__nomenclature__name",
                             "return_reason")[:limit])

    key = ("tasks:returned", combos, limit, context.scope_key)
    return [_Returned(*row) for row in compiled_rows(key, build)]


def _coordinator_realization_tasks(context: _Context, periods: list[Period]) -> list[Task]:
    """Per open period: the units that have not reported every activity, and the rows waiting
    for verification (not submitted by the user), from each government's per-unit figures
    (reports.period_figures: computed once per version of the government's data)."""
    if not periods:
        return []
    figures = period_figures.government_figures([(p.government_id, p.year, p.quarter) for p in periods],
                                                {p.government_id: p.stamp for p in periods})
    missing_units, units, waiting, waiting_units = {}, {}, {}, {}
    for period in periods:
        key = period.pk
        counted = figures[(period.government_id, period.year, period.quarter)]
        units[key], missing_units[key] = counted.units, counted.missing_units
        waiting[key], waiting_units[key] = counted.waiting_for(context.user.pk)
    tasks = []
    for period in periods:
        zone = context.governments[period.government_id].time_zone
        days = (period.deadline - context.today(period.government_id)).days
        label = f"{quarter_label(period.quarter)} {period.year}"
        query = {"government": period.government_id, "year": period.year, "quarter": period.quarter}
        n = missing_units[period.pk]
        if n:
            tasks.append(Task(
                kind="units_not_reported",
                title=context.named(ngettext("%(n)s unit has not reported %(period)s",
                                             "%(n)s units have not reported %(period)s", n)
                                    % {"n": n, "period": label}, period.government_id),
                detail=_("%(n)s of %(total)s units with activities; %(deadline)s.")
                % {"n": n, "total": units[period.pk], "deadline": _deadline(period.deadline, zone)},
                due_date=period.deadline, days_left=days, count=n,
                url=_url("monitoring:summary", **query, show="missing"), severity=severity(days),
            ))
        n = waiting[period.pk]
        if n:
            tasks.append(Task(
                kind="to_verify",
                title=context.named(ngettext("%(n)s realization waiting for verification: %(period)s",
                                             "%(n)s realizations waiting for verification: %(period)s",
                                             n) % {"n": n, "period": label}, period.government_id),
                detail=ngettext("In %(n)s unit.", "In %(n)s units.", waiting_units[period.pk])
                % {"n": waiting_units[period.pk]},
                due_date=None, days_left=None, count=n,
                url=_url("monitoring:summary", **query, show="waiting"), severity=WARNING,
            ))
    return tasks


# ---------------------------------------------------------------------------- meetings


def _invitation_tasks(context: _Context, roots: list[ScopeUnit]) -> list[Task]:
    """Invitations to the user's units that are not answered, of meetings still to come."""
    if not roots:
        return []
    paths = tuple(unit.path for unit in roots)

    def build(now):
        units = Q(pk__in=[])
        for path in paths:
            units |= Q(unit__path__subtree=path)
        pending = Invitation.objects.filter(units, rsvp=Rsvp.PENDING, meeting__status__in=UNFROZEN,
                                            meeting__ends_at__gte=now)
        # The next meeting and, in the same query, how many are pending (a window over them all).
        return (pending.annotate(total=Window(Count("pk"))).order_by("meeting__starts_at", "pk")
                .values_list("total", "meeting__starts_at", "meeting__time_zone", "meeting__government_id",
                             "meeting__title")[:1])

    rows = compiled_rows(("tasks:invitations", paths), build, moments=(context.now,))
    if not rows:
        return []
    count, starts_at, time_zone, government_id, title = rows[0]
    start = starts_at.astimezone(ZoneInfo(time_zone))
    days = (start.date() - context.today_by_government.get(government_id, start.date())).days
    return [Task(
        kind="invitations",
        title=ngettext("%(n)s invitation not answered", "%(n)s invitations not answered", count)
        % {"n": count},
        detail=_("Next: %(title)s, %(date)s.") % {"title": title, "date": long_date(start.date())},
        due_date=start.date(), days_left=days, count=count,
        url=_url("meetings:meeting_list", invited="mine", rsvp=Rsvp.PENDING),
        severity=severity(days),
    )]


def _meeting_tasks(context: _Context) -> list[Task]:
    """Meetings that have ended but were not closed: their minutes are still to be written."""
    ids = tuple(context.governments)
    rows = compiled_rows(("tasks:meetings", ids, context.scope_key), lambda now: (
        scoped(Meeting.objects.filter(government_id__in=ids, status__in=UNFROZEN, ends_at__lt=now),
               context.user)
        .order_by().values("government_id").annotate(n=Count("pk"), first=Min("ends_at"))
        .order_by("first").values_list("government_id", "n", "first")[:ADMIN_GOVERNMENTS]),
        moments=(context.now,))
    tasks = []
    for row in _named(rows, "government_id", "n", "first"):
        government = context.governments[row["government_id"]]
        ended = row["first"].astimezone(ZoneInfo(government.time_zone)).date()
        days = (ended - context.today(government.pk)).days
        tasks.append(Task(
            kind="minutes_missing",
            title=context.named(ngettext("%(n)s meeting held but not closed",
                                         "%(n)s meetings held but not closed", row["n"])
                                % {"n": row["n"]}, government.pk),
            detail=_("Write the minutes and close them; the oldest ended on %(date)s.")
            % {"date": long_date(ended)},
            due_date=None, days_left=None, count=row["n"],
            url=_url("meetings:meeting_list", government=government.pk, minutes="missing"),
            severity=WARNING if days >= -SOON_DAYS else DANGER,
        ))
    return tasks


def _due_and_late(days: tuple[tuple[int, dt.date], ...]) -> tuple[Q, Q]:
    """Follow-up lines due within DUE_SOON_DAYS (or overdue), and overdue, each judged on its
    government's own day. The governments are grouped by their day (WIB, WITA and WIT share
    one for most of it): one condition per day, and none on the government when all share it
    (the callers' queries are limited to those governments)."""
    by_day: dict[dt.date, list[int]] = defaultdict(list)
    for government_id, today in days:
        by_day[today].append(government_id)
    due, late = Q(pk__in=[]), Q(pk__in=[])
    for today, ids in sorted(by_day.items()):
        within = Q() if len(by_day) == 1 else Q(follow_up__government_id__in=ids)
        due |= within & Q(due_date__lte=today + dt.timedelta(days=followups.DUE_SOON_DAYS))
        late |= within & Q(due_date__lt=today)
    return due, late


def _follow_up_tasks(user, today_by_government: dict[int, dt.date]) -> list[Task]:
    """Follow-up lines (one per responsible unit): those of the user's units due within 7 days
    or overdue, and returned with a reason (unit roles); by government, with the units
    concerned (coordinators, administrators); and the units' reports waiting for the user's
    assessment (of actions the user's units organized, or coordinate; any, for coordinators).
    One query: conditional counts over the lines that are any of those."""
    scope = user_scope(user)
    if not today_by_government or not (
        scope.is_global or scope.role in UNIT_ROLES or scope.role == Role.COORDINATOR
    ):
        return []
    unit_roles = not scope.is_global and scope.role in UNIT_ROLES
    days = tuple(sorted(today_by_government.items()))
    ids = [g for g, _d in days]
    coordinated = followups.coordinated_paths(user) if unit_roles else ()

    def build():
        due, late = _due_and_late(days)
        active = Q(status__in=LINE_ACTIVE)
        to_assess = Q(status=LineStatus.SUBMITTED)
        lines = FollowUpLine.objects.filter(follow_up__status__in=FOLLOW_UP_ACTIVE,
                                            follow_up__government_id__in=ids)
        if not unit_roles:
            wanted = active & due
            return (lines.filter(wanted | to_assess).values("follow_up__government_id")
                    .annotate(n=Count("pk", filter=wanted), late=Count("pk", filter=active & late),
                              units=Count("unit_id", distinct=True, filter=wanted),
                              first=Min("due_date", filter=wanted),
                              assess=Count("pk", filter=to_assess))
                    .order_by("first").values_list("follow_up__government_id", "n", "late", "units",
                                                    "first", "assess"))
        mine, organized = Q(pk__in=[]), Q(pk__in=[])
        for path in scope.unit_paths:
            mine |= Q(unit__path__subtree=path)
            organized |= Q(follow_up__meeting__organizer__path__subtree=path)
        for path in coordinated:
            organized |= Q(unit__path__subtree=path)
        wanted = active & mine & (due | Q(times_returned__gt=0))
        assess = to_assess & organized
        # Grouped by unit: a few rows for the user's own units, one per unit whose reports wait
        # (at most the government's units).
        return (lines.filter(wanted | assess)
                .values("follow_up__government_id", "unit_id", "unit__name")
                .annotate(n=Count("pk", filter=wanted & due), late=Count("pk", filter=wanted & late),
                          returned=Count("pk", filter=wanted & Q(times_returned__gt=0)),
                          first=Min("due_date", filter=wanted), assess=Count("pk", filter=assess))
                .order_by("first", "unit__name")
                .values_list("follow_up__government_id", "unit_id", "unit__name", "n", "late",
                             "returned", "first", "assess"))

    rows = compiled_rows(("tasks:follow-ups", days, scope, coordinated), build)
    to_assess: dict[int, int] = defaultdict(int)
    tasks = []
    if not unit_roles:
        # Coordinators: one item per government, the units named on the board it links to.
        for government_id, n, late_n, units, first, assess in rows:
            to_assess[government_id] += assess
            if not n:
                continue
            left = (first - today_by_government[government_id]).days
            tasks.append(Task(
                kind="follow_ups",
                title=ngettext("%(n)s follow-up line due or overdue in %(units)s units",
                               "%(n)s follow-up lines due or overdue in %(units)s units", n)
                % {"n": n, "units": units},
                detail=(ngettext("%(late)s of them overdue.", "%(late)s of them overdue.", late_n)
                        % {"late": late_n} + " " if late_n else "")
                + _("Remind the units from the board (per unit, on WhatsApp)."),
                due_date=first, days_left=left, count=n,
                url=_url("meetings:followup_board", government=government_id,
                         status="overdue" if late_n else "due_soon"),
                severity=severity(left),
            ))
        return tasks + _assessment_tasks(to_assess)

    shown = 0
    for government_id, unit_id, unit_name, n, late_n, returned, first, assess in rows:
        to_assess[government_id] += assess
        if not (n or returned) or shown >= MAX_FOLLOW_UP_UNITS:
            continue
        shown += 1
        if n:
            left = (first - today_by_government[government_id]).days
            tasks.append(Task(
                kind="follow_ups",
                title=ngettext("%(n)s follow-up action due: %(unit)s",
                               "%(n)s follow-up actions due: %(unit)s", n)
                % {"n": n, "unit": unit_name},
                detail=(ngettext("%(late)s of them overdue.", "%(late)s of them overdue.", late_n)
                        % {"late": late_n} + " " if late_n else "")
                + _("Due within %(days)s days or overdue; report their progress.")
                % {"days": followups.DUE_SOON_DAYS},
                due_date=first, days_left=left, count=n,
                url=_url("meetings:followup_board", government=government_id,
                         unit=unit_id, status="overdue" if late_n else "due_soon"),
                severity=severity(left),
            ))
        if returned:
            tasks.append(Task(
                kind="follow_ups_returned",
                title=ngettext("%(n)s follow-up report returned: %(unit)s",
                               "%(n)s follow-up reports returned: %(unit)s", returned)
                % {"n": returned, "unit": unit_name},
                detail=_("The organizer returned them with a reason: complete and report again."),
                due_date=None, days_left=None, count=returned,
                url=_url("meetings:followup_board", government=government_id,
                         unit=unit_id, status="in_progress"),
                severity=WARNING,
            ))
    return tasks + _assessment_tasks(to_assess)


def _assessment_tasks(to_assess: dict[int, int]) -> list[Task]:
    """Units' reports ("done", "cannot be done") waiting for the user's assessment, per
    government."""
    return [
        Task(
            kind="follow_ups_to_assess",
            title=ngettext("%(n)s follow-up report waits for your assessment",
                           "%(n)s follow-up reports wait for your assessment", n) % {"n": n},
            detail=_("Accept each unit's report, or return it with a reason."),
            due_date=None, days_left=None, count=n,
            url=_url("meetings:followup_board", government=government_id, status=LineStatus.SUBMITTED),
            severity=WARNING,
        )
        for government_id, n in sorted(to_assess.items()) if n
    ]


# ---------------------------------------------------------------------------- cooperation


def _evaluation_tasks(context: _Context) -> list[Task]:
    """Cooperation evaluations of open rounds: to fill (unit roles) and to verify (heads,
    coordinators: submitted by someone else)."""
    fills = context.role in UNIT_ROLES
    verifies = context.role in VERIFYING_ROLES
    ids = tuple(context.governments)
    names = ("round_id", "round__year", "round__deadline", "round__government_id", "to_fill", "waiting")
    rows = _named(compiled_rows(("tasks:evaluations", ids, context.scope_key), lambda: (
        scoped(Evaluation.objects.filter(round__closed_at__isnull=True, round__government_id__in=ids),
               context.user)
        .order_by().values("round_id", "round__year", "round__deadline", "round__government_id")
        .annotate(to_fill=Count("pk", filter=Q(status__in=EDITABLE_STATES)),
                  waiting=Count("pk", filter=Q(status=RealizationStatus.SUBMITTED)
                                & ~Q(submitted_by=context.user)))
        .order_by("round__deadline").values_list(*names)[:ADMIN_GOVERNMENTS])), *names)
    tasks = []
    for row in rows:
        government_id, deadline = row["round__government_id"], row["round__deadline"]
        days = (deadline - context.today(government_id)).days
        zone = context.governments[government_id].time_zone
        detail = _deadline(deadline, zone)
        if fills and row["to_fill"]:
            tasks.append(Task(
                kind="evaluations",
                title=context.named(ngettext("%(n)s cooperation evaluation %(year)s to fill",
                                             "%(n)s cooperation evaluations %(year)s to fill",
                                             row["to_fill"])
                                    % {"n": row["to_fill"], "year": row["round__year"]}, government_id),
                detail=detail, due_date=deadline, days_left=days, count=row["to_fill"],
                url=_url("cooperation:round_detail", row["round_id"], status="to_fill"),
                severity=severity(days),
            ))
        if verifies and row["waiting"]:
            tasks.append(Task(
                kind="evaluations_to_verify",
                title=context.named(ngettext("%(n)s cooperation evaluation %(year)s to verify",
                                             "%(n)s cooperation evaluations %(year)s to verify",
                                             row["waiting"])
                                    % {"n": row["waiting"], "year": row["round__year"]}, government_id),
                detail=detail, due_date=None, days_left=None, count=row["waiting"],
                url=_url("cooperation:round_detail", row["round_id"], status=RealizationStatus.SUBMITTED),
                severity=WARNING,
            ))
    return tasks


def _renewal_tasks(context: _Context) -> list[Task]:
    """Agreements in force whose end falls within their government's renewal window and that
    have no renewal yet (cooperation.services.renewals_due). Five queries."""
    earliest = min(context.today_by_government.values())
    horizon = add_months(max(context.today_by_government.values()), MAX_RENEWAL_MONTHS)
    ids = tuple(context.governments)
    found = compiled_rows(("tasks:renewals", ids, earliest, horizon, context.scope_key), lambda: (
        scoped(Agreement.objects.filter(government_id__in=ids, end__gte=earliest, end__lte=horizon),
               context.user)
        .exclude(terminated_on__lte=earliest).order_by().values_list("pk")))
    if not found:
        return []
    due = renewals_due(Agreement.objects.filter(pk__in=[pk for (pk,) in found]), context.today_by_government)
    tasks = []
    for government_id, agreements in sorted(due.items(), key=lambda kv: min(a.end for a in kv[1])):
        first = min(agreements, key=lambda a: a.end)
        days = (first.end - context.today(government_id)).days
        tasks.append(Task(
            kind="renewals",
            title=context.named(ngettext("%(n)s cooperation agreement due for renewal",
                                         "%(n)s cooperation agreements due for renewal",
                                         len(agreements)) % {"n": len(agreements)}, government_id),
            detail=_("First to end: %(title)s, on %(date)s.")
            % {"title": first.title, "date": long_date(first.end)},
            due_date=first.end, days_left=days, count=len(agreements),
            url=_url("cooperation:agreement_list", status=AgreementStatus.RENEWAL_DUE),
            severity=severity(days) if days <= SOON_DAYS else WARNING,
        ))
    return tasks[:ADMIN_GOVERNMENTS]


# ---------------------------------------------------------------------------- regions


def _acting_term_tasks(context: _Context) -> list[Task]:
    """Acting terms (Pj, Pjs, Plt, Plh) past their usual length, ending within 30 days, and
    acting heads without an end date (regions.rules), counted per government in one query."""
    days = tuple(sorted(context.today_by_government.items()))

    def build():
        by_day: dict[dt.date, list[int]] = defaultdict(list)
        for government_id, today in days:
            by_day[today].append(government_id)
        overrun, ending, open_ended = Q(pk__in=[]), Q(pk__in=[]), Q(pk__in=[])
        for today, ids in by_day.items():
            here = Q(position__government_id__in=ids)
            overrun |= here & PositionTerm.objects.overrunning_q(today)
            ending |= here & PositionTerm.objects.ending_soon_q(today)
            open_ended |= here & PositionTerm.objects.open_ended_head_q(today)
        return (scoped(PositionTerm.objects.filter(capacity__in=region_rules.ACTING_CAPACITIES,
                                                   position__government_id__in=[g for g, _d in days]),
                       context.user)
                .order_by().values("position__government_id")
                .annotate(overrun=Count("pk", filter=overrun), ending=Count("pk", filter=ending),
                          ending_first=Min("end", filter=ending),
                          open_ended=Count("pk", filter=open_ended))
                .values_list("position__government_id", "overrun", "ending", "ending_first", "open_ended"))

    rows = _named(compiled_rows(("tasks:acting", days, context.scope_key), build),
                  "position__government_id", "overrun", "ending", "ending_first", "open_ended")
    tasks = []
    for row in rows:
        government_id = row["position__government_id"]
        today = context.today(government_id)
        officials = ("regions:official_list",)
        if row["overrun"]:
            tasks.append(Task(
                kind="acting_overrun",
                title=context.named(ngettext("%(n)s acting term past its usual length",
                                             "%(n)s acting terms past their usual length",
                                             row["overrun"]) % {"n": row["overrun"]}, government_id),
                detail=_("Plt and Plh: 3 months, extendable once to 6; Pjs: 3 months; Pj: one "
                         "year at a time. Record the extension, the successor or the end."),
                due_date=None, days_left=None, count=row["overrun"],
                url=_url(*officials, government=government_id, acting="overrun"), severity=WARNING,
            ))
        if row["ending"]:
            days = (row["ending_first"] - today).days
            tasks.append(Task(
                kind="acting_ending",
                title=context.named(ngettext("%(n)s acting term ends within %(days)s days",
                                             "%(n)s acting terms end within %(days)s days",
                                             row["ending"])
                                    % {"n": row["ending"], "days": region_rules.ACTING_ENDING_DAYS},
                                    government_id),
                detail=_("The first ends on %(date)s: extend it or appoint the successor.")
                % {"date": long_date(row["ending_first"])},
                due_date=row["ending_first"], days_left=days, count=row["ending"],
                url=_url(*officials, government=government_id, acting="ending"), severity=severity(days),
            ))
        if row["open_ended"]:
            tasks.append(Task(
                kind="acting_open_ended",
                title=context.named(ngettext("%(n)s acting head without an end date",
                                             "%(n)s acting heads without an end date",
                                             row["open_ended"]) % {"n": row["open_ended"]},
                                    government_id),
                detail=_("Record the end date of the decree (SK) that appointed them."),
                due_date=None, days_left=None, count=row["open_ended"],
                url=_url(*officials, government=government_id, acting="open_ended"), severity=INFO,
            ))
    return tasks[: 3 * ADMIN_GOVERNMENTS]
