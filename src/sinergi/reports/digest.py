"""The weekly digest for leaders (the coordinator, the head of region): one government's week
in a minute, as plain data (no request, writes nothing) and its three renderings — Indonesian
WhatsApp-ready text (`digest_text`, also the email and notification body), a one-page A4 PDF
(`digest_pdf`, Typst) — and the page `/reports/digest/?government=<id>` (views_digest.py).

What it holds (`digest_for(government, today)`), every day judged in the government's own zone
(WIB, WITA, WIT):

- the week: Monday to Sunday around `today` (ISO week);
- the reporting period under review: the government's open period (the latest when several are
  open), else the latest one already opened; none before the first period;
- **units lagging** in that period — a unit with activities in the period's year is lagging when
  (a) it reported nothing for the quarter, (b) it reported only part of its activities
  (monitoring.rollups.completeness: submitted or verified realizations), or (c) its
  budget-weighted physical achievement *against the plan for the quarter*
  (achievement.achievement of the rollup's plan realization and plan, monitoring.rollups) falls
  in a band below `TARGET_BAND` (Sedang, ≥ 66 %: i.e. Rendah or Sangat Rendah,
  achievement.band). Units without a quarter plan are judged on (a) and (b) only. Not
  reported first, then the least complete, then the lowest achievement;
- **follow-up lines overdue by unit** (meetings.followups.overdue_lines: active lines past their
  due date, cancelled actions left out): per responsible unit the count and the oldest due date,
  the oldest first;
- **this week's meetings** of the government (cancelled ones left out), with the time in the
  government's zone;
- **agreements due for renewal** (cooperation.services.renewals_due: in force, the end within
  the government's renewal window, no renewal recorded), the soonest end first;
- headline figures: units reporting completely (every activity reported: the rule of
  monitoring.rollups.Completeness.complete, as on the dashboard), partly and not at all, the
  activities reported, the government's achievement against the plan
  and its band, budget absorbed, overdue lines and units, meetings, renewals.

Queries: a fixed number (about a dozen) whatever the number of units, activities, lines,
meetings or agreements: every count is an aggregate in the database; the only Python loops are
over units (aggregated rows), this week's meetings (at most MAX_MEETINGS) and the agreements
inside the renewal window.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Min, Q, Value, When
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sinergi.cooperation.models import Agreement
from sinergi.cooperation.services import renewals_due
from sinergi.core.formatting import local_time, long_date, percent, thousands, zone_abbreviation
from sinergi.core.pdf import render_pdf
from sinergi.meetings import followups
from sinergi.meetings.choices import MeetingStatus
from sinergi.meetings.models import FollowUpLine, Meeting
from sinergi.monitoring import achievement, rollups
from sinergi.monitoring.achievement import Band, Rollup
from sinergi.monitoring.choices import PeriodStatus
from sinergi.monitoring.models import ReportingPeriod
from sinergi.monitoring.rules import quarter_label
from sinergi.regions.choices import PositionGrade
from sinergi.regions.models import Government, Position, PositionTerm
from sinergi.regions.services import holder_on, holders_on

MESSAGE_LANGUAGE = "id"  # leaders read it in Indonesian, whatever the page language
TARGET_BAND = Band.SEDANG  # below this band (against the quarter's plan) a unit is lagging
LAGGING_BANDS = frozenset({Band.RENDAH, Band.SANGAT_RENDAH})
MAX_MEETINGS = 50  # this week's meetings listed at most (counted all)
TEXT_ITEMS = 5  # rows per section in the WhatsApp text
PDF_ITEMS = 8  # rows per section on the one-page PDF
TEXT_WIDTH = 70  # characters of a name or title in the text


# ---------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Week:
    monday: dt.date
    iso_year: int
    number: int

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def key(self) -> str:
        """`2024-W50`: the subject of the week's notification."""
        return f"{self.iso_year}-W{self.number:02d}"


def week_of(day: dt.date) -> Week:
    iso = day.isocalendar()
    return Week(day - dt.timedelta(days=iso.weekday - 1), iso.year, iso.week)


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int
    deadline: dt.date
    is_open: bool

    @property
    def label(self) -> str:
        return f"{quarter_label(self.quarter)} {self.year}"


