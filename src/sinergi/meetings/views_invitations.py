"""Meeting pages: invitations — invite units ("all kecamatan" in one step) and officials, answer
(RSVP, with a delegate), the invitation letters (PDF) and the .ics files."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _

from sinergi.core.params import is_id, read_pks, read_version
from sinergi.core.pdf import pdf_response
from sinergi.core.scope import Action, can, scoped
from sinergi.core.services import StaleEditError
from sinergi.core.views import actor_for
from sinergi.documents.steps import issue_from_post
from sinergi.meetings import ics, invitations, letters, rules, whatsapp
from sinergi.meetings.access import meeting_for
from sinergi.meetings.choices import Rsvp
from sinergi.meetings.followups import today_in
from sinergi.meetings.models import Invitation, Meeting
from sinergi.regions.models import Official, Unit


def section(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """Context for templates/meetings/_section_invitations.html on the meeting's detail page."""
    rows = list(
        meeting.invitations.select_related("unit", "official", "delegate").order_by("unit__name", "id")
    )
    counts = meeting.invitations.aggregate(
        accepted=Count("id", filter=Q(rsvp__in=(Rsvp.ACCEPTED, Rsvp.DELEGATED))),
        declined=Count("id", filter=Q(rsvp=Rsvp.DECLINED)),
        pending=Count("id", filter=Q(rsvp=Rsvp.PENDING)),
    )
    may_change = can(request.user, Action.CHANGE, meeting)
    may_invite = may_change and not meeting.is_frozen
    invited = {i.unit_id for i in rows if i.unit_id and not i.official_id}
    reach = whatsapp_actions(request, meeting, rows) if may_invite and rows else {}
    return {
        "rows": [
            (
                i,
                invitations.representation(i),
                invitations.may_answer(request.user, i, may_change) and not meeting.is_frozen,
                reach.get(i.pk),
            )
            for i in rows
        ],
        "counts": counts,
        "total": len(rows),
        "may_invite": may_invite,
        "may_issue": may_change,
        "issued": list(letters.issued_letters(meeting)),
        "units": (
            Unit.objects.filter(government=meeting.government)
            .exclude(pk__in=invited)
            .order_by("kind", "name")
            if may_invite
            else []
        ),
        "officials": Official.objects.filter(government=meeting.government).order_by("name")
        if not meeting.is_frozen
        else [],
        "rsvp_choices": [(v, label) for v, label in Rsvp.choices if v != Rsvp.PENDING],
    }


def whatsapp_actions(request: HttpRequest, meeting: Meeting, rows: list[Invitation]) -> dict:
    """{invitation id: whatsapp.Action}: the invitation as a WhatsApp message to the invited
    official, or to the invited unit's head, with the link to the meeting's invitations."""
    url = request.build_absolute_uri(meeting.get_absolute_url()) + "#invitations"
    zone = meeting.government.time_zone  # the invitees' government (see invitations.invite_units)
    recipients = whatsapp.invitation_recipients(rows, today_in(meeting.time_zone))
    return {
        pk: whatsapp.action(
            recipient,
            whatsapp.invitation_message(meeting, recipient.addressee, url, zone) if recipient.number else "",
        )
        for pk, recipient in recipients.items()
    }


@login_required
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, Action.CHANGE)
    if request.method == "POST":
        actor = actor_for(request)
        try:
            if request.POST.get("all_kecamatan"):
                created = invitations.invite_units(actor, meeting, invitations.all_district_offices(meeting))
            else:
                ids = read_pks(request.POST, "units")
                created = invitations.invite_units(
                    actor, meeting, Unit.objects.filter(government=meeting.government, pk__in=ids)
                )
                official_id = request.POST.get("official", "")
                if is_id(official_id):
                    official = get_object_or_404(Official, government=meeting.government, pk=int(official_id))
                    created.append(
                        invitations.invite_official(
                            actor, meeting, official, request.POST.get("addressee", "")
                        )
                    )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(count)s invited.") % {"count": len(created)})
    return redirect(meeting.get_absolute_url() + "#invitations")


@login_required
def uninvite(request: HttpRequest, pk: int, invitation: int) -> HttpResponse:
    meeting = meeting_for(request, pk, Action.CHANGE)
    row = get_object_or_404(Invitation, meeting=meeting, pk=invitation)
    if request.method == "POST":
        try:
            invitations.uninvite(actor_for(request), row)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(meeting.get_absolute_url() + "#invitations")


