"""From a report to a meeting record: officials matched to the registry, the bulk import of an
archive (duplicates skipped, nothing invented), and the audited, all-or-nothing save."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from sinergi.core.models import AuditEvent
from sinergi.core.services import Actor
from sinergi.extraction import extract
from sinergi.extraction.drafts import (
    ConfirmedReport,
    FollowUpInput,
    match_officials,
    save_report,
)
from sinergi.extraction.models import ReportSource
from sinergi.extraction.result import Person
from sinergi.meetings.choices import MeetingStatus
from sinergi.meetings.models import Decision, FollowUp, Meeting
from sinergi.regions.models import Official
from tests import factories

FIXTURES = Path(__file__).parent / "fixtures"
KUTIM = FIXTURES / "kutim-rakor-kecamatan-tw3.txt"


def test_officials_are_matched_to_the_registry(world):
    factories.official(world.kutim, "Agus Hari Kesuma", back_title="S.E.")
    factories.official(world.kutim, "Sutrisno Hadi")
    factories.official(world.kutim, "Sutrisno Wibowo")
    agus, sutrisno, nobody = match_officials(world.kutim, [
        Person("Agus Hari Kesuma"), Person("Sutrisno"), Person("Siti Rahmah")])
    assert agus.sure and agus.match.name == "Agus Hari Kesuma"
    assert not sutrisno.sure and {o.name for o in sutrisno.candidates} == {"Sutrisno Hadi", "Sutrisno Wibowo"}
    assert not nobody.sure and nobody.candidates == []


def test_bulk_import_of_an_archive(world, tmp_path):
    for path in FIXTURES.glob("*.txt"):
        (tmp_path / path.name).write_text(path.read_text())
    (tmp_path / "notes.txt").write_text("Catatan tanpa tanggal rapat.")
    out = io.StringIO()
    call_command("import_reports", str(tmp_path), stdout=out)
    text = out.getvalue()
    # Kutai Timur is the only government of the test world with a report; Mimika's report has no
    # organizer unit problem (its Tapem exists); the others have no government here.
    meetings = Meeting.objects.order_by("starts_at")
    assert [m.government for m in meetings] == [world.mimika, world.kutim]
    kutim = meetings.get(government=world.kutim)
    assert kutim.starts_at.astimezone(ZoneInfo(kutim.time_zone)).date() == dt.date(2024, 11, 1)
    # The report gives no time: unknown, not 09.00-12.00; a draft until someone confirms it.
    assert not kutim.time_known
    assert kutim.status == MeetingStatus.PLANNED and kutim.report_source.confirmed_at is None
    assert kutim.venue == "Room Oasis, Aston Hotel and Convention"
    assert Decision.objects.filter(meeting=kutim).count() == len(extract(KUTIM.read_text()).follow_ups)
    assert FollowUp.objects.filter(meeting=kutim).count() == 0  # no unit or due date: not invented
    assert "Kabupaten Mahakam Ulu" in text and "skipped" in text
    assert AuditEvent.objects.filter(source="import", object_id=str(kutim.pk)).exists()
    # Again: nothing new, every report already imported.
    out = io.StringIO()
    call_command("import_reports", str(tmp_path), stdout=out)
    assert Meeting.objects.count() == 2
    assert "2 already imported" in out.getvalue()


def test_bulk_import_confirmed_at_once_closes_what_took_place(world, tmp_path):
    (tmp_path / KUTIM.name).write_text(KUTIM.read_text())
    call_command("import_reports", str(tmp_path), "--confirm", stdout=io.StringIO())
    kutim = Meeting.objects.get(government=world.kutim)
    assert kutim.status == MeetingStatus.CLOSED  # it took place
    assert kutim.report_source.confirmed_at is not None


def confirmed(world, **extra) -> ConfirmedReport:
    values = dict(government=world.kutim, organizer=world.tapem, title="Rakor Camat TW III",
                  kind="rapat_koordinasi", date=dt.date(2024, 11, 1), source_text=KUTIM.read_text())
    values.update(extra)
    return ConfirmedReport(**values)


def test_save_report_makes_follow_up_actions_where_confirmed(world):
    actor = Actor(world.users["coordinator"])
    meeting = save_report(actor, confirmed(
        world, new_officials=[Person("Agus Hari Kesuma, S.E.", "Penjabat Sementara Bupati Kutai Timur")],
        chair_is_new=Person("Agus Hari Kesuma, S.E."),
        follow_ups=[FollowUpInput("Camat memperbarui data DPT", [world.kec_sangatta], dt.date(2024, 12, 1)),
                    FollowUpInput("ASN menjaga netralitas")]))
    assert meeting.chair.name == "Agus Hari Kesuma" and meeting.chair.back_title == "S.E."
    assert Official.objects.filter(government=world.kutim, name="Agus Hari Kesuma").count() == 1
    follow_up = FollowUp.objects.get(meeting=meeting)
    assert list(follow_up.responsible_units.all()) == [world.kec_sangatta]
    assert Decision.objects.filter(meeting=meeting).count() == 2
    assert ReportSource.objects.get(meeting=meeting).government == world.kutim


def test_the_same_report_is_imported_once_and_a_refused_save_writes_nothing(world):
    actor = Actor(world.users["coordinator"])
    save_report(actor, confirmed(world))
    before = (Meeting.objects.count(), Official.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError):
        save_report(actor, confirmed(world, new_officials=[Person("Orang Baru")]))
    assert (Meeting.objects.count(), Official.objects.count(), AuditEvent.objects.count()) == before


def test_a_viewer_cannot_save_a_report(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        save_report(Actor(world.users["viewer"]), confirmed(world))
    assert not Meeting.objects.exists()