@dataclass(frozen=True)
class LaggingUnit:
    unit_id: int
    name: str
    activities: int
    reported: int
    achievement: Decimal | None  # against the plan for the quarter, %
    band: Band | None

    @property
    def not_reported(self) -> bool:
        return self.reported == 0

    @property
    def incomplete(self) -> bool:
        return 0 < self.reported < self.activities

    @property
    def low(self) -> bool:
        return self.band in LAGGING_BANDS

    @property
    def short_reason(self) -> str:
        """`belum melapor`, `belum lengkap, di bawah rencana` (the PDF's column)."""
        parts = [_("not reported") if self.not_reported else _("incomplete") if self.incomplete else ""]
        if self.low and not self.not_reported:
            parts.append(_("below plan"))
        return ", ".join(p for p in parts if p)

    @property
    def reason(self) -> str:
        """`belum melapor (0 dari 5 kegiatan)`, `baru 3 dari 5 kegiatan melapor; capaian 45,0 %
        dari rencana (Sangat Rendah)` (in the active language)."""
        parts = []
        if self.not_reported:
            parts.append(_("not reported (0 of %(n)s activities)") % {"n": self.activities})
        elif self.incomplete:
            parts.append(_("only %(reported)s of %(n)s activities reported")
                         % {"reported": self.reported, "n": self.activities})
        if self.low and not self.not_reported:
            parts.append(_("achievement %(value)s of the plan (%(band)s)")
                         % {"value": percent(self.achievement), "band": self.band.label_id})
        return "; ".join(parts)


@dataclass(frozen=True)
class OverdueUnit:
    unit_id: int
    name: str
    lines: int
    oldest_due: dt.date


@dataclass(frozen=True)
class WeekMeeting:
    pk: int
    title: str
    starts: dt.datetime  # in the government's zone
    time: str  # `09.00–12.00 WITA`
    place: str
    url: str

    @property
    def day(self) -> dt.date:
        return self.starts.date()


@dataclass(frozen=True)
class Renewal:
    pk: int
    title: str
    end: dt.date
    days_left: int
    url: str


@dataclass
class Digest:
    government: Government
    today: dt.date
    zone: str
    week: Week
    url: str  # the digest page (a path within Sinergi)
    period: Period | None = None
    units: int = 0  # units with activities in the period's year
    units_complete: int = 0  # ... that reported every activity (rollups.Completeness.complete)
    units_partial: int = 0  # ... that reported some, not all
    units_silent: int = 0  # ... that reported none
    activities: int = 0
    activities_reported: int = 0
    achievement: Decimal | None = None  # the government's, against the plan for the quarter
    band: Band | None = None
    absorption: Decimal | None = None  # budget absorbed (Rp realized ÷ pagu), %
    lagging: list[LaggingUnit] = field(default_factory=list)
    overdue: list[OverdueUnit] = field(default_factory=list)
    meetings: list[WeekMeeting] = field(default_factory=list)
    meetings_total: int = 0
    renewals: list[Renewal] = field(default_factory=list)

    @property
    def overdue_lines(self) -> int:
        return sum(row.lines for row in self.overdue)

    @property
    def zone_label(self) -> str:
        return zone_abbreviation(self.zone)

    @property
    def government_label(self) -> str:
        return self.government.short_name or self.government.name


def plan_achievement(rollup: Rollup) -> Decimal | None:
    """Budget-weighted physical realization against the plan for the quarter, % (None without a
    plan): the figure a unit is banded on in the digest."""
    return achievement.achievement(rollup.physical_plan_realization, rollup.physical_plan)


def digest_url(government_id: int) -> str:
    return reverse("reports:digest") + f"?government={government_id}"


def today_in(government: Government, now: dt.datetime | None = None) -> dt.date:
    """The day it is in the government's zone."""
    return timezone.localdate(now or timezone.now(), ZoneInfo(government.time_zone))


def digest_for(government: Government, today: dt.date | None = None) -> Digest:
    """The government's week. `today` is the day in the government's zone (default: now there)."""
    zone = government.time_zone
    today = today or today_in(government)
    week = week_of(today)
    digest = Digest(government=government, today=today, zone=zone, week=week,
                    url=digest_url(government.pk))
    _monitoring(digest)
    digest.overdue = _overdue(government, today)
    digest.meetings, digest.meetings_total = _meetings(government, week, zone)
    digest.renewals = _renewals(government, today)
    return digest


def current_period(government: Government, today: dt.date) -> ReportingPeriod | None:
    """The open period (the latest when several are), else the latest already opened."""
    return (
        ReportingPeriod.objects.filter(Q(status=PeriodStatus.OPEN) | Q(opens_on__lte=today),
                                       government=government)
        .annotate(open_first=Case(When(status=PeriodStatus.OPEN, then=Value(0)), default=Value(1),
                                  output_field=IntegerField()))
        .order_by("open_first", "-year", "-quarter")
        .first()
    )


