"""Meeting pages: minutes (Markdown, shown sanitised), decisions and directives, commitments,
closing, amendments of a closed record, and the notulen/berita acara PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from sinergi.core.files import download_name, file_response
from sinergi.core.params import read_version
from sinergi.core.pdf import pdf_response
from sinergi.core.scope import Action, can
from sinergi.core.services import StaleEditError
from sinergi.core.views import actor_for
from sinergi.documents.steps import issue_from_post
from sinergi.meetings import closing, minutes, views_commitments
from sinergi.meetings.access import meeting_for
from sinergi.meetings.choices import CommitmentKind, DecisionKind
from sinergi.meetings.models import Commitment, Decision, Meeting


def section(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """Context for templates/meetings/_section_minutes.html on the meeting's detail page."""
    may_change = can(request.user, Action.CHANGE, meeting)
    return {
        "html": mark_safe(minutes.render(meeting.minutes)),
        "decisions": meeting.decisions.all(),
        "commitments": views_commitments.section_rows(request, meeting),
        "may_edit": may_change and not meeting.is_frozen,
        "may_amend": may_change and meeting.is_closed,
        "may_close": may_change and meeting.status in ("open", "planned"),
        "decision_kinds": DecisionKind.choices,
        "commitment_kinds": CommitmentKind.choices,
        "amendments": closing.amendments(meeting) if meeting.is_closed else [],
        # The issued notulen (closed meetings only: no query for the others).
        "issued": list(closing.issued_records(meeting)) if meeting.is_closed else [],
        "may_issue": may_change and meeting.is_closed,
    }


def _done(request: HttpRequest, meeting: Meeting, anchor: str = "minutes") -> HttpResponse:
    return redirect(meeting.get_absolute_url() + f"#{anchor}")


@login_required
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes editor: a Markdown textarea with help, a server-side preview (the same
    sanitised rendering as the page), save (stale version refused); on a closed meeting the save
    is an amendment and needs a reason."""
    meeting = meeting_for(request, pk, Action.CHANGE)
    if meeting.status == "cancelled":
        messages.error(request, _("The meeting was cancelled."))
        return _done(request, meeting)
    posted = request.method == "POST"
    text = request.POST.get("minutes", meeting.minutes) if posted else meeting.minutes
    version = read_version(request.POST, meeting.version) if posted else meeting.version
    reason = request.POST.get("reason", "")
    if request.method == "POST" and "preview" not in request.POST:
        try:
            if meeting.is_closed:
                closing.amend(
                    actor_for(request), meeting, {"minutes": text}, reason, expected_version=version
                )
            else:
                minutes.save_minutes(actor_for(request), meeting, text, expected_version=version)
        except StaleEditError:
            messages.error(request, _("Someone changed this meeting in the meantime; reload the page."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The minutes were saved."))
            return _done(request, meeting)
    return render(
        request,
        "meetings/minutes/edit.html",
        {
            "meeting": meeting,
            "text": text,
            "version": version,
            "reason": reason,
            "amend": meeting.is_closed,
            "preview": mark_safe(minutes.render(text)) if request.method == "POST" else None,
        },
    )


@login_required
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, Action.CHANGE)
    if request.method == "POST":
        text = request.POST.get("text", "").strip()
        kind = request.POST.get("kind", DecisionKind.DECISION)
        try:
            if not text or kind not in DecisionKind.values:
                raise ValidationError(_("Write the decision."))
            closing.add_decision(
                actor_for(request), meeting, text, kind, request.POST.get("given_by", "").strip()
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return _done(request, meeting)


@login_required
def decision_delete(request: HttpRequest, pk: int, decision: int) -> HttpResponse:
    meeting = meeting_for(request, pk, Action.CHANGE)
    row = get_object_or_404(Decision, meeting=meeting, pk=decision)
    if request.method == "POST":
        try:
            closing.delete_decision(actor_for(request), row)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return _done(request, meeting)


@login_required
def decision_edit(request: HttpRequest, pk: int, decision: int) -> HttpResponse:
    """POST kind/text/given_by (+ version): an edit while the meeting is not frozen, an amendment
    (with `reason`) once it is closed."""
    meeting = meeting_for(request, pk, Action.CHANGE)
    row = get_object_or_404(Decision.objects.select_related("meeting"), meeting=meeting, pk=decision)
    if request.method == "POST":
        changes = {k: request.POST[k].strip() for k in ("kind", "text", "given_by") if k in request.POST}
        version = read_version(request.POST, row.version)
        try:
            if changes.get("kind", row.kind) not in DecisionKind.values or not changes.get("text", row.text):
                raise ValidationError(_("Write the decision."))
            if meeting.is_closed:
                closing.amend(
                    actor_for(request), row, changes, request.POST.get("reason", ""), expected_version=version
                )
            else:
                closing.update_decision(actor_for(request), row, changes, expected_version=version)
        except StaleEditError:
            messages.error(request, _("Someone changed this decision in the meantime; reload the page."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The decision was saved."))
    return _done(request, meeting)


@login_required
def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: a confirmation page listing what will be frozen; POST: close (stale refused)."""
    meeting = meeting_for(request, pk, Action.CHANGE)
    if request.method == "POST":
        try:
            closing.close_meeting(
                actor_for(request),
                meeting,
                expected_version=read_version(request.POST, meeting.version),
            )
        except StaleEditError:
            messages.error(request, _("Someone changed this meeting in the meantime; reload the page."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The meeting was closed: its record is frozen."))
        return _done(request, meeting)
    return render(
        request,
        "meetings/minutes/close.html",
        {
            "meeting": meeting,
            "counts": {
                _("Agenda items"): meeting.agenda_items.count(),
                _("Invitations"): meeting.invitations.count(),
                _("Attendees"): meeting.attendances.count(),
                _("Decisions and directives"): meeting.decisions.count(),
                _("Follow-up actions (their progress is still reported)"): meeting.follow_ups.count(),
                _("Commitments"): meeting.commitments.count(),
            },
            "has_minutes": bool(meeting.minutes.strip()),
        },
    )


@login_required
def commitment_document(request: HttpRequest, pk: int, commitment: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    row = get_object_or_404(Commitment, meeting=meeting, pk=commitment)
    return file_response(row.document, download_name(row.document, row.document_name))


@login_required
def record_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    return pdf_response(closing.record_pdf(meeting), f"notulen-{meeting.pk}.pdf")


@login_required
def record_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue the notulen of a closed meeting (POST): a verifiable copy kept as issued."""
    meeting = meeting_for(request, pk)
    issue_from_post(request, allowed=can(request.user, Action.CHANGE, meeting),
                    issue=lambda: closing.issue_record(actor_for(request), meeting),
                    done=lambda _document: _("The record was issued."))
    return _done(request, meeting)


urlpatterns: list = [
    path("<int:pk>/record/issue/", record_issue, name="record_issue"),
    path("<int:pk>/minutes/", minutes_edit, name="minutes_edit"),
    path("<int:pk>/decisions/", decision_add, name="decision_add"),
    path("<int:pk>/decisions/<int:decision>/edit/", decision_edit, name="decision_edit"),
    path("<int:pk>/decisions/<int:decision>/delete/", decision_delete, name="decision_delete"),
    path("<int:pk>/commitments/<int:commitment>/document/", commitment_document, name="commitment_document"),
    path("<int:pk>/close/", meeting_close, name="meeting_close"),
    path("<int:pk>/record.pdf", record_pdf, name="record_pdf"),
]
