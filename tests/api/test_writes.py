"""Writes through the API: audited with source "api", refused when stale (409, nothing
overwritten), refused when still referenced (409), and the account rules."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from sinergi.accounts.models import User
from sinergi.core.models import AuditAction, AuditEvent, AuditSource
from sinergi.core.roles import Role
from sinergi.regions.models import Government, Official, PositionTerm, Unit
from tests import factories
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


def _events(obj_or_model, pk=None):
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    pk = pk if pk is not None else obj_or_model.pk
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=str(pk)
    ).order_by("id")


def test_create_update_delete_are_audited_with_source_api(as_role, world):
    client = as_role(Role.COORDINATOR)
    coordinator = world.users[Role.COORDINATOR]
    created = client.post("units", {"government": world.kutim.pk, "parent": world.setda.pk,
                                    "code": "PROKOPIM", "name": "Bagian Protokol", "kind": "section"})
    assert created.status_code == 201, created.content
    unit = created.json()
    assert unit["path"] == f"{world.setda.pk}.{unit['id']}" and unit["version"] == 1
    patched = client.patch(f"units/{unit['id']}", {"version": 1, "short_name": "Prokopim"})
    assert patched.status_code == 200 and patched.json()["version"] == 2
    assert client.delete(f"units/{unit['id']}", version=2).status_code == 204
    assert not Unit.objects.filter(pk=unit["id"]).exists()
    events = list(_events(Unit, unit["id"]))
    assert [e.action for e in events] == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
    assert {e.source for e in events} == {AuditSource.API}
    assert {e.actor_id for e in events} == {coordinator.pk}
    assert events[1].before["short_name"] == "" and events[1].after["short_name"] == "Prokopim"


def test_put_replaces_and_is_audited(as_role, objs):
    client = as_role(Role.ADMINISTRATOR)
    rudi = objs["rudi"]
    body = {"government": rudi.government_id, "name": "Rudi Hartono", "front_title": "Drs.",
            "back_title": "M.M.", "nip": "198001012005011002", "email": "rudi@kutaitimurkab.go.id",
            "phone": "", "version": rudi.version}
    response = client.put(f"officials/{rudi.pk}", body)
    assert response.status_code == 200, response.content
    assert response.json()["full_name"] == "Drs. Rudi Hartono, M.M."
    assert _events(rudi).get().after["nip"] == "198001012005011002"
    # A PUT without the version is refused, naming the field.
    del body["version"]
    missing = client.put(f"officials/{rudi.pk}", body)
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "version"


@pytest.mark.parametrize("method", ["put", "patch"])
def test_stale_version_is_409_and_nothing_is_overwritten(as_role, objs, method):
    client = as_role(Role.COORDINATOR)
    tapem = objs["tapem"]
    first = client.patch(f"units/{tapem.pk}", {"version": 1, "name": "Bagian Pemerintahan"})
    assert first.status_code == 200 and first.json()["version"] == 2
    body = {"version": 1, "name": "Nama Lama Yang Basi"}
    if method == "put":
        body.update(government=tapem.government_id, parent=tapem.parent_id, code=tapem.code,
                    kind=tapem.kind)
    stale = getattr(client, method)(f"units/{tapem.pk}", body)
    assert stale.status_code == 409
    assert stale.json()["errors"][0]["reason"]
    tapem.refresh_from_db()
    assert (tapem.name, tapem.version) == ("Bagian Pemerintahan", 2)
    assert _events(tapem).count() == 1


def test_stale_delete_is_409_and_the_row_stays(as_role, objs):
    client = as_role(Role.ADMINISTRATOR)
    rudi = objs["rudi"]
    client.patch(f"officials/{rudi.pk}", {"version": 1, "phone": "0812"})
    assert client.delete(f"officials/{rudi.pk}", version=1).status_code == 409
    assert Official.objects.filter(pk=rudi.pk).exists()
    assert client.delete(f"officials/{rudi.pk}", version=2).status_code == 204


def test_deleting_a_referenced_row_is_409_with_a_reason(world, objs):
    client = ApiClient(world.users[Role.ADMINISTRATOR])
    # (url, what still refers to it: the kind and how many, as the reason lists them)
    cases = [
        (f"units/{objs['setda'].pk}", Unit, 1),  # Tapem sits under Setda
        (f"officials/{objs['ardiansyah'].pk}", PositionTerm, 1),
        (f"positions/{objs['bupati_kutim'].pk}", PositionTerm, 1),
        (f"governments/{objs['kutim'].pk}", Unit, 4),
    ]
    for url, kind, count in cases:
        response = client.delete(url)
        assert response.status_code == 409, url
        reason = response.json()["errors"][0]["reason"]
        with translation.override(response.wsgi_request.LANGUAGE_CODE):  # as the answer was written
            assert f"{kind._meta.verbose_name_plural}: {count}" in reason, reason
    assert Unit.objects.filter(pk=objs["setda"].pk).exists()
    assert Government.objects.filter(pk=objs["kutim"].pk).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.DELETE).exists()


def test_administrator_manages_governments(as_role, world):
    client = as_role(Role.ADMINISTRATOR)
    created = client.post("governments", {"region": "64.07", "name": "Pemerintah Kabupaten Kutai Barat",
                                          "website": "https://kutaibaratkab.go.id"})
    assert created.status_code == 201, created.content
    gov = created.json()
    assert gov["region"] == "64.07"
    # A district cannot have a government; an unknown region is named.
    district = client.post("governments", {"region": "64.08.01", "name": "X"})
    assert district.status_code == 422 and district.json()["errors"][0]["field"] == "region"
    unknown = client.post("governments", {"region": "99.99", "name": "Y"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "region"
    assert client.delete(f"governments/{gov['id']}").status_code == 204
    assert [e.source for e in _events(Government, gov["id"])] == ["api", "api"]


def test_position_term_clash_is_422(as_role, objs):
    client = as_role(Role.COORDINATOR)
    response = client.post("terms", {"position": objs["bupati_kutim"].pk,
                                     "official": objs["rudi"].pk, "start": "2024-05-01"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["reason"]
    # As Plt, standing in for the definitive holder, the term is fine.
    ok = client.post("terms", {"position": objs["bupati_kutim"].pk, "official": objs["rudi"].pk,
                               "start": "2024-05-01", "end": "2024-05-10", "capacity": "plt"})
    assert ok.status_code == 201, ok.content
    assert ok.json()["capacity_title"] == "Plt. Bupati Kutai Timur"


def test_unit_cannot_move_to_another_governments_parent(as_role, objs):
    client = as_role(Role.ADMINISTRATOR)
    tapem = objs["tapem"]
    response = client.patch(f"units/{tapem.pk}", {"version": 1, "parent": objs["mimika_tapem"].pk})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "parent"


# ---------------------------------------------------------------------------- accounts


def test_user_create_takes_a_password_and_never_returns_it(as_role, world):
    client = as_role(Role.COORDINATOR)
    response = client.post("users", {
        "username": "siti", "password": "Kuat-Sekali-2025!", "first_name": "Siti",
        "email": "siti@kutaitimurkab.go.id", "role": "unit_operator",
        "scope_units": [world.tapem.pk],
    })
    assert response.status_code == 201, response.content
    assert b"Kuat-Sekali" not in response.content and b"password" not in response.content
    body = response.json()
    assert body["scope_units"] == [world.tapem.pk] and body["role"] == "unit_operator"
    user = User.objects.get(username="siti")
    assert user.check_password("Kuat-Sekali-2025!")
    event = _events(user).get()
    assert event.source == AuditSource.API and "password" not in event.after
    assert event.after["scope_units"] == [world.tapem.pk]


def test_coordinator_can_never_create_or_elevate_an_administrator(as_role, world):
    client = as_role(Role.COORDINATOR)
    response = client.post("users", {"username": "boss", "password": "Kuat-Sekali-2025!",
                                     "role": "administrator", "scope_units": [world.kec_sangatta.pk]})
    assert response.status_code == 403
    assert response.json()["errors"][0]["field"] == "role"
    assert not User.objects.filter(username="boss").exists()
    head = world.users[Role.UNIT_HEAD]
    elevate = client.patch(f"users/{head.pk}", {"version": head.version, "role": "administrator"})
    assert elevate.status_code == 403
    head.refresh_from_db()
    assert head.role == Role.UNIT_HEAD and head.version == 1
    # Extra fields such as is_superuser / is_staff are not part of the API: ignored.
    sneaky = client.post("users", {"username": "sneaky", "password": "Kuat-Sekali-2025!",
                                   "role": "viewer", "is_superuser": True, "is_staff": True,
                                   "scope_units": [world.kec_sangatta.pk]})
    assert sneaky.status_code == 201
    assert User.objects.filter(username="sneaky", is_superuser=False, is_staff=False).exists()


def test_coordinator_user_rules(as_role, world, objs):
    client = as_role(Role.COORDINATOR)
    # Units of another government are unknown ids to a coordinator; no units at all is refused.
    other = client.post("users", {"username": "a1", "password": "Kuat-Sekali-2025!",
                                  "scope_units": [world.mimika_tapem.pk]})
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "scope_units"
    none = client.post("users", {"username": "a2", "password": "Kuat-Sekali-2025!", "scope_units": []})
    assert none.status_code == 403 and none.json()["errors"][0]["field"] == "scope_units"
    # Moving a Kutai Timur user to Mimika is impossible; within Kutai Timur it works.
    viewer = world.users[Role.VIEWER]
    moved = client.patch(f"users/{viewer.pk}", {"version": 1, "scope_units": [world.mimika_tapem.pk]})
    assert moved.status_code == 422
    ok = client.patch(f"users/{viewer.pk}", {"version": 1, "scope_units": [world.bappeda.pk]})
    assert ok.status_code == 200 and ok.json()["scope_units"] == [world.bappeda.pk]
    assert ok.json()["version"] == 2
    # A user partly outside the coordinator's governments is not the coordinator's to change.
    mixed = factories.user("mixed", Role.VIEWER, [world.kec_sangatta, world.mimika_tapem])
    assert client.patch(f"users/{mixed.pk}", {"version": 1, "email": "m@example.org"}).status_code in (
        403, 404)
    mixed.refresh_from_db()
    assert mixed.email == ""


def test_user_bad_input(as_role, world):
    client = as_role(Role.ADMINISTRATOR)
    weak = client.post("users", {"username": "lemah", "password": "123", "role": "viewer"})
    assert weak.status_code == 422 and weak.json()["errors"][0]["field"] == "password"
    taken = client.post("users", {"username": "VIEWER", "password": "Kuat-Sekali-2025!"})
    assert taken.status_code == 422 and taken.json()["errors"][0]["field"] == "username"
    no_password = client.post("users", {"username": "x"})
    assert no_password.status_code == 422
    assert no_password.json()["errors"] == [{"field": "password", "reason": "Field required"}]
    bad_role = client.post("users", {"username": "x", "password": "Kuat-Sekali-2025!", "role": "god"})
    assert bad_role.status_code == 422 and bad_role.json()["errors"][0]["field"] == "role"
    assert not User.objects.filter(username__in=["lemah", "x"]).exists()
    viewer = world.users[Role.VIEWER]
    stale = client.patch(f"users/{viewer.pk}", {"version": 9, "email": "x@example.org"})
    assert stale.status_code == 409
    viewer.refresh_from_db()
    assert viewer.email == ""
