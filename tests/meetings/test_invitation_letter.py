"""The invitation letter by the correspondence manual (meetings.letters): the kop of the signing
authority, place and date, Nomor/Sifat/Lampiran/Hal, "Yth." to each invitee or to "(daftar
terlampir)" with the list as lampiran, the signature block from the registry (a.n., Plh., NIP,
pangkat), tembusan; a draft until issued, then the issued file with its number and code."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.documents.models import IssuedDocument, Letterhead
from sinergi.meetings import invitations, letters
from sinergi.regions.choices import Capacity, PositionGrade
from sinergi.regions.models import Position, Unit
from tests import factories
from tests.documents.pdf_checks import assert_no_english
from tests.documents.pdf_checks import text_of as pages_text

ENGLISH = ("Units and organizations", "Figures", "Invitation", "Subject", "Attachment", "Signed")


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def registry(world):
    """Kutai Timur's letterhead, its Bupati (Pjs.) and a Sekda acting as Plh. in December 2024."""
    Letterhead.objects.create(
        government=world.kutim, government_line="PEMERINTAH KABUPATEN KUTAI TIMUR",
        head_line="BUPATI KUTAI TIMUR", place="Sangatta", address="Jalan Soekarno-Hatta, Bukit Pelangi",
        postal_code="75611", telephone="(0549) 21001", email="setda@kutaitimurkab.go.id",
        website="www.kutaitimurkab.go.id", invitation_code="000.1.5")
    bupati = Position.objects.create(government=world.kutim, title="Bupati Kutai Timur",
                                     grade=PositionGrade.REGIONAL_HEAD, order=1)
    sekda = Position.objects.create(government=world.kutim, unit=world.setda, title="Sekretaris Daerah",
                                    grade=PositionGrade.JPT_MADYA, is_unit_head=True, order=10)
    Position.objects.create(government=world.kutim, unit=world.tapem, title="Kepala Bagian Tata Pemerintahan",
                            grade=PositionGrade.ADMINISTRATOR, is_unit_head=True, order=20)
    person = factories.official(world.kutim, "Rizali Hadi", back_title="S.E., M.Si.", golongan="IV/c",
                                nip="197001011995031001")
    factories.term(sekda, person, dt.date(2024, 12, 1), dt.date(2024, 12, 20), capacity=Capacity.PLH)
    return bupati, person


@pytest.fixture
def invited(world, meeting, registry):
    bupati, sekda = registry
    meeting.letter_authority, meeting.signatory = bupati, sekda
    meeting.letter_date = dt.date(2024, 12, 3)
    meeting.letter_sifat = "Penting"
    meeting.letter_tembusan = "Bupati Kutai Timur (sebagai laporan)\nInspektur Kabupaten Kutai Timur"
    meeting.save()
    extra = [factories.unit(world.kutim, f"DINAS-{i}", f"Dinas Nomor {i}") for i in range(3)]
    invitations.invite_units(Actor(world.users[Role.COORDINATOR]), meeting,
                             [world.kec_sangatta, world.bappeda, *extra])
    return meeting


def test_the_draft_follows_the_manual(world, invited):
    rows = list(invited.invitations.order_by("unit__name", "id"))
    text = text_of(letters.letters_pdf(invited, rows))
    for expected in (
        "PEMERINTAH KABUPATEN KUTAI TIMUR", "SEKRETARIAT DAERAH",  # the Sekda signs: the Setda's kop
        "Jalan Soekarno-Hatta, Bukit Pelangi 75611", "Laman www.kutaitimurkab.go.id",
        "Sangatta, 3 Desember 2024", "Sifat", "Penting", "1 (satu) lembar",
        "Undangan Rapat Koordinasi Evaluasi Triwulan III Tahun 2024", "(daftar terlampir)",
        "Selasa, 10 Desember 2024", "09.00 s.d. 12.00 WITA",
        "a.n. BUPATI KUTAI TIMUR", "Plh. SEKRETARIS DAERAH,", "Rizali Hadi, S.E., M.Si.",
        "Pembina Utama Muda (IV/c)", "NIP. 197001011995031001",
        "Tembusan", "1. Bupati Kutai Timur (sebagai laporan)", "2. Inspektur Kabupaten Kutai Timur",
        "DAFTAR UNDANGAN", "Camat Sangatta Utara", "KONSEP",
    ):
        assert expected in text, expected
    for english in ENGLISH:
        assert english not in text, english
    assert_no_english(letters.letters_pdf(invited, rows))
    # One letter per invitee when asked: five letters, each to its addressee, no lampiran.
    invited.letter_as_list = False
    invited.save()
    each = text_of(letters.letters_pdf(invited, rows))
    assert "(daftar terlampir)" not in each and each.count("Yth.") == len(rows)


