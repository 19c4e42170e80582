"""reports.my_tasks: what each role finds on its home page (and GET /api/v1/me/tasks), with the
deadline counted in the government's own zone and links that land on the rows to work on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.meetings import followups
from sinergi.meetings.followups import Step
from sinergi.meetings.models import Invitation, Meeting
from sinergi.monitoring.choices import RealizationStatus
from sinergi.regions.choices import Capacity, PositionGrade
from sinergi.regions.models import Official, Position, PositionTerm
from sinergi.reports.my_tasks import tasks_for
from tests import factories
from tests.monitoring.conftest import open_period, realization
from tests.planning.conftest import make_activity

YEAR = 2026
DEADLINE = dt.date(2027, 1, 15)
# 15:38 UTC on Monday 7 December 2026: 23:38 in Kutai Timur (WITA), already 00:38 on
# Tuesday 8 December in Mimika (WIT).
NOW = dt.datetime(2026, 12, 7, 15, 38, tzinfo=dt.UTC)

D, S, R, V = (RealizationStatus.DRAFT, RealizationStatus.SUBMITTED, RealizationStatus.RETURNED,
              RealizationStatus.VERIFIED)


def by_kind(tasks):
    found = {}
    for task in tasks:
        found.setdefault(task.kind, []).append(task)
    return found


@pytest.fixture
def plan(world, sample):
    """Kutai Timur's TW IV 2026 is open until 15 January 2027. In Tata Pemerintahan (the
    operator's unit): a draft, a returned row, a row the operator submitted, one not entered.
    In Setda (the head's unit): a row the head submitted himself."""
    operator, head = world.users[Role.UNIT_OPERATOR], world.users[Role.UNIT_HEAD]
    open_period(world.kutim, 4, deadline=DEADLINE, year=YEAR)
    rows = {}
    for name in ("draft", "returned", "submitted", "empty"):
        rows[name] = make_activity(world.tapem, year=YEAR, name=f"Kegiatan {name}")
    rows["head"] = make_activity(world.setda, year=YEAR, name="Kegiatan kepala")
    realization(rows["draft"], 4, status=D)
    realization(rows["returned"], 4, status=R, return_reason="Foto bukti fisik belum diunggah")
    realization(rows["submitted"], 4, status=S, submitted_by=operator)
    realization(rows["head"], 4, status=S, submitted_by=head)
    return rows


def test_operator_sees_the_open_period_with_days_left_drafts_and_returned_rows(world, plan, english):
    tasks = by_kind(tasks_for(world.users[Role.UNIT_OPERATOR], NOW))
    [period] = tasks["period_open"]
    assert period.due_date == DEADLINE
    assert period.days_left == 39  # 7 December in WITA
    assert period.count == 3  # of 4 activities, 1 reported
    assert "Quarter IV 2026" in period.title
    assert "1 of 4 activities reported" in period.detail and "WITA" in period.detail
    [drafts] = tasks["drafts"]
    assert drafts.count == 1 and drafts.url.endswith("?status=draft")
    [returned] = tasks["returned"]
    assert returned.count == 1 and returned.severity == "danger"
    assert "Foto bukti fisik belum diunggah" in returned.detail
    assert "Kegiatan returned" in returned.detail
    assert "to_verify" not in tasks  # operators do not verify


def test_the_returned_link_lands_on_a_page_listing_that_row_only(client, world, plan):
    [returned] = by_kind(tasks_for(world.users[Role.UNIT_OPERATOR], NOW))["returned"]
    client.force_login(world.users[Role.UNIT_OPERATOR])
    page = client.get(returned.url).content.decode()
    assert f'data-activity="{plan["returned"].pk}"' in page
    assert "Foto bukti fisik belum diunggah" in page
    assert f'data-activity="{plan["draft"].pk}"' not in page
    assert 'data-testid="status-filter"' in page


def test_operator_in_mimika_counts_days_in_wit(world, sample, english):
    operator = factories.user("operator-mimika", Role.UNIT_OPERATOR, [world.mimika_tapem])
    open_period(world.mimika, 4, deadline=DEADLINE, year=YEAR)
    make_activity(world.mimika_tapem, year=YEAR)
    [period] = by_kind(tasks_for(operator, NOW))["period_open"]
    assert period.days_left == 38  # already 8 December in Papua
    assert "WIT)" in period.detail
    assert "15 January 2027" in period.detail
    # On the deadline day itself (15 January, 01:00 WIT) nothing is late yet.
    [period] = by_kind(tasks_for(operator, dt.datetime(2027, 1, 14, 16, 0, tzinfo=dt.UTC)))["period_open"]
    assert period.days_left == 0 and period.days_label == "due today"


def test_head_sees_what_waits_for_verification_but_not_what_he_submitted(world, plan):
    tasks = by_kind(tasks_for(world.users[Role.UNIT_HEAD], NOW))
    [waiting] = tasks["to_verify"]
    assert waiting.count == 1  # the operator's row; not the head's own (four-eyes)
    assert waiting.url.endswith("?status=submitted")
    assert "/verify/" in waiting.url
    assert tasks["returned"][0].count == 1  # the unit's work is the head's too


def test_the_verification_link_lists_the_submitted_rows(client, world, plan):
    [waiting] = by_kind(tasks_for(world.users[Role.UNIT_HEAD], NOW))["to_verify"]
    client.force_login(world.users[Role.UNIT_HEAD])
    page = client.get(waiting.url).content.decode()
    assert page.count("data-realization=") == 2  # the operator's and the head's submitted rows
    assert "Kegiatan returned" not in page


def test_coordinator_sees_units_not_reported_and_rows_to_verify(client, world, plan, english):
    coordinator = world.users[Role.COORDINATOR]
    tasks = by_kind(tasks_for(coordinator, NOW))
    [missing] = tasks["units_not_reported"]
    assert missing.count == 1  # Tata Pemerintahan; Setda reported its one activity
    assert missing.days_left == 39
    assert "show=missing" in missing.url
    [waiting] = tasks["to_verify"]
    assert waiting.count == 2
    client.force_login(coordinator)
    page = client.get(missing.url).content.decode()
    assert f'data-unit="{world.tapem.pk}"' in page
    assert f'data-unit="{world.setda.pk}"' not in page


def test_coordinator_sees_meetings_acting_terms_and_follow_ups(world, english):
    coordinator = world.users[Role.COORDINATOR]
    today = dt.date(2026, 12, 7)
    meeting = Meeting.objects.create(
        government=world.kutim, organizer=world.bappeda, title="Rakor camat TW III",
        starts_at=NOW - dt.timedelta(days=3, hours=3), ends_at=NOW - dt.timedelta(days=3),
        time_zone="Asia/Makassar")
    Meeting.objects.create(  # closed: nothing to do
        government=world.kutim, organizer=world.bappeda, title="Rakor selesai", status="closed",
        starts_at=NOW - dt.timedelta(days=9, hours=3), ends_at=NOW - dt.timedelta(days=9),
        time_zone="Asia/Makassar")
    followups.create(Actor(coordinator), meeting, "Mutakhirkan DPT", [world.tapem],
                     today + dt.timedelta(days=3))
    followups.create(Actor(coordinator), meeting, "Laporan tahunan", [world.tapem],
                     today + dt.timedelta(days=30))
    head = Position.objects.create(government=world.kutim, unit=world.tapem, title="Kepala Bagian Tapem",
                                   is_unit_head=True, grade=PositionGrade.ADMINISTRATOR)
    dinas = Position.objects.create(government=world.kutim, unit=world.bappeda, title="Kepala Bappeda",
                                    is_unit_head=True, grade=PositionGrade.JPT_PRATAMA)
    person = Official.objects.create(government=world.kutim, name="Rahmat Hidayat")
    other = Official.objects.create(government=world.kutim, name="Siti Aminah")
    # A Plt since 1 June (past 3 months), without an end: overrun and open-ended.
    PositionTerm.objects.create(position=head, official=person, capacity=Capacity.PLT,
                                start=dt.date(2026, 6, 1))
    # A Plh since November ending on 20 December: ends within 30 days.
    PositionTerm.objects.create(position=dinas, official=other, capacity=Capacity.PLH,
                                start=dt.date(2026, 11, 20), end=dt.date(2026, 12, 20))

    tasks = by_kind(tasks_for(coordinator, NOW))
    [minutes] = tasks["minutes_missing"]
    assert minutes.count == 1 and "minutes=missing" in minutes.url
    [overrun] = tasks["acting_overrun"]
    assert overrun.count == 1 and "acting=overrun" in overrun.url
    [ending] = tasks["acting_ending"]
    assert ending.count == 1 and ending.due_date == dt.date(2026, 12, 20) and ending.days_left == 13
    [open_ended] = tasks["acting_open_ended"]
    assert open_ended.count == 1
    [follow_ups] = tasks["follow_ups"]
    assert follow_ups.count == 1 and follow_ups.days_left == 3
    # One item per government for a coordinator; the board it opens lists the units.
    assert "status=due_soon" in follow_ups.url and "1 units" in follow_ups.title


def test_the_acting_links_list_those_officials(client, world):
    head = Position.objects.create(government=world.kutim, unit=world.tapem, title="Kepala Bagian Tapem",
                                   is_unit_head=True, grade=PositionGrade.ADMINISTRATOR)
    acting = Official.objects.create(government=world.kutim, name="Rahmat Hidayat")
    Official.objects.create(government=world.kutim, name="Pegawai Lain")
    PositionTerm.objects.create(position=head, official=acting, capacity=Capacity.PLT,
                                start=timezone.localdate() - dt.timedelta(days=200))
    client.force_login(world.users[Role.COORDINATOR])
    for flag in ("overrun", "open_ended"):
        page = client.get(f"/officials/?government={world.kutim.pk}&acting={flag}").content.decode()
        assert "Rahmat Hidayat" in page and "Pegawai Lain" not in page, flag
    page = client.get(f"/officials/?government={world.kutim.pk}&acting=ending").content.decode()
    assert "Rahmat Hidayat" not in page


def test_operator_sees_unanswered_invitations_and_follow_ups_of_the_unit(client, world, english):
    operator = world.users[Role.UNIT_OPERATOR]
    meeting = Meeting.objects.create(
        government=world.kutim, organizer=world.bappeda, title="Rakor persiapan Pilkada",
        starts_at=NOW + dt.timedelta(days=5), ends_at=NOW + dt.timedelta(days=5, hours=3),
        time_zone="Asia/Makassar")
    Invitation.objects.create(meeting=meeting, unit=world.tapem, addressee="Kabag Tapem")
    Invitation.objects.create(meeting=meeting, unit=world.bappeda, addressee="Kepala Bappeda")
    tasks = by_kind(tasks_for(operator, NOW))
    [invitations] = tasks["invitations"]
    assert invitations.count == 1 and invitations.days_left == 5
    assert "Rakor persiapan Pilkada" in invitations.detail
    client.force_login(operator)
    page = client.get(invitations.url).content.decode()
    assert "Rakor persiapan Pilkada" in page
    Invitation.objects.filter(unit=world.tapem).update(rsvp="accepted")
    assert "invitations" not in by_kind(tasks_for(operator, NOW))


def test_viewer_has_no_tasks_and_sees_the_summary(client, world, plan):
    viewer = world.users[Role.VIEWER]
    assert tasks_for(viewer, NOW) == []
    client.force_login(viewer)
    page = client.get("/").content.decode()
    assert 'data-testid="my-tasks"' not in page
    assert 'data-testid="stat-units"' in page


def test_home_page_shows_tasks_and_the_empty_state(client, world, plan):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    page = client.get("/").content.decode()
    assert 'data-testid="my-tasks"' in page
    assert "Foto bukti fisik belum diunggah" in page
    assert "Tugas saya" in page  # Indonesian by default
    assert 'data-testid="stat-units"' in page  # the summary below
    other = factories.user("operator-bappeda", Role.UNIT_OPERATOR, [world.bappeda])
    client.force_login(other)
    page = client.get("/").content.decode()
    assert "Tidak ada tugas" in page


def test_administrator_gets_the_coordinator_list_over_every_government(world, plan):
    tasks = by_kind(tasks_for(world.users[Role.ADMINISTRATOR], NOW))
    assert tasks["units_not_reported"][0].count == 1
    assert tasks["to_verify"][0].count == 2
    assert "Pemkab Kutai Timur" in tasks["units_not_reported"][0].title  # several governments


def test_api_me_tasks(client, world, plan):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    response = client.get("/api/v1/me/tasks")
    assert response.status_code == 200
    items = response.json()
    kinds = {item["kind"] for item in items}
    assert {"period_open", "drafts", "returned"} <= kinds
    returned = next(item for item in items if item["kind"] == "returned")
    assert set(returned) >= {"kind", "title", "detail", "due_date", "days_left", "count", "url"}
    assert returned["due_date"] == "2027-01-15"
    assert returned["count"] == 1
    assert "Foto bukti fisik belum diunggah" in returned["detail"]
    assert returned["url"].startswith(f"/monitoring/units/{world.tapem.pk}/2026/4/")


def test_api_me_tasks_needs_authentication(client, db):
    assert client.get("/api/v1/me/tasks").status_code == 401


def test_follow_up_lines_reach_the_unit_and_the_organizer(world, english):
    """The kecamatan's operator sees his unit's line due and, once returned, the return; the
    organizer unit's operator sees the report waiting for assessment; the other unit's line
    does not show on the kecamatan's list."""
    organizer = world.users[Role.UNIT_OPERATOR]  # Tapem
    camat_operator = factories.user("op-kec", Role.UNIT_OPERATOR, [world.kec_sangatta])
    meeting = Meeting.objects.create(
        government=world.kutim, organizer=world.tapem, title="Rakor camat",
        starts_at=NOW - dt.timedelta(days=3, hours=3), ends_at=NOW - dt.timedelta(days=3),
        time_zone="Asia/Makassar")
    units = [world.kec_sangatta, world.bappeda]
    action = followups.create(Actor(organizer), meeting, "Mutakhirkan DPT", units, dt.date(2026, 12, 5))
    mine = by_kind(tasks_for(camat_operator, NOW))
    [due] = mine["follow_ups"]
    assert due.count == 1 and due.days_left == -2 and "status=overdue" in due.url
    assert world.kec_sangatta.name in due.title and "follow_ups_returned" not in mine
    line = followups.act(Actor(camat_operator), action.lines.get(unit=world.kec_sangatta), Step.REPORT_DONE,
                         note="Selesai")
    [waiting] = by_kind(tasks_for(organizer, NOW))["follow_ups_to_assess"]
    assert waiting.count == 1 and "status=submitted" in waiting.url
    followups.act(Actor(organizer), line, Step.RETURN, reason="Lampiran belum ada")
    [returned] = by_kind(tasks_for(camat_operator, NOW))["follow_ups_returned"]
    assert returned.count == 1 and "status=in_progress" in returned.url
    assert "follow_ups_to_assess" not in by_kind(tasks_for(organizer, NOW))
