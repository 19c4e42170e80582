"""API of the notification centre: own notifications only (404 for another user's), filters,
pagination, read and read-all, and the caller's preferences."""

from __future__ import annotations

import pytest

from sinergi.core.roles import Role
from sinergi.notifications.choices import Kind
from sinergi.notifications.models import Notification, NotificationPreference
from sinergi.notifications.services import notify


@pytest.fixture
def api(client, world):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    return client


@pytest.fixture
def notes(world, no_cloud_api):
    users = [world.users[Role.UNIT_OPERATOR], world.users[Role.VIEWER]]
    notify(users, Kind.PERIOD_OPENED, "Periode dibuka", "", "/monitoring/", "p:1")
    notify(users, Kind.REALIZATION_RETURNED, "Dikembalikan", "", "/monitoring/", "r:1")
    notify(users, Kind.REALIZATION_VERIFIED, "Diverifikasi", "", "/monitoring/", "r:1")


def _csrf(client) -> dict:
    client.get("/notifications/")
    return {"X-CSRFToken": client.cookies["csrftoken"].value} if "csrftoken" in client.cookies else {}


def test_list_filters_and_pages(api, world, notes):
    body = api.get("/api/v1/notifications").json()
    assert body["count"] == 3
    kinds = {"period_opened", "realization_returned", "realization_verified"}
    assert {n["kind"] for n in body["items"]} == kinds
    item = body["items"][0]
    assert set(item) == {"id", "kind", "title", "body", "url", "government", "created_at", "read_at",
                         "deliveries"}
    reason = item["deliveries"][0]["reason"]
    assert item["deliveries"] == [
        {"channel": "email", "status": "no_contact", "reason": reason, "attempts": 0, "sent_at": None}]
    assert api.get("/api/v1/notifications", {"kind": "period_opened"}).json()["count"] == 1
    assert api.get("/api/v1/notifications", {"page_size": 2, "page": 2}).json()["count"] == 3
    assert len(api.get("/api/v1/notifications", {"page_size": 2, "page": 2}).json()["items"]) == 1
    assert api.get("/api/v1/notifications", {"kind": "nonsense"}).status_code == 422


def test_read_and_read_all(client, world, notes):
    operator = world.users[Role.UNIT_OPERATOR]
    client.force_login(operator)
    headers = _csrf(client)
    mine = Notification.objects.filter(recipient=operator).first()
    theirs = Notification.objects.filter(recipient=world.users[Role.VIEWER]).first()
    response = client.post(f"/api/v1/notifications/{mine.pk}/read", headers=headers)
    assert response.status_code == 200 and response.json()["read_at"]
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read", headers=headers).status_code == 404
    huge = client.post("/api/v1/notifications/99999999999999999999/read", headers=headers)
    assert huge.status_code in (404, 422)
    assert client.get("/api/v1/notifications", {"unread": "true"}).json()["count"] == 2
    assert client.get("/api/v1/notifications", {"unread": "false"}).json()["count"] == 1
    assert client.post("/api/v1/notifications/read-all", headers=headers).json() == {"marked": 2}
    assert Notification.objects.filter(recipient=world.users[Role.VIEWER], read_at__isnull=True).count() == 3


def test_preferences(client, world):
    client.force_login(world.users[Role.UNIT_HEAD])
    headers = _csrf(client)
    got = client.get("/api/v1/me/notification-preferences").json()
    assert got["email"] == sorted(Kind.values) and got["quiet_start"] is None
    payload = {"email": ["period_opened"], "whatsapp": [], "quiet_start": "21:00", "quiet_end": "05:30"}
    response = client.put("/api/v1/me/notification-preferences", payload, content_type="application/json",
                          headers=headers)
    assert response.status_code == 200
    assert response.json() == {"email": ["period_opened"], "whatsapp": [], "quiet_start": "21:00:00",
                               "quiet_end": "05:30:00"}
    saved = NotificationPreference.objects.get(user=world.users[Role.UNIT_HEAD])
    assert saved.email_kinds == ["period_opened"]
    bad = client.put("/api/v1/me/notification-preferences", {**payload, "quiet_end": None},
                     content_type="application/json", headers=headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "quiet_end"
    assert client.put("/api/v1/me/notification-preferences", {**payload, "email": ["nope"]},
                      content_type="application/json", headers=headers).status_code == 422


def test_anonymous_is_401(client):
    assert client.get("/api/v1/notifications").status_code == 401
    assert client.get("/api/v1/me/notification-preferences").status_code == 401
