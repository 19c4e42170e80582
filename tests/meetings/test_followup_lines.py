"""Per-unit accountability of follow-up actions: one line per responsible unit, each with its own
status, progress, due date and history; one unit's completion never closes the others; the
organizer accepts or returns a unit's report (four eyes); the action's state is derived; the
rapor per unit (on time, late, open, overdue); the migration of old actions; pages and API."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.meetings import followups
from sinergi.meetings.choices import FollowUpStatus, LineStatus
from sinergi.meetings.followups import Step
from sinergi.meetings.models import FollowUp, FollowUpLine, FollowUpUpdate
from sinergi.regions.choices import UnitKind
from sinergi.regions.models import Region
from tests import factories
from tests.api.conftest import ApiClient

DUE = dt.date(2024, 12, 20)


@pytest.fixture
def three(world):
    """Three kecamatan offices of Kutai Timur, each with its own operator."""
    units = [world.kec_sangatta]
    for code, name in (("KEC-SGS", "Sangatta Selatan"), ("KEC-BGL", "Bengalon")):
        region = Region.objects.get(code__startswith="64.08.", name=name)
        units.append(
            factories.unit(
                world.kutim, code, f"Kecamatan {name}", kind=UnitKind.DISTRICT_OFFICE, region_code=region.code
            )
        )
    operators = [Actor(factories.user(f"op-{u.code.lower()}", Role.UNIT_OPERATOR, [u])) for u in units]
    return units, operators


@pytest.fixture
def organizer(world):
    return Actor(world.users[Role.UNIT_OPERATOR])  # an operator of Tapem, the organizer unit


def test_one_units_completion_leaves_the_others_open(world, meeting, organizer, three):
    units, operators = three
    action = followups.create(organizer, meeting, "Perbarui data DPT", units, DUE)
    lines = {line.unit_id: line for line in action.lines.all()}
    assert len(lines) == 3 and {line.status for line in lines.values()} == {LineStatus.NOT_STARTED}
    line = followups.act(operators[0], lines[units[0].pk], Step.REPORT_DONE, note="Selesai 100 %")
    action.refresh_from_db()
    # Reported, not yet accepted: nothing is closed, the others are untouched.
    assert line.status == LineStatus.SUBMITTED and action.status == FollowUpStatus.IN_PROGRESS
    assert followups.line_counts([action.pk])[action.pk] == (0, 3)
    followups.act(organizer, line, Step.ACCEPT)
    action.refresh_from_db()
    assert action.status == FollowUpStatus.IN_PROGRESS and action.progress == 33
    assert followups.line_counts([action.pk])[action.pk] == (1, 3)
    statuses = dict(action.lines.values_list("unit_id", "status"))
    assert statuses[units[1].pk] == statuses[units[2].pk] == LineStatus.NOT_STARTED
    # A unit reports on its own line only.
    with pytest.raises(PermissionDenied):
        followups.act(operators[0], lines[units[1].pk], Step.REPORT_DONE, note="untuk semua")
    for unit, operator in zip(units[1:], operators[1:], strict=True):
        followups.act(operator, lines[unit.pk], Step.REPORT_DONE, note="Selesai")
        followups.act(organizer, FollowUpLine.objects.get(pk=lines[unit.pk].pk), Step.ACCEPT)
    action.refresh_from_db()
    assert (action.status, action.progress) == (FollowUpStatus.DONE, 100)


def test_return_with_a_reason_and_resubmit(world, meeting, organizer, three):
    units, operators = three
    action = followups.create(organizer, meeting, "Laporan TW III", units[:2], DUE)
    line = action.lines.get(unit=units[0])
    line = followups.act(operators[0], line, Step.REPORT_DONE, note="Sudah")
    with pytest.raises(ValidationError):  # returning needs a reason
        followups.act(organizer, line, Step.RETURN)
    line = followups.act(organizer, line, Step.RETURN, reason="Lampiran foto belum ada")
    assert (line.status, line.times_returned, line.reason) == (
        LineStatus.IN_PROGRESS,
        1,
        "Lampiran foto belum ada",
    )
    assert line.reported_on is None
    line = followups.act(operators[0], line, Step.REPORT_DONE, note="Foto dilampirkan")
    line = followups.act(organizer, line, Step.ACCEPT)
    assert line.status == LineStatus.COMPLIANT and line.assessed_by_id == organizer.user.pk
    history = list(FollowUpUpdate.objects.filter(line=line).values_list("status", flat=True))
    assert history == ["submitted", "in_progress", "submitted", "compliant"]


def test_not_actionable_needs_a_valid_reason_and_acceptance(world, meeting, organizer, three):
    units, operators = three
    action = followups.create(organizer, meeting, "Bangun pos", units[:1], DUE)
    line = action.lines.get()
    with pytest.raises(ValidationError):
        followups.act(operators[0], line, Step.REPORT_NOT_ACTIONABLE)
    line = followups.act(operators[0], line, Step.REPORT_NOT_ACTIONABLE, reason="Lahan sengketa")
    assert (line.status, line.claim) == (LineStatus.SUBMITTED, LineStatus.NOT_ACTIONABLE)
    line = followups.act(organizer, line, Step.ACCEPT)
    action.refresh_from_db()
    assert line.status == LineStatus.NOT_ACTIONABLE and action.status == FollowUpStatus.DONE


def test_nobody_accepts_what_they_reported_themselves(world, meeting, three):
    units, _operators = three
    coordinator = Actor(world.users[Role.COORDINATOR])  # reaches every unit of Kutai Timur
    action = followups.create(coordinator, meeting, "Rapat lanjutan", units[:1], DUE)
    line = followups.act(coordinator, action.lines.get(), Step.REPORT_DONE, note="Selesai")
    with pytest.raises(PermissionDenied):
        followups.act(coordinator, line, Step.ACCEPT)
    line = followups.act(Actor(world.users[Role.UNIT_OPERATOR]), line, Step.ACCEPT)
    assert line.status == LineStatus.COMPLIANT


def test_stale_line_version_is_refused(world, meeting, organizer, three):
    units, operators = three
    line = followups.create(organizer, meeting, "A", units[:1], DUE).lines.get()
    followups.act(operators[0], line, Step.PROGRESS, progress=10, note="a", expected_version=line.version)
    with pytest.raises(ValidationError) as refused:
        followups.act(operators[0], line, Step.PROGRESS, progress=20, note="b", expected_version=line.version)
    assert refused.value.code == "stale"


def test_cancelled_action_takes_no_more_steps(world, meeting, organizer, three):
    units, operators = three
    action = followups.create(organizer, meeting, "A", units[:2], DUE)
    followups.cancel(organizer, action, "Tidak relevan lagi")
    with pytest.raises(ValidationError):
        followups.act(operators[0], action.lines.get(unit=units[0]), Step.PROGRESS, progress=5, note="x")
    assert (
        followups.allowed_steps(operators[0].user, action.lines.select_related("unit", "follow_up")[0]) == []
    )


def test_per_unit_due_dates_and_overdue_in_the_governments_zone(world, meeting, organizer, three):
    units, _operators = three
    action = followups.create(
        organizer, meeting, "A", units[:2], DUE, unit_due_dates={units[1].pk: dt.date(2025, 1, 31)}
    )
    dues = dict(action.lines.values_list("unit_id", "due_date"))
    assert dues == {units[0].pk: DUE, units[1].pk: dt.date(2025, 1, 31)}
    late = followups.overdue_lines(FollowUpLine.objects.all(), dt.date(2025, 1, 2))
    assert list(late.values_list("unit_id", flat=True)) == [units[0].pk]
    assert followups.overdue(FollowUp.objects.all(), dt.date(2025, 1, 2)).count() == 1


def test_report_card_counts_on_time_late_open_and_overdue(world, meeting, organizer, three):
    units, operators = three
    today = dt.date(2025, 1, 10)
    a = followups.create(organizer, meeting, "A", units, dt.date(2025, 1, 31))
    b = followups.create(organizer, meeting, "B", units[:1], dt.date(2024, 12, 1))
    followups.create(organizer, meeting, "C", units[:1], dt.date(2024, 12, 5))
    # Unit 0 closes A on time and B late (reported after its due date).
    line_a = followups.act(operators[0], a.lines.get(unit=units[0]), Step.REPORT_DONE, note="ok")
    FollowUpLine.objects.filter(pk=line_a.pk).update(reported_on=dt.date(2025, 1, 8))
    followups.act(organizer, a.lines.get(unit=units[0]), Step.ACCEPT)
    line_b = followups.act(operators[0], b.lines.get(), Step.REPORT_DONE, note="ok")
    FollowUpLine.objects.filter(pk=line_b.pk).update(reported_on=dt.date(2024, 12, 9))
    followups.act(organizer, FollowUpLine.objects.get(pk=line_b.pk), Step.ACCEPT)
    # Unit 1 reported A, not yet assessed.
    followups.act(operators[1], a.lines.get(unit=units[1]), Step.REPORT_DONE, note="ok")
    card = {row.unit_id: row for row in followups.completion_by_unit(FollowUpLine.objects.all(), today)}
    first, second, third = card[units[0].pk], card[units[1].pk], card[units[2].pk]
    assert (first.total, first.on_time, first.late, first.overdue, first.open) == (3, 1, 1, 1, 1)
    assert (second.total, second.awaiting, second.open, second.overdue) == (1, 1, 1, 0)
    assert (third.total, third.done, third.rate) == (1, 0, 0)


def test_old_actions_become_one_line_per_unit(world):
    """The data migration: a done action's lines are compliant on its completion day, an open
    one's lines keep its progress; an update of a one-unit action is that unit's."""
    migration = importlib.import_module("sinergi.meetings.migrations.0004_followup_lines")
    from tests.meetings.conftest import make_meeting

    meeting = make_meeting(world)
    done = FollowUp.objects.create(
        government=world.kutim,
        meeting=meeting,
        description="x",
        due_date=DUE,
        status="done",
        progress=100,
        completed_on=dt.date(2024, 12, 18),
    )
    done.responsible_units.set([world.kec_sangatta, world.bappeda])
    going = FollowUp.objects.create(
        government=world.kutim,
        meeting=meeting,
        description="y",
        due_date=DUE,
        status="in_progress",
        progress=40,
    )
    going.responsible_units.set([world.kec_sangatta])
    update = FollowUpUpdate.objects.create(follow_up=going, note="40 %", status="in_progress", progress=40)
    migration.one_line_per_unit(django_apps, None)
    assert (
        sorted(done.lines.values_list("status", "progress", "reported_on"))
        == [("compliant", 100, dt.date(2024, 12, 18))] * 2
    )
    line = going.lines.get()
    assert (line.status, line.progress, line.due_date) == ("in_progress", 40, DUE)
    update.refresh_from_db()
    assert update.line_id == line.pk


# --- pages -----------------------------------------------------------------------------------


def test_detail_page_shows_each_units_line_and_only_its_own_form(world, meeting, organizer, three):
    units, operators = three
    action = followups.create(organizer, meeting, "Perbarui data DPT", units, DUE)
    client = Client()
    client.force_login(operators[1].user)
    page = client.get(action.get_absolute_url()).content.decode()
    assert page.count('data-testid="followup-line"') == 3 and page.count('data-testid="line-form"') == 1
    assert "0 dari 3 unit sesuai" in page
    mine = action.lines.get(unit=units[1])
    assert f'action="{reverse("meetings:followup_line_act", args=[mine.pk])}"' in page
    posted = client.post(
        reverse("meetings:followup_line_act", args=[mine.pk]),
        {"step": "report_done", "note": "Selesai", "version": mine.version},
    )
    assert posted.status_code == 302
    mine.refresh_from_db()
    assert mine.status == LineStatus.SUBMITTED
    # Another unit's line: the step is refused, nothing changes.
    other = action.lines.get(unit=units[0])
    client.post(
        reverse("meetings:followup_line_act", args=[other.pk]),
        {"step": "report_done", "note": "x", "version": other.version},
    )
    other.refresh_from_db()
    assert other.status == LineStatus.NOT_STARTED
    # The organizer sees accept/return on the submitted line.
    organizer_client = Client()
    organizer_client.force_login(organizer.user)
    page = organizer_client.get(action.get_absolute_url()).content.decode()
    assert 'value="accept"' in page and 'value="return"' in page


def test_unreachable_units_are_named_to_the_organizer(world, meeting, organizer, three):
    units, _operators = three
    action = followups.create(organizer, meeting, "A", units, DUE)
    client = Client()
    client.force_login(organizer.user)
    page = client.get(action.get_absolute_url()).content.decode()
    # Every operator of the fixture has neither email nor WhatsApp, no unit has a head official.
    assert "3 unit belum dapat dihubungi" in page
    user = factories.user("op-kontak", Role.UNIT_OPERATOR, [units[0]])
    user.whatsapp = "6281234567890"
    user.save()
    page = client.get(action.get_absolute_url()).content.decode()
    assert "2 unit belum dapat dihubungi" in page
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    assert "2 unit belum dapat dihubungi" in meeting_page


def test_report_card_page(world, meeting, organizer, three):
    units, _operators = three
    followups.create(organizer, meeting, "A", units, DUE)
    client = Client()
    client.force_login(world.users[Role.VIEWER])
    page = client.get(
        reverse("meetings:followup_report_card"), {"government": world.kutim.pk, "year": 2024}
    ).content.decode()
    assert page.count('<tr data-unit="') == 3
    assert (
        client.get(reverse("meetings:followup_report_card"), {"year": "abc", "quarter": "9"}).status_code
        == 200
    )


@pytest.mark.parametrize(
    "role, status",
    [
        (Role.ADMINISTRATOR, 302),
        (Role.COORDINATOR, 302),
        (Role.UNIT_HEAD, 302),
        (Role.UNIT_OPERATOR, 302),
        (Role.VIEWER, 403),
        ("anonymous", 302),
    ],
)
def test_line_step_view_battery(world, meeting, organizer, three, role, status):
    """Every role may post (the service decides); only the unit and the assessors change it."""
    units, _operators = three
    line = followups.create(organizer, meeting, "A", units[:1], DUE).lines.get()
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    response = client.post(
        reverse("meetings:followup_line_act", args=[line.pk]),
        {"step": "progress", "progress": "10", "note": "x", "version": line.version},
    )
    assert response.status_code == status
    line.refresh_from_db()
    # Progress on a unit's line: the unit's own users and the assessors (the organizer unit,
    # Tapem, with its operator and the head of Setda above it; coordinators; administrators).
    changed = role in (Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.UNIT_OPERATOR)
    assert (line.status == LineStatus.IN_PROGRESS) == changed
    if role == "anonymous":
        assert "/login/" in response["Location"]


def test_line_of_another_government_is_404(world):
    mimika_meeting_organizer = Actor(factories.user("op-mimika", Role.UNIT_OPERATOR, [world.mimika_tapem]))
    from tests.meetings.conftest import make_meeting

    meeting = make_meeting(
        world, government=world.mimika, organizer=world.mimika_tapem, time_zone="Asia/Jayapura"
    )
    line = followups.create(mimika_meeting_organizer, meeting, "A", [world.mimika_tapem], DUE).lines.get()
    client = Client()
    client.force_login(world.users[Role.VIEWER])
    assert (
        client.post(reverse("meetings:followup_line_act", args=[line.pk]), {"step": "progress"}).status_code
        == 404
    )


# --- API -------------------------------------------------------------------------------------


def test_api_lists_units_with_status_and_takes_steps(world, meeting, organizer, three):
    units, operators = three
    action = followups.create(organizer, meeting, "Perbarui data DPT", units, DUE)
    api = ApiClient(operators[0].user)
    detail = api.get(f"meetings/follow-ups/{action.pk}").json()
    assert [u["unit"] for u in detail["units"]] == sorted(
        (u.pk for u in units), key=lambda pk: next(u.name for u in units if u.pk == pk)
    )
    mine = next(u for u in detail["units"] if u["unit"] == units[0].pk)
    theirs = next(u for u in detail["units"] if u["unit"] == units[1].pk)
    assert "report_done" in mine["steps"] and theirs["steps"] == []
    refused = api.post(
        f"meetings/follow-ups/lines/{theirs['id']}/steps", {"version": 1, "step": "report_done"}
    )
    assert refused.status_code == 403
    done = api.post(
        f"meetings/follow-ups/lines/{mine['id']}/steps",
        {"version": mine["version"], "step": "report_done", "note": "ok"},
    )
    assert done.status_code == 200, done.content
    assert next(u for u in done.json()["units"] if u["unit"] == units[0].pk)["status"] == "submitted"
    stale = api.post(
        f"meetings/follow-ups/lines/{mine['id']}/steps", {"version": mine["version"], "step": "progress"}
    )
    assert stale.status_code == 409
    accepted = ApiClient(organizer.user).post(
        f"meetings/follow-ups/lines/{mine['id']}/steps", {"version": mine["version"] + 1, "step": "accept"}
    )
    assert accepted.status_code == 200, accepted.content
    body = accepted.json()
    assert (body["lines_closed"], body["lines_total"]) == (1, 3)
    assert next(u for u in body["units"] if u["unit"] == units[0].pk)["accepted"] is True
    bad = api.post(f"meetings/follow-ups/lines/{theirs['id']}/steps", {"version": 1, "step": "fly"})
    assert bad.status_code in (403, 422)
    listed = api.get("meetings/follow-ups", government=world.kutim.pk).json()
    assert (listed[0]["lines_closed"], listed[0]["lines_total"]) == (1, 3)


def test_unit_reminders_page_sends_one_units_lines_in_a_row(world, meeting, organizer, three):
    """The coordinator's page for one unit: one message with all its open lines, one per line,
    to the unit head's number in international form, the text UTF-8 and percent-encoded."""
    from urllib.parse import parse_qs, urlsplit

    units, operators = three
    head = factories.user("camat-sgu", Role.UNIT_HEAD, [units[0]])
    head.whatsapp = "6281234567890"
    head.save()
    first = followups.create(organizer, meeting, "Perbarui data DPT & KK", units, DUE)
    followups.create(organizer, meeting, "Laporkan realisasi TW IV", units[:1], dt.date(2099, 1, 31))
    done = followups.act(operators[0], first.lines.get(unit=units[0]), Step.REPORT_DONE, note="ok")
    followups.act(organizer, done, Step.RETURN, reason="Foto belum ada")
    client = Client()
    client.force_login(organizer.user)
    response = client.get(reverse("meetings:followup_unit_reminders", args=[units[0].pk]))
    page = response.content.decode()
    assert response.status_code == 200 and page.count('data-testid="whatsapp-link"') == 3
    links = [part.split('"')[0] for part in page.split('href="https://wa.me/')[1:]]
    assert all(link.startswith("6281234567890?text=") for link in links)
    combined = parse_qs(urlsplit("https://wa.me/" + links[0].replace("&amp;", "&")).query)["text"][0]
    assert "1. *Perbarui data DPT & KK*" in combined and "2. *Laporkan realisasi TW IV*" in combined
    assert "sudah lewat" in combined
    single = parse_qs(urlsplit("https://wa.me/" + links[1].replace("&amp;", "&")).query)["text"][0]
    assert "Dikembalikan: Foto belum ada" in single
    # The unit itself does not get the coordinator's page of its own lines; another government: 404.
    viewer = Client()
    viewer.force_login(operators[0].user)
    assert (
        'data-testid="whatsapp-link"'
        not in viewer.get(reverse("meetings:followup_unit_reminders", args=[units[0].pk])).content.decode()
    )
    assert (
        viewer.get(reverse("meetings:followup_unit_reminders", args=[world.mimika_tapem.pk])).status_code
        == 404
    )