@login_required
def rsvp(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(
        Invitation.objects.select_related("meeting", "unit"),
        pk=pk,
        meeting__in=scoped(Meeting.objects.all(), request.user),
    )
    if request.method == "POST":
        delegate_id = request.POST.get("delegate", "")
        delegate = (
            Official.objects.filter(government=invitation.meeting.government, pk=int(delegate_id)).first()
            if is_id(delegate_id)
            else None
        )
        try:
            invitations.answer(
                actor_for(request),
                invitation,
                request.POST.get("rsvp", ""),
                delegate=delegate,
                delegate_name=request.POST.get("delegate_name", "").strip(),
                delegate_position=request.POST.get("delegate_position", "").strip(),
                note=request.POST.get("note", "").strip(),
                expected_version=read_version(request.POST, invitation.version),
            )
        except StaleEditError:
            messages.error(request, _("Someone changed this invitation in the meantime; reload the page."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The answer was recorded."))
    return redirect(invitation.meeting.get_absolute_url() + "#invitations")


@login_required
def invitation_letter(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(
        Invitation.objects.select_related("meeting__government", "meeting__organizer"),
        pk=pk,
        meeting__in=scoped(Meeting.objects.all(), request.user),
    )
    data = letters.letters_pdf(invitation.meeting, [invitation])
    return pdf_response(data, f"undangan-{invitation.meeting_id}-{invitation.pk}.pdf")


@login_required
def letters_all(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    rows = list(meeting.invitations.order_by("unit__name", "id"))
    return pdf_response(letters.letters_pdf(meeting, rows), f"undangan-{meeting.pk}.pdf")


@login_required
def issue_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue the invitation letter (POST): its agenda number, verification code and stored file
    (meetings.letters.issue_letters). Whoever may change the meeting."""
    meeting = meeting_for(request, pk)
    issue_from_post(
        request, allowed=can(request.user, Action.CHANGE, meeting),
        issue=lambda: letters.issue_letters(actor_for(request), meeting),
        done=lambda issued: _("The invitation letter %(number)s was issued.") % {"number": issued[0].number})
    return redirect(meeting.get_absolute_url() + "#invitations")


def _ics_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    data = ics.calendar_for(
        meeting, request.get_host().split(":")[0], request.build_absolute_uri(meeting.get_absolute_url())
    )
    day = rules.local(meeting.starts_at, meeting.time_zone)
    return _ics_response(data, f"rapat-{meeting.pk}-{day:%Y%m%d}.ics")


@login_required
def invitation_ics(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(
        Invitation.objects.select_related("meeting__organizer", "official"),
        pk=pk,
        meeting__in=scoped(Meeting.objects.all(), request.user),
    )
    meeting = invitation.meeting
    data = ics.calendar_for(
        meeting,
        request.get_host().split(":")[0],
        request.build_absolute_uri(meeting.get_absolute_url()),
        invitation,
    )
    return _ics_response(data, f"undangan-{meeting.pk}-{invitation.pk}.ics")


@login_required
def send(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, Action.CHANGE)
    if request.method == "POST":
        from django.db import transaction

        from sinergi.meetings.tasks_invitations import send_invitations
        from sinergi.notifications.services import unreachable_message, unreachable_units

        host = request.get_host().split(":")[0]
        transaction.on_commit(lambda: send_invitations.enqueue(meeting.pk, host))
        messages.success(request, _("The invitations are being sent by mail."))
        if not letters.issued_letters(meeting).exists():
            messages.warning(request, _("The letter was not issued yet: the mail carries the draft (KONSEP), "
                                        "without a number. Issue the letter first to send the signed one."))
        invited = Unit.objects.filter(pk__in=meeting.invitations.filter(
            unit__isnull=False, official__isnull=True).values("unit_id"))
        unreached = unreachable_units(invited)
        if unreached:
            names = ", ".join(u.name for u in unreached)
            messages.warning(request, f"{unreachable_message(len(unreached))}: {names}")
    return redirect(meeting.get_absolute_url() + "#invitations")


urlpatterns: list = [
    path("<int:pk>/invitations/send/", send, name="send_invitations"),
    path("<int:pk>/invite/", invite, name="invite"),
    path("<int:pk>/invitations/<int:invitation>/remove/", uninvite, name="uninvite"),
    path("invitations/<int:pk>/answer/", rsvp, name="rsvp"),
    path("invitations/<int:pk>/letter.pdf", invitation_letter, name="invitation_letter"),
    path("invitations/<int:pk>/event.ics", invitation_ics, name="invitation_ics"),
    path("<int:pk>/letters.pdf", letters_all, name="letters_all"),
    path("<int:pk>/letters/issue/", issue_letter, name="issue_letter"),
    path("<int:pk>/event.ics", meeting_ics, name="meeting_ics"),
]
