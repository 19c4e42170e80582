"""The notulen / berita acara PDF read back with pypdf: heading, local date and time with the
zone, chair with delegate, attendees and invited units, agenda, minutes as text, decisions, the
RTL table, commitments with signatories, signatures, DRAF before close, amendments after; user
text with Typst markup characters prints literally."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.meetings import attendance, closing, followups, invitations, minutes, services
from sinergi.meetings.choices import DecisionKind
from sinergi.meetings.models import AgendaItem, Meeting
from tests import factories


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())


@pytest.fixture
def organizer(world):
    return Actor(world.users[Role.UNIT_OPERATOR])


@pytest.fixture
def full_meeting(world, meeting, officials, organizer):
    invitations.invite_units(organizer, meeting, [world.kec_sangatta, world.bappeda])
    AgendaItem.objects.create(meeting=meeting, order=1, title="Evaluasi capaian Triwulan III")
    meeting = services.open_meeting(organizer, meeting, expected_version=meeting.version)
    attendance.manual_checkin(
        organizer, meeting, name="Hasdiah, S.Sos.", unit=world.kec_sangatta, position="Camat Sangatta Utara"
    )
    meeting = minutes.save_minutes(
        organizer,
        meeting,
        "## Pembukaan\n\nRapat dibuka oleh **Bupati**.\n\n- Capaian 60%\n- Target 90%",
        expected_version=meeting.version,
    )
    directive = closing.add_decision(
        organizer, meeting, "Camat memperbarui data DPT", DecisionKind.DIRECTIVE, "Bupati Kutai Timur"
    )
    closing.add_decision(organizer, meeting, "Rakor berikutnya Januari 2025", DecisionKind.DECISION)
    followups.create(
        organizer, meeting, "Pemutakhiran data DPT", [world.kec_sangatta], dt.date(2024, 12, 20), directive
    )
    closing.add_commitment(
        organizer,
        meeting,
        title="Pakta Integritas Netralitas ASN",
        kind="pakta_integritas",
        signed_on=dt.date(2024, 12, 10),
        signatories=[("Ardiansyah Sulaiman", "Bupati Kutai Timur"), ("Hasdiah", "Camat Sangatta Utara")],
    )
    return Meeting.objects.get(pk=meeting.pk)


def test_draft_record_reads_back(client, world, full_meeting):
    client.force_login(world.users[Role.VIEWER])
    response = client.get(reverse("meetings:record_pdf", args=[full_meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "DRAF",
        "NOTULEN RAPAT",
        "Rapat Koordinasi Evaluasi Triwulan III Tahun 2024",
        "Selasa, 10 Desember 2024",
        "09.00 s.d. 12.00 WITA",
        "Ruang Meranti",
        "Ardiansyah Sulaiman",
        "Hasdiah, S.Sos.",
        "Camat Sangatta Utara",
        "Evaluasi capaian Triwulan III",
        "Pembukaan",
        "Rapat dibuka oleh Bupati.",
        "Capaian 60%",
        "Camat memperbarui data DPT",
        "Bupati Kutai Timur",
        "Rakor berikutnya Januari 2025",
        "Pemutakhiran data DPT",
        "20 Desember 2024",
        "Pakta Integritas Netralitas ASN",
        "Notulis",
    ):
        assert expected in text, expected
    assert "**" not in text and "##" not in text  # Markdown rendered, not printed raw
    assert text.index("Kecamatan") < text.index("hadir")  # invited units with their attendance


def test_final_record_names_the_notulis_and_lists_amendments(client, world, full_meeting, organizer):
    organizer.user.first_name, organizer.user.last_name = "Siti", "Notulis"
    organizer.user.save()
    meeting = closing.close_meeting(organizer, full_meeting, expected_version=full_meeting.version)
    closing.amend(
        Actor(world.users[Role.COORDINATOR]),
        meeting,
        {"minutes": "Rapat dibuka oleh Bupati pukul 09.15."},
        "Jam pembukaan dikoreksi",
        expected_version=meeting.version,
    )
    client.force_login(world.users[Role.VIEWER])
    text = pdf_text(client.get(reverse("meetings:record_pdf", args=[meeting.pk])).content)
    assert "DRAF" not in text
    assert "Siti Notulis" in text
    assert "Diubah pada" in text and "Jam pembukaan dikoreksi" in text
    assert "pukul 09.15" in text


def test_typst_markup_in_user_text_prints_literally(client, world, meeting, organizer):
    hostile = 'Anggaran #set page(width: 1cm) $x^2$ ] [ // bukan komentar \\ #"str" <lbl> @ref *b* _i_'
    meeting = Meeting.objects.get(pk=meeting.pk)
    meeting = minutes.save_minutes(organizer, meeting, hostile, expected_version=meeting.version)
    closing.add_decision(organizer, meeting, hostile, DecisionKind.DECISION, given_by="#pagebreak()")
    closing.add_commitment(
        organizer,
        meeting,
        title="Komitmen ] #x",
        kind="komitmen_bersama",
        signatories=[("Nama // $", "Jabatan #")],
    )
    client.force_login(world.users[Role.VIEWER])
    response = client.get(reverse("meetings:record_pdf", args=[meeting.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "#set page(width: 1cm) $x^2$ ] [ // bukan komentar" in text
    assert "#pagebreak()" in text and "Komitmen ] #x" in text and "Nama // $" in text


def test_record_pdf_scope(client, world, meeting):
    client.force_login(factories.user("op-mimika", Role.UNIT_OPERATOR, [world.mimika_tapem]))
    assert client.get(reverse("meetings:record_pdf", args=[meeting.pk])).status_code == 404


def test_a_closed_meetings_record_is_issued_and_reissued_after_an_amendment(
    client, world, full_meeting, organizer
):
    """Issued: numbered with the records' classification code, a verification code, the file kept;
    refused while open or twice for one version; an amendment allows a new version."""
    import hashlib

    from sinergi.documents.models import IssuedDocument, Letterhead

    Letterhead.objects.create(government=world.kutim, government_line="PEMERINTAH KABUPATEN KUTAI TIMUR",
                              head_line="BUPATI KUTAI TIMUR", place="Sangatta", record_code="000.1.5")
    client.force_login(world.users[Role.COORDINATOR])
    url = reverse("meetings:record_issue", args=[full_meeting.pk])
    client.post(url, {"confirm": "yes"})  # still open: refused
    assert not IssuedDocument.objects.exists()
    meeting = closing.close_meeting(organizer, full_meeting, expected_version=full_meeting.version)
    client.post(url, {"confirm": "yes"})
    first = IssuedDocument.objects.get()
    assert first.kind == "record" and first.number.startswith("000.1.5/1/")
    with first.file.open("rb") as handle:
        content = handle.read()
    assert hashlib.sha256(content).hexdigest() == first.sha256
    text = pdf_text(content)
    assert first.code in text and first.number in text and "DRAF" not in text
    client.post(url, {"confirm": "yes"})  # the same version again: refused
    assert IssuedDocument.objects.count() == 1
    meeting = Meeting.objects.get(pk=meeting.pk)
    closing.amend(Actor(world.users[Role.COORDINATOR]), meeting, {"minutes": "Rapat dibuka pukul 09.15."},
                  "Jam pembukaan dikoreksi", expected_version=meeting.version)
    client.post(url, {"confirm": "yes"})
    assert IssuedDocument.objects.count() == 2
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert first.code in page and 'data-testid="issued-documents"' in page
    client.force_login(world.users[Role.VIEWER])
    assert client.post(url, {"confirm": "yes"}).status_code == 403