def test_coordinating_units_head_assesses_coordinated_lines(world, three):
    """The Bagian Tata Pemerintahan designated to coordinate the kecamatan's follow-ups: its head
    accepts a kecamatan's report on an action another unit (Bappeda) organized; its operator only
    sees; without the designation the head may not."""
    from sinergi.regions.choices import CoordinationCovers, CoordinationPurpose
    from sinergi.regions.models import Coordination
    from sinergi.regions.services import save_coordination
    from tests.meetings.conftest import make_meeting

    units, operators = three
    bappeda_operator = Actor(factories.user("op-bappeda", Role.UNIT_OPERATOR, [world.bappeda]))
    kabag = factories.user("kabag", Role.UNIT_HEAD, [world.tapem])
    meeting = make_meeting(world, organizer=world.bappeda)
    line = followups.create(bappeda_operator, meeting, "Musrenbang kecamatan", units[:1], DUE).lines.get()
    line = followups.act(operators[0], line, Step.REPORT_DONE, note="Selesai")
    with pytest.raises(PermissionDenied):
        followups.act(Actor(kabag), line, Step.ACCEPT)
    save_coordination(
        Actor.system(),
        Coordination(
            government=world.kutim,
            unit=world.tapem,
            purpose=CoordinationPurpose.FOLLOW_UP,
            covers=CoordinationCovers.DISTRICT_OFFICES,
        ),
        units=[],
    )
    kabag = type(kabag).objects.get(pk=kabag.pk)  # a fresh scope
    tapem_operator = type(kabag).objects.get(pk=world.users[Role.UNIT_OPERATOR].pk)
    assert followups.ASSESSOR not in followups.line_roles(tapem_operator, line)
    line = followups.act(Actor(kabag), FollowUpLine.objects.get(pk=line.pk), Step.ACCEPT)
    assert line.status == LineStatus.COMPLIANT
    # Not a district office: Bappeda's own line is not the Bagian's to assess.
    other = followups.create(bappeda_operator, meeting, "Lain", [world.bappeda], DUE).lines.get()
    assert followups.ASSESSOR not in followups.line_roles(kabag, other)


