"""Closing a meeting: who may, from which status, what it freezes, and the audited amendment
path (reason required, note on the AuditEvent, version grows, decisions amendable too)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.core.services import Actor, StaleEditError
from sinergi.meetings import closing, minutes, services
from sinergi.meetings.choices import DecisionKind, MeetingStatus
from sinergi.meetings.models import Meeting
from tests import factories


@pytest.fixture
def organizer(world):
    return Actor(world.users[Role.UNIT_OPERATOR])


def fresh(meeting):
    return Meeting.objects.get(pk=meeting.pk)


def test_close_from_open_and_from_planned(world, meeting, organizer):
    closed = closing.close_meeting(organizer, meeting, expected_version=meeting.version)
    assert closed.status == MeetingStatus.CLOSED and closed.closed_by == organizer.user
    assert closed.closed_at is not None
    assert AuditEvent.objects.filter(object_id=str(meeting.pk), content_type__model="meeting").exists()
    with pytest.raises(ValidationError):  # already closed
        closing.close_meeting(organizer, closed, expected_version=closed.version)


def test_close_refuses_cancelled_stale_and_outsiders(world, meeting, organizer):
    with pytest.raises(StaleEditError):
        closing.close_meeting(organizer, meeting, expected_version=meeting.version - 1)
    with pytest.raises(PermissionDenied):
        closing.close_meeting(Actor(world.users[Role.VIEWER]), meeting, expected_version=meeting.version)
    cancelled = services.cancel_meeting(organizer, meeting, "Banjir", expected_version=meeting.version)
    with pytest.raises(ValidationError):
        closing.close_meeting(organizer, cancelled, expected_version=cancelled.version)


def test_everything_is_frozen_after_close(world, meeting, organizer, english):
    decision = closing.add_decision(organizer, meeting, "Perbarui DPT", DecisionKind.DIRECTIVE)
    meeting = closing.close_meeting(organizer, fresh(meeting), expected_version=None)
    message = "The meeting is closed: its record can only be amended, with a reason."
    with pytest.raises(ValidationError, match=message):
        closing.add_decision(organizer, meeting, "Terlambat", DecisionKind.DECISION)
    with pytest.raises(ValidationError, match=message):
        minutes.save_minutes(organizer, meeting, "x", expected_version=meeting.version)
    with pytest.raises(ValidationError, match=message):
        closing.update_decision(organizer, decision, {"text": "y"}, expected_version=decision.version)
    with pytest.raises(ValidationError, match=message):
        closing.delete_decision(organizer, decision)
    with pytest.raises(ValidationError, match=message):
        closing.add_commitment(organizer, meeting, title="Pakta", kind="pakta_integritas")


def test_adding_a_decision_after_close_shows_the_message(client, settings, world, meeting, organizer):
    closing.close_meeting(organizer, meeting, expected_version=meeting.version)
    client.force_login(organizer.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("meetings:decision_add", args=[meeting.pk])
    page = client.post(url, {"kind": "decision", "text": "Terlambat"}, follow=True)
    assert "its record can only be amended" in page.content.decode()
    assert not meeting.decisions.exists()


def test_amendment_of_minutes_and_decision_is_audited_with_its_reason(world, meeting, organizer):
    decision = closing.add_decision(organizer, meeting, "Rapat berikutnya Januari", DecisionKind.DECISION)
    meeting = minutes.save_minutes(organizer, fresh(meeting), "Dibuka 09.00", expected_version=None)
    meeting = closing.close_meeting(organizer, meeting, expected_version=meeting.version)
    version = meeting.version
    with pytest.raises(ValidationError):
        closing.amend(organizer, meeting, {"minutes": "x"}, "   ", expected_version=version)
    with pytest.raises(ValidationError):
        closing.amend(organizer, meeting, {"status": "open"}, "buka lagi", expected_version=version)
    with pytest.raises(ValidationError):  # nothing changed: no amendment recorded
        closing.amend(organizer, meeting, {"minutes": "Dibuka 09.00"}, "sama", expected_version=version)
    meeting = closing.amend(
        organizer, meeting, {"minutes": "Dibuka 09.15"}, "Salah jam", expected_version=version
    )
    assert meeting.version == version + 1 and fresh(meeting).minutes == "Dibuka 09.15"
    decision = closing.amend(
        Actor(world.users[Role.COORDINATOR]),
        decision,
        {"text": "Rapat berikutnya Februari"},
        "Jadwal bergeser",
        expected_version=decision.version,
    )
    assert decision.text == "Rapat berikutnya Februari"
    assert [reason for _date, reason in closing.amendments(meeting)] == ["Salah jam", "Jadwal bergeser"]
    notes = list(AuditEvent.objects.filter(note__contains="Salah jam").values_list("note", flat=True))
    assert len(notes) == 1
    with pytest.raises(StaleEditError):
        closing.amend(organizer, meeting, {"minutes": "z"}, "lagi", expected_version=version)


def test_who_may_amend(world, meeting, organizer):
    meeting = closing.close_meeting(organizer, meeting, expected_version=meeting.version)
    for user in (
        world.users[Role.VIEWER],
        factories.user("op-bappeda", Role.UNIT_OPERATOR, [world.bappeda]),
        factories.user("op-mimika", Role.UNIT_OPERATOR, [world.mimika_tapem]),
    ):
        with pytest.raises(PermissionDenied):
            closing.amend(Actor(user), meeting, {"minutes": "x"}, "alasan", expected_version=meeting.version)
    amended = closing.amend(
        Actor(world.users[Role.COORDINATOR]), meeting, {"minutes": "x"}, "alasan", expected_version=None
    )
    assert amended.minutes == "x"


def test_no_reopen(world, meeting, organizer):
    meeting = closing.close_meeting(organizer, meeting, expected_version=meeting.version)
    with pytest.raises(ValidationError):
        services.open_meeting(organizer, meeting, expected_version=meeting.version)
    assert fresh(meeting).status == MeetingStatus.CLOSED


def test_commitment_signatories_from_the_registry_and_outside(world, meeting, officials, organizer):
    commitment = closing.add_commitment(
        organizer,
        meeting,
        title="Komitmen Bersama Pemutakhiran DPT",
        kind="komitmen_bersama",
        signatories=[(officials.bupati, "Bupati Kutai Timur"), ("Ketua KPU Kutai Timur", "KPU"), (" ", ""),
                     ("", "Ketua Pokja")],
    )
    rows = list(commitment.signatories.order_by("order").values_list("order", "official", "name", "position"))
    # An empty row is left out; an office without a name is a signatory whose name is written
    # by hand on the document.
    assert rows == [
        (1, officials.bupati.pk, officials.bupati.full_name, "Bupati Kutai Timur"),
        (2, None, "Ketua KPU Kutai Timur", "KPU"),
        (3, None, "", "Ketua Pokja"),
    ]
    stranger = factories.official(world.mimika, "Pejabat Mimika")
    with pytest.raises(ValidationError):
        closing.add_commitment(
            organizer, meeting, title="Pakta", kind="pakta_integritas", signatories=[(stranger, "")]
        )


def test_commitment_scan_is_validated(world, meeting, organizer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):
        closing.add_commitment(
            organizer,
            meeting,
            title="Pakta",
            kind="pakta_integritas",
            document=SimpleUploadedFile("pakta.exe", b"MZ\x90\x00"),
        )
    assert not meeting.commitments.exists()
