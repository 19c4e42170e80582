"""WhatsApp numbers through the API: officials and users take a number as people write it and
return it normalized; a landline or a foreign number is refused (422, naming the field)."""

from __future__ import annotations

import pytest

from sinergi.accounts.models import User
from sinergi.core.roles import Role
from sinergi.regions.models import Official

pytestmark = pytest.mark.django_db


def test_official_number_is_normalized_on_create_and_patch(as_role, world):
    client = as_role(Role.COORDINATOR)
    created = client.post("officials", {"government": world.kutim.pk, "name": "Rizali Hadi",
                                        "email": "rizali@example.org", "whatsapp": "0812-3456-7890"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["whatsapp"] == "6281234567890"
    patched = client.patch(f"officials/{body['id']}", {"version": body["version"],
                                                        "whatsapp": "+62 852 1111 2222"})
    assert patched.status_code == 200, patched.content
    assert patched.json()["whatsapp"] == "6285211112222"
    assert Official.objects.get(pk=body["id"]).whatsapp == "6285211112222"


@pytest.mark.parametrize("number", ["021-5551234", "(0901) 123456", "+1 415 555 0100", "0812-34",
                                    "nomor saya 0812"])
def test_official_number_that_is_no_indonesian_mobile_is_refused(as_role, world, number):
    client = as_role(Role.COORDINATOR)
    response = client.post("officials", {"government": world.kutim.pk, "name": "Rizali Hadi",
                                         "whatsapp": number})
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == ["whatsapp"]
    assert not Official.objects.filter(name="Rizali Hadi").exists()


def test_user_number_is_normalized_and_refused(as_role, world):
    client = as_role(Role.ADMINISTRATOR)
    created = client.post("users", {"username": "kabag.tapem", "email": "kabag@example.org",
                                    "whatsapp": "(0812) 3456 7890", "role": Role.UNIT_HEAD,
                                    "scope_units": [world.tapem.pk], "password": "Tapem-Kutim-2025!"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["whatsapp"] == "6281234567890"
    refused = client.patch(f"users/{body['id']}", {"version": body["version"], "whatsapp": "021-5551234"})
    assert refused.status_code == 422, refused.content
    assert [e["field"] for e in refused.json()["errors"]] == ["whatsapp"]
    assert User.objects.get(pk=body["id"]).whatsapp == "6281234567890"
    cleared = client.patch(f"users/{body['id']}", {"version": body["version"], "whatsapp": ""})
    assert cleared.status_code == 200 and cleared.json()["whatsapp"] == ""