@pytest.mark.parametrize(
    "role, cancelled",
    [
        (Role.ADMINISTRATOR, True),
        (Role.COORDINATOR, True),
        (Role.UNIT_HEAD, True),  # head of Setda, above Tapem (the organizer)
        (Role.UNIT_OPERATOR, True),  # Tapem's operator
        (Role.VIEWER, False),
        ("anonymous", False),
    ],
)
def test_cancel_view_battery(world, meeting, organizer, three, role, cancelled):
    units, _operators = three
    action = followups.create(organizer, meeting, "A", units[:2], DUE)
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    response = client.post(
        reverse("meetings:followup_cancel", args=[action.pk]),
        {"reason": "Tidak relevan", "version": action.version},
    )
    action.refresh_from_db()
    assert (action.status == FollowUpStatus.CANCELLED) == cancelled
    assert response.status_code in ((302,) if cancelled or role == "anonymous" else (403,))


@pytest.mark.parametrize(
    "role", [Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.VIEWER]
)
def test_follow_up_pages_per_role(world, meeting, organizer, three, role):
    """Every user of the government reads the board, the report card and the action; another
    government's unit or action is a 404; the remind page offers links only to assessors."""
    units, _operators = three
    action = followups.create(organizer, meeting, "A", units, DUE)
    client = Client()
    client.force_login(world.users[role])
    for url in (
        reverse("meetings:followup_board") + f"?government={world.kutim.pk}",
        reverse("meetings:followup_report_card") + f"?government={world.kutim.pk}",
        action.get_absolute_url(),
        reverse("meetings:followup_unit_reminders", args=[units[0].pk]),
    ):
        assert client.get(url).status_code == 200, url
    mimika = factories.unit(world.mimika, "DISTRIK-01", "Distrik Contoh")
    expected = 200 if role == Role.ADMINISTRATOR else 404
    assert client.get(reverse("meetings:followup_unit_reminders", args=[mimika.pk])).status_code == expected


