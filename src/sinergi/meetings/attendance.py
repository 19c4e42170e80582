"""Attendance: who was present, checked in by QR code on a phone or by the organizer.

Rules (one place):
- check-in is accepted only while the meeting is open (in session);
- one check-in per person and meeting: the person key is the name without titles and degrees,
  case and spacing folded, with the unit or organisation ("Dr. Hasdiah, S.Sos." = "hasdiah");
- the public page is rate-limited within each meeting (counted in the database, so the limits
  hold across app servers; only hashes are stored): per device (a signed cookie the page sets;
  a client without it counts as its address), per name, and per client address with a generous
  ceiling, since a venue's Wi-Fi or a proxy puts many people behind one address. Each form
  carries a signed one-time nonce: a replayed, forged or expired form is refused and counted
  apart, per device, so a device sending garbage is throttled without touching the others;
- the attendance rate per invited unit: invited units with at least one person present.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.formatting import local_time
from sinergi.core.services import Actor, create_object, delete_object
from sinergi.meetings import rules
from sinergi.meetings.choices import CheckinMethod, MeetingStatus
from sinergi.meetings.models import Attendance, CheckinAttempt, Invitation, Meeting
from sinergi.regions.models import Unit
from sinergi.regions.rules import split_titles

NONCE_SALT = "sinergi.meetings.checkin"
NONCE_MAX_AGE = 2 * 3600
DEVICE_COOKIE = "sinergi_checkin"
DEVICE_SALT = "sinergi.meetings.checkin.device"
DEVICE_MAX_AGE = 7 * 24 * 3600
MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
FAILURE_WINDOW = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class Limits:
    """How many submissions one meeting takes (settings SINERGI_CHECKIN_*, read at each call)."""

    per_minute: int  # per device
    per_hour: int  # per device
    per_name: int  # per person key, an hour
    per_address: int  # per client address, an hour: the last backstop
    failures: int  # refused forms per device within FAILURE_WINDOW
    failures_per_address: int  # refused forms per address an hour; beyond, no longer recorded

    @classmethod
    def current(cls) -> Limits:
        return cls(
            per_minute=getattr(settings, "SINERGI_CHECKIN_PER_MINUTE", 10),
            per_hour=getattr(settings, "SINERGI_CHECKIN_PER_HOUR", 60),
            per_name=getattr(settings, "SINERGI_CHECKIN_PER_NAME", 5),
            per_address=getattr(settings, "SINERGI_CHECKIN_PER_ADDRESS", 300),
            failures=getattr(settings, "SINERGI_CHECKIN_FAILURES", 5),
            failures_per_address=getattr(settings, "SINERGI_CHECKIN_FAILURES_PER_ADDRESS", 100),
        )


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.casefold())).strip()


def person_key(name: str, unit: Unit | None = None, organization: str = "") -> str:
    bare = split_titles(name).name or name
    place = f"unit:{unit.pk}" if unit is not None else fold(organization)
    return f"{fold(bare)}|{place}"[:300]


def client_hash(address: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:64]


def device_hash(device: str) -> str:
    """The stored form of a device's check-in cookie (a random value the page signed)."""
    return client_hash(f"device:{device}")


def new_nonce(meeting: Meeting) -> str:
    return signing.TimestampSigner(salt=NONCE_SALT).sign(f"{meeting.pk}:{secrets.token_urlsafe(16)}")


class CheckinRefused(ValidationError):
    pass


def _refuse(message: str, code: str) -> CheckinRefused:
    return CheckinRefused(message, code=code)


