"""Attendance: QR check-in only while the meeting is open, one per person (titles aside), rate
limits (per device, per name, refused forms per device, a ceiling per address: 60 people behind
one address check in), the address behind a trusted proxy only, replay and forged forms refused,
manual check-in rights, rate per invited unit, the daftar hadir PDF read back, the QR encoding
the check-in URL."""

from __future__ import annotations

import io

import pytest
import segno
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.meetings import attendance, invitations, services
from sinergi.meetings.models import Attendance, CheckinAttempt
from sinergi.meetings.qr import qr_svg
from tests import factories
from tests.meetings.conftest import make_meeting


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


def _post(client, meeting, nonce: str, **data):
    return client.post(reverse("meetings:checkin", args=[meeting.checkin_key]), {"nonce": nonce, **data})


def test_sixty_people_behind_one_address_all_check_in_within_a_minute(world, open_meeting):
    # A venue's Wi-Fi (or the production proxy) gives everyone the same REMOTE_ADDR; each phone
    # has its own check-in cookie, so each counts apart.
    for n in range(60):
        phone = Client(REMOTE_ADDR="10.20.30.40")
        response = checkin(phone, open_meeting, name=f"Peserta {n:02}", organization="Dinas Kominfo")
        assert response.status_code == 200, n
        assert 'data-testid="checkin-done"' in response.content.decode(), n
    assert Attendance.objects.filter(meeting=open_meeting).count() == 60
    assert CheckinAttempt.objects.filter(meeting=open_meeting).values("device").distinct().count() == 60


def test_the_device_cookie_is_signed_per_meeting_and_http_only(world, open_meeting):
    phone = Client()
    url = reverse("meetings:checkin", args=[open_meeting.checkin_key])
    cookie = phone.get(url).cookies[attendance.DEVICE_COOKIE]
    assert cookie["httponly"] and cookie["path"] == url and cookie["samesite"] == "Lax"
    # Kept, not renewed, on the next visit.
    assert attendance.DEVICE_COOKIE not in phone.get(url).cookies
    # A cookie the server did not sign is no device: the client counts as its address.
    forged = Client()
    forged.cookies[attendance.DEVICE_COOKIE] = "made-up"
    _post(forged, open_meeting, attendance.new_nonce(open_meeting), name="Ani", organization="Tamu")
    assert CheckinAttempt.objects.get().device == attendance.client_hash("127.0.0.1")


def test_a_device_sending_garbage_is_throttled_without_touching_the_others(world, open_meeting):
    pest, guest = Client(), Client()
    pest.get(reverse("meetings:checkin", args=[open_meeting.checkin_key]))
    for _ in range(5):
        response = _post(pest, open_meeting, "garbage", name="Hasdiah", unit=world.kec_sangatta.pk)
        assert response.status_code == 200 and 'data-testid="checkin-error"' in response.content.decode()
    assert _post(pest, open_meeting, "garbage", name="Hasdiah").status_code == 429
    # Throttled even with a good form: its failures are its own count ...
    assert checkin(pest, open_meeting, name="Budi", organization="Tamu").status_code == 429
    # ... and another phone on the same address, even for the name the garbage carried, checks in.
    response = checkin(guest, open_meeting, name="Hasdiah", unit=world.kec_sangatta.pk)
    assert response.status_code == 200 and 'data-testid="checkin-done"' in response.content.decode()
    assert list(Attendance.objects.values_list("name", flat=True)) == ["Hasdiah"]


def test_refused_forms_from_one_address_stop_being_recorded(settings, world, open_meeting):
    settings.SINERGI_CHECKIN_FAILURES_PER_ADDRESS = 3
    for n in range(3):
        with pytest.raises(attendance.CheckinRefused) as refused:
            attendance.public_checkin(
                open_meeting, client="wifi", device=f"d{n}", nonce="x", name="A", unit=None
            )
        assert refused.value.code == "nonce"
    with pytest.raises(attendance.CheckinRefused) as refused:
        attendance.public_checkin(open_meeting, client="wifi", device="d9", nonce="x", name="A", unit=None)
    assert refused.value.code == "rate"
    assert CheckinAttempt.objects.filter(failed=True).count() == 3
    # A good form from that address is not refused for others' garbage.
    attendance.public_checkin(
        open_meeting, client="wifi", device="d9", nonce=attendance.new_nonce(open_meeting), name="Ani",
        unit=None, organization="Tamu",
    )


def test_the_same_name_over_and_over_is_limited(world, open_meeting):
    def send(device: str, name: str = "Dr. Hasdiah, S.Sos."):
        return attendance.public_checkin(
            open_meeting, client="wifi", device=device, nonce=attendance.new_nonce(open_meeting),
            name=name, unit=world.kec_sangatta,
        )

    assert send("phone-0").created
    for n in range(1, 5):
        assert not send(f"phone-{n}", "HASDIAH").created
    with pytest.raises(attendance.CheckinRefused) as flood:
        send("phone-5")
    assert flood.value.code == "rate"
    assert send("phone-5", "Rizali Hadi").created


def test_a_generous_ceiling_per_address_and_meeting(settings, world, open_meeting):
    settings.SINERGI_CHECKIN_PER_ADDRESS = 3

    def send(meeting, client: str, n: int):
        return attendance.public_checkin(
            meeting, client=client, device=f"{client}-{n}", nonce=attendance.new_nonce(meeting),
            name=f"Peserta {n}", unit=None, organization="Tamu",
        )

    for n in range(3):
        send(open_meeting, "proxy", n)
    with pytest.raises(attendance.CheckinRefused) as ceiling:
        send(open_meeting, "proxy", 3)
    assert ceiling.value.code == "rate"
    send(open_meeting, "elsewhere", 3)
    # Another meeting has its own counts.
    coordinator = Actor(world.users[Role.COORDINATOR])
    other = make_meeting(world, title="Rapat Koordinasi Lain")
    other = services.open_meeting(coordinator, other, expected_version=other.version)
    send(other, "proxy", 4)


@pytest.mark.parametrize("trusted", [True, False])
def test_the_address_behind_the_proxy_is_read_only_when_the_proxy_is_trusted(
    settings, world, open_meeting, trusted
):
    settings.SINERGI_TRUSTED_PROXIES = ["127.0.0.1"] if trusted else []
    phone = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert checkin(phone, open_meeting, name="Ani", organization="Tamu").status_code == 200
    expected = "203.0.113.7" if trusted else "127.0.0.1"
    assert CheckinAttempt.objects.get().client == attendance.client_hash(expected)


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