def test_organizer_gives_one_unit_its_own_due_date(world, meeting, organizer, three):
    units, operators = three
    action = followups.create(organizer, meeting, "A", units[:2], DUE)
    line = action.lines.get(unit=units[1])
    client = Client()
    client.force_login(organizer.user)
    assert 'data-testid="line-due-form"' in client.get(action.get_absolute_url()).content.decode()
    url = reverse("meetings:followup_line_due_date", args=[line.pk])
    client.post(url, {"due_date": "2025-01-31", "version": line.version})
    line.refresh_from_db()
    assert line.due_date == dt.date(2025, 1, 31) and action.lines.get(unit=units[0]).due_date == DUE
    client.post(url, {"due_date": "31 Februari", "version": line.version})  # garbage: refused, no 500
    line.refresh_from_db()
    assert line.due_date == dt.date(2025, 1, 31)
    unit_client = Client()
    unit_client.force_login(operators[1].user)
    assert unit_client.post(url, {"due_date": "2025-03-01", "version": line.version}).status_code == 403
    line.refresh_from_db()
    assert line.due_date == dt.date(2025, 1, 31)


@pytest.mark.parametrize(
    ("typed", "saved", "message"),
    [
        ("75 %", 75, "Dicatat"),
        ("75,0", 0, "Masukkan bilangan bulat"),
        ("  40  ", 40, "Dicatat"),
        ("75,5", 0, "Masukkan bilangan bulat"),
        ("120", 0, "Tidak boleh lebih dari 100"),
        ("-5", 0, "Tidak boleh kurang dari 0"),
        ("tujuh puluh", 0, "Masukkan angka"),
    ],
)
def test_line_progress_is_typed_the_indonesian_way(world, meeting, organizer, three, typed, saved, message):
    """The unit's progress box takes "75 %" and "75,0" as 75; a fraction, out-of-range or a word
    is refused on the page with the reason (never a 400 page, nothing saved)."""
    units, operators = three
    line = followups.create(organizer, meeting, "A", units[:1], DUE).lines.get()
    client = Client()
    client.force_login(operators[0].user)
    response = client.post(
        reverse("meetings:followup_line_act", args=[line.pk]),
        {"step": "progress", "progress": typed, "note": "x", "version": line.version},
        follow=True,
    )
    assert response.status_code == 200
    line.refresh_from_db()
    assert line.progress == saved
    assert message in response.content.decode()
