"""Commitments (meetings.commitments): signatories from the registry (position on the signing day)
or typed, each signature's status with its date (audited, stale refused, not in the future, after
the meeting closed too), editing the list, follow-up actions carrying a commitment out and its
progress, the document (PDF text layer: title, wording, every signatory, Indonesian only) and
issuing it; the pages (who may, garbage) and the API."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.core.services import Actor, StaleEditError
from sinergi.documents.models import DocumentKind, IssuedDocument, Letterhead
from sinergi.meetings import closing, commitments, followups, services
from sinergi.meetings.choices import FollowUpStatus, MeetingStatus, SignatureStatus
from sinergi.meetings.commitments import SignatoryInput
from sinergi.meetings.models import Commitment, CommitmentSignatory, FollowUp, Meeting
from sinergi.regions.choices import Capacity, PositionGrade
from sinergi.regions.models import Position
from tests import factories
from tests.api.conftest import ApiClient

DAY = dt.date(2024, 12, 10)
TEXT = """Kami yang bertanda tangan di bawah ini berkomitmen:
1. Memutakhirkan data penduduk setiap triwulan;
2. Menyampaikan laporan kepada Bagian Tata Pemerintahan."""


@pytest.fixture
def organizer(world):
    return Actor(world.users[Role.UNIT_OPERATOR])  # an operator of Tapem, the organizer unit


@pytest.fixture
def registry(world, officials):
    """The Bupati (definitive), the Camat of Sangatta Utara acting (Plt.) on DAY, with a NIP."""
    Letterhead.objects.create(
        government=world.kutim, government_line="PEMERINTAH KABUPATEN KUTAI TIMUR",
        head_line="BUPATI KUTAI TIMUR", place="Sangatta", secretariat_line="SEKRETARIAT DAERAH",
    )
    bupati = Position.objects.create(government=world.kutim, title="Bupati Kutai Timur",
                                     grade=PositionGrade.REGIONAL_HEAD, order=1)
    camat = Position.objects.create(government=world.kutim, unit=world.kec_sangatta,
                                    title="Camat Sangatta Utara", grade=PositionGrade.ADMINISTRATOR,
                                    is_unit_head=True, order=50)
    factories.term(bupati, officials.bupati, dt.date(2021, 2, 26))
    factories.term(camat, officials.camat, dt.date(2024, 11, 1), capacity=Capacity.PLT)
    officials.camat.nip = "198001012005012001"
    officials.camat.golongan = "III/d"
    officials.camat.save()
    return officials


def _commitment(organizer, meeting, registry, **extra) -> Commitment:
    values = dict(
        title="Komitmen Bersama Pemutakhiran Data Penduduk",
        kind="komitmen_bersama",
        text=TEXT,
        signed_on=DAY,
        signatories=[
            SignatoryInput(official=registry.bupati),
            SignatoryInput(official=registry.camat),
            SignatoryInput(name="Ir. Siti Rahmah", position="Ketua KPU Kutai Timur"),
            SignatoryInput(position="Ketua Pokja Data Kependudukan"),
        ],
    )
    values.update(extra)
    return commitments.add_commitment(organizer, meeting, **values)


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


# --------------------------------------------------------------------------- model and services


def test_signatories_from_the_registry_on_the_signing_day(world, meeting, organizer, registry):
    commitment = _commitment(organizer, meeting, registry)
    rows = list(commitment.signatories.values_list("order", "name", "position", "unit", "status"))
    assert rows == [
        (1, registry.bupati.full_name, "Bupati Kutai Timur", None, "pending"),
        (2, registry.camat.full_name, "Plt. Camat Sangatta Utara", world.kec_sangatta.pk, "pending"),
        (3, "Ir. Siti Rahmah", "Ketua KPU Kutai Timur", None, "pending"),
        (4, "", "Ketua Pokja Data Kependudukan", None, "pending"),
    ]
    # Each signatory's creation is audited.
    assert AuditEvent.objects.filter(object_repr="Ketua Pokja Data Kependudukan", action="create").exists()


def test_signatories_refused(world, meeting, organizer, registry):
    stranger = factories.official(world.mimika, "Pejabat Mimika")
    for signatories in (
        [SignatoryInput(official=stranger)],
        [SignatoryInput(name="A", unit=world.mimika_tapem)],
        [SignatoryInput(official=registry.bupati), SignatoryInput(official=registry.bupati)],
        [SignatoryInput(name="x" * 201)],
    ):
        with pytest.raises(ValidationError):
            _commitment(organizer, meeting, registry, signatories=signatories)
    assert not meeting.commitments.exists()
    with pytest.raises(PermissionDenied):
        _commitment(Actor(world.users[Role.VIEWER]), meeting, registry)


def test_signature_status_with_its_date(world, meeting, organizer, registry):
    commitment = _commitment(organizer, meeting, registry)
    bupati, camat, *_rest = commitment.signatories.all()
    with pytest.raises(ValidationError):  # signed needs a date
        commitments.set_signature(organizer, bupati, SignatureStatus.SIGNED)
    with pytest.raises(ValidationError):  # not in the future
        commitments.set_signature(organizer, bupati, SignatureStatus.SIGNED,
                                  on=world.kutim.today() + dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        commitments.set_signature(organizer, bupati, "maybe", on=DAY)
    signed = commitments.set_signature(organizer, bupati, SignatureStatus.SIGNED, on=DAY,
                                       expected_version=bupati.version)
    assert (signed.status, signed.status_on, signed.version) == ("signed", DAY, bupati.version + 1)
    event = AuditEvent.objects.filter(object_id=str(bupati.pk), action="update").latest("id")
    assert event.after["status"] == "signed" and event.before["status"] == "pending"
    with pytest.raises(StaleEditError):
        commitments.set_signature(organizer, bupati, SignatureStatus.DECLINED, on=DAY,
                                  expected_version=bupati.version)
    declined = commitments.set_signature(organizer, camat, SignatureStatus.DECLINED, on=DAY,
                                         note="Menunggu arahan pimpinan")
    assert declined.note == "Menunggu arahan pimpinan"
    back = commitments.set_signature(organizer, declined, SignatureStatus.PENDING, on=DAY)
    assert back.status_on is None  # a signature not given has no date
    with pytest.raises(PermissionDenied):
        commitments.set_signature(Actor(world.users[Role.VIEWER]), camat, SignatureStatus.SIGNED, on=DAY)
    # A closed meeting's commitment is still signed afterwards; a cancelled one's is not.
    closing.close_meeting(organizer, fresh(meeting), expected_version=None)
    assert commitments.set_signature(organizer, camat, SignatureStatus.SIGNED, on=DAY).status == "signed"
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)
    with pytest.raises(ValidationError):
        commitments.set_signature(organizer, fresh(camat), SignatureStatus.PENDING)


def test_model_rules_of_a_signature(world, meeting, organizer, registry):
    row = _commitment(organizer, meeting, registry).signatories.first()
    for status, on in (("signed", None), ("pending", DAY)):
        row.status, row.status_on = status, on
        with pytest.raises(ValidationError):
            row.full_clean()
    row.name = row.position = ""
    row.status, row.status_on = "pending", None
    with pytest.raises(ValidationError):
        row.full_clean()


def test_editing_keeps_signatures_and_freezes(world, meeting, organizer, registry):
    commitment = _commitment(organizer, meeting, registry)
    bupati, camat, kpu, pokja = commitment.signatories.all()
    commitments.set_signature(organizer, bupati, SignatureStatus.SIGNED, on=DAY)
    edited = commitments.update_commitment(
        organizer, commitment, {"title": "Komitmen Data Penduduk", "text": "Kami berkomitmen."},
        signatories=[SignatoryInput(pk=bupati.pk, official=registry.bupati),
                     SignatoryInput(pk=kpu.pk, name="Ir. Siti Rahmah", position="Ketua KPU"),
                     SignatoryInput(name="Hasan", position="Kepala Dinas Kesehatan", unit=world.bappeda)],
        expected_version=commitment.version,
    )
    rows = list(edited.signatories.values_list("pk", "name", "position", "status", "order"))
    assert rows[0] == (bupati.pk, registry.bupati.full_name, "Bupati Kutai Timur", "signed", 1)
    assert rows[1] == (kpu.pk, "Ir. Siti Rahmah", "Ketua KPU", "pending", 2)
    assert rows[2][1:] == ("Hasan", "Kepala Dinas Kesehatan", "pending", 3)
    assert not CommitmentSignatory.objects.filter(pk__in=[camat.pk, pokja.pk]).exists()
    with pytest.raises(StaleEditError):
        commitments.update_commitment(organizer, edited, {"title": "X"}, expected_version=commitment.version)
    # Only the signatories changed: the commitment's version still grows (a form opened is stale).
    again = commitments.update_commitment(organizer, edited, {}, signatories=[SignatoryInput(name="B")],
                                          expected_version=edited.version)
    assert again.version == edited.version + 1
    with pytest.raises(ValidationError):
        commitments.update_commitment(organizer, again, {"meeting": meeting}, expected_version=None)
    closing.close_meeting(organizer, fresh(meeting), expected_version=None)
    with pytest.raises(ValidationError):
        commitments.update_commitment(organizer, fresh(again), {"title": "Y"}, expected_version=None)
    with pytest.raises(ValidationError):
        closing.delete_commitment(organizer, fresh(again))


def test_follow_up_actions_carry_a_commitment_out(world, meeting, organizer, registry):
    commitment = _commitment(organizer, meeting, registry)
    assert commitments.signatory_units(commitment) == [world.kec_sangatta]
    today = world.kutim.today()
    progress = commitments.progress_of(commitment.signatories.all(), [], today)
    assert (progress.pending, progress.actions, progress.percent) == (4, 0, None)
    first = followups.create(organizer, meeting, "Pemutakhiran data", [world.kec_sangatta, world.bappeda],
                             today + dt.timedelta(days=30), commitment=commitment)
    second = followups.create(organizer, meeting, "Laporan", [world.kec_sangatta],
                              today - dt.timedelta(days=1), commitment=commitment)
    line = first.lines.get(unit=world.kec_sangatta)
    followups.act(organizer, line, followups.Step.CLOSE)
    commitments.set_signature(organizer, commitment.signatories.first(), SignatureStatus.SIGNED, on=DAY)
    commitment = fresh(commitment)
    progress = commitments.progress_of(commitment.signatories.all(), commitment.follow_ups.all(), today)
    figures = (progress.signed, progress.pending, progress.actions, progress.done, progress.overdue)
    assert figures == (1, 3, 2, 0, 1)
    assert progress.percent == 25  # 50 % (one of two units) and 0 %
    followups.cancel(organizer, second, "Digabung")
    followups.act(organizer, first.lines.get(unit=world.bappeda), followups.Step.CLOSE)
    progress = commitments.progress_of(commitment.signatories.all(), fresh(commitment).follow_ups.all(),
                                       today)
    assert (progress.actions, progress.done, progress.percent) == (1, 1, 100)
    other = Meeting.objects.create(
        government=world.kutim, organizer=world.tapem, title="Lain", starts_at=meeting.starts_at,
        ends_at=meeting.ends_at, time_zone=meeting.time_zone)
    with pytest.raises(ValidationError):
        followups.create(organizer, other, "X", [world.bappeda], today, commitment=commitment)


# --------------------------------------------------------------------------- the document


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


ENGLISH = re.compile(r"\b(?:Page|of|Signed|Commitment|Date|Pending|Declined|signatory|the|and|Name)\b")


def test_document_text_layer(world, meeting, organizer, registry):
    commitment = _commitment(organizer, meeting, registry)
    text = _text(commitments.document_pdf(commitment))
    for expected in (
        "KOMITMEN BERSAMA PEMUTAKHIRAN DATA PENDUDUK",
        "PEMERINTAH KABUPATEN KUTAI TIMUR",
        "Kami yang bertanda tangan di bawah ini berkomitmen",
        "Memutakhirkan data penduduk setiap triwulan",
        "Menyampaikan laporan kepada Bagian Tata Pemerintahan",
        "Sangatta, 10 Desember 2024",
        registry.bupati.full_name, "BUPATI KUTAI TIMUR,",
        registry.camat.full_name, "Plt. CAMAT SANGATTA UTARA,", "NIP. 198001012005012001",
        "Ir. Siti Rahmah", "KETUA KPU KUTAI TIMUR,",
        "KETUA POKJA DATA KEPENDUDUKAN,",
        "KONSEP",
        "Halaman 1 dari 1",
    ):
        assert expected in text, expected
    assert not ENGLISH.search(text), ENGLISH.search(text)


def test_many_signatories_take_several_pages(world, meeting, organizer, registry):
    people = [SignatoryInput(name=f"Peserta Nomor {i}", position=f"Kepala Desa {i}") for i in range(1, 22)]
    commitment = _commitment(organizer, meeting, registry, signatories=people)
    reader = PdfReader(io.BytesIO(commitments.document_pdf(commitment)))
    assert len(reader.pages) >= 2
    text = _text(commitments.document_pdf(commitment))
    for i in range(1, 22):
        assert f"Peserta Nomor {i}" in text and f"KEPALA DESA {i}," in text


def test_issuing_makes_it_verifiable(world, meeting, organizer, registry):
    commitment = _commitment(organizer, meeting, registry)
    empty = commitments.add_commitment(organizer, meeting, title="Tanpa penanda tangan", kind="lainnya")
    with pytest.raises(ValidationError):
        commitments.issue_document(organizer, empty)
    with pytest.raises(PermissionDenied):
        commitments.issue_document(Actor(world.users[Role.VIEWER]), commitment)
    document = commitments.issue_document(organizer, commitment)
    assert (document.kind, document.number, document.sequence) == (DocumentKind.COMMITMENT, "", None)
    assert document.date == DAY and document.unit == world.tapem
    assert registry.bupati.full_name in document.signer_name
    pdf = commitments.document_pdf(commitment)
    with document.file.open("rb") as handle:
        assert handle.read() == pdf  # every download is the issued file
    text = _text(pdf)
    assert document.code in text and "KONSEP" not in text
    with pytest.raises(ValidationError):
        commitments.issue_document(organizer, commitment)
    with pytest.raises(ValidationError):  # its wording no longer changes, nor is it removed
        commitments.update_commitment(organizer, commitment, {"text": "lain"}, expected_version=None)
    with pytest.raises(ValidationError):
        closing.delete_commitment(organizer, commitment)
    assert IssuedDocument.objects.filter(kind=DocumentKind.COMMITMENT).count() == 1


# --------------------------------------------------------------------------- pages


def _client(world, role):
    client = Client()
    if role is not None:
        client.force_login(world.users[role])
    return client


WRITERS = (Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.UNIT_OPERATOR)


@pytest.mark.parametrize("role", [None, *WRITERS, Role.VIEWER])
def test_pages_battery(world, meeting, organizer, registry, role):
    """Every page of a commitment as each role: anonymous to the login page; everyone who sees
    the meeting reads; those who may change it write (others 403, nothing changes)."""
    commitment = _commitment(organizer, meeting, registry)
    signatory = commitment.signatories.first()
    client = _client(world, role)
    reads = [
        reverse("meetings:commitment_detail", args=[meeting.pk, commitment.pk]),
        reverse("meetings:commitment_pdf", args=[meeting.pk, commitment.pk]),
    ]
    writes = [
        reverse("meetings:commitment_add", args=[meeting.pk]),
        reverse("meetings:commitment_edit", args=[meeting.pk, commitment.pk]),
    ]
    for url in reads + writes:
        response = client.get(url)
        if role is None:
            assert response.status_code == 302 and "/login" in response["Location"]
        elif url in writes and role not in WRITERS:
            assert response.status_code == 403, url
        else:
            assert response.status_code == 200, url
    expected = 302 if role is None or role in WRITERS else 403
    sign_url = reverse("meetings:commitment_signatory", args=[meeting.pk, commitment.pk, signatory.pk])
    sign = client.post(sign_url, {"status": "signed", "status_on": "2024-12-10",
                                  "version": signatory.version})
    assert sign.status_code == expected
    assert (fresh(signatory).status == "signed") == (role in WRITERS)
    add = client.post(reverse("meetings:commitment_add", args=[meeting.pk]), {
        "title": "Pakta Integritas", "kind": "pakta_integritas", "text": "Saya berjanji.", "rows": "1",
        "sig-0-name": "Hasdiah", "sig-0-position": "Camat"})
    assert add.status_code == expected
    assert meeting.commitments.filter(title="Pakta Integritas").exists() == (role in WRITERS)
    issue = client.post(reverse("meetings:commitment_issue", args=[meeting.pk, commitment.pk]))
    assert issue.status_code == expected
    assert IssuedDocument.objects.filter(kind=DocumentKind.COMMITMENT).exists() == (role in WRITERS)
    delete = client.post(reverse("meetings:commitment_delete", args=[meeting.pk, commitment.pk]))
    assert delete.status_code == expected
    assert Commitment.objects.filter(pk=commitment.pk).exists()  # issued (or refused): kept


def test_another_government_sees_nothing(world, meeting, organizer, registry):
    commitment = _commitment(organizer, meeting, registry)
    client = Client()
    client.force_login(factories.user("op-mimika", Role.UNIT_OPERATOR, [world.mimika_tapem]))
    signatory = commitment.signatories.first()
    for url in (
        reverse("meetings:commitment_detail", args=[meeting.pk, commitment.pk]),
        reverse("meetings:commitment_pdf", args=[meeting.pk, commitment.pk]),
        reverse("meetings:commitment_edit", args=[meeting.pk, commitment.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("meetings:commitment_signatory",
                               args=[meeting.pk, commitment.pk, signatory.pk]),
                       {"status": "signed", "status_on": "2024-12-10"}).status_code == 404
    # A signatory of another commitment through this one's address: 404.
    other = _commitment(organizer, meeting, registry, title="Lain")
    coordinator = _client(world, Role.COORDINATOR)
    wrong = reverse("meetings:commitment_signatory", args=[meeting.pk, other.pk, signatory.pk])
    assert coordinator.post(wrong, {"status": "signed", "status_on": "2024-12-10"}).status_code == 404


def test_form_adds_rows_and_records_officials(world, meeting, registry):
    client = _client(world, Role.COORDINATOR)
    url = reverse("meetings:commitment_add", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert page.count('data-testid="signatory-row"') == 2 and registry.camat.full_name in page
    more = client.post(url, {"title": "K", "kind": "komitmen_bersama", "rows": "2", "add_row": "1",
                             "sig-0-name": "Satu", "sig-1-name": "Dua"}).content.decode()
    assert more.count('data-testid="signatory-row"') == 3 and 'value="Dua"' in more
    assert not meeting.commitments.exists()  # adding a row saves nothing
    saved = client.post(url, {
        "title": "Komitmen Bersama", "kind": "komitmen_bersama", "text": TEXT, "signed_on": "2024-12-10",
        "rows": "3", "sig-0-official": str(registry.camat.pk),
        "sig-1-name": "Ir. Siti Rahmah", "sig-1-position": "Ketua KPU", "sig-1-unit": str(world.bappeda.pk),
        "sig-2-name": "Dihapus", "sig-2-remove": "1",
    })
    commitment = meeting.commitments.get()
    assert saved.status_code == 302 and saved["Location"] == commitment.get_absolute_url()
    assert list(commitment.signatories.values_list("name", "position", "unit")) == [
        (registry.camat.full_name, "Plt. Camat Sangatta Utara", world.kec_sangatta.pk),
        ("Ir. Siti Rahmah", "Ketua KPU", world.bappeda.pk),
    ]
    # The edit form keeps the rows (with their ids) and removes the one ticked.
    camat, kpu = commitment.signatories.all()
    commitments.set_signature(Actor(world.users[Role.COORDINATOR]), camat, SignatureStatus.SIGNED, on=DAY)
    edit = reverse("meetings:commitment_edit", args=[meeting.pk, commitment.pk])
    assert f'value="{camat.pk}"' in client.get(edit).content.decode()
    client.post(edit, {"title": "Komitmen Bersama", "kind": "komitmen_bersama", "text": TEXT,
                       "version": fresh(commitment).version, "rows": "2",
                       "sig-0-pk": str(camat.pk), "sig-0-official": str(registry.camat.pk),
                       "sig-0-position": "Plt. Camat Sangatta Utara",
                       "sig-1-pk": str(kpu.pk), "sig-1-name": "x", "sig-1-remove": "1"})
    assert list(commitment.signatories.values_list("pk", "status")) == [(camat.pk, "signed")]


GARBAGE = ["abc", "-1", "99999999999999999999999", "", "x" * 10_000, "2026-02-31", "²", "\x00",
           '{"a": 1}', "<script>alert(1)</script>"]


def test_garbage_is_refused_without_a_500(world, meeting, organizer, registry):
    commitment = _commitment(organizer, meeting, registry)
    signatory = commitment.signatories.first()
    edited = _commitment(organizer, meeting, registry, title="Diubah")
    client = _client(world, Role.COORDINATOR)
    add = reverse("meetings:commitment_add", args=[meeting.pk])
    edit = reverse("meetings:commitment_edit", args=[meeting.pk, edited.pk])
    sign = reverse("meetings:commitment_signatory", args=[meeting.pk, commitment.pk, signatory.pk])
    fields = ["title", "kind", "text", "signed_on", "rows", "version", "sig-0-pk", "sig-0-official",
              "sig-0-name", "sig-0-position", "sig-0-unit", "sig-0-remove"]
    for value in GARBAGE:
        for field in ("status", "status_on", "note", "version"):
            data = {"status": "signed", "status_on": "2024-12-10", "note": "", "version": ""}
            data[field] = value
            assert client.post(sign, data).status_code < 500, (field, value)
        for url in (add, edit):
            for field in fields:
                data = {"title": "Judul", "kind": "komitmen_bersama", "rows": "1", "sig-0-name": "A"}
                data[field] = value
                assert client.post(url, data).status_code < 500, (url, field, value)
            assert client.post(url, {f: value for f in fields}).status_code < 500, (url, value)
        assert client.get(add, {"commitment": value}).status_code < 500
        followup = reverse("meetings:followup_add", args=[meeting.pk])
        assert client.get(followup, {"commitment": value}).status_code < 500
    assert fresh(signatory).status in SignatureStatus.values
    for row in Commitment.objects.filter(meeting=meeting):
        assert len(row.title) <= 300 and row.kind in ("komitmen_bersama", "pakta_integritas", "lainnya")


def test_meeting_and_follow_up_pages_show_progress(world, meeting, organizer, registry):
    commitment = _commitment(organizer, meeting, registry)
    commitments.set_signature(organizer, commitment.signatories.first(), SignatureStatus.SIGNED, on=DAY)
    client = _client(world, Role.COORDINATOR)
    form = client.get(reverse("meetings:followup_add", args=[meeting.pk]), {"commitment": commitment.pk})
    page = form.content.decode()
    assert 'data-testid="followup-from-commitment"' in page
    assert f'<option value="{world.kec_sangatta.pk}" selected>' in page  # the signatories' units
    client.post(reverse("meetings:followup_add", args=[meeting.pk]), {
        "description": "Pemutakhiran data", "due_date": "2024-12-31", "units": [world.kec_sangatta.pk],
        "commitment": commitment.pk})
    action = FollowUp.objects.get(commitment=commitment)
    detail = client.get(action.get_absolute_url()).content.decode()
    assert 'data-testid="followup-commitment"' in detail and commitment.get_absolute_url() in detail
    assert "1 dari 4 ditandatangani" in detail
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    section = meeting_page.split('data-testid="commitments"', 1)[1]
    assert "1 dari 4 ditandatangani" in section and "Tindak lanjut: 0 dari 1 selesai, 0%" in section
    assert reverse("meetings:commitment_pdf", args=[meeting.pk, commitment.pk]) in section
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert action.get_absolute_url() in page and "Memutakhirkan data penduduk" in page
    assert 'data-testid="commitment-issue"' in page and 'data-testid="signatory-form"' in page
    assert action.status == FollowUpStatus.OPEN
    viewer = _client(world, Role.VIEWER).get(commitment.get_absolute_url()).content.decode()
    assert 'data-testid="signatory-form"' not in viewer and 'data-testid="commitment-issue"' not in viewer


# --------------------------------------------------------------------------- API


def _url(meeting, tail=""):
    return f"meetings/meetings/{meeting.pk}/commitments{tail}"


def test_api_commitments(world, meeting, organizer, registry):
    api = ApiClient(world.users[Role.UNIT_OPERATOR])
    created = api.post(_url(meeting), {
        "title": "Komitmen Bersama", "kind": "komitmen_bersama", "text": TEXT, "signed_on": "2024-12-10",
        "signatories": [{"official": registry.camat.pk}, "Hasdiah",
                        {"name": "Ir. Siti Rahmah", "position": "Ketua KPU", "unit": world.bappeda.pk}],
    })
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["text"] == TEXT and body["signatories"][1] == "Hasdiah"
    first = body["signatures"][0]
    assert (first["position"], first["unit"], first["status"]) == (
        "Plt. Camat Sangatta Utara", world.kec_sangatta.pk, "pending")
    pk = body["id"]
    signed = api.post(_url(meeting, f"/{pk}/signatories/{first['id']}/signature"),
                      {"status": "signed", "on": "2024-12-10", "version": first["version"]})
    assert signed.status_code == 200 and signed.json()["status_on"] == "2024-12-10"
    stale = api.post(_url(meeting, f"/{pk}/signatories/{first['id']}/signature"),
                     {"status": "declined", "on": "2024-12-10", "version": first["version"]})
    assert stale.status_code == 409
    assert api.post(_url(meeting, f"/{pk}/signatories/{first['id']}/signature"),
                    {"status": "signed"}).status_code == 422
    assert api.post(_url(meeting, f"/{pk}/signatories/{first['id']}/signature"),
                    {"status": "bogus", "on": "2024-12-10"}).status_code == 422
    got = api.get(_url(meeting, f"/{pk}")).json()
    assert got["progress"]["signed"] == 1 and got["progress"]["pending"] == 2
    patched = api.request("patch", _url(meeting, f"/{pk}"), {
        "version": got["version"], "title": "Komitmen Baru",
        "signatories": [{"id": first["id"], "official": registry.camat.pk}, "Hasdiah"]})
    assert patched.status_code == 200, patched.content
    assert [s["status"] for s in patched.json()["signatures"]] == ["signed", "pending"]
    for bad in ({"official": 999999}, {"unit": world.mimika_tapem.pk, "name": "A"}):
        assert api.post(_url(meeting), {"title": "X", "signatories": [bad]}).status_code == 422
    assert api.post(_url(meeting), {"title": "X", "kind": "bogus"}).status_code == 422
    assert api.request("patch", _url(meeting, f"/{pk}"),
                       {"version": patched.json()["version"], "title": None}).status_code == 422
    pdf = api.get(_url(meeting, f"/{pk}/document.pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    viewer = ApiClient(world.users[Role.VIEWER])
    assert viewer.get(_url(meeting)).status_code == 200
    assert viewer.post(_url(meeting, f"/{pk}/issue")).status_code == 403
    issued = api.post(_url(meeting, f"/{pk}/issue"))
    assert issued.status_code == 200 and issued.json()["issued_code"]
    assert api.post(_url(meeting, f"/{pk}/issue")).status_code == 422
    services.cancel_meeting(organizer, fresh(meeting), "Batal", expected_version=None)
    assert api.post(_url(meeting, f"/{pk}/signatories/{first['id']}/signature"),
                    {"status": "pending"}).status_code == 422
