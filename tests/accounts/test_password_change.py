"""Every user can change their own password (old password first); the change is audited. A
password change does not stop API tokens: the page says so and revokes them unless unticked; a
manager setting someone's password (user pages, Django admin) revokes that user's tokens too."""

import pytest
from django.urls import reverse

from sinergi.accounts.models import ApiToken, User
from sinergi.accounts.services import create_token
from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.core.services import Actor
from tests.api.conftest import ApiClient

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


NEW = "Kata-sandi-baru-2025"


def _token(user, name: str = "skrip") -> str:
    return create_token(Actor(user), user, name)[1]


def _works(key: str) -> bool:
    status = ApiClient(token=key).get("units").status_code
    assert status in (200, 401)
    return status == 200


def _change_own(client, **extra):
    return client.post(reverse("accounts:password_change"), {
        "old_password": "Rahasia-123!", "new_password1": NEW, "new_password2": NEW, **extra,
    })


def test_changing_the_password_revokes_the_api_tokens_by_default(client, world):
    user = world.users[Role.VIEWER]
    keys = [_token(user, "skrip"), _token(user, "etl")]
    other = _token(world.users[Role.COORDINATOR])
    client.force_login(user)
    page = client.get(reverse("accounts:password_change"))
    field = page.context["form"]["revoke_tokens"]
    assert field.value() is True  # ticked by default
    assert "Anda memiliki 2 token API. Token tetap berlaku setelah kata sandi diubah" in field.help_text
    assert 'name="revoke_tokens"' in page.content.decode() and "checked" in str(field)
    response = _change_own(client, revoke_tokens="on")
    assert response.status_code == 302
    assert not any(_works(key) for key in keys)
    assert _works(other)  # someone else's tokens are untouched
    notes = AuditEvent.objects.filter(content_type__model="apitoken", note="revoked")
    assert notes.count() == 2 and {e.actor_id for e in notes} == {user.pk}


def test_the_tokens_are_kept_when_unticked(client, world):
    user = world.users[Role.VIEWER]
    key = _token(user)
    client.force_login(user)
    assert _change_own(client).status_code == 302  # an unticked checkbox is not sent
    user.refresh_from_db()
    assert user.check_password(NEW) and _works(key)


def test_no_checkbox_without_tokens(client, world):
    user = world.users[Role.VIEWER]
    revoked = create_token(Actor(user), user, "lama")[0]
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=revoked.created_at)
    client.force_login(user)
    page = client.get(reverse("accounts:password_change"))
    assert "revoke_tokens" not in page.context["form"].fields


def test_a_manager_setting_a_password_revokes_the_users_tokens_by_default(client, world):
    head = world.users[Role.UNIT_HEAD]
    key = _token(head)
    client.force_login(world.users[Role.COORDINATOR])
    url = reverse("accounts:user_password", args=[head.pk])
    page = client.get(url)
    field = page.context["form"]["revoke_tokens"]
    assert field.value() is True and field.label == "Cabut juga token API pengguna ini"
    assert "Akun ini memiliki 1 token API. Token tetap berlaku" in field.help_text
    response = client.post(url, {"password1": NEW, "password2": NEW, "revoke_tokens": "on"})
    assert response.status_code == 302
    assert not _works(key)
    event = AuditEvent.objects.get(content_type__model="apitoken", note="revoked")
    assert event.actor == world.users[Role.COORDINATOR]
    # Unticked, the tokens stay.
    key = _token(head, "baru")
    client.post(url, {"password1": NEW + "x", "password2": NEW + "x"})
    assert User.objects.get(pk=head.pk).check_password(NEW + "x") and _works(key)


def test_the_admin_site_setting_a_password_revokes_the_users_tokens(client, world):
    admin = world.users[Role.ADMINISTRATOR]
    User.objects.filter(pk=admin.pk).update(is_staff=True)
    client.force_login(admin)
    viewer = world.users[Role.VIEWER]
    key = _token(viewer)
    url = reverse("admin:auth_user_password_change", args=[viewer.pk])
    assert "juga mencabut 1 token API milik pengguna ini" in client.get(url).content.decode()
    response = client.post(url, {"password1": NEW, "password2": NEW, "set_usable_password": "true"})
    assert response.status_code == 302
    viewer.refresh_from_db()
    assert viewer.check_password(NEW) and not _works(key)
