"""Meeting pages: follow-up actions — created from a directive or on their own, progress updates
with evidence by the responsible units, cancel/reopen with a reason; the board per government and
per unit with completion rates and overdue actions; carry-over to the next meeting of a series."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from sinergi.core.files import download_name, file_response
from sinergi.core.params import is_id, parse_date_or_none, read_int, read_pk, read_pks, read_version
from sinergi.core.scope import Action, can, scoped
from sinergi.core.services import StaleEditError
from sinergi.core.views import actor_for, history_for
from sinergi.meetings import followups, whatsapp
from sinergi.meetings.access import meeting_for
from sinergi.meetings.choices import FOLLOW_UP_ACTIVE, FollowUpStatus
from sinergi.meetings.models import Decision, FollowUp, FollowUpUpdate, Meeting
from sinergi.regions.models import Government, Unit


def section(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """Context for templates/meetings/_section_followups.html on the meeting's detail page."""
    today = followups.today_in(meeting.time_zone)
    rows = meeting.follow_ups.prefetch_related("responsible_units").order_by("due_date", "id")
    may_change = can(request.user, Action.CHANGE, meeting)
    return {
        "rows": [(f, followups.is_overdue(f, today)) for f in rows],
        "completion": followups.completion_of(meeting, today),
        "may_add": may_change and not meeting.is_frozen,
        "proposed": followups.proposed_agenda(meeting) if may_change and not meeting.is_frozen else [],
    }


@login_required
def followup_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, Action.CHANGE)
    decision = Decision.objects.filter(meeting=meeting, pk=read_pk(request.GET, "decision") or 0).first()
    units = Unit.objects.filter(government=meeting.government).order_by("path")
    values = {"description": decision.text if decision else "", "due_date": "", "units": []}
    if request.method == "POST":
        values = {
            "description": request.POST.get("description", "").strip(),
            "due_date": request.POST.get("due_date", ""),
            "units": request.POST.getlist("units"),
        }
        due = parse_date_or_none(values["due_date"])
        chosen = list(units.filter(pk__in=[int(u) for u in values["units"] if is_id(u)]))
        decision = Decision.objects.filter(meeting=meeting, pk=read_pk(request.POST, "decision") or 0).first()
        try:
            if not values["description"] or due is None:
                raise ValidationError(_("Describe the action and give its due date."))
            followups.create(actor_for(request), meeting, values["description"], chosen, due, decision)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The follow-up action was recorded."))
            return redirect(meeting.get_absolute_url() + "#followups")
    return render(
        request,
        "meetings/followups/followup_form.html",
        {"meeting": meeting, "units": units, "decision": decision, "values": values},
    )


@login_required
def followup_detail(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(
        scoped(
            FollowUp.objects.select_related(
                "meeting__organizer", "meeting__government", "decision"
            ).prefetch_related("responsible_units"),
            request.user,
        ),
        pk=pk,
    )
    roles = followups.roles_of(request.user, follow_up)
    today = followups.today_in(follow_up.meeting.time_zone)
    steps = [
        (to, label)
        for to, label in FollowUpStatus.choices
        if (follow_up.status, to) in followups.TRANSITIONS
        and followups.TRANSITIONS[(follow_up.status, to)][0] & roles
    ]
    reminders = (
        reminder_actions(request, follow_up, today)
        if followups.ORGANIZER in roles and follow_up.status in FOLLOW_UP_ACTIVE
        else None
    )
    return render(
        request,
        "meetings/followups/followup_detail.html",
        {
            "follow_up": follow_up,
            "object": follow_up,
            "reminders": reminders,
            "overdue": followups.is_overdue(follow_up, today),
            "updates": follow_up.updates.select_related("author"),
            "steps": steps,
            "history": history_for(follow_up),
        },
    )


def reminder_actions(request: HttpRequest, follow_up: FollowUp, today) -> list[whatsapp.Action]:
    """One WhatsApp reminder per responsible unit, to the unit's head, linking to this page."""
    url = request.build_absolute_uri(follow_up.get_absolute_url())
    units = sorted(follow_up.responsible_units.all(), key=lambda u: u.name)  # prefetched
    heads = whatsapp.unit_heads(units, today)
    return [
        whatsapp.action(
            heads[unit.pk],
            whatsapp.follow_up_message(follow_up, heads[unit.pk].addressee, unit, url, today)
            if heads[unit.pk].number else "",
            unit,
        )
        for unit in units
    ]


@login_required
def followup_update(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(scoped(FollowUp.objects.select_related("meeting"), request.user), pk=pk)
    if request.method == "POST":
        try:
            followups.report(
                actor_for(request),
                follow_up,
                status=request.POST.get("status", follow_up.status),
                progress=read_int(request.POST, "progress", follow_up.progress, minimum=0, maximum=100),
                note=request.POST.get("note", ""),
                reason=request.POST.get("reason", ""),
                evidence=request.FILES.get("evidence"),
                expected_version=read_version(request.POST, follow_up.version),
            )
        except StaleEditError:
            messages.error(request, _("Someone changed this action in the meantime; reload the page."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The progress was recorded."))
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


@login_required
def followup_board(request: HttpRequest) -> HttpResponse:
    visible = scoped(
        FollowUp.objects.select_related("meeting", "government").prefetch_related("responsible_units"),
        request.user,
    )
    governments = Government.objects.filter(pk__in=visible.values("government_id")).order_by("name")
    government = governments.filter(pk=read_pk(request.GET, "government") or 0).first() or governments.first()
    rows = visible.filter(government=government) if government else visible.none()
    unit = request.GET.get("unit", "")
    if is_id(unit):
        rows = rows.filter(responsible_units=int(unit))
    status = request.GET.get("status", "")
    today = followups.today_in(government.time_zone) if government else None
    if status in FollowUpStatus.values:
        rows = rows.filter(status=status)
    elif status == "overdue" and today:
        rows = followups.overdue(rows, today)
    elif status == "due_soon" and today:
        rows = followups.due_soon(rows, today)
    rows = rows.distinct().order_by("due_date", "id")
    all_of_government = visible.filter(government=government) if government else visible.none()
    return render(
        request,
        "meetings/followups/board.html",
        {
            "government": government,
            "governments": governments,
            "rows": [(f, followups.is_overdue(f, today)) for f in rows[:300]],
            "by_unit": followups.completion_by_unit(all_of_government, today) if today else [],
            "counts": {s: all_of_government.filter(status=s).count() for s in FollowUpStatus.values},
            "overdue_count": followups.overdue(all_of_government, today).count() if today else 0,
            "statuses": FollowUpStatus.choices,
            "filters": request.GET,
            "units": Unit.objects.filter(government=government).order_by("name") if government else [],
        },
    )


urlpatterns: list = [
    path("follow-ups/", followup_board, name="followup_board"),
    path("follow-ups/<int:pk>/", followup_detail, name="followup_detail"),
    path("follow-ups/<int:pk>/update/", followup_update, name="followup_update"),
    path("follow-ups/evidence/<int:pk>/", evidence_download, name="followup_evidence"),
    path("<int:pk>/follow-ups/add/", followup_add, name="followup_add"),
    path("<int:pk>/follow-ups/carry-over/", carry_over, name="carry_over"),
]
