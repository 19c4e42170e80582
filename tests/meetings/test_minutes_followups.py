"""Minutes (sanitised Markdown), decisions, follow-up actions (state machine, who may, overdue in
the government's zone, completion), carry-over in a series, closing (frozen, amendments with a
reason) and the notulen/berita acara PDF read back."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.meetings import attendance, closing, followups, minutes, services
from sinergi.meetings.choices import DecisionKind, FollowUpStatus, LineStatus, MeetingStatus
from sinergi.meetings.followups import Step
from sinergi.meetings.models import FollowUpLine, MeetingSeries
from tests import factories
from tests.meetings.conftest import make_meeting


def parsed_tags(html: str) -> list[tuple[str, list]]:
    """The elements (with their attributes) a browser would build from `html`."""
    from html.parser import HTMLParser

    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "<iframe src=https://evil></iframe>",
        "[d](data:text/html,<script>alert(1)</script>)",
        '<a href="#" onclick="alert(1)">x</a>',
    ],
)
def test_no_script_gets_through_the_minutes(attack):
    html = minutes.render(f"**Rapat** dibuka. {attack}")
    assert "<strong>Rapat</strong>" in html
    tags = parsed_tags(html)
    assert {name for name, _attrs in tags} <= {"p", "strong", "a"}
    for _name, attrs in tags:
        for key, value in attrs:
            assert not key.startswith("on")
            assert key != "href" or value.startswith(("http:", "https:", "mailto:"))


def test_minutes_keep_ordinary_markdown():
    html = minutes.render("## Arahan\n\n- Camat **wajib** hadir\n- [SOP](https://example.go.id/sop)")
    assert "<h2>Arahan</h2>" in html and "<li>Camat <strong>wajib</strong> hadir</li>" in html
    assert 'href="https://example.go.id/sop"' in html and 'rel="noopener noreferrer nofollow"' in html


@pytest.fixture
def organizer(world):
    return Actor(world.users[Role.UNIT_OPERATOR])


def test_follow_up_state_machine_and_roles(world, meeting, organizer):
    """One responsible unit: it reports on its line, the organizer accepts or returns; the
    action's status follows its line (derived, never typed)."""
    decision = closing.add_decision(organizer, meeting, "Camat memperbarui data DPT", DecisionKind.DIRECTIVE)
    action = followups.create(
        organizer, meeting, decision.text, [world.kec_sangatta], dt.date(2024, 12, 20), decision
    )
    line = action.lines.get()
    kec_operator = Actor(factories.user("op-kec", Role.UNIT_OPERATOR, [world.kec_sangatta]))
    other = Actor(factories.user("op-bappeda", Role.UNIT_OPERATOR, [world.bappeda]))
    with pytest.raises(PermissionDenied):
        followups.act(other, line, Step.PROGRESS, progress=10, note="x")
    line = followups.act(
        kec_operator,
        line,
        Step.PROGRESS,
        progress=40,
        note="Pemutakhiran 12 desa",
        expected_version=line.version,
    )
    action.refresh_from_db()
    assert (action.status, action.progress) == (FollowUpStatus.IN_PROGRESS, 40)
    with pytest.raises(PermissionDenied):  # a responsible unit does not cancel
        followups.cancel(kec_operator, action, "tidak perlu")
    with pytest.raises(ValidationError):  # cancelling needs a reason
        followups.cancel(organizer, action, "")
    with pytest.raises(PermissionDenied):  # a unit does not accept its own line
        followups.act(kec_operator, line, Step.CLOSE, note="Selesai")
    line = followups.act(kec_operator, line, Step.REPORT_DONE, note="Selesai")
    action.refresh_from_db()
    assert line.status == LineStatus.SUBMITTED and action.status == FollowUpStatus.IN_PROGRESS
    line = followups.act(organizer, line, Step.RETURN, reason="Data belum lengkap")
    assert (line.status, line.reason, line.times_returned) == (
        LineStatus.IN_PROGRESS,
        "Data belum lengkap",
        1,
    )
    line = followups.act(kec_operator, line, Step.REPORT_DONE, note="Dilengkapi")
    line = followups.act(organizer, line, Step.ACCEPT)
    action.refresh_from_db()
    assert (action.status, action.progress, action.completed_on is not None) == (
        FollowUpStatus.DONE,
        100,
        True,
    )
    with pytest.raises(ValidationError):  # done -> cancelled is not a step
        followups.cancel(organizer, action, "x")
    line = followups.act(organizer, line, Step.REOPEN, reason="Ternyata belum")
    action.refresh_from_db()
    assert action.status == FollowUpStatus.IN_PROGRESS and line.updates.count() == 6
    assert AuditEvent.objects.filter(object_id=str(line.pk), content_type__model="followupline").count() == 7


