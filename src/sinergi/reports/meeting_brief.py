"""The meeting brief (bahan rakor) as PDF: for the meeting's invited units (all units of the
government when none is invited) and the period it reviews (the meeting's reviewed quarter; the
latest quarter of its year otherwise): each unit's achievement and band, the at-risk activities
with their kendala, reporting completeness, open follow-up actions from earlier meetings and
open problems, and the overdue milestones (tahapan terlambat). Every figure comes from
monitoring.rollups (the one place of the rules)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from sinergi.cooperation import evaluation as evaluations
from sinergi.core.formatting import long_date, percent, points, thousands
from sinergi.core.pdf import render_pdf
from sinergi.meetings import documents as meeting_documents
from sinergi.meetings import rules as meeting_rules
from sinergi.meetings.choices import FOLLOW_UP_ACTIVE, LINE_ACTIVE, LINE_CLOSED
from sinergi.meetings.models import FollowUp, FollowUpLine, Meeting
from sinergi.monitoring import rollups
from sinergi.monitoring.models import Realization
from sinergi.monitoring.services import year_end_goal
from sinergi.planning import rules as planning_rules
from sinergi.problems.choices import PROBLEM_OPEN_STATES
from sinergi.problems.models import Problem
from sinergi.regions.models import Unit

OVERDUE_LIMIT = 60
"""At most this many overdue milestones in the brief (the longest overdue first)."""


def _units(meeting: Meeting) -> list[Unit]:
    invited = Unit.objects.filter(invitations__meeting=meeting).distinct().order_by("path")
    return list(invited) or list(Unit.objects.filter(government=meeting.government).order_by("path"))


def brief_data(meeting: Meeting, user=None) -> dict[str, Any]:
    """The brief's content, in Indonesian whatever the reader's language, under the organizer's
    kop. `user`: the cooperation evaluations are those the user may see (as in the round's
    report: a unit's staff see their own unit's, coordinators all)."""
    with meeting_documents.indonesian():
        return _brief_data(meeting, user)


def _brief_data(meeting: Meeting, user=None) -> dict[str, Any]:
    today = timezone.localdate()
    year = meeting.period_year or meeting_rules.local(meeting.starts_at, meeting.time_zone).year
    quarter = meeting.period_quarter or 4
    units = _units(meeting)
    unit_ids = [u.pk for u in units]
    activities = rollups.activities_for(meeting.government_id, year).filter(unit_id__in=unit_ids)
    summary = rollups.unit_summary(activities, quarter, units)
    counts = rollups.completeness(activities, quarter)
    risks = rollups.activities_at_risk(activities, quarter)
    outlook = _forecast(activities, units, quarter, year_end_goal(meeting.government))
    at_risk_ids = [r.activity_id for r in risks]
    problems_text = dict(
        Realization.objects.filter(activity_id__in=at_risk_ids, quarter__lte=quarter)
        .exclude(problems="")
        .order_by("quarter")
        .values_list("activity_id", "problems")
    )
    names = {
        a.pk: (a.name, a.unit.name) for a in activities.filter(pk__in=at_risk_ids).select_related("unit")
    }
    overdue_on = meeting.government.today()
    overdue = list(rollups.overdue_milestones(activities, overdue_on)[:OVERDUE_LIMIT])
    follow_ups = (
        FollowUp.objects.filter(
            government=meeting.government,
            status__in=FOLLOW_UP_ACTIVE,
            meeting__starts_at__lt=meeting.starts_at,
        )
        .filter(Q(responsible_units__in=unit_ids))
        .distinct()
        .prefetch_related(
            Prefetch("lines", queryset=FollowUpLine.objects.select_related("unit").order_by("unit__name"))
        )
        .order_by("due_date")
    )
    problems = (
        Problem.objects.filter(
            government=meeting.government, status__in=PROBLEM_OPEN_STATES, unit_id__in=unit_ids
        )
        .select_related("unit")
        .order_by("-severity", "raised_on")
    )
    cooperation = []
    for evaluation_round in meeting.cooperation_rounds.all():
        for evaluation, score in evaluations.scored(evaluation_round, user):
            cooperation.append(
                {
                    "unit": evaluation.unit.name,
                    "agreement": evaluation.agreement.title,
                    "status": str(evaluation.get_status_display()),
                    "score": f"{score.value}",
                }
            )
    unit_counts = [counts[u.pk] for u in units if u.pk in counts]
    total = sum(unit_counts, rollups.Completeness(None, 0, 0, 0))
    return {
        # Every activity reported is what makes a unit count as reporting (as on the dashboard
        # and in the digest: rollups.Completeness.complete).
        "reporting": (
            f"{sum(c.complete for c in unit_counts)} dari {len(unit_counts)} unit melapor lengkap "
            f"({sum(c.partial for c in unit_counts)} sebagian, {sum(c.silent for c in unit_counts)} "
            f"belum melapor); {thousands(total.reported)} dari {thousands(total.activities)} kegiatan "
            "dilaporkan."
        ),
        "forecast": outlook,
        "cooperation": sorted(cooperation, key=lambda r: (r["unit"], r["agreement"])),
        "kop": meeting_documents.organizer_kop(meeting),
        "title": f"Bahan Rapat: {meeting.title}",
        "meeting": meeting.title,
        "government": meeting.government.name,
        "when": meeting_rules.when(meeting),
        "period": f"Triwulan {['I', 'II', 'III', 'IV'][quarter - 1]} {year}",
        # Ranked: only the units that reported every activity (rollups.rank_key); the others
        # are listed apart with their completeness.
        "units": [_unit_row(row) for row in summary if row.complete],
        "unranked": [_unit_row(row) for row in summary if not row.complete],
        "completeness": [
            {"name": u.name, "reported": f"{counts[u.pk].reported}/{counts[u.pk].activities}"}
            for u in units
            if u.pk in counts
        ],
        "risks": [
            {
                "activity": names.get(r.activity_id, ("", ""))[0],
                "unit": names.get(r.activity_id, ("", ""))[1],
                "kendala": problems_text.get(r.activity_id, "–"),
            }
            for r in risks[:60]
        ],
        "overdue": [
            {
                "activity": m.activity.display_name,
                "unit": m.activity.unit.name,
                "milestone": m.name,
                "planned": long_date(m.planned_date),
                "late": f"{thousands(planning_rules.days_late(m.planned_date, overdue_on))} hari",
            }
            for m in overdue
        ],
        "overdue_on": long_date(overdue_on),
        "follow_ups": [_follow_up_row(f, today) for f in follow_ups],
        "problems": [
            {
                "title": p.title,
                "unit": p.unit.name,
                "severity": str(p.get_severity_display()),
                "status": str(p.get_status_display()),
            }
            for p in problems
        ],
    }


def _forecast(activities, units, quarter: int, goal) -> dict[str, Any]:
    """The rakor's question (reports.forecast, against the government's own goal): where the units of the
    meeting stand, what the goal needs per remaining quarter, the year-end at the pace so far,
    and the units whose own pace cannot reach it."""
    from sinergi.reports import dashboard
    from sinergi.reports import forecast as forecasting

    total = rollups.total_rollup(activities, quarter)
    if total.count == 0:
        return {"text": "", "units": []}
    result = forecasting.build(activities, units, quarter, goal,
                               dashboard.trend(activities, quarter, total))
    t, goal = result.trajectory, percent(result.goal, 0)
    label = result.quarter_label
    if t.reached:
        text = f"Capaian {percent(t.current)} pada {label}: target akhir tahun {goal} sudah tercapai."
    elif not t.remaining_quarters:
        text = f"Tahun berakhir pada capaian {percent(t.current)}; target {goal} tidak tercapai."
    else:
        path = ", ".join(f"{q} {percent(v)}" for q, v in result.path)
        text = (f"Capaian {percent(t.current)} pada {label}. Untuk mencapai {goal} pada akhir tahun "
                f"diperlukan {points(t.required_per_quarter)} poin per triwulan tersisa ({path}). "
                f"Dengan laju sejauh ini capaian akhir tahun sekitar {percent(result.projection_shown)}"
                f"{' (di atas target)' if result.reachable_at_pace else ''}.")
        if result.incomplete:
            text += f" Laporan {label} belum lengkap: laju sebenarnya dapat lebih tinggi."
    return {"text": text, "goal": goal, "units": [
        {"name": pace.unit.name, "current": percent(pace.current),
         "needed": points(pace.trajectory.required_per_quarter) + " poin",
         "best": points(pace.trajectory.best_gain) + " poin"}
        for pace in result.unreachable]}


def _unit_row(row: rollups.UnitRow) -> dict:
    counts = row.completeness
    return {
        "name": row.unit.name,
        "achievement": percent(row.achievement) if row.achievement is not None else "–",
        "band": row.band.label_id if row.band else "–",
        "reported": f"{counts.reported}/{counts.activities}",
        "rate": percent(counts.rate, 0),
    }


def brief_pdf(meeting: Meeting, user=None) -> bytes:
    return render_pdf("reports/meeting_brief.typ", brief_data(meeting, user))


def _follow_up_row(follow_up: FollowUp, today) -> dict:
    """An open action as the brief lists it: the units whose line is still open (and how many of
    all are done), the earliest open due date, late when an open line is past it."""
    lines = list(follow_up.lines.all())  # prefetched with their units
    still_open = [line for line in lines if line.status not in LINE_CLOSED]
    closed = len(lines) - len(still_open)
    units = ", ".join(line.unit.name for line in still_open) or "–"
    if len(lines) > 1:
        units += f" ({closed}/{len(lines)} sesuai)"
    due = min((line.due_date for line in still_open), default=follow_up.due_date)
    late = any(line.status in LINE_ACTIVE and line.due_date < today for line in still_open)
    return {
        "text": follow_up.description,
        "due": long_date(due),
        "units": units,
        "overdue": "Terlambat" if late else "",
    }
