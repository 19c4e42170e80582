"""notify(): once per recipient, day, kind and subject (also under two concurrent workers),
deliveries per preference, quiet hours in the recipient's own zone, who cannot be reached."""

from __future__ import annotations

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections

from sinergi.core.roles import Role
from sinergi.notifications import rules, services
from sinergi.notifications.choices import Channel, DeliveryStatus, Kind
from sinergi.notifications.models import Delivery, Notification, NotificationPreference
from sinergi.notifications.services import notify
from sinergi.regions.models import Official, Position
from tests import factories

WIB, WITA, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")


def _notify(users, key="realization:1", kind=Kind.REALIZATION_RETURNED, **extra):
    return notify(users, kind, "Realisasi dikembalikan", "Periksa angkanya.", "/monitoring/", key, **extra)


@pytest.fixture
def people(world):
    return {
        "kutim": factories.user("ops_kutim", Role.UNIT_OPERATOR, [world.tapem], email="ops@kutim.go.id",
                                whatsapp="6281234567890"),
        "mimika": factories.user("ops_mimika", Role.UNIT_OPERATOR, [world.mimika_tapem],
                                 email="ops@mimika.go.id"),
        "nobody": factories.user("ops_none", Role.UNIT_OPERATOR, [world.tapem]),
    }


def test_each_recipient_is_told_once_a_day_about_a_subject(people, no_cloud_api):
    users = list(people.values())
    first = _notify(users)
    assert (first.created, first.skipped) == (3, 0)
    again = _notify(users)
    assert (again.created, again.skipped, again.queued) == (0, 3, 0)
    assert Notification.objects.count() == 3
    # Another subject, another kind, or another day: told again.
    assert _notify(users, key="realization:2").created == 3
    assert _notify(users, kind=Kind.REALIZATION_VERIFIED).created == 3
    assert _notify(users, day=dt.date(2030, 1, 2)).created == 3
    # One email delivery each (WhatsApp is not configured): the user without an address is
    # recorded as no_contact and counted as unreached.
    assert first.queued == 2 and first.no_contact == 1 and first.unreached == [people["nobody"].pk]
    statuses = dict(Delivery.objects.filter(notification__dedupe_key="realization:1",
                                            notification__kind=Kind.REALIZATION_RETURNED)
                    .values_list("notification__recipient__username", "status"))
    assert statuses == {"ops_kutim": "queued", "ops_mimika": "queued", "ops_none": "no_contact"}
    # The wa.me link to offer for whoever has a WhatsApp number.
    assert list(first.whatsapp_links) == [people["kutim"].pk]
    assert first.whatsapp_links[people["kutim"].pk].startswith("https://wa.me/6281234567890?text=")


def test_inactive_users_and_foreign_links_are_refused(people):
    people["kutim"].is_active = False
    people["kutim"].save()
    assert _notify([people["kutim"]]).created == 0
    with pytest.raises(ValueError):
        notify([people["mimika"]], Kind.DIGEST, "x", "", "https://evil.example/", "k")
    with pytest.raises(ValueError):
        notify([people["mimika"]], Kind.DIGEST, "x", "", "//evil.example/", "k")


def test_preferences_choose_the_channels(people, cloud_api):
    NotificationPreference.objects.create(user=people["kutim"], email_kinds=[],
                                          whatsapp_kinds=[Kind.REALIZATION_RETURNED])
    result = _notify([people["kutim"], people["mimika"]])
    rows = set(Delivery.objects.values_list("notification__recipient__username", "channel", "status"))
    assert rows == {
        ("ops_kutim", "whatsapp", "queued"),
        ("ops_mimika", "email", "queued"),
        ("ops_mimika", "whatsapp", "no_contact"),  # no WhatsApp number, but email reaches her
    }
    assert result.queued == 2 and result.no_contact == 0


def test_the_recipients_day_is_their_own(people, no_cloud_api):
    """23.30 WIB on 1 March is already 2 March in Mimika (WIT) and 00.30 WITA in Kutai Timur."""
    now = dt.datetime(2025, 3, 1, 23, 30, tzinfo=WIB)
    _notify([people["kutim"], people["mimika"]], now=now)
    days = dict(Notification.objects.values_list("recipient__username", "day"))
    assert days == {"ops_kutim": dt.date(2025, 3, 2), "ops_mimika": dt.date(2025, 3, 2)}
    admin = factories.user("admin2", Role.ADMINISTRATOR, email="a@b.id")  # no unit: WIB
    _notify([admin], now=now)
    assert Notification.objects.get(recipient=admin).day == dt.date(2025, 3, 1)
    assert services.zones_of([people["kutim"].pk, people["mimika"].pk, admin.pk]) == {
        people["kutim"].pk: "Asia/Makassar", people["mimika"].pk: "Asia/Jayapura", admin.pk: "Asia/Jakarta"}