def test_overdue_at_the_date_boundary_in_wit(world, organizer):
    wit = ZoneInfo("Asia/Jayapura")
    meeting = make_meeting(
        world,
        organizer=world.mimika_tapem,
        government=world.mimika,
        time_zone="Asia/Jayapura",
        starts_at=dt.datetime(2024, 12, 1, 9, tzinfo=wit),
        ends_at=dt.datetime(2024, 12, 1, 12, tzinfo=wit),
    )
    action = followups.create(Actor(None), meeting, "Laporan", [world.mimika_tapem], dt.date(2024, 12, 10))
    before = followups.today_in("Asia/Jayapura", dt.datetime(2024, 12, 10, 23, 30, tzinfo=wit))
    after = followups.today_in("Asia/Jayapura", dt.datetime(2024, 12, 11, 0, 30, tzinfo=wit))
    assert after == dt.date(2024, 12, 11)  # UTC is still 10 December, 15.30
    assert not followups.is_overdue(action, before) and followups.is_overdue(action, after)


def test_completion_excludes_cancelled(world, meeting, organizer):
    a = followups.create(organizer, meeting, "A", [world.kec_sangatta], dt.date(2024, 12, 20))
    b = followups.create(organizer, meeting, "B", [world.kec_sangatta], dt.date(2024, 12, 20))
    c = followups.create(organizer, meeting, "C", [world.bappeda], dt.date(2024, 12, 5))
    followups.act(organizer, a.lines.get(), Step.CLOSE, note="ok")
    followups.cancel(organizer, b, "batal")
    done = followups.completion_of(meeting, dt.date(2024, 12, 10))
    assert (done.total, done.done, done.overdue) == (2, 1, 1) and done.rate == 50
    lines = FollowUpLine.objects.filter(follow_up__meeting=meeting)
    per_unit = {r.key: r for r in followups.completion_by_unit(lines, dt.date(2024, 12, 10))}
    assert (per_unit[world.kec_sangatta.name].total, per_unit[world.bappeda.name].overdue) == (1, 1)
    assert c.pk


def test_carry_over_to_the_next_meeting_of_the_series(world, meeting, organizer):
    series = MeetingSeries.objects.create(government=world.kutim, name="Rakor Camat", organizer=world.tapem)
    meeting.series = series
    meeting.save()
    followups.create(organizer, meeting, "Perbarui data DPT", [world.kec_sangatta], dt.date(2025, 1, 31))
    later = make_meeting(
        world,
        series=series,
        title="Rakor TW IV",
        starts_at=dt.datetime(2025, 2, 10, 9, tzinfo=ZoneInfo("Asia/Makassar")),
        ends_at=dt.datetime(2025, 2, 10, 12, tzinfo=ZoneInfo("Asia/Makassar")),
    )
    other = make_meeting(world, title="Rakor lain")
    assert [f.description for f in followups.proposed_agenda(later)] == ["Perbarui data DPT"]
    assert list(followups.proposed_agenda(other)) == []
    ids = [f.pk for f in followups.proposed_agenda(later)]
    followups.carry_over(organizer, later, ids)
    followups.carry_over(organizer, later, ids)  # idempotent
    assert [i.title for i in later.agenda_items.all()] == ["Tindak lanjut: Perbarui data DPT"]


