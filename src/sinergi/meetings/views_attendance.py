"""Meeting pages: attendance — the QR code (screen and print), the public check-in page a
participant opens on a phone (no account needed), the organizer's manual check-in, the
attendance list (daftar hadir) as PDF."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sinergi.core.clients import client_address
from sinergi.core.params import is_id
from sinergi.core.pdf import pdf_response
from sinergi.core.scope import Action, can
from sinergi.core.views import actor_for
from sinergi.meetings import attendance, documents, rules, whatsapp
from sinergi.meetings.access import meeting_for
from sinergi.meetings.choices import MeetingStatus, Rsvp
from sinergi.meetings.models import Attendance, Invitation, Meeting
from sinergi.meetings.qr import qr_png, qr_svg
from sinergi.regions.models import Unit


def checkin_url(request: HttpRequest, meeting: Meeting) -> str:
    return request.build_absolute_uri(reverse("meetings:checkin", args=[meeting.checkin_key]))


def section(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """Context for templates/meetings/_section_attendance.html on the meeting's detail page."""
    participants, rate, per_unit = attendance.presence(meeting)
    may_record = can(request.user, Action.CHANGE, meeting) and not meeting.is_frozen
    return {
        "checkin_whatsapp": (
            checkin_actions(request, meeting) if may_record and meeting.status == MeetingStatus.OPEN else []
        ),
        "participants": participants,
        "rate": rate,
        "per_unit": per_unit,
        "rows": meeting.attendances.select_related("unit").order_by("checked_in_at", "id"),
        "may_record": may_record,
        "units": attendance.unit_choices(meeting) if may_record else [],
        "invitations": meeting.invitations.order_by("addressee") if may_record else [],
    }


def checkin_actions(request: HttpRequest, meeting: Meeting) -> list:
    """One "Kirim lewat WhatsApp" of the check-in link per invitation whose people have not
    checked in yet: to the invited official, else the invited unit's head."""
    url = request.build_absolute_uri(reverse("meetings:checkin", args=[meeting.checkin_key]))
    present = set(meeting.attendances.exclude(invitation=None).values_list("invitation_id", flat=True))
    invited = [i for i in meeting.invitations.select_related("unit", "official").order_by("addressee")
               if i.pk not in present and i.rsvp != Rsvp.DECLINED]
    day = rules.local(timezone.now(), meeting.time_zone).date()
    recipients = whatsapp.invitation_recipients(invited, day)
    actions = []
    for invitation in invited:
        recipient = recipients[invitation.pk]
        message = whatsapp.checkin_message(meeting, recipient.addressee, url) if recipient.number else ""
        actions.append(whatsapp.action(recipient, message, invitation.unit))
    return actions


def _client(request: HttpRequest) -> str:
    return attendance.client_hash(client_address(request))


def _device(request: HttpRequest) -> str | None:
    """The device's id from its signed check-in cookie (None: no cookie, or not one we signed)."""
    return request.get_signed_cookie(
        attendance.DEVICE_COOKIE, default=None, salt=attendance.DEVICE_SALT,
        max_age=attendance.DEVICE_MAX_AGE,
    )


def _remember_device(response: HttpResponse, meeting: Meeting, device: str) -> HttpResponse:
    """Give the phone its own id for this meeting's check-in page, so that the rate limits count
    each phone apart even when a venue's Wi-Fi or a proxy gives everyone the same address."""
    response.set_signed_cookie(
        attendance.DEVICE_COOKIE, device, salt=attendance.DEVICE_SALT,
        max_age=attendance.DEVICE_MAX_AGE, path=reverse("meetings:checkin", args=[meeting.checkin_key]),
        secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
    )
    return response


