"""A user's email and WhatsApp number on the user form and page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sinergi.accounts.models import User
from sinergi.core.roles import Role

pytestmark = pytest.mark.django_db

PASSWORD = "Kutai-Timur-2025!"


def new_user_data(world, **extra) -> dict:
    return {"username": "budi.kutim", "first_name": "Budi", "last_name": "Santoso",
            "email": "budi@example.org", "whatsapp": "0812-3456-7890", "role": Role.UNIT_OPERATOR,
            "scope_units": [world.tapem.pk], "password1": PASSWORD, "password2": PASSWORD, **extra}


def test_created_user_has_the_normalized_number_shown_on_the_page(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    assert "whatsapp" in client.get(reverse("accounts:user_add")).context["form"].fields
    response = client.post(reverse("accounts:user_add"), new_user_data(world))
    assert response.status_code == 302
    user = User.objects.get(username="budi.kutim")
    assert (user.email, user.whatsapp) == ("budi@example.org", "6281234567890")
    page = client.get(user.get_absolute_url()).content.decode()
    assert 'href="https://wa.me/6281234567890" target="_blank" rel="noopener"' in page
    assert "+62 812-3456-7890" in page and "budi@example.org" in page


@pytest.mark.parametrize("number", ["021-5551234", "+44 7700 900123", "0812"])
def test_a_number_that_is_no_indonesian_mobile_is_refused(client, world, number):
    client.force_login(world.users[Role.ADMINISTRATOR])
    response = client.post(reverse("accounts:user_add"), new_user_data(world, whatsapp=number))
    assert response.status_code == 200
    assert "whatsapp" in response.context["form"].errors
    assert "is-invalid" in response.content.decode()
    assert not User.objects.filter(username="budi.kutim").exists()


def test_edit_changes_and_clears_the_number(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    operator = world.users[Role.UNIT_OPERATOR]
    data = {"username": operator.username, "first_name": "", "last_name": "", "email": "",
            "whatsapp": "+62 852 1111 2222", "role": operator.role,
            "scope_units": [world.tapem.pk], "version": operator.version}
    assert client.post(reverse("accounts:user_edit", args=[operator.pk]), data).status_code == 302
    operator.refresh_from_db()
    assert operator.whatsapp == "6285211112222"
    data.update(whatsapp="", version=operator.version)
    assert client.post(reverse("accounts:user_edit", args=[operator.pk]), data).status_code == 302
    operator.refresh_from_db()
    assert operator.whatsapp == ""
    assert "wa.me" not in client.get(operator.get_absolute_url()).content.decode()


def test_admin_site_shows_the_number_field(client, world):
    admin = world.users[Role.ADMINISTRATOR]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    page = client.get(reverse("admin:accounts_user_change", args=[world.users[Role.VIEWER].pk]))
    assert page.status_code == 200 and 'name="whatsapp"' in page.content.decode()
    page = client.get(reverse("admin:regions_official_add"))
    assert 'name="whatsapp"' in page.content.decode()