def test_close_freezes_and_amendments_need_a_reason(world, meeting, organizer):
    meeting = services.open_meeting(organizer, meeting, expected_version=meeting.version)
    meeting = minutes.save_minutes(
        organizer, meeting, "Rapat dibuka pukul 09.00.", expected_version=meeting.version
    )
    meeting = closing.close_meeting(organizer, meeting, expected_version=meeting.version)
    assert meeting.status == MeetingStatus.CLOSED
    with pytest.raises(ValidationError, match=r"closed|ditutup"):
        closing.add_decision(organizer, meeting, "Terlambat", DecisionKind.DECISION)
    with pytest.raises(ValidationError):
        closing.amend(organizer, meeting, {"minutes": "x"}, "  ", expected_version=meeting.version)
    meeting = closing.amend(
        organizer,
        meeting,
        {"minutes": "Rapat dibuka pukul 09.15."},
        "Salah ketik jam",
        expected_version=meeting.version,
    )
    assert closing.amendments(meeting)[0][1] == "Salah ketik jam"
    viewer = Actor(world.users[Role.VIEWER])
    with pytest.raises(PermissionDenied):
        closing.amend(viewer, meeting, {"minutes": "x"}, "alasan", expected_version=meeting.version)


def test_record_pdf_reads_back(client, world, meeting, officials, organizer):
    meeting = services.open_meeting(organizer, meeting, expected_version=meeting.version)
    attendance.manual_checkin(organizer, meeting, name="Hasdiah", unit=world.kec_sangatta, position="Camat")
    meeting = minutes.save_minutes(
        organizer, meeting, "Rapat membahas **DPT** #[eval] $x$ // komentar", expected_version=meeting.version
    )
    decision = closing.add_decision(organizer, meeting, "Perbarui data DPT", DecisionKind.DIRECTIVE, "Bupati")
    followups.create(
        organizer, meeting, "Perbarui data DPT", [world.kec_sangatta], dt.date(2024, 12, 20), decision
    )
    closing.add_commitment(
        organizer,
        meeting,
        title="Komitmen Netralitas ASN",
        kind="komitmen_bersama",
        signed_on=dt.date(2024, 12, 10),
        signatories=[("Hasdiah", "Camat Sangatta Utara")],
    )
    client.force_login(world.users[Role.VIEWER])
    draft = client.get(reverse("meetings:record_pdf", args=[meeting.pk]))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(draft.content)).pages).split())
    for expected in (
        "DRAF",
        "NOTULEN RAPAT",
        "Selasa, 10 Desember 2024",
        "09.00 s.d. 12.00 WITA",
        "Hasdiah",
        "Perbarui data DPT",
        "Komitmen Netralitas ASN",
        "#[eval] $x$ // komentar",
        "Ardiansyah Sulaiman",
    ):
        assert expected in text, expected
    closing.close_meeting(organizer, meeting.__class__.objects.get(pk=meeting.pk), expected_version=None)
    final = client.get(reverse("meetings:record_pdf", args=[meeting.pk]))
    assert "DRAF" not in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(final.content)).pages)


def test_pages_render(client, world, meeting, organizer):
    followups.create(organizer, meeting, "Perbarui data DPT", [world.kec_sangatta], dt.date(2024, 12, 20))
    client.force_login(world.users[Role.COORDINATOR])
    assert client.get(meeting.get_absolute_url()).status_code == 200
    board = client.get(reverse("meetings:followup_board"), {"government": world.kutim.pk})
    assert board.status_code == 200 and "Perbarui data DPT" in board.content.decode()
    action = meeting.follow_ups.get()
    assert client.get(action.get_absolute_url()).status_code == 200
    client.force_login(factories.user("op-mimika", Role.UNIT_OPERATOR, [world.mimika_tapem]))
    assert client.get(action.get_absolute_url()).status_code == 404


def test_commitment_scan_download(client, world, meeting, organizer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    commitment = closing.add_commitment(
        organizer,
        meeting,
        title="Pakta Integritas",
        kind="pakta_integritas",
        document=SimpleUploadedFile("pakta.pdf", b"%PDF-1.4 pakta"),
    )
    client.force_login(world.users[Role.VIEWER])
    url = reverse("meetings:commitment_document", args=[meeting.pk, commitment.pk])
    assert b"".join(client.get(url).streaming_content).startswith(b"%PDF")
    assert 'data-testid="commitment-document"' in client.get(meeting.get_absolute_url()).content.decode()
