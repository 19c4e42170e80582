"""Times on pages are shown in the user's own zone (WIB, WITA or WIT), the zone of their
government, with its abbreviation where the page gives one."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.test import Client
from django.urls import reverse

from sinergi.accounts.zones import SESSION_KEY, zone_of
from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from tests import factories


def _clock(moment: dt.datetime, zone: str) -> str:
    return f"{moment.astimezone(ZoneInfo(zone)):%H.%M}"


def test_zone_of_a_user_is_their_governments(world):
    assert zone_of(factories.user("kt", Role.UNIT_OPERATOR, [world.tapem])) == "Asia/Makassar"
    assert zone_of(factories.user("mm", Role.UNIT_OPERATOR, [world.mimika_tapem])) == "Asia/Jayapura"
    assert zone_of(factories.user("adm", Role.ADMINISTRATOR)) == "Asia/Jakarta"


def test_audit_log_shows_each_administrators_own_zone(world):
    """The same event reads (say) 11.30 WIT to an administrator of Mimika and 09.30 WIB to one
    without a unit (the server's zone)."""
    moment = AuditEvent.objects.latest("timestamp").timestamp
    wit, wib = _clock(moment, "Asia/Jayapura"), _clock(moment, "Asia/Jakarta")
    mimika_admin = factories.user("admin-mimika", Role.ADMINISTRATOR, [world.mimika_tapem])
    national_admin = factories.user("admin-pusat", Role.ADMINISTRATOR)
    seen = {}
    for account in (mimika_admin, national_admin):
        client = Client()
        client.force_login(account)
        assert client.session[SESSION_KEY]
        seen[account.username] = client.get(reverse("core:audit_list")).content.decode()
    assert f"{wit} WIT" in seen["admin-mimika"] and f"{wib} WIB" not in seen["admin-mimika"]
    assert f"{wib} WIB" in seen["admin-pusat"] and f"{wit} WIT" not in seen["admin-pusat"]


def test_history_of_an_object_in_the_readers_zone(world):
    """A Kutai Timur operator reads the history of their unit in WITA."""
    from sinergi.core.services import Actor, update_object

    operator = factories.user("op-kt", Role.COORDINATOR, [world.tapem])
    update_object(Actor(operator), world.tapem, {"name": "Bagian Tata Pemerintahan Setda"},
                  expected_version=world.tapem.version)
    moment = AuditEvent.objects.latest("timestamp").timestamp
    client = Client()
    client.force_login(operator)
    page = client.get(reverse("regions:unit_detail", args=[world.tapem.pk])).content.decode()
    assert f"{_clock(moment, 'Asia/Makassar')} WITA" in page


def test_an_unknown_zone_in_the_session_falls_back_to_the_server(world):
    client = Client()
    client.force_login(factories.user("op", Role.UNIT_OPERATOR, [world.mimika_tapem]))
    session = client.session
    session[SESSION_KEY] = "Mars/Olympus"
    session.save()
    assert client.get("/").status_code == 200