def test_quiet_hours_hold_deliveries_in_the_recipients_zone(world, no_cloud_api):
    """Quiet 22.00–06.00 local. At 21.00 WIB it is 23.00 WIT: the Mimika user's email waits until
    06.00 WIT; for a user in WIB (no unit) it is still evening and the email goes now."""
    mimika = factories.user("m", Role.UNIT_OPERATOR, [world.mimika_tapem], email="m@mimika.go.id")
    jakarta = factories.user("j", Role.COORDINATOR, email="j@kemendagri.go.id")
    for user in (mimika, jakarta):
        NotificationPreference.objects.create(user=user, quiet_start=dt.time(22), quiet_end=dt.time(6))
    now = dt.datetime(2025, 3, 1, 21, 0, tzinfo=WIB)
    result = _notify([mimika, jakarta], now=now)
    assert (result.queued, result.held) == (2, 1)
    held = Delivery.objects.get(notification__recipient=mimika)
    assert held.status == DeliveryStatus.QUEUED
    assert held.not_before == dt.datetime(2025, 3, 2, 6, 0, tzinfo=WIT)
    assert Delivery.objects.get(notification__recipient=jakarta).not_before == now


def test_held_until_rule():
    evening = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)  # 19.00 WIB, 21.00 WIT
    assert rules.held_until(evening, "Asia/Jakarta", dt.time(20), dt.time(6)) is None
    assert rules.held_until(evening, "Asia/Jayapura", dt.time(20), dt.time(6)) == dt.datetime(
        2025, 3, 2, 6, tzinfo=WIT)
    early = dt.datetime(2025, 3, 1, 20, 0, tzinfo=dt.UTC)  # 03.00 WIB on 2 March
    assert rules.held_until(early, "Asia/Jakarta", dt.time(20), dt.time(6)) == dt.datetime(
        2025, 3, 2, 6, tzinfo=WIB)
    # A daytime window (12.00–13.00) and no window at all.
    noon = dt.datetime(2025, 3, 1, 5, 30, tzinfo=dt.UTC)  # 12.30 WIB
    assert rules.held_until(noon, "Asia/Jakarta", dt.time(12), dt.time(13)) == dt.datetime(
        2025, 3, 1, 13, tzinfo=WIB)
    assert rules.held_until(noon, "Asia/Jakarta", None, None) is None
    assert rules.held_until(noon, "Asia/Jakarta", dt.time(12), dt.time(12)) is None


def test_units_nobody_can_be_reached_in(world, english):
    factories.user("tapem_ops", Role.UNIT_OPERATOR, [world.tapem], email="t@kutim.go.id")
    factories.user("bappeda_viewer", Role.VIEWER, [world.bappeda], email="v@kutim.go.id")  # not a unit role
    factories.user("kec_ops", Role.UNIT_OPERATOR, [world.kec_sangatta])  # no address
    camat = Official.objects.create(government=world.kutim, name="Camat", whatsapp="081234567891")
    position = Position.objects.create(government=world.kutim, unit=world.setda, title="Sekda",
                                       is_unit_head=True)
    factories.term(position, camat, dt.date(2024, 1, 1))
    units = [world.setda, world.tapem, world.bappeda, world.kec_sangatta]
    missing = services.unreachable_units(units, dt.date(2025, 1, 1))
    assert missing == [world.bappeda, world.kec_sangatta]
    assert services.unreachable_message(3) == "3 units cannot be reached yet"
    assert services.unreached_keys({1: [("", "")], 2: [("a@b", "")], 3: []}) == [1, 3]


def test_unreachable_message_in_indonesian(world):
    assert services.unreachable_message(3) == "3 unit belum dapat dihubungi"


def test_users_of_units_by_role(world):
    assert services.users_of_units([world.setda]) == [world.users[Role.UNIT_HEAD]]
    assert services.users_of_units([world.tapem], roles=[Role.UNIT_HEAD]) == []
    assert services.users_of_units([world.bappeda], roles=None) == [world.users[Role.COORDINATOR]]


def test_mark_read_only_ones_own(people, no_cloud_api):
    _notify([people["kutim"], people["mimika"]])
    theirs = Notification.objects.get(recipient=people["mimika"])
    assert services.mark_read(people["kutim"], theirs.pk) is False
    assert services.unread_count(people["mimika"]) == 1
    assert services.mark_read(people["mimika"], theirs.pk) is True
    assert services.unread_count(people["mimika"]) == 0
    assert services.mark_all_read(people["kutim"]) == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_notify_calls_create_no_duplicates(committed_world, settings):
    """Two workers tell the same people about the same subject at the same moment, each on its
    own database connection: one notification and one delivery per person."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("an in-memory SQLite database is shared by one connection's lock; PostgreSQL runs this")
    settings.SINERGI_WHATSAPP_TOKEN = ""
    users = [factories.user(f"u{i}", Role.UNIT_OPERATOR, [committed_world.tapem], email=f"u{i}@x.id")
             for i in range(20)]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker() -> None:
        try:
            barrier.wait(5)
            results.append(_notify(users, key="period:9"))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    assert Notification.objects.filter(dedupe_key="period:9").count() == 20
    assert Delivery.objects.filter(notification__dedupe_key="period:9", channel=Channel.EMAIL).count() == 20
    assert sorted(r.created for r in results) in ([0, 20], [20, 0]) or sum(r.created for r in results) == 20
    assert sum(r.queued for r in results) == 20
