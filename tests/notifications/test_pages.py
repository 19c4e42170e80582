"""The notification centre's pages: one's own notifications only (another user's is a 404),
filters, marking read, the bell's count, the preferences form; anonymous users go to login."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sinergi.core.roles import Role
from sinergi.notifications.choices import Kind
from sinergi.notifications.models import Notification, NotificationPreference
from sinergi.notifications.services import notify

ROLES = [Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.VIEWER]
LIST = reverse("notifications:list")


@pytest.fixture
def notes(world, no_cloud_api):
    """Two notifications for every role's user."""
    users = list(world.users.values())
    notify(users, Kind.PERIOD_OPENED, "Periode TW I dibuka", "Ajukan realisasi.", "/monitoring/", "period:1")
    notify(users, Kind.REALIZATION_RETURNED, "Angka TW I dikembalikan", "", "/monitoring/", "r:1")
    return {role: list(Notification.objects.filter(recipient=user)) for role, user in world.users.items()}


@pytest.mark.parametrize("role", ROLES)
def test_everyone_sees_only_their_own(client, world, notes, role):
    client.force_login(world.users[role])
    page = client.get(LIST)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-testid="notification"') == 2
    assert 'data-testid="bell-count">2<' in html
    others = [n for r, ns in notes.items() if r != role for n in ns]
    for other in others:  # another user's notification: 404, and it stays unread
        assert client.post(reverse("notifications:mark_read", args=[other.pk])).status_code == 404
    assert Notification.objects.filter(read_at__isnull=False).count() == 0
    mine = notes[role][0]
    assert client.post(reverse("notifications:mark_read", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_anonymous_goes_to_login(client, notes):
    for url in (LIST, reverse("notifications:preferences")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    one = notes[Role.VIEWER][0]
    response = client.post(reverse("notifications:mark_read", args=[one.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.post(reverse("notifications:mark_all_read")).status_code == 302
    assert Notification.objects.filter(read_at__isnull=False).count() == 0


def test_filters_and_mark_all(client, world, notes):
    user = world.users[Role.UNIT_OPERATOR]
    client.force_login(user)
    html = client.get(LIST, {"kind": Kind.PERIOD_OPENED}).content.decode()
    assert "Periode TW I dibuka" in html and "Angka TW I dikembalikan" not in html
    assert 'href="/monitoring/"' in html
    assert "Email: Tanpa kontak" in html  # the operator has no address
    client.post(reverse("notifications:mark_read", args=[notes[Role.UNIT_OPERATOR][0].pk]))
    assert client.get(LIST, {"unread": "on"}).content.decode().count('data-testid="notification"') == 1
    # Garbage filters are ignored, not a 500.
    assert client.get(LIST, {"kind": "nonsense", "unread": "x" * 50, "page": "-1"}).status_code == 200
    response = client.post(reverse("notifications:mark_all_read"), {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == LIST
    for garbage in ("abc", "-1", '{"a": 1}', "//evil.example/", "/\\evil"):
        response = client.post(reverse("notifications:mark_all_read"), {"next": garbage})
        assert response.status_code == 302 and response["Location"] == LIST, garbage
    response = client.post(reverse("notifications:mark_all_read"), {"next": "/monitoring/?page=2"})
    assert response["Location"] == "/monitoring/?page=2"
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    assert 'data-testid="bell-count"' not in client.get(LIST).content.decode()
    # Others' notifications untouched.
    assert Notification.objects.filter(read_at__isnull=True).count() == 8
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405


def test_bell_caps_at_99(client, world, no_cloud_api):
    user = world.users[Role.VIEWER]
    Notification.objects.bulk_create([
        Notification(recipient=user, kind=Kind.DIGEST, title=f"n{i}", dedupe_key=f"d{i}",
                     day=timezone.localdate()) for i in range(120)])
    client.force_login(user)
    assert 'data-testid="bell-count">99+<' in client.get("/").content.decode()


def test_preferences_form(client, world):
    user = world.users[Role.UNIT_HEAD]
    client.force_login(user)
    url = reverse("notifications:preferences")
    page = client.get(url)
    assert page.status_code == 200 and "WITA" in page.content.decode()  # Kutai Timur's zone
    data = {"email__period_opened": "on", "whatsapp__realization_returned": "on",
            "quiet_start": "22:00", "quiet_end": "06:00"}
    assert client.post(url, data).status_code == 302
    preference = NotificationPreference.objects.get(user=user)
    assert preference.email_kinds == ["period_opened"]
    assert preference.whatsapp_kinds == ["realization_returned"]
    assert str(preference.quiet_start) == "22:00:00" and str(preference.quiet_end) == "06:00:00"
    refused = client.post(url, {"quiet_start": "22:00"})
    assert refused.status_code == 400
    assert "Isi awal dan akhir jam tenang" in refused.content.decode()
    assert client.post(url, {"quiet_start": "25:99", "quiet_end": "x"}).status_code == 400
