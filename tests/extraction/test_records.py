"""Records that keep what a report says (issue 18): a draft until confirmed, an unknown time
shown as such, the headline kept apart from the meeting's title, due dates, positions of new
officials, commitments and problems."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from sinergi.core.services import Actor
from sinergi.extraction import extract
from sinergi.extraction.drafts import (
    ConfirmedReport,
    ProblemInput,
    annotation_of,
    confirm_report,
    save_report,
)
from sinergi.extraction.models import ReportSource
from sinergi.extraction.result import Person
from sinergi.meetings import ics, rules
from sinergi.meetings.choices import MeetingStatus
from sinergi.meetings.documents import time_range
from sinergi.meetings.models import Commitment, Meeting
from sinergi.problems.choices import ProblemCategory
from sinergi.problems.models import Problem
from sinergi.regions.choices import Capacity
from sinergi.regions.models import Position, PositionTerm
from tests import factories
from tests.extraction.test_views import save_data

REPORT = """Camat Diminta Tuntaskan DPT Ganda

SANGATTA - Pemerintah Kabupaten Kutai Timur menggelar rapat koordinasi camat se-Kabupaten Kutai
Timur triwulan III di ruang rapat Sekda, Kamis (3/10/2024). Rapat dibuka Plt. Kepala Dinas Kesehatan
Kutai Timur, Rahmat Hidayat. Ia meminta seluruh camat menyelesaikan pemutakhiran data penduduk paling
lambat 31 Oktober 2024. Para camat berkomitmen menuntaskan pendataan sebelum akhir tahun.
Kendala yang muncul adalah masih adanya DPT ganda di 12 TPS di Kecamatan Sangatta Utara."""


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.users["coordinator"])
    return client


def confirmed(world, **extra) -> ConfirmedReport:
    values = dict(government=world.kutim, organizer=world.tapem, title="Rakor Camat TW III",
                  kind="rapat_koordinasi", date=dt.date(2024, 10, 3), source_text=REPORT)
    values.update(extra)
    return ConfirmedReport(**values)


def test_a_saved_report_is_a_draft_corrected_then_confirmed(world):
    actor = Actor(world.users["coordinator"])
    meeting = save_report(actor, confirmed(world), today=dt.date(2024, 12, 1))
    assert meeting.status == MeetingStatus.PLANNED  # a draft: still corrected like any meeting
    source = ReportSource.objects.get(meeting=meeting)
    assert source.confirmed_at is None
    Meeting.objects.filter(pk=meeting.pk).update(title="Rakor Camat Triwulan III 2024", venue="Ruang Sekda")
    meeting = confirm_report(actor, source, today=dt.date(2024, 12, 1))
    assert meeting.status == MeetingStatus.CLOSED  # it took place: closed once confirmed
    source.refresh_from_db()
    assert source.confirmed_at and source.confirmed_by == world.users["coordinator"]
    assert source.confirmed["meeting_title"] == "Rakor Camat Triwulan III 2024"
    assert source.confirmed["venue"] == "Ruang Sekda"
    with pytest.raises(Exception, match=r"confirmed before|dikonfirmasi sebelumnya"):
        confirm_report(actor, source)


def test_an_upcoming_meeting_stays_planned_when_confirmed(world):
    actor = Actor(world.users["coordinator"])
    meeting = save_report(actor, confirmed(world, date=dt.date(2025, 1, 20)), today=dt.date(2024, 12, 1),
                          confirm=True)
    assert meeting.status == MeetingStatus.PLANNED and meeting.report_source.confirmed_at


def test_a_time_the_report_does_not_give_is_unknown_and_shown_as_such(world):
    meeting = save_report(Actor(world.users["coordinator"]), confirmed(world))
    assert not meeting.time_known
    local = rules.local(meeting.starts_at, meeting.time_zone)
    assert local.date() == dt.date(2024, 10, 3)
    with translation.override("id"):
        assert rules.when(meeting) == "Kamis, 3 Oktober 2024, waktu tidak disebutkan"
        assert time_range(meeting) == "waktu tidak disebutkan"
    event = next(c for c in Calendar.from_ical(ics.calendar_for(meeting, "example.org")).walk("VEVENT"))
    assert event.decoded("dtstart") == dt.date(2024, 10, 3)  # an all-day event, not 00.00-23.59
    assert event.decoded("dtend") == dt.date(2024, 10, 4)


def test_a_stated_time_is_kept(world):
    meeting = save_report(Actor(world.users["coordinator"]),
                          confirmed(world, start=dt.time(8, 30), end=dt.time(11, 45)))
    assert meeting.time_known
    assert rules.local(meeting.starts_at, meeting.time_zone).time() == dt.time(8, 30)
    assert rules.local(meeting.ends_at, meeting.time_zone).time() == dt.time(11, 45)


def test_the_meeting_form_keeps_an_unknown_time_until_one_is_given(coordinator, world):
    meeting = save_report(Actor(world.users["coordinator"]), confirmed(world, date=dt.date(2030, 1, 10)))
    url = reverse("meetings:meeting_edit", args=[meeting.pk])
    page = coordinator.get(url)
    assert page.status_code == 200 and page.context["form"]["start"].value() in (None, "")
    data = {"organizer": world.tapem.pk, "kind": "rapat_koordinasi", "title": meeting.title,
            "day": "2030-01-10", "start": "", "end": "", "version": meeting.version,
            "letter_sifat": "", "letter_as_list": "on"}
    response = coordinator.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting.refresh_from_db()
    assert not meeting.time_known
    data.update(start="09:30", end="11:00", version=meeting.version)
    assert coordinator.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.time_known
    assert rules.local(meeting.starts_at, meeting.time_zone).time() == dt.time(9, 30)
    # Once known, a time is required again; half a time is refused.
    data.update(start="", end="", version=meeting.version)
    assert coordinator.post(url, data).status_code in (200, 400)
    meeting.refresh_from_db()
    assert meeting.time_known


def test_a_new_meeting_still_needs_its_time(coordinator, world):
    data = {"organizer": world.tapem.pk, "kind": "rapat_koordinasi", "title": "Rakor",
            "day": "2030-01-10", "start": "", "end": "", "letter_sifat": "", "letter_as_list": "on"}
    response = coordinator.post(reverse("meetings:meeting_add"), data)
    assert response.status_code in (200, 400) and not Meeting.objects.exists()


def test_new_officials_get_the_position_the_report_gives_them(world):
    dinkes = factories.unit(world.kutim, "DINKES", "Dinas Kesehatan")
    person = Person("Rahmat Hidayat", "Plt. Kepala Dinas Kesehatan Kutai Timur")
    meeting = save_report(Actor(world.users["coordinator"]),
                          confirmed(world, new_officials=[person], chair_is_new=person,
                                    chair_position=person.position))
    term = PositionTerm.objects.select_related("position").get(official=meeting.chair)
    assert term.capacity == Capacity.PLT and term.start == dt.date(2024, 10, 3)
    assert term.position.title == "Kepala Dinas Kesehatan Kutai Timur" and term.position.unit == dinkes
    # A position someone else holds on record is not overwritten.
    other = factories.official(world.kutim, "Budi Santoso")
    factories.term(term.position, other, dt.date(2024, 1, 1))
    PositionTerm.objects.filter(official=meeting.chair).delete()
    clash = Person("Joko Susilo", "Kepala Dinas Kesehatan Kutai Timur")
    again = save_report(Actor(world.users["coordinator"]),
                        confirmed(world, new_officials=[clash], source_text=REPORT + " Lagi.",
                                  date=dt.date(2024, 10, 4)))
    assert again.pk and not PositionTerm.objects.filter(official__name="Joko Susilo").exists()
    assert Position.objects.filter(title="Kepala Dinas Kesehatan Kutai Timur").count() == 1


def test_commitments_and_accepted_problems_are_recorded_and_linked(world):
    meeting = save_report(Actor(world.users["coordinator"]), confirmed(
        world, commitments=["Para camat berkomitmen menuntaskan pendataan sebelum akhir tahun."],
        problems=[ProblemInput("Masih adanya DPT ganda di 12 TPS di Kecamatan Sangatta Utara.")]))
    commitment = Commitment.objects.get(meeting=meeting)
    assert "berkomitmen" in commitment.text
    problem = Problem.objects.get()
    assert list(problem.meetings.all()) == [meeting]
    assert problem.category == ProblemCategory.ELECTORAL and problem.unit == world.tapem
    assert problem.raised_on == dt.date(2024, 10, 3)


def test_the_review_page_offers_due_dates_commitments_and_problems(coordinator, world):
    page = coordinator.post(reverse("extraction:report_read"), {"text": REPORT, "government": world.kutim.pk})
    assert page.status_code == 200
    form = page.context["form"]
    report = extract(REPORT)
    assert report.starts is None
    assert form["start"].value() is None  # no invented 09.00
    assert form["title"].value() != report.title  # a meeting title, not the headline
    html = page.content.decode()
    assert "Camat Diminta Tuntaskan DPT Ganda" in html  # the headline, shown as the source's title
    assert form.commitment_count >= 1 and form.problem_count >= 1
    dues = [form[f"fu_{i}_due"].value() for i in range(form.follow_up_count)]
    assert dt.date(2024, 10, 31) in dues  # "paling lambat 31 Oktober 2024"
    data = save_data(page, organizer=str(world.tapem.pk))
    for index in range(form.problem_count):
        data[f"pb_{index}_keep"] = "on"
    response = coordinator.post(reverse("extraction:report_save"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get()
    assert meeting.report_source.headline == "Camat Diminta Tuntaskan DPT Ganda"
    assert not meeting.time_known
    assert meeting.commitments.count() == form.commitment_count
    assert Problem.objects.filter(meetings=meeting).count() == form.problem_count


def test_confirm_is_for_those_who_may_change_the_meeting(client, world):
    meeting = save_report(Actor(world.users["coordinator"]), confirmed(world))
    url = reverse("extraction:report_confirm", args=[meeting.pk])
    client.force_login(world.users["viewer"])
    assert client.post(url).status_code in (403, 404)
    client.force_login(world.users["coordinator"])
    assert client.get(url).status_code == 302  # a GET changes nothing
    assert ReportSource.objects.get().confirmed_at is None
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert 'data-testid="report-confirm"' in detail
    assert client.post(url).status_code == 302
    assert ReportSource.objects.get().confirmed_at is not None
    assert 'data-testid="report-confirm"' not in client.get(meeting.get_absolute_url()).content.decode()
    assert client.post(url).status_code == 302  # twice: a message, nothing changes
    plain = Meeting.objects.create(government=world.mimika, organizer=world.mimika_tapem, title="x",
                                   starts_at=meeting.starts_at, ends_at=meeting.ends_at,
                                   time_zone="Asia/Jayapura")
    client.force_login(world.users["administrator"])
    assert client.post(reverse("extraction:report_confirm", args=[plain.pk])).status_code == 404


def test_the_record_as_confirmed_follows_amendments(world):
    actor = Actor(world.users["coordinator"])
    meeting = save_report(actor, confirmed(world, extracted=extract(REPORT).as_json()), confirm=True)
    from sinergi.meetings import closing

    closing.amend(actor, meeting, {"venue": "Ruang Rapat Sekda"}, "Salah tempat", expected_version=None)
    assert annotation_of(meeting.report_source)["venue"] == "Ruang Rapat Sekda"


GARBAGE = ["", " ", "abc", "-1", "0", "99999999999999999999", "25:99", "31/31/2024", "1e309", "NaN",
           "<script>x</script>", "x" * 5000, "person_999", "official:abc", "\x00", "2024-02-30"]


@pytest.mark.parametrize("value", GARBAGE)
def test_garbage_in_every_review_field_is_refused_never_a_500(coordinator, world, value):
    page = coordinator.post(reverse("extraction:report_read"), {"text": REPORT, "government": world.kutim.pk})
    data = save_data(page, organizer=str(world.tapem.pk))
    for name in list(data):
        if name in ("source", "government"):
            continue
        changed = {**data, name: value}
        response = coordinator.post(reverse("extraction:report_save"), changed)
        assert response.status_code in (302, 400, 403), (name, value, response.status_code)
        Meeting.objects.all().delete()  # a value that is valid saves: start again
        Problem.objects.all().delete()
        ReportSource.objects.all().delete()
    for name in ("government", "published", "headline", "file_name"):
        response = coordinator.post(reverse("extraction:report_save"), {**data, name: value})
        assert response.status_code in (302, 400, 403, 404), (name, value, response.status_code)
        Meeting.objects.all().delete()
        ReportSource.objects.all().delete()
    assert coordinator.post(reverse("extraction:report_confirm", args=[999999])).status_code == 404
