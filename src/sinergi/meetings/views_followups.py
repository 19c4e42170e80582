"""Meeting pages: follow-up actions — created from a directive or on their own, progress updates
with evidence by the responsible units, cancel/reopen with a reason; the board per government and
per unit with completion rates and overdue actions; carry-over to the next meeting of a series."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from sinergi.core.files import download_name, file_response
from sinergi.core.forms import PercentField
from sinergi.core.params import (
    is_id,
    parse_date_or_none,
    read_int,
    read_pk,
    read_pks,
    read_version,
    read_year,
)
from sinergi.core.scope import Action, can, scoped
from sinergi.core.services import StaleEditError
from sinergi.core.views import actor_for, history_for
from sinergi.meetings import commitments, followups, whatsapp
from sinergi.meetings.access import meeting_for
from sinergi.meetings.choices import FOLLOW_UP_ACTIVE, LINE_ACTIVE, LINE_CLOSED, FollowUpStatus, LineStatus
from sinergi.meetings.models import Commitment, Decision, FollowUp, FollowUpLine, FollowUpUpdate, Meeting
from sinergi.regions.models import Government, Unit


def section(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """Context for templates/meetings/_section_followups.html on the meeting's detail page."""
    today = followups.today_in(meeting.time_zone)
    rows = list(meeting.follow_ups.prefetch_related("responsible_units").order_by("due_date", "id"))
    may_change = can(request.user, Action.CHANGE, meeting)
    counts = followups.line_counts([f.pk for f in rows])
    open_units = (
        Unit.objects.filter(
            follow_up_lines__follow_up__meeting=meeting,
            follow_up_lines__status__in=LINE_ACTIVE,
            follow_up_lines__follow_up__status__in=FOLLOW_UP_ACTIVE,
        ).distinct()
        if may_change
        else []
    )
    return {
        "rows": [(f, followups.is_overdue(f, today), counts.get(f.pk, (0, 0))) for f in rows],
        "unreachable": followups.unreachable_units(open_units, today) if may_change else [],
        "completion": followups.completion_of(meeting, today),
        "may_add": may_change and not meeting.is_frozen,
        "proposed": followups.proposed_agenda(meeting) if may_change and not meeting.is_frozen else [],
    }


@login_required
def followup_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, Action.CHANGE)
    decision = Decision.objects.filter(meeting=meeting, pk=read_pk(request.GET, "decision") or 0).first()
    commitment = Commitment.objects.filter(
        meeting=meeting, pk=read_pk(request.GET, "commitment") or 0
    ).first()
    units = Unit.objects.filter(government=meeting.government).order_by("path")
    values = {"description": decision.text if decision else "", "due_date": "", "units": []}
    if commitment is not None:
        # The commitment is carried out by the units its signatories commit.
        values["description"] = _("Carry out the commitment: %(title)s") % {"title": commitment.title}
        values["units"] = [str(u.pk) for u in commitments.signatory_units(commitment)]
    if request.method == "POST":
        values = {
            "description": request.POST.get("description", "").strip(),
            "due_date": request.POST.get("due_date", ""),
            "units": request.POST.getlist("units"),
        }
        due = parse_date_or_none(values["due_date"])
        chosen = list(units.filter(pk__in=[int(u) for u in values["units"] if is_id(u)]))
        decision = Decision.objects.filter(meeting=meeting, pk=read_pk(request.POST, "decision") or 0).first()
        commitment = Commitment.objects.filter(
            meeting=meeting, pk=read_pk(request.POST, "commitment") or 0
        ).first()
        try:
            if not values["description"] or due is None:
                raise ValidationError(_("Describe the action and give its due date."))
            followups.create(actor_for(request), meeting, values["description"], chosen, due, decision,
                             commitment=commitment)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The follow-up action was recorded."))
            return redirect(meeting.get_absolute_url() + "#followups")
    return render(
        request,
        "meetings/followups/followup_form.html",
        {"meeting": meeting, "units": units, "decision": decision, "commitment": commitment,
         "values": values},
    )


