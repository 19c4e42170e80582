"""The events the domain apps report to the notification centre: realizations returned and
verified, reporting periods opened and closing, invitations sent and changed, evaluation rounds
opened. Whom: the users of the unit concerned (scope_units contains it) with a unit role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sinergi.cooperation import evaluation as ev
from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.meetings import invitations
from sinergi.meetings import services as meeting_services
from sinergi.meetings.tasks_invitations import send_invitations_now
from sinergi.monitoring import notices, services
from sinergi.monitoring.choices import RealizationStatus
from sinergi.notifications.choices import Kind
from sinergi.notifications.models import Notification
from tests import factories
from tests.cooperation.test_evaluation import agreement
from tests.meetings.conftest import make_meeting
from tests.monitoring.conftest import open_period, realization, sample, tapem_activity  # noqa: F401

pytestmark = pytest.mark.usefixtures("no_cloud_api")


def told(kind: str) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_a_returned_realization_is_told_to_the_unit_and_its_submitter(world, tapem_activity):  # noqa: F811
    open_period(world.kutim)
    operator = world.users[Role.UNIT_OPERATOR]
    submitter = factories.user("submitter", Role.UNIT_OPERATOR, [world.bappeda])  # moved since
    r = realization(tapem_activity, status=RealizationStatus.SUBMITTED, submitted_by=submitter)
    coordinator = Actor(world.users[Role.COORDINATOR])
    services.return_realization(coordinator, r, "Angka fisik belum sesuai bukti", expected_version=None)
    assert told(Kind.REALIZATION_RETURNED) == ["operator", "submitter"]
    notification = Notification.objects.get(recipient=operator, kind=Kind.REALIZATION_RETURNED)
    assert notification.title == "Realisasi Triwulan I 2025 dikembalikan untuk diperbaiki"
    assert "Angka fisik belum sesuai bukti" in notification.body and tapem_activity.name in notification.body
    assert notification.url == f"/monitoring/units/{world.tapem.pk}/2025/1/"
    assert notification.government_id == world.kutim.pk

    r.refresh_from_db()
    services.submit(Actor(operator), r, expected_version=r.version)
    r.refresh_from_db()
    services.verify(coordinator, r, expected_version=r.version)
    # The operator resubmitted: the new submitter; the verifier is not told.
    assert told(Kind.REALIZATION_VERIFIED) == ["operator"]


def test_a_period_opened_today_is_told_at_once_one_opening_later_on_its_day(world):
    today = timezone.localdate()
    services.open_period(Actor.system(), world.kutim, today.year, 1, opens_on=today,
                         deadline=today + dt.timedelta(days=30))
    # head (Setda) and operator (Tapem) of Kutai Timur; not the viewer nor Mimika.
    assert told(Kind.PERIOD_OPENED) == ["head", "operator"]
    later = services.open_period(Actor.system(), world.mimika, today.year, 2,
                                 opens_on=today + dt.timedelta(days=10),
                                 deadline=today + dt.timedelta(days=40))
    mimika_ops = factories.user("mimika_ops", Role.UNIT_OPERATOR, [world.mimika_tapem])
    assert not Notification.objects.filter(recipient=mimika_ops).exists()
    assert notices.period_reminders(later.opens_on) == 1
    assert notices.period_reminders(later.opens_on + dt.timedelta(days=1)) == 0  # once


def test_a_period_closing_soon_is_told_to_the_units_that_have_not_reported(world, tapem_activity):  # noqa: F811
    period = open_period(world.kutim, 1, deadline=dt.date(2025, 4, 10))
    Notification.objects.all().delete()
    assert notices.period_reminders(dt.date(2025, 4, 1)) == 0  # 9 days before: not yet
    assert notices.period_reminders(dt.date(2025, 4, 8)) == 1
    assert told(Kind.PERIOD_CLOSING_SOON) == ["operator"]
    assert Notification.objects.get(kind=Kind.PERIOD_CLOSING_SOON).url == (
        f"/monitoring/units/{world.tapem.pk}/2025/1/")
    assert notices.period_reminders(dt.date(2025, 4, 9)) == 0  # once per period
    realization(tapem_activity, status=RealizationStatus.SUBMITTED)
    Notification.objects.all().delete()
    assert notices.period_closing(period) == 0  # everything reported: nobody is chased


def test_invitations_and_their_changes(world):
    meeting = make_meeting(world)
    coordinator = Actor(world.users[Role.COORDINATOR])
    ops = factories.user("kec_ops", Role.UNIT_OPERATOR, [world.kec_sangatta], email="kec@kutim.go.id")
    invitations.invite_units(coordinator, meeting, [world.kec_sangatta, world.bappeda])
    # Nothing changed before the invitation was sent: nobody is told.
    meeting_services.update_meeting(coordinator, meeting, {"venue": "Ruang Ulin"}, expected_version=None)
    assert told(Kind.INVITATION_CHANGED) == []
    meeting.refresh_from_db()
    send_invitations_now(meeting, "sinergi.test")
    assert told(Kind.INVITATION_RECEIVED) == ["kec_ops"]
    notification = Notification.objects.get(recipient=ops)
    assert notification.title == f"Undangan: {meeting.title}"
    assert "Ruang Ulin" in notification.body and notification.url == meeting.get_absolute_url()
    assert not notification.deliveries.exists()  # the letter went by email already
    meeting.refresh_from_db()
    meeting_services.update_meeting(coordinator, meeting, {"title": "Judul baru"}, expected_version=None)
    assert told(Kind.INVITATION_CHANGED) == []  # not the time nor the place
    meeting.refresh_from_db()
    meeting_services.update_meeting(coordinator, meeting, {
        "starts_at": meeting.starts_at + dt.timedelta(hours=1),
        "ends_at": meeting.ends_at + dt.timedelta(hours=1)}, expected_version=None)
    assert told(Kind.INVITATION_CHANGED) == ["kec_ops"]
    changed = Notification.objects.get(kind=Kind.INVITATION_CHANGED)
    assert changed.title.startswith("Undangan berubah") and "10.00" in changed.body
    assert changed.deliveries.get().address == "kec@kutim.go.id"


def test_an_opened_evaluation_round_is_told_to_the_units_with_agreements(world):
    agreement(world, "Sampah", [world.tapem])
    evaluation_round = ev.open_round(Actor(world.users[Role.COORDINATOR]), world.kutim, 2024,
                                     dt.date(2025, 1, 2), dt.date(2025, 1, 31))
    assert told(Kind.EVALUATION_ROUND_OPENED) == ["operator"]
    notification = Notification.objects.get()
    assert notification.url == f"/cooperation/rounds/{evaluation_round.pk}/"
    assert notification.title == "Evaluasi kerja sama 2024 dibuka"


def test_sending_invitations_names_the_units_nobody_can_be_reached_in(client, world):
    from django.urls import reverse

    meeting = make_meeting(world)
    coordinator = Actor(world.users[Role.COORDINATOR])
    factories.user("kec_ops", Role.UNIT_OPERATOR, [world.kec_sangatta], email="kec@kutim.go.id")
    invitations.invite_units(coordinator, meeting, [world.kec_sangatta, world.bappeda])
    client.force_login(world.users[Role.UNIT_OPERATOR])  # Tapem organizes the meeting
    response = client.post(reverse("meetings:send_invitations", args=[meeting.pk]), follow=True)
    html = response.content.decode()
    assert "1 unit belum dapat dihubungi: Badan Perencanaan Pembangunan Daerah" in html