def _monitoring(digest: Digest) -> None:
    period = current_period(digest.government, digest.today)
    if period is None:
        return
    digest.period = Period(period.year, period.quarter, period.deadline, period.is_open)
    activities = rollups.activities_for(digest.government.pk, period.year)
    counts = rollups.completeness(activities, period.quarter)
    figures = rollups.unit_rollups(activities, period.quarter)
    names = dict(digest.government.units.filter(pk__in=list(counts)).values_list("pk", "name"))
    total = Rollup()
    lagging = []
    for unit_id, count in counts.items():
        rollup = figures.get(unit_id, Rollup())
        total += rollup
        value = plan_achievement(rollup)
        row = LaggingUnit(unit_id, names.get(unit_id, ""), count.activities, count.reported, value,
                          achievement.band(value))
        digest.activities += count.activities
        digest.activities_reported += count.reported
        digest.units_complete += count.complete
        digest.units_partial += count.partial
        digest.units_silent += count.silent
        if row.not_reported or row.incomplete or row.low:
            lagging.append(row)
    digest.units = len(counts)
    digest.achievement = plan_achievement(total)
    digest.band = achievement.band(digest.achievement)
    digest.absorption = total.absorption
    lagging.sort(key=lambda r: (not r.not_reported, r.reported / r.activities if r.activities else 0,
                                r.achievement if r.achievement is not None else Decimal(-1), r.name))
    digest.lagging = lagging


def _overdue(government: Government, today: dt.date) -> list[OverdueUnit]:
    rows = (
        followups.overdue_lines(FollowUpLine.objects.filter(follow_up__government=government), today)
        .values("unit_id", "unit__name")
        .annotate(n=Count("pk"), oldest=Min("due_date"))
        .order_by("oldest", "unit__name", "unit_id")
    )
    return [OverdueUnit(r["unit_id"], r["unit__name"], r["n"], r["oldest"]) for r in rows]