@login_required
def followup_detail(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(
        scoped(
            FollowUp.objects.select_related(
                "meeting__organizer", "meeting__government", "decision", "commitment"
            ).prefetch_related("responsible_units"),
            request.user,
        ),
        pk=pk,
    )
    today = followups.today_in(follow_up.meeting.time_zone)
    lines = list(follow_up.lines.select_related("unit", "assessed_by").order_by("unit__name", "id"))
    for line in lines:
        line.follow_up = follow_up
    updates = list(follow_up.updates.select_related("author", "line__unit"))
    organizer = followups.ORGANIZER in followups.roles_of(request.user, follow_up)
    reminders = (
        reminder_actions(request, follow_up, [line for line in lines if line.status in LINE_ACTIVE], today)
        if organizer and follow_up.status in FOLLOW_UP_ACTIVE
        else None
    )
    unreachable = (
        followups.unreachable_units([line.unit for line in lines if line.status in LINE_ACTIVE], today)
        if organizer and follow_up.status in FOLLOW_UP_ACTIVE
        else []
    )
    rows = [
        {
            "line": line,
            "overdue": followups.line_is_overdue(line, today),
            "steps": [
                (step.value, followups.STEP_LABELS[step])
                for step in followups.allowed_steps(request.user, line)
            ],
            "updates": [u for u in updates if u.line_id == line.pk],
        }
        for line in lines
    ]
    closed = sum(1 for line in lines if line.status in LINE_CLOSED)
    return render(
        request,
        "meetings/followups/followup_detail.html",
        {
            "follow_up": follow_up,
            "object": follow_up,
            "lines": rows,
            "closed": closed,
            "reminders": reminders,
            "unreachable": unreachable,
            "may_cancel": organizer and follow_up.status in FOLLOW_UP_ACTIVE,
            "may_set_due": organizer and follow_up.status in FOLLOW_UP_ACTIVE,
            "overdue": followups.is_overdue(follow_up, today) or any(row["overdue"] for row in rows),
            "action_updates": [u for u in updates if u.line_id is None],
            "history": history_for(follow_up),
            "commitment_progress": _commitment_progress(follow_up, today),
        },
    )


def _commitment_progress(follow_up: FollowUp, today) -> commitments.Progress | None:
    """Where the commitment this action carries out stands (its signatures and all its actions)."""
    if follow_up.commitment_id is None:
        return None
    commitment = follow_up.commitment
    return commitments.progress_of(commitment.signatories.all(), commitment.follow_ups.all(), today)


def reminder_actions(request: HttpRequest, follow_up: FollowUp, lines, today) -> list[whatsapp.Action]:
    """One WhatsApp reminder per open line, to the unit's head, linking to this page."""
    url = request.build_absolute_uri(follow_up.get_absolute_url())
    lines = sorted(lines, key=lambda line: line.unit.name)
    heads = whatsapp.unit_heads([line.unit for line in lines], today)
    return [
        whatsapp.action(
            heads[line.unit_id],
            whatsapp.follow_up_message(follow_up, heads[line.unit_id].addressee, line.unit, url, today, line)
            if heads[line.unit_id].number
            else "",
            line.unit,
        )
        for line in lines
    ]


@login_required
def unit_reminders(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator's page for one unit: its open follow-up lines (overdue first), one
    "Kirim lewat WhatsApp" with all of them, and one per line, to send in a row."""
    # The unit of any government the user sees (its lines are visible government-wide).
    unit = get_object_or_404(
        Unit.objects.select_related("government").filter(
            government__in=scoped(Government.objects.all(), request.user)
        ),
        pk=pk,
    )
    lines = list(
        scoped(FollowUpLine.objects.all(), request.user)
        .filter(unit=unit, status__in=LINE_ACTIVE, follow_up__status__in=FOLLOW_UP_ACTIVE)
        .select_related("follow_up__meeting", "unit")
        .order_by("due_date", "id")
    )
    lines = [line for line in lines if followups.ASSESSOR in followups.line_roles(request.user, line)]
    today = followups.today_in(unit.government.time_zone)
    head = whatsapp.unit_heads([unit], today)[unit.pk]
    board = request.build_absolute_uri(
        reverse("meetings:followup_board") + f"?government={unit.government_id}&unit={unit.pk}"
    )
    combined = (
        whatsapp.action(
            head,
            whatsapp.unit_follow_ups_message(
                head.addressee, unit, [(line, line.follow_up) for line in lines], board, today
            )
            if head.number
            else "",
            unit,
        )
        if lines
        else None
    )
    per_line = [
        (
            line,
            followups.line_is_overdue(line, today),
            whatsapp.action(
                head,
                whatsapp.follow_up_message(
                    line.follow_up,
                    head.addressee,
                    unit,
                    request.build_absolute_uri(line.follow_up.get_absolute_url()),
                    today,
                    line,
                )
                if head.number
                else "",
                unit,
            ),
        )
        for line in lines
    ]
    return render(
        request,
        "meetings/followups/unit_reminders.html",
        {"unit": unit, "combined": combined, "lines": per_line, "head": head, "today": today},
    )


def _write(request: HttpRequest, write: Callable[[], object], done: str, stale: str) -> None:
    """Run one audited write of a POST and say how it went (stale, refused with the reasons, done)."""
    try:
        write()
    except StaleEditError:
        messages.error(request, stale)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)


def _line_for(request: HttpRequest, pk: int) -> FollowUpLine:
    return get_object_or_404(
        scoped(FollowUpLine.objects.select_related("follow_up__meeting", "unit"), request.user), pk=pk
    )


def _back_to(line: FollowUpLine) -> HttpResponse:
    return redirect(reverse("meetings:followup_detail", args=[line.follow_up_id]) + f"#line-{line.pk}")


def _typed_progress(raw: str, current: int) -> int:
    """The progress a unit typed, the Indonesian way ("75", "75 %", "75,0"), as a whole
    percentage 0-100; empty keeps the current one. Anything else is a ValidationError that
    the page shows, not a 400."""
    value = PercentField(decimal_places=0, required=False).clean(raw)
    return current if value is None else int(value)


@login_required
def line_act(request: HttpRequest, pk: int) -> HttpResponse:
    """One step on one unit's line (POST): progress, report done, accept, return, ..."""
    line = _line_for(request, pk)
    if request.method == "POST":
        _write(
            request,
            lambda: followups.act(
                actor_for(request),
                line,
                request.POST.get("step", ""),
                progress=_typed_progress(request.POST.get("progress", ""), line.progress),
                note=request.POST.get("note", ""),
                reason=request.POST.get("reason", ""),
                evidence=request.FILES.get("evidence"),
                expected_version=read_version(request.POST, line.version),
            ),
            _("Recorded for %(unit)s.") % {"unit": line.unit.name},
            _("Someone changed this line in the meantime; reload the page."),
        )
    return _back_to(line)


@login_required
def line_due_date(request: HttpRequest, pk: int) -> HttpResponse:
    """The organizer gives one unit its own due date (POST)."""
    line = _line_for(request, pk)
    if request.method == "POST":
        due = parse_date_or_none(request.POST.get("due_date", ""))

        def write():
            if due is None:
                raise ValidationError(_("Give a date."))
            return followups.set_line_due_date(
                actor_for(request), line, due, expected_version=read_version(request.POST, line.version)
            )

        _write(
            request,
            write,
            _("Recorded for %(unit)s.") % {"unit": line.unit.name},
            _("Someone changed this line in the meantime; reload the page."),
        )
    return _back_to(line)


@login_required
def followup_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(scoped(FollowUp.objects.select_related("meeting"), request.user), pk=pk)
    if request.method == "POST":
        _write(
            request,
            lambda: followups.cancel(
                actor_for(request),
                follow_up,
                request.POST.get("reason", ""),
                expected_version=read_version(request.POST, follow_up.version),
            ),
            _("The follow-up action was cancelled."),
            _("Someone changed this action in the meantime; reload the page."),
        )
    return redirect("meetings:followup_detail", pk=follow_up.pk)


@login_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_object_or_404(FollowUpUpdate, pk=pk)
    if (
        not scoped(FollowUp.objects.filter(pk=update.follow_up_id), request.user).exists()
        or not update.evidence
    ):
        raise Http404
    return file_response(update.evidence, download_name(update.evidence, update.evidence_name))


@login_required
def carry_over(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, Action.CHANGE)
    if request.method == "POST":
        ids = read_pks(request.POST, "follow_ups")
        try:
            items = followups.carry_over(actor_for(request), meeting, ids)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(count)s put on the agenda.") % {"count": len(items)})
    return redirect(meeting.get_absolute_url() + "#agenda")


def _board_government(request: HttpRequest, visible):
    governments = Government.objects.filter(pk__in=visible.values("government_id")).order_by("name")
    government = governments.filter(pk=read_pk(request.GET, "government") or 0).first() or governments.first()
    return governments, government


@login_required
def followup_board(request: HttpRequest) -> HttpResponse:
    """Every action of a government, filtered by responsible unit and by the action's state or
    a line state; beside it the rapor per unit of the lines (on time, late, open, overdue)."""
    visible = scoped(
        FollowUp.objects.select_related("meeting", "government").prefetch_related("responsible_units"),
        request.user,
    )
    governments, government = _board_government(request, visible)
    rows = visible.filter(government=government) if government else visible.none()
    today = followups.today_in(government.time_zone) if government else None
    unit = read_pk(request.GET, "unit")
    status = request.GET.get("status", "")
    lines = (
        FollowUpLine.objects.filter(follow_up__government=government)
        if government
        else FollowUpLine.objects.none()
    )
    if unit:
        lines = lines.filter(unit_id=unit)
    if status in FollowUpStatus.values:
        rows = rows.filter(status=status)
    elif status in LineStatus.values:
        rows = rows.filter(pk__in=lines.filter(status=status).values("follow_up_id"))
    elif status == "overdue" and today:
        rows = rows.filter(pk__in=followups.overdue_lines(lines, today).values("follow_up_id"))
    elif status == "due_soon" and today:
        rows = rows.filter(pk__in=followups.due_soon_lines(lines, today).values("follow_up_id"))
    elif unit:
        rows = rows.filter(pk__in=lines.values("follow_up_id"))
    rows = list(rows.distinct().order_by("due_date", "id")[:300])
    counts = followups.line_counts([f.pk for f in rows])
    all_of_government = visible.filter(government=government) if government else visible.none()
    by_status = dict(
        all_of_government.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return render(
        request,
        "meetings/followups/board.html",
        {
            "government": government,
            "governments": governments,
            "rows": [(f, followups.is_overdue(f, today), counts.get(f.pk, (0, 0))) for f in rows],
            "by_unit": followups.completion_by_unit(
                FollowUpLine.objects.filter(follow_up__government=government), today
            )
            if today
            else [],
            "counts": {s: by_status.get(s, 0) for s in FollowUpStatus.values},
            "overdue_count": followups.overdue(all_of_government, today).count() if today else 0,
            "statuses": FollowUpStatus.choices,
            "line_statuses": LineStatus.choices,
            "filters": request.GET,
            "units": Unit.objects.filter(government=government).order_by("name") if government else [],
        },
    )


@login_required
def report_card(request: HttpRequest) -> HttpResponse:
    """Rapor tindak lanjut: per responsible unit, the lines of the meetings held in a period
    (a year, or one quarter of it): given, closed on time, closed late, awaiting assessment, open
    and overdue — for the evaluation of camat and OPD heads."""
    visible = scoped(FollowUp.objects.all(), request.user)
    governments, government = _board_government(request, visible)
    today = followups.today_in(government.time_zone) if government else None
    year = read_year(request.GET, "year", today.year if today else None, lenient=True)
    quarter = read_int(request.GET, "quarter", None, minimum=1, maximum=4, lenient=True)
    rows = []
    if government and year:
        lines = FollowUpLine.objects.filter(
            follow_up__government=government, follow_up__meeting__starts_at__year=year
        )
        if quarter:
            lines = lines.filter(
                follow_up__meeting__starts_at__month__gte=3 * quarter - 2,
                follow_up__meeting__starts_at__month__lte=3 * quarter,
            )
        rows = followups.completion_by_unit(lines, today)
    return render(
        request,
        "meetings/followups/report_card.html",
        {
            "government": government,
            "governments": governments,
            "year": year,
            "quarter": quarter,
            "rows": rows,
            "today": today,
        },
    )


urlpatterns: list = [
    path("follow-ups/", followup_board, name="followup_board"),
    path("follow-ups/<int:pk>/", followup_detail, name="followup_detail"),
    path("follow-ups/<int:pk>/cancel/", followup_cancel, name="followup_cancel"),
    path("follow-ups/lines/<int:pk>/", line_act, name="followup_line_act"),
    path("follow-ups/lines/<int:pk>/due-date/", line_due_date, name="followup_line_due_date"),
    path("follow-ups/report-card/", report_card, name="followup_report_card"),
    path("follow-ups/units/<int:pk>/remind/", unit_reminders, name="followup_unit_reminders"),
    path("follow-ups/evidence/<int:pk>/", evidence_download, name="followup_evidence"),
    path("<int:pk>/follow-ups/add/", followup_add, name="followup_add"),
    path("<int:pk>/follow-ups/carry-over/", carry_over, name="carry_over"),
]