def ensure_accepting(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.PLANNED:
        raise _refuse(
            _("The meeting has not been opened yet: check-in starts when it is in session."), "not_open"
        )
    if meeting.status != MeetingStatus.OPEN:
        raise _refuse(_("The meeting is no longer open for check-in."), "closed")


@dataclass(frozen=True)
class CheckinResult:
    attendance: Attendance
    created: bool


def _invitation_for(meeting: Meeting, unit: Unit | None, represents: Invitation | None) -> Invitation | None:
    if represents is not None:
        return represents
    if unit is not None:
        return meeting.invitations.filter(unit=unit, official__isnull=True).first()
    return None


def public_checkin(
    meeting: Meeting,
    *,
    client: str,
    nonce: str,
    name: str,
    unit: Unit | None,
    organization: str = "",
    position: str = "",
    represents: Invitation | None = None,
    device: str = "",
    now: dt.datetime | None = None,
) -> CheckinResult:
    """A participant's own check-in through the QR page. `client` is the hash of the address,
    `device` the hash of the device's cookie (empty: the address stands for the device)."""
    now = now or timezone.now()
    ensure_accepting(meeting)
    limits = Limits.current()
    device = device or client
    person = client_hash(f"person:{person_key(_clean_name(name), unit, organization)}")
    counts = CheckinAttempt.objects.filter(
        Q(device=device) | Q(person=person) | Q(client=client), meeting=meeting, at__gte=now - HOUR
    ).aggregate(
        device_failures=Count("pk", filter=Q(device=device, failed=True, at__gte=now - FAILURE_WINDOW)),
        device_minute=Count("pk", filter=Q(device=device, failed=False, at__gte=now - MINUTE)),
        device_hour=Count("pk", filter=Q(device=device, failed=False)),
        person=Count("pk", filter=Q(person=person, failed=False)),
        address=Count("pk", filter=Q(client=client, failed=False)),
        address_failures=Count("pk", filter=Q(client=client, failed=True)),
    )

    def refused_form(message: str, code: str) -> CheckinRefused:
        if counts["address_failures"] >= limits.failures_per_address:
            return _refuse(_("Too many refused forms from this network: wait a while and try again."), "rate")
        CheckinAttempt.objects.create(meeting=meeting, client=client, device=device, at=now, failed=True)
        return _refuse(message, code)

    if counts["device_failures"] >= limits.failures:
        raise _refuse(
            _("Too many expired or invalid forms from this device: wait a few minutes, then open the "
              "check-in page again."),
            "rate",
        )
    expired = _("This form has expired: open the check-in page again.")
    try:
        value = signing.TimestampSigner(salt=NONCE_SALT).unsign(nonce, max_age=NONCE_MAX_AGE)
    except signing.BadSignature:
        raise refused_form(expired, "nonce") from None
    if not value.startswith(f"{meeting.pk}:"):
        raise refused_form(expired, "nonce")
    if counts["device_minute"] >= limits.per_minute or counts["device_hour"] >= limits.per_hour:
        raise _refuse(_("Too many check-ins from this device: wait a minute and try again."), "rate")
    if counts["person"] >= limits.per_name:
        raise _refuse(_("This name was sent too often: wait a while and try again."), "rate")
    if counts["address"] >= limits.per_address:
        raise _refuse(_("Too many check-ins from this network: wait a while and try again."), "rate")
    try:
        with transaction.atomic():
            CheckinAttempt.objects.create(
                meeting=meeting, client=client, device=device, person=person, nonce=nonce[-64:], at=now
            )
    except IntegrityError:
        raise refused_form(_("This form was already sent: open the check-in page again."), "replay") from None
    result = _record(
        meeting,
        name=name,
        unit=unit,
        organization=organization,
        position=position,
        represents=represents,
        method=CheckinMethod.QR,
        now=now,
        actor=None,
    )
    CheckinAttempt.objects.filter(meeting=meeting, nonce=nonce[-64:]).update(accepted=result.created)
    return result


def _clean_name(name: str) -> str:
    return re.sub(r"\s+", " ", name or "").strip()


def _record(
    meeting: Meeting,
    *,
    name: str,
    unit: Unit | None,
    organization: str,
    position: str,
    represents: Invitation | None,
    method: str,
    now: dt.datetime,
    actor: Actor | None,
) -> CheckinResult:
    name = _clean_name(name)
    if not name:
        raise ValidationError({"name": [_("Write your name.")]})
    if unit is not None and unit.government_id != meeting.government_id:
        raise ValidationError({"unit": [_("The unit belongs to another government.")]})
    key = person_key(name, unit, organization)
    existing = Attendance.objects.filter(meeting=meeting, person_key=key).first()
    if existing:
        return CheckinResult(existing, False)
    invitation = _invitation_for(meeting, unit, represents)
    row = Attendance(
        meeting=meeting,
        invitation=invitation,
        name=name[:200],
        unit=unit,
        organization=(organization or (unit.name if unit else ""))[:250],
        position=position[:200],
        represents=(represents.addressee if represents else "")[:250],
        person_key=key,
        method=method,
        checked_in_at=now,
        recorded_by=actor.user if actor else None,
    )
    try:
        with transaction.atomic():
            if actor is not None:
                create_object(actor, row)
            else:
                row.full_clean()
                row.save()
    except IntegrityError:
        return CheckinResult(Attendance.objects.get(meeting=meeting, person_key=key), False)
    return CheckinResult(row, True)


def manual_checkin(
    actor: Actor,
    meeting: Meeting,
    *,
    name: str,
    unit: Unit | None,
    organization: str = "",
    position: str = "",
    represents: Invitation | None = None,
) -> CheckinResult:
    """The organizer checks someone in (audited). Allowed while the meeting is open, and also
    before it opens (people arriving early), never after it is closed."""
    rules.ensure_open_for_changes(meeting)
    return _record(
        meeting,
        name=name,
        unit=unit,
        organization=organization,
        position=position,
        represents=represents,
        method=CheckinMethod.MANUAL,
        now=timezone.now(),
        actor=actor,
    )


def remove(actor: Actor, attendance: Attendance) -> None:
    rules.ensure_open_for_changes(attendance.meeting)
    delete_object(actor, attendance)


def already_message(attendance: Attendance, zone: str) -> str:
    return _("You already checked in at %(time)s.") % {"time": local_time(attendance.checked_in_at, zone)}


@dataclass(frozen=True)
class UnitPresence:
    unit: str
    invited: bool
    present: int


def presence(meeting: Meeting) -> tuple[int, float | None, list[UnitPresence]]:
    """(participants, attendance rate of invited units, per invited unit) — one query each."""
    participants = Attendance.objects.filter(meeting=meeting).count()
    per_unit = list(
        Invitation.objects.filter(meeting=meeting, unit__isnull=False, official__isnull=True)
        .values("unit__name")
        .annotate(present=Count("attendances", distinct=True))
        .order_by("unit__name")
    )
    rows = [UnitPresence(r["unit__name"], True, r["present"]) for r in per_unit]
    rate = (sum(1 for r in rows if r.present) / len(rows) * 100) if rows else None
    return participants, rate, rows


def unit_choices(meeting: Meeting):
    invited = Unit.objects.filter(Q(invitations__meeting=meeting)).distinct().order_by("name")
    return (
        invited if invited.exists() else Unit.objects.filter(government=meeting.government).order_by("name")
    )
