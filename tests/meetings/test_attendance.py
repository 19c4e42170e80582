"""Attendance: QR check-in only while the meeting is open, one per person (titles aside), rate
limit, replay and forged forms refused, manual check-in rights, rate per invited unit, the
daftar hadir PDF read back, the QR encoding the check-in URL."""

from __future__ import annotations

import io

import pytest
import segno
from django.urls import reverse
from pypdf import PdfReader

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.meetings import attendance, invitations, services
from sinergi.meetings.models import Attendance
from sinergi.meetings.qr import qr_svg
from tests import factories


@pytest.fixture
def open_meeting(world, meeting):
    invitations.invite_units(
        Actor(world.users[Role.COORDINATOR]), meeting, [world.kec_sangatta, world.bappeda]
    )
    return services.open_meeting(
        Actor(world.users[Role.COORDINATOR]), meeting, expected_version=meeting.version
    )


def checkin(client, meeting, **data):
    url = reverse("meetings:checkin", args=[meeting.checkin_key])
    page = client.get(url)
    nonce = page.context["nonce"] if page.context and "nonce" in page.context else ""
    return client.post(url, {"nonce": nonce, **data})


def test_person_key_ignores_titles_case_and_spacing(world):
    assert attendance.person_key("Dr. Hasdiah, S.Sos.", world.kec_sangatta) == attendance.person_key(
        "  hasdiah ", world.kec_sangatta
    )
    assert attendance.person_key("Hasdiah", world.kec_sangatta) != attendance.person_key(
        "Hasdiah", world.bappeda
    )


def test_check_in_from_a_phone_once_per_person(client, world, open_meeting):
    response = checkin(
        client, open_meeting, name="Dr. Hasdiah, S.Sos.", unit=world.kec_sangatta.pk, position="Camat"
    )
    assert response.status_code == 200 and 'data-testid="checkin-done"' in response.content.decode()
    again = checkin(client, open_meeting, name="HASDIAH", unit=world.kec_sangatta.pk)
    assert "09" in again.content.decode() or "WITA" in again.content.decode()
    assert Attendance.objects.filter(meeting=open_meeting).count() == 1
    row = Attendance.objects.get()
    assert row.invitation.unit == world.kec_sangatta and row.method == "qr"


def test_planned_or_closed_meeting_refuses(client, world, meeting):
    response = checkin(client, meeting, name="Hasdiah", unit=world.kec_sangatta.pk)
    assert 'data-testid="checkin-closed"' in response.content.decode()
    nonce = attendance.new_nonce(meeting)
    with pytest.raises(attendance.CheckinRefused):
        attendance.public_checkin(meeting, client="c", nonce=nonce, name="Hasdiah", unit=None)
    assert not Attendance.objects.exists()


def test_replayed_forged_and_flooded_forms_are_refused(world, open_meeting):
    nonce = attendance.new_nonce(open_meeting)
    attendance.public_checkin(
        open_meeting, client="phone-1", nonce=nonce, name="Ani", unit=None, organization="BPJS"
    )
    with pytest.raises(attendance.CheckinRefused) as replay:
        attendance.public_checkin(
            open_meeting, client="phone-1", nonce=nonce, name="Budi", unit=None, organization="BPJS"
        )
    assert replay.value.code == "replay"
    with pytest.raises(attendance.CheckinRefused) as forged:
        attendance.public_checkin(open_meeting, client="phone-1", nonce=nonce + "x", name="Budi", unit=None)
    assert forged.value.code == "nonce"
    for n in range(8):
        attendance.public_checkin(
            open_meeting,
            client="phone-2",
            nonce=attendance.new_nonce(open_meeting),
            name=f"Peserta {n}",
            unit=None,
            organization="Tamu",
        )
    with pytest.raises(attendance.CheckinRefused) as flood:
        for n in range(5):
            attendance.public_checkin(
                open_meeting,
                client="phone-2",
                nonce=attendance.new_nonce(open_meeting),
                name=f"Lagi {n}",
                unit=None,
                organization="Tamu",
            )
    assert flood.value.code == "rate"
    # Another device is not affected.
    attendance.public_checkin(
        open_meeting,
        client="phone-3",
        nonce=attendance.new_nonce(open_meeting),
        name="Citra",
        unit=None,
        organization="Tamu",
    )


def test_unknown_key_is_404(client, db):
    assert client.get(reverse("meetings:checkin", args=["nope"])).status_code == 404


def test_manual_check_in_rights_and_rate_per_unit(client, world, open_meeting):
    client.force_login(world.users[Role.VIEWER])
    assert (
        client.post(reverse("meetings:attendance_add", args=[open_meeting.pk]), {"name": "X"}).status_code
        == 403
    )
    client.force_login(factories.user("op-mimika", Role.UNIT_OPERATOR, [world.mimika_tapem]))
    assert (
        client.post(reverse("meetings:attendance_add", args=[open_meeting.pk]), {"name": "X"}).status_code
        == 404
    )
    client.force_login(world.users[Role.UNIT_OPERATOR])
    client.post(
        reverse("meetings:attendance_add", args=[open_meeting.pk]),
        {"name": "Hasdiah", "unit": world.kec_sangatta.pk, "position": "Camat"},
    )
    participants, rate, per_unit = attendance.presence(open_meeting)
    assert participants == 1 and rate == 50.0
    assert {(r.unit, r.present) for r in per_unit} == {(world.kec_sangatta.name, 1), (world.bappeda.name, 0)}


def test_attendance_pdf_and_qr(client, world, open_meeting):
    attendance.manual_checkin(
        Actor(world.users[Role.COORDINATOR]),
        open_meeting,
        name="Hasdiah",
        unit=world.kec_sangatta,
        position="Camat Sangatta Utara",
    )
    client.force_login(world.users[Role.UNIT_OPERATOR])
    response = client.get(reverse("meetings:attendance_pdf", args=[open_meeting.pk]))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "DAFTAR HADIR" in text and "Hasdiah" in text and "Camat Sangatta Utara" in text
    assert "Selasa, 10 Desember 2024" in text
    qr = client.get(reverse("meetings:meeting_qr", args=[open_meeting.pk]))
    url = f"http://testserver/meetings/checkin/{open_meeting.checkin_key}/"
    assert url in qr.content.decode()
    assert qr_svg(url) in qr.content.decode()
    assert segno.make(url, error="m").matrix  # the code on the page is this URL's