@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, key: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("government", "organizer"), checkin_key=key)
    context: dict[str, Any] = {
        "meeting": meeting,
        "when": rules.when(meeting),
        "units": attendance.unit_choices(meeting),
        "invitations": meeting.invitations.order_by("addressee"),
        "values": {},
    }
    status = 200
    device = _device(request)
    if request.method == "POST":
        data = request.POST
        unit_id = data.get("unit", "")
        unit = (
            Unit.objects.filter(government=meeting.government, pk=int(unit_id)).first()
            if is_id(unit_id)
            else None
        )
        represents_id = data.get("represents", "")
        represents = (
            Invitation.objects.filter(meeting=meeting, pk=int(represents_id)).first()
            if is_id(represents_id)
            else None
        )
        try:
            result = attendance.public_checkin(
                meeting,
                client=_client(request),
                nonce=data.get("nonce", ""),
                name=data.get("name", ""),
                unit=unit,
                organization=data.get("organization", "").strip(),
                position=data.get("position", "").strip(),
                represents=represents,
                device=attendance.device_hash(device) if device else "",
            )
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
            context["values"] = data
            status = 429 if getattr(exc, "code", "") == "rate" else 200
        else:
            context["done"] = result.attendance
            context["already"] = (
                None if result.created else attendance.already_message(result.attendance, meeting.time_zone)
            )
            return render(request, "meetings/checkin_done.html", context)
    elif request.user.is_authenticated:
        context["values"] = {"name": request.user.get_full_name() or request.user.get_username()}
    context["nonce"] = attendance.new_nonce(meeting)
    context["accepting"] = meeting.status == "open"
    response = render(request, "meetings/checkin.html", context, status=status)
    if device is None:
        _remember_device(response, meeting, secrets.token_urlsafe(16))
    return response


@login_required
def meeting_qr(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, Action.CHANGE)
    url = checkin_url(request, meeting)
    if request.GET.get("format") == "png":
        return HttpResponse(qr_png(url), content_type="image/png")
    svg = mark_safe(qr_svg(url))
    return render(
        request, "meetings/qr.html", {"meeting": meeting, "url": url, "svg": svg, "when": rules.when(meeting)}
    )


@login_required
def attendance_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, Action.CHANGE)
    if request.method == "POST":
        data = request.POST
        unit_id = data.get("unit", "")
        unit = (
            Unit.objects.filter(government=meeting.government, pk=int(unit_id)).first()
            if is_id(unit_id)
            else None
        )
        represents_id = data.get("represents", "")
        represents = (
            Invitation.objects.filter(meeting=meeting, pk=int(represents_id)).first()
            if is_id(represents_id)
            else None
        )
        try:
            result = attendance.manual_checkin(
                actor_for(request),
                meeting,
                name=data.get("name", ""),
                unit=unit,
                organization=data.get("organization", "").strip(),
                position=data.get("position", "").strip(),
                represents=represents,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if result.created:
                messages.success(request, _("%(name)s was checked in.") % {"name": result.attendance.name})
            else:
                messages.info(request, attendance.already_message(result.attendance, meeting.time_zone))
    return redirect(meeting.get_absolute_url() + "#attendance")


@login_required
def attendance_delete(request: HttpRequest, pk: int, row: int) -> HttpResponse:
    meeting = meeting_for(request, pk, Action.CHANGE)
    record = get_object_or_404(Attendance, meeting=meeting, pk=row)
    if request.method == "POST":
        try:
            attendance.remove(actor_for(request), record)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(meeting.get_absolute_url() + "#attendance")


@login_required
def attendance_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    blank = request.GET.get("blank") == "1"
    return pdf_response(documents.attendance_pdf(meeting, blank=blank), f"daftar-hadir-{meeting.pk}.pdf")


urlpatterns: list = [
    path("checkin/<str:key>/", checkin, name="checkin"),
    path("<int:pk>/qr/", meeting_qr, name="meeting_qr"),
    path("<int:pk>/attendance/", attendance_add, name="attendance_add"),
    path("<int:pk>/attendance/<int:row>/delete/", attendance_delete, name="attendance_delete"),
    path("<int:pk>/attendance.pdf", attendance_pdf, name="attendance_pdf"),
]