def _meetings(government: Government, week: Week, zone: str) -> tuple[list[WeekMeeting], int]:
    tz = ZoneInfo(zone)
    start = dt.datetime.combine(week.monday, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(week.monday + dt.timedelta(days=7), dt.time.min, tzinfo=tz)
    qs = (Meeting.objects.filter(government=government, starts_at__gte=start, starts_at__lt=end)
          .exclude(status=MeetingStatus.CANCELLED).order_by("starts_at", "pk"))
    rows = list(qs[:MAX_MEETINGS])
    total = len(rows) if len(rows) < MAX_MEETINGS else qs.count()
    meetings = []
    for m in rows:
        starts, ends = m.starts_at.astimezone(tz), m.ends_at.astimezone(tz)
        if m.time_known:
            time = local_time(m.starts_at, zone).rsplit(" ", 1)[0]
            time += "–" + (local_time(m.ends_at, zone) if ends.date() == starts.date()
                           else f"{_short_date(ends.date())} {local_time(m.ends_at, zone)}")
        else:
            time = _("time not stated")
        place = ", ".join(p for p in (m.venue, m.room) if p) or (_("online") if m.online_url else "")
        meetings.append(WeekMeeting(m.pk, m.title, starts, time, place, m.get_absolute_url()))
    return meetings, total


def _renewals(government: Government, today: dt.date) -> list[Renewal]:
    due = renewals_due(Agreement.objects.filter(government=government), {government.pk: today})
    return [Renewal(a.pk, a.title, a.end, (a.end - today).days, a.get_absolute_url())
            for a in due.get(government.pk, [])]


# ---------------------------------------------------------------------------- head of region


def head_of_region(government: Government, day: dt.date) -> PositionTerm | None:
    """The term of the official exercising the head-of-region office on `day`: the position of
    grade "head of region" without a unit (the first by order), else the one titled `Bupati
    <name>` / `Wali Kota <name>` / `Gubernur <name>` (regions.services.holder_on)."""
    position = (Position.objects.filter(government=government, unit__isnull=True,
                                        grade=PositionGrade.REGIONAL_HEAD)
                .order_by("order", "pk").first())
    if position is not None:
        holders = holders_on(position, day)
        return holders[0] if holders else None
    from sinergi.reports.evaluation_form import regional_head_title

    return holder_on(government.pk, regional_head_title(government), day)


# ---------------------------------------------------------------------------- text


def _short_date(day: dt.date) -> str:
    """`Sel 10 Des`."""
    return formats.date_format(day, "D j M")


def _clip(text: str, width: int = TEXT_WIDTH) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def full_url(path: str, base: str | None = None) -> str:
    """`path` on the site: after `base` (e.g. the page's own scheme and host), else
    settings.SINERGI_BASE_URL."""
    return (base or getattr(settings, "SINERGI_BASE_URL", "")).rstrip("/") + path


def _week_label(week: Week) -> str:
    return _("Week %(number)s, %(start)s – %(end)s") % {
        "number": week.number, "start": formats.date_format(week.monday, "j M"),
        "end": formats.date_format(week.sunday, "j M Y")}


def _headline(digest: Digest) -> list[str]:
    lines = []
    if digest.period is not None:
        lines.append(_("Reporting %(period)s: %(complete)s of %(units)s units complete (%(partial)s "
                       "partial, %(silent)s not reported); %(reported)s of %(activities)s activities "
                       "reported")
                     % {"period": digest.period.label, "complete": digest.units_complete,
                        "units": digest.units, "partial": digest.units_partial,
                        "silent": digest.units_silent, "reported": thousands(digest.activities_reported),
                        "activities": thousands(digest.activities)})
        if digest.achievement is not None:
            lines.append(_("Achievement against the plan: %(value)s (%(band)s)")
                         % {"value": percent(digest.achievement), "band": digest.band.label_id})
        if digest.absorption is not None:
            lines.append(_("Budget absorbed: %(value)s") % {"value": percent(digest.absorption)})
    lines.append(ngettext("Follow-ups overdue: %(lines)s line in %(units)s units",
                          "Follow-ups overdue: %(lines)s lines in %(units)s units", digest.overdue_lines)
                 % {"lines": digest.overdue_lines, "units": len(digest.overdue)})
    lines.append(_("Meetings this week: %(n)s") % {"n": digest.meetings_total})
    lines.append(_("Agreements to renew: %(n)s") % {"n": len(digest.renewals)})
    return lines


def _more(total: int, shown: int) -> list[str]:
    return [_("… and %(n)s more") % {"n": total - shown}] if total > shown else []


def _lagging_heading(digest: Digest) -> str:
    if digest.period is None:
        return _("Units lagging")
    return _("Units lagging (%(period)s, deadline %(date)s)") % {
        "period": digest.period.label, "date": formats.date_format(digest.period.deadline, "j M Y")}


def _lagging_lines(digest: Digest, limit: int) -> list[str]:
    if digest.period is None:
        return [_("No reporting period yet.")]
    if not digest.lagging:
        return [_("None: every unit reported and is on plan.")]
    return [f"{i}. {_clip(row.name, 50)}: {row.reason}"
            for i, row in enumerate(digest.lagging[:limit], start=1)] + _more(len(digest.lagging), limit)


def _overdue_text(row: OverdueUnit) -> str:
    return ngettext("%(n)s line, oldest due %(date)s", "%(n)s lines, oldest due %(date)s", row.lines) % {
        "n": row.lines, "date": formats.date_format(row.oldest_due, "j M Y")}


def _overdue_lines(digest: Digest, limit: int) -> list[str]:
    if not digest.overdue:
        return [_("None overdue.")]
    return [f"{i}. {_clip(row.name, 50)}: {_overdue_text(row)}"
            for i, row in enumerate(digest.overdue[:limit], start=1)] + _more(len(digest.overdue), limit)


def _meeting_lines(digest: Digest, limit: int) -> list[str]:
    if not digest.meetings_total:
        return [_("No meetings this week.")]
    lines = []
    for i, m in enumerate(digest.meetings[:limit], start=1):
        line = f"{i}. {_short_date(m.day)} {m.time}: {_clip(m.title)}"
        if m.place:
            line += f" ({_clip(m.place, 40)})"
        lines.append(line)
    return lines + _more(digest.meetings_total, min(limit, len(digest.meetings)))


def _renewal_text(row: Renewal) -> str:
    return _("ends %(date)s") % {"date": formats.date_format(row.end, "j M Y")}


def _renewal_lines(digest: Digest, limit: int) -> list[str]:
    if not digest.renewals:
        return [_("None due for renewal.")]
    return [f"{i}. {_clip(row.title)}: {_renewal_text(row)}"
            for i, row in enumerate(digest.renewals[:limit], start=1)] + _more(len(digest.renewals), limit)


def digest_title(digest: Digest) -> str:
    with translation.override(MESSAGE_LANGUAGE):
        return _("Weekly digest %(week)s: %(government)s") % {
            "week": digest.week.key, "government": digest.government_label}


def digest_text(digest: Digest, *, link: bool = True, limit: int = TEXT_ITEMS,
                base: str | None = None) -> str:
    """The digest as a WhatsApp message (Indonesian): short lines, section titles in *bold*, at
    most `limit` rows per section ("… dan 4 lainnya"), and the link to the page (`link=False`:
    without it, for a notification whose sender adds the link itself; `base`: the site's
    address, default settings.SINERGI_BASE_URL)."""
    with translation.override(MESSAGE_LANGUAGE):
        lines = [
            "*" + _("Weekly digest: %(government)s") % {"government": digest.government_label} + "*",
            _week_label(digest.week),
            "",
            "*" + _("At a glance") + "*",
            *[f"• {line}" for line in _headline(digest)],
            "",
            "*" + _lagging_heading(digest) + "*",
            *_lagging_lines(digest, limit),
            "",
            "*" + _("Follow-ups overdue by unit") + "*",
            *_overdue_lines(digest, limit),
            "",
            "*" + _("Meetings this week (%(zone)s)") % {"zone": digest.zone_label} + "*",
            *_meeting_lines(digest, limit),
            "",
            "*" + _("Agreements to renew") + "*",
            *_renewal_lines(digest, limit),
        ]
        if link:
            lines += ["", _("Details: %(url)s") % {"url": full_url(digest.url, base)}]
    return "\n".join(lines)


# ---------------------------------------------------------------------------- PDF


def pdf_data(digest: Digest, limit: int = PDF_ITEMS) -> dict:
    """What templates/reports/digest.typ prints: strings only, each list cut to `limit` rows
    with the rest counted (so the page always holds it)."""
    with translation.override(MESSAGE_LANGUAGE):
        def more(total: int, shown: int) -> str:
            return _more(total, shown)[0] if total > shown else ""

        return {
            "title": _("Weekly digest"),
            "government": digest.government.name,
            "week": _week_label(digest.week),
            "printed": _("As of %(date)s") % {"date": long_date(digest.today)},
            "headline": _headline(digest),
            "lagging_title": _lagging_heading(digest),
            "lagging_empty": "" if digest.period and digest.lagging else _lagging_lines(digest, 0)[0],
            "lagging": [{"name": _clip(r.name, 48), "reported": f"{r.reported}/{r.activities}",
                         "achievement": percent(r.achievement) if r.achievement is not None else "–",
                         "band": r.band.label_id if r.band else "–",
                         "reason": r.short_reason}
                        for r in digest.lagging[:limit]],
            "lagging_more": more(len(digest.lagging), limit),
            "overdue_title": _("Follow-ups overdue by unit"),
            "overdue_empty": _("None overdue.") if not digest.overdue else "",
            "overdue": [{"name": _clip(r.name, 70), "lines": str(r.lines),
                         "oldest": formats.date_format(r.oldest_due, "j M Y")}
                        for r in digest.overdue[:limit]],
            "overdue_more": more(len(digest.overdue), limit),
            "meetings_title": _("Meetings this week (%(zone)s)") % {"zone": digest.zone_label},
            "meetings_empty": _("No meetings this week.") if not digest.meetings_total else "",
            "meetings": [{"day": _short_date(m.day), "time": m.time, "title": _clip(m.title, 58),
                          "place": _clip(m.place, 28)} for m in digest.meetings[:limit]],
            "meetings_more": more(digest.meetings_total, min(limit, len(digest.meetings))),
            "renewals_title": _("Agreements to renew"),
            "renewals_empty": _("None due for renewal.") if not digest.renewals else "",
            "renewals": [{"title": _clip(r.title, 90), "end": formats.date_format(r.end, "j M Y"),
                          "days": ngettext("%(n)s day", "%(n)s days", r.days_left) % {"n": r.days_left}}
                         for r in digest.renewals[:limit]],
            "renewals_more": more(len(digest.renewals), limit),
            "labels": {
                "unit": _("Unit"), "reported": _("Reported"), "achievement": _("Against plan"),
                "band": _("Band"), "reason": _("Why"), "lines": _("Lines"), "oldest": _("Oldest due"),
                "day": _("Day"), "time": _("Time"), "meeting": _("Meeting"), "place": _("Place"),
                "agreement": _("Agreement"), "end": _("Ends"), "left": _("Left"),
            },
            "footer": full_url(digest.url),
        }


def digest_pdf(digest: Digest) -> bytes:
    """The digest on one A4 page (Typst: templates/reports/digest.typ)."""
    return render_pdf("reports/digest.typ", pdf_data(digest))