def test_issuing_numbers_the_letter_and_keeps_the_file(client, world, invited):
    coordinator = world.users[Role.COORDINATOR]
    client.force_login(coordinator)
    url = reverse("meetings:issue_letter", args=[invited.pk])
    client.post(url, {})  # no confirmation: nothing issued
    assert not IssuedDocument.objects.exists()
    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert "telah diterbitkan" in response.content.decode()
    document = IssuedDocument.objects.get()
    assert document.number == "000.1.5/1/TAPEM/2024" and document.kind == "invitation"
    invited.refresh_from_db()
    assert invited.letter_number == document.number
    served = client.get(reverse("meetings:letters_all", args=[invited.pk])).content
    assert hashlib.sha256(served).hexdigest() == document.sha256  # the issued file, byte for byte
    text = text_of(served)
    assert "000.1.5/1/TAPEM/2024" in text and document.code in text and "KONSEP" not in text
    # The public verification page knows it; issuing twice is refused.
    client.logout()
    page = client.get(reverse("documents:verify", args=[document.code])).content.decode()
    assert "000.1.5/1/TAPEM/2024" in page
    with pytest.raises(ValidationError):
        letters.issue_letters(Actor(coordinator), invited)


def test_per_invitee_copies_share_one_number(world, invited):
    invited.letter_as_list = False
    invited.save()
    issued = letters.issue_letters(Actor(world.users[Role.COORDINATOR]), invited)
    assert len(issued) == invited.invitations.count() == 5
    assert {d.number for d in issued} == {"000.1.5/1/TAPEM/2024"} and len({d.code for d in issued}) == 5
    one = invited.invitations.get(unit=world.kec_sangatta)
    text = text_of(letters.letters_pdf(invited, [one]))
    assert "Camat Sangatta Utara" in text and text.count("Yth.") == 1


def test_issue_is_refused_with_the_reason(world, invited, registry):
    actor = Actor(world.users[Role.COORDINATOR])
    # The Plh.'s term ended before the letter's day: no signature can be derived.
    invited.letter_date = dt.date(2024, 12, 28)
    invited.save()
    with pytest.raises(ValidationError, match=r"tidak memegang jabatan|holds no position"):
        letters.issue_letters(actor, invited)
    Letterhead.objects.update(invitation_code="")
    invited.letter_date = dt.date(2024, 12, 3)
    invited.save()
    invited = type(invited).objects.get(pk=invited.pk)
    with pytest.raises(ValidationError, match=r"kode klasifikasi|classification code"):
        letters.issue_letters(actor, invited)
    assert not IssuedDocument.objects.exists()


def test_who_may_not_issue(client, world, invited):
    """A viewer and another unit's operator may not issue (the organizer's own staff may: they
    keep its agenda)."""
    others = factories.user("op-bappeda", Role.UNIT_OPERATOR, [world.bappeda])
    for user in (world.users[Role.VIEWER], others):
        client.force_login(user)
        response = client.post(reverse("meetings:issue_letter", args=[invited.pk]), {"confirm": "yes"})
        assert response.status_code in (403, 404)
    client.logout()
    assert "/login/" in client.post(reverse("meetings:issue_letter", args=[invited.pk]),
                                    {"confirm": "yes"})["Location"]
    assert not IssuedDocument.objects.exists()


def test_long_names_stay_on_the_page(world, invited):
    """A 200-character title and long addressees: nothing falls outside the page."""
    from tests.documents.pdf_checks import assert_inside_page

    invited.title = "Rapat Koordinasi " + "Percepatan Penurunan Stunting dan Kemiskinan Ekstrem " * 3
    invited.save()
    Unit.objects.filter(pk=world.bappeda.pk).update(name="Badan Perencanaan Pembangunan, Riset dan Inovasi "
                                                    "Daerah Kabupaten Kutai Timur Provinsi Kalimantan Timur")
    rows = list(invited.invitations.select_related("unit").order_by("unit__name", "id"))
    letters.issue_letters(Actor(world.users[Role.COORDINATOR]), invited)  # no KONSEP across the page
    pdf = letters.letters_pdf(invited, rows)
    assert "KONSEP" not in "".join(pages_text(pdf))
    assert_inside_page(pdf)
    assert len(pages_text(pdf)) >= 2
