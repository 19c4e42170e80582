"""Reaching invitees and responsible units on WhatsApp: the Indonesian messages (time in the
recipient government's zone with WIB/WITA/WIT), the wa.me links, and the pages that offer them —
the invitations of a meeting (the invited official, else the unit's head) and a follow-up
action (each responsible unit's head) — with a note where no number is known."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote

import pytest
from django.utils import translation

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.meetings import followups, invitations, whatsapp
from sinergi.meetings.choices import FollowUpStatus
from sinergi.regions.models import Position
from tests import factories
from tests.meetings.conftest import make_meeting

URL = "https://sinergi.example.go.id/meetings/1/#invitations"
KABAG = "6281234567890"  # Rizali Hadi, Kepala Bagian Tata Pemerintahan (his WhatsApp number)
BUPATI = "6285211112222"  # Ardiansyah Sulaiman: no WhatsApp number, a mobile phone
BAPPEDA_HEAD = "6281398765432"  # the account of Bappeda's head (no head position recorded)


@pytest.fixture
def heads(world, officials):
    """Tapem's head position held by the Kabag (with a WhatsApp number); the Camat of Sangatta
    Utara, whose official has no number; Bappeda without a head position but with a unit-head
    account that has a number; the Bupati reachable through his mobile phone."""
    officials.kabag.whatsapp = KABAG
    officials.kabag.save()
    officials.bupati.phone = "0852-1111-2222"
    officials.bupati.save()
    kabag = Position.objects.create(government=world.kutim, unit=world.tapem, is_unit_head=True,
                                    title="Kepala Bagian Tata Pemerintahan", order=10)
    factories.term(kabag, officials.kabag, dt.date(2023, 1, 2))
    camat = Position.objects.create(government=world.kutim, unit=world.kec_sangatta, is_unit_head=True,
                                    title="Camat Sangatta Utara", order=10)
    factories.term(camat, officials.camat, dt.date(2023, 1, 2))
    factories.user("kepala.bappeda", Role.UNIT_HEAD, [world.bappeda], first_name="Yuliana",
                   whatsapp=BAPPEDA_HEAD)
    # An inactive head and an operator of Tapem with numbers: not whom a message goes to.
    factories.user("mantan.kabag", Role.UNIT_HEAD, [world.tapem], whatsapp="6281100000001",
                   is_active=False)
    factories.user("op.tapem", Role.UNIT_OPERATOR, [world.tapem], whatsapp="6281100000002")
    return officials


def text_of(link: str) -> str:
    return unquote(link.split("?text=", 1)[1])


# ---------------------------------------------------------------------------- messages and links


def test_invitation_message_in_indonesian_with_the_zone(meeting):
    with translation.override("en"):  # the sender's page language does not matter
        message = whatsapp.invitation_message(meeting, "Camat Sangatta Utara", URL, "Asia/Makassar")
    assert message.splitlines() == [
        "Yth. Camat Sangatta Utara,",
        "",
        "Dengan hormat, kami mengundang Bapak/Ibu untuk menghadiri:",
        "*Rapat Koordinasi Evaluasi Triwulan III Tahun 2024*",
        "Waktu: Selasa, 10 Desember 2024, 09.00–12.00 WITA",
        "Tempat: Ruang Meranti, Lantai 2, Kantor Bupati Kutai Timur, Bukit Pelangi, Sangatta",
        "",
        f"Undangan dan konfirmasi kehadiran (hadir, diwakilkan, atau tidak hadir): {URL}",
        "",
        "Terima kasih.",
        "Bagian Tata Pemerintahan, Pemkab Kutai Timur",
    ]


def test_link_carries_the_number_and_the_encoded_message(meeting):
    recipient = whatsapp.Recipient("Camat Sangatta Utara", "Hasdiah", KABAG)
    message = whatsapp.invitation_message(meeting, recipient.addressee, URL, "Asia/Makassar")
    link = whatsapp.action(recipient, message).link
    assert link.startswith(f"https://wa.me/{KABAG}?text=Yth.%20Camat%20Sangatta%20Utara%2C%0A%0A")
    assert "Waktu%3A%20Selasa%2C%2010%20Desember%202024%2C%2009.00%E2%80%9312.00%20WITA%0A" in link
    assert "https%3A%2F%2Fsinergi.example.go.id%2Fmeetings%2F1%2F%23invitations" in link
    assert re.fullmatch(r"https://wa\.me/\d+\?text=[A-Za-z0-9%._~-]+", link)  # nothing left raw
    assert text_of(link) == message
    assert whatsapp.action(whatsapp.Recipient("Camat Sangatta Utara"), message).link == ""


def test_time_in_the_recipient_governments_zone_when_the_meeting_is_elsewhere(world):
    # A rakor held in Jakarta (WIB) for the officials of Kutai Timur (WITA).
    meeting = make_meeting(world, time_zone="Asia/Jakarta")
    message = whatsapp.invitation_message(meeting, "Bupati Kutai Timur", URL, world.kutim.time_zone)
    assert "Waktu: Selasa, 10 Desember 2024, 09.00–12.00 WITA" in message
    assert "Waktu setempat di tempat rapat: Selasa, 10 Desember 2024, 08.00–11.00 WIB" in message
    mimika = make_meeting(world, government=world.mimika, organizer=world.mimika_tapem)
    message = whatsapp.invitation_message(mimika, "Bupati Mimika", URL, world.mimika.time_zone)
    assert "Waktu: Selasa, 10 Desember 2024, 10.00–13.00 WIT" in message


def test_online_link_is_in_the_message(world):
    meeting = make_meeting(world, venue="", room="", address="", online_url="https://zoom.us/j/123")
    message = whatsapp.invitation_message(meeting, "Camat Sangatta Utara", URL)
    assert "Tautan daring: https://zoom.us/j/123" in message and "Tempat:" not in message


def test_follow_up_message(world, meeting):
    follow_up = followups.create(Actor(world.users[Role.COORDINATOR]), meeting,
                                 "Menyampaikan data penduduk rentan per kecamatan", [world.tapem],
                                 dt.date(2024, 12, 20))
    url = "https://sinergi.example.go.id/meetings/follow-ups/7/"
    message = whatsapp.follow_up_message(follow_up, "Kepala Bagian Tata Pemerintahan", world.tapem, url,
                                         today=dt.date(2024, 12, 23))
    assert message.splitlines()[:8] == [
        "Yth. Kepala Bagian Tata Pemerintahan,",
        "",
        "Pengingat tindak lanjut hasil rapat \"Rapat Koordinasi Evaluasi Triwulan III Tahun 2024\" "
        "(Selasa, 10 Desember 2024):",
        "*Menyampaikan data penduduk rentan per kecamatan*",
        "Unit penanggung jawab: Bagian Tata Pemerintahan",
        "Batas waktu: Jumat, 20 Desember 2024 (sudah terlewati)",
        "Status: Buka, kemajuan 0%",
        "",
    ]
    assert f"Mohon laporkan perkembangannya di: {url}" in message
    early = whatsapp.follow_up_message(follow_up, "Kepala", world.tapem, url, today=dt.date(2024, 12, 11))
    assert "Batas waktu: Jumat, 20 Desember 2024\n" in early


# ---------------------------------------------------------------------------- recipients


def test_unit_heads_official_then_account_then_nobody(world, heads):
    found = whatsapp.unit_heads([world.tapem, world.kec_sangatta, world.bappeda, world.setda],
                                dt.date(2025, 1, 6))
    assert found[world.tapem.pk] == whatsapp.Recipient(
        "Kepala Bagian Tata Pemerintahan", "Rizali Hadi, S.STP", KABAG
    )
    assert found[world.kec_sangatta.pk] == whatsapp.Recipient("Camat Sangatta Utara", "Hasdiah, S.Sos.")
    assert found[world.bappeda.pk] == whatsapp.Recipient(
        "Kepala Badan Perencanaan Pembangunan Daerah", "Yuliana", BAPPEDA_HEAD
    )
    assert found[world.setda.pk] == whatsapp.Recipient("Kepala Sekretariat Daerah")
    # Before the Kabag's term there is no head official: nobody with a number for Tapem.
    assert whatsapp.unit_heads([world.tapem], dt.date(2022, 1, 3))[world.tapem.pk].number == ""


# ---------------------------------------------------------------------------- pages


def rows_of(page: str) -> list[str]:
    return page.split('data-testid="invitation-row"')[1:]


def test_invitations_page_offers_whatsapp_per_invitation(client, world, meeting, heads):
    actor = Actor(world.users[Role.COORDINATOR])
    invitations.invite_units(actor, meeting, [world.tapem, world.kec_sangatta, world.bappeda])
    invitations.invite_official(actor, meeting, heads.bupati, "Bupati Kutai Timur")
    client.force_login(world.users[Role.UNIT_OPERATOR])  # the organizer unit's operator
    page = client.get(meeting.get_absolute_url()).content.decode()
    rows = {row.split("<td>", 1)[1].split("<", 1)[0]: row for row in rows_of(page)}
    assert set(rows) == {"Bupati Kutai Timur", "Kepala Bagian Tata Pemerintahan",
                         "Camat Sangatta Utara", "Kepala Badan Perencanaan Pembangunan Daerah"}
    for addressee, number in (("Kepala Bagian Tata Pemerintahan", KABAG), ("Bupati Kutai Timur", BUPATI),
                              ("Kepala Badan Perencanaan Pembangunan Daerah", BAPPEDA_HEAD)):
        row = rows[addressee]
        link = re.search(r'href="(https://wa\.me/[^"]+)" target="_blank" rel="noopener"', row).group(1)
        assert link.startswith(f"https://wa.me/{number}?text=")
        message = text_of(link.replace("&amp;", "&"))
        assert message.startswith(f"Yth. {addressee},\n")
        assert "Waktu: Selasa, 10 Desember 2024, 09.00–12.00 WITA" in message
        assert f"http://testserver/meetings/{meeting.pk}/#invitations" in message
        assert "Kirim lewat WhatsApp" in row and "no-whatsapp" not in row
    camat = rows["Camat Sangatta Utara"]
    assert "wa.me" not in camat and 'data-testid="no-whatsapp"' in camat
    assert "tidak ada nomor WhatsApp" in camat and "Hasdiah" in camat


def test_whatsapp_is_for_those_who_may_invite(client, world, meeting, heads):
    invitations.invite_units(Actor(world.users[Role.COORDINATOR]), meeting, [world.tapem])
    client.force_login(world.users[Role.VIEWER])
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert rows_of(page) and "wa.me" not in page and "whatsapp-action" not in page


def test_follow_up_page_offers_one_reminder_per_responsible_unit(client, world, meeting, heads):
    follow_up = followups.create(Actor(world.users[Role.COORDINATOR]), meeting,
                                 "Menyampaikan data penduduk rentan per kecamatan",
                                 [world.tapem, world.kec_sangatta, world.bappeda], dt.date(2024, 12, 20))
    client.force_login(world.users[Role.COORDINATOR])
    page = client.get(follow_up.get_absolute_url()).content.decode()
    section = page.split('data-testid="followup-whatsapp"', 1)[1].split("</ul>", 1)[0]
    items = section.split("<li")[1:]
    assert [i.split('fw-semibold">', 1)[1].split("<", 1)[0] for i in items] == [
        "Badan Perencanaan Pembangunan Daerah", "Bagian Tata Pemerintahan", "Kecamatan Sangatta Utara"
    ]
    bappeda, tapem, kec = items
    for item, number, addressee in ((tapem, KABAG, "Kepala Bagian Tata Pemerintahan"),
                                    (bappeda, BAPPEDA_HEAD, "Kepala Badan Perencanaan Pembangunan Daerah")):
        link = re.search(r'href="(https://wa\.me/[^"]+)" target="_blank" rel="noopener"', item).group(1)
        assert link.startswith(f"https://wa.me/{number}?text=")
        message = text_of(link)
        assert message.startswith(f"Yth. {addressee},\n")
        assert "*Menyampaikan data penduduk rentan per kecamatan*" in message
        assert "Batas waktu: Jumat, 20 Desember 2024 (sudah terlewati)" in message
        assert f"http://testserver{follow_up.get_absolute_url()}" in message
    assert "wa.me" not in kec and "tidak ada nomor WhatsApp" in kec


def test_no_reminder_for_a_finished_action_or_for_a_viewer(client, world, meeting, heads):
    actor = Actor(world.users[Role.COORDINATOR])
    follow_up = followups.create(actor, meeting, "Rekap data", [world.tapem], dt.date(2024, 12, 20))
    client.force_login(world.users[Role.VIEWER])
    assert "followup-whatsapp" not in client.get(follow_up.get_absolute_url()).content.decode()
    followups.report(actor, follow_up, status=FollowUpStatus.DONE, progress=100, note="Selesai")
    client.force_login(world.users[Role.COORDINATOR])
    assert "followup-whatsapp" not in client.get(follow_up.get_absolute_url()).content.decode()


def test_checkin_link_goes_to_those_not_signed_in(world, meeting):
    """While the meeting is open, the organizer sends the check-in link on WhatsApp to each
    invited unit's head who has not signed in; the message carries the check-in address."""
    from urllib.parse import parse_qs, urlsplit

    from django.test import Client

    from sinergi.meetings import services

    organizer = Actor(world.users[Role.UNIT_OPERATOR])
    head = factories.user("camat-sgu", Role.UNIT_HEAD, [world.kec_sangatta])
    head.whatsapp = "6281234567890"
    head.save()
    invitations.invite_units(organizer, meeting, [world.kec_sangatta, world.bappeda])
    meeting = services.open_meeting(organizer, meeting, expected_version=meeting.version)
    assert meeting.status == "open"
    client = Client()
    client.force_login(world.users[Role.UNIT_OPERATOR])
    page = client.get(meeting.get_absolute_url()).content.decode()
    section = page[page.index('data-testid="checkin-whatsapp"'):]
    section = section[: section.index("</details>")]
    href = section.split('href="')[1].split('"')[0].replace("&amp;", "&")
    assert href.startswith("https://wa.me/6281234567890?text=")
    text = parse_qs(urlsplit(href).query)["text"][0]
    assert f"/meetings/checkin/{meeting.checkin_key}/" in text and "daftar hadir" in text
    assert 'data-testid="no-whatsapp"' in section  # Bappeda: nobody with a number
