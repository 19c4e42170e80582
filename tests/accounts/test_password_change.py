"""Every user can change their own password (old password first); the change is audited."""

import pytest
from django.urls import reverse

from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.VIEWER, Role.UNIT_OPERATOR, Role.COORDINATOR])
def test_user_changes_own_password(client, world, role):
    user = world.users[role]
    client.force_login(user)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": "Rahasia-123!",
        "new_password1": "Kata-sandi-baru-2025",
        "new_password2": "Kata-sandi-baru-2025",
    })
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Kata-sandi-baru-2025")
    event = AuditEvent.objects.filter(object_id=str(user.pk), note="password set").get()
    assert event.actor == user
    assert "password" not in (event.after or {})
    # Still signed in after the change.
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_wrong_old_password_changes_nothing(client, world):
    user = world.users[Role.VIEWER]
    client.force_login(user)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": "salah",
        "new_password1": "Kata-sandi-baru-2025",
        "new_password2": "Kata-sandi-baru-2025",
    })
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    user.refresh_from_db()
    assert user.check_password("Rahasia-123!")


def test_weak_new_password_is_refused(client, world):
    user = world.users[Role.VIEWER]
    client.force_login(user)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": "Rahasia-123!", "new_password1": "12345678", "new_password2": "12345678",
    })
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
