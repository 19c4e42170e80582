"""Every change is attributable and no save overwrites someone else's: audit events for UI and
admin writes, and stale versions refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sinergi.accounts.models import ApiToken, User
from sinergi.accounts.services import create_token
from sinergi.core.models import AuditAction, AuditEvent, AuditSource
from sinergi.core.roles import Role
from sinergi.core.services import Actor, StaleEditError, update_object
from sinergi.regions.choices import UnitKind
from sinergi.regions.models import Official, Region, Unit
from tests import factories

pytestmark = pytest.mark.django_db


def events(obj, action=None):
    qs = AuditEvent.objects.filter(object_id=str(obj.pk), content_type__model=type(obj)._meta.model_name)
    return qs.filter(action=action) if action else qs


# ---------------------------------------------------------------------------- through the UI


def test_ui_create_update_delete_are_audited_with_before_and_after(client, world):
    coordinator = world.users[Role.COORDINATOR]
    client.force_login(coordinator)
    response = client.post(reverse("regions:unit_add"), {
        "government": world.kutim.pk, "parent": world.setda.pk, "code": "EKON",
        "name": "Bagian Perekonomian", "kind": UnitKind.SECTION,
    })
    assert response.status_code == 302
    unit = Unit.objects.get(code="EKON")
    created = events(unit, AuditAction.CREATE).get()
    assert (created.actor, created.source, created.before) == (coordinator, AuditSource.WEB, None)
    assert created.after["name"] == "Bagian Perekonomian" and created.after["parent_id"] == world.setda.pk

    response = client.post(reverse("regions:unit_edit", args=[unit.pk]), {
        "government": world.kutim.pk, "parent": world.setda.pk, "code": "EKON",
        "name": "Bagian Perekonomian dan SDA", "kind": UnitKind.SECTION, "version": 1,
    })
    assert response.status_code == 302
    updated = events(unit, AuditAction.UPDATE).get()
    assert updated.before["name"] == "Bagian Perekonomian"
    assert updated.after["name"] == "Bagian Perekonomian dan SDA"
    assert (updated.before["version"], updated.after["version"]) == (1, 2)
    assert {field for field, _b, _a in updated.changes} == {"name", "version"}

    # Saving the form unchanged records nothing and keeps the version.
    client.post(reverse("regions:unit_edit", args=[unit.pk]), {
        "government": world.kutim.pk, "parent": world.setda.pk, "code": "EKON",
        "name": "Bagian Perekonomian dan SDA", "kind": UnitKind.SECTION, "version": 2,
    })
    assert events(unit, AuditAction.UPDATE).count() == 1
    assert Unit.objects.get(pk=unit.pk).version == 2

    response = client.post(reverse("regions:unit_delete", args=[unit.pk]), {"version": 2})
    assert response.status_code == 302 and not Unit.objects.filter(pk=unit.pk).exists()
    deleted = events(unit, AuditAction.DELETE).get()
    assert deleted.before["name"] == "Bagian Perekonomian dan SDA" and deleted.after is None
    # The history on a page is this record.
    assert [e.action for e in events(unit).order_by("timestamp", "id")] == ["create", "update", "delete"]


def test_refused_saves_leave_no_audit(client, world):
    client.force_login(world.users[Role.VIEWER])
    before = AuditEvent.objects.count()
    response = client.post(reverse("regions:official_add"), {"government": world.kutim.pk, "name": "X"})
    assert response.status_code == 403
    client.force_login(world.users[Role.COORDINATOR])
    client.post(reverse("regions:official_add"), {"government": world.kutim.pk, "name": "", "nip": "1"})
    assert AuditEvent.objects.count() == before


def test_stale_version_is_refused_by_the_service(world):
    actor = Actor(world.users[Role.ADMINISTRATOR])
    update_object(actor, world.tapem, {"name": "Bagian Pemerintahan"}, expected_version=1)
    with pytest.raises(StaleEditError) as caught:
        update_object(actor, world.tapem, {"name": "Tapem"}, expected_version=1)
    assert caught.value.code == "stale"
    unit = Unit.objects.get(pk=world.tapem.pk)
    assert (unit.name, unit.version) == ("Bagian Pemerintahan", 2)
    assert events(unit, AuditAction.UPDATE).count() == 1


# ---------------------------------------------------------------------------- through the admin


@pytest.fixture
def staff_admin(world):
    user = world.users[Role.ADMINISTRATOR]
    User.objects.filter(pk=user.pk).update(is_staff=True)
    user.refresh_from_db()
    return user


@pytest.fixture
def admin_client(client, staff_admin):
    client.force_login(staff_admin)
    return client


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def unit_admin_data(unit, **changes):
    data = {"government": unit.government_id, "parent": unit.parent_id or "", "code": unit.code,
            "name": unit.name, "short_name": unit.short_name, "kind": unit.kind,
            "region": unit.region_id or "", "active_from": "", "active_until": "",
            "_version": unit.version}
    data.update(changes)
    return data


def test_admin_change_is_audited_with_source_admin(admin_client, world, staff_admin):
    url = admin_url(Unit, "change", world.tapem.pk)
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, unit_admin_data(world.tapem, name="Bagian Tata Pemerintahan Umum"))
    assert response.status_code == 302, response.content[:2000]
    unit = Unit.objects.get(pk=world.tapem.pk)
    assert (unit.name, unit.version) == ("Bagian Tata Pemerintahan Umum", 2)
    event = events(unit, AuditAction.UPDATE).get()
    assert (event.actor, event.source) == (staff_admin, AuditSource.ADMIN)
    assert event.before["name"] == "Bagian Tata Pemerintahan" and event.after["version"] == 2


def test_admin_validation_and_stale_saves_are_refused(admin_client, world):
    url = admin_url(Unit, "change", world.tapem.pk)
    response = admin_client.post(url, unit_admin_data(world.tapem, parent=world.mimika_tapem.pk))
    assert response.status_code == 200 and "parent" in response.context["adminform"].form.errors
    Unit.objects.filter(pk=world.tapem.pk).update(version=5)
    response = admin_client.post(url, unit_admin_data(world.tapem, name="Tapem", _version=1))
    assert response.status_code == 200
    assert "stale" in {e.code for e in response.context["adminform"].form.non_field_errors().as_data()}
    assert Unit.objects.get(pk=world.tapem.pk).name == "Bagian Tata Pemerintahan"
    assert not events(world.tapem, AuditAction.UPDATE).exists()


def test_admin_add_and_deletes_are_audited(admin_client, world):
    response = admin_client.post(admin_url(Official, "add"), {
        "government": world.kutim.pk, "name": "Kasmidi Bulang", "front_title": "", "back_title": "",
        "nip": "", "email": "", "phone": "",
    })
    assert response.status_code == 302
    person = Official.objects.get(name="Kasmidi Bulang")
    assert events(person, AuditAction.CREATE).get().source == AuditSource.ADMIN
    response = admin_client.post(admin_url(Official, "delete", person.pk), {"post": "yes"})
    assert response.status_code == 302 and not Official.objects.filter(pk=person.pk).exists()
    assert events(person, AuditAction.DELETE).get().source == AuditSource.ADMIN
    # Deleting several at once (the changelist action) audits each.
    a, b = factories.official(world.kutim, "A"), factories.official(world.kutim, "B")
    response = admin_client.post(admin_url(Official, "changelist"), {
        "action": "delete_selected", "_selected_action": [a.pk, b.pk], "post": "yes",
    })
    assert response.status_code == 302
    assert not Official.objects.filter(pk__in=[a.pk, b.pk]).exists()
    for person in (a, b):
        assert events(person, AuditAction.DELETE).get().source == AuditSource.ADMIN


def test_admin_user_scope_and_password_changes_are_audited(admin_client, world, staff_admin):
    viewer = world.users[Role.VIEWER]
    response = admin_client.post(admin_url(User, "change", viewer.pk), {
        "username": "viewer", "first_name": "", "last_name": "", "email": "",
        "role": Role.UNIT_OPERATOR, "scope_units": [world.tapem.pk, world.kec_sangatta.pk],
        "is_active": "on", "date_joined_0": "2025-01-01", "date_joined_1": "08:00:00",
        "_version": 1,
    })
    assert response.status_code == 302, response.content[:3000]
    viewer.refresh_from_db()
    assert viewer.role == Role.UNIT_OPERATOR
    assert set(viewer.scope_units.all()) == {world.tapem, world.kec_sangatta}
    event = events(viewer, AuditAction.UPDATE).get()
    assert event.source == AuditSource.ADMIN
    assert event.after["scope_units"] == sorted([world.tapem.pk, world.kec_sangatta.pk])

    url = reverse("admin:auth_user_password_change", args=[viewer.pk])
    response = admin_client.post(url, {"password1": "Sandi-Baru-2025!", "password2": "Sandi-Baru-2025!",
                                       "set_usable_password": "true"})
    assert response.status_code == 302
    viewer.refresh_from_db()
    assert viewer.check_password("Sandi-Baru-2025!") and viewer.version == 3
    event = events(viewer, AuditAction.UPDATE).latest("id")
    assert (event.source, event.note) == (AuditSource.ADMIN, "password set")


def test_admin_user_add_is_audited(admin_client, world):
    response = admin_client.post(admin_url(User, "add"), {
        "username": "baru", "usable_password": "true", "password1": "Sandi-Baru-2025!",
        "password2": "Sandi-Baru-2025!", "role": Role.VIEWER,
    })
    assert response.status_code == 302, response.content[:3000]
    user = User.objects.get(username="baru")
    assert user.check_password("Sandi-Baru-2025!")
    assert events(user, AuditAction.CREATE).get().source == AuditSource.ADMIN


def test_audit_events_and_regions_are_read_only_in_the_admin(admin_client, world):
    event = AuditEvent.objects.create(
        actor_label="x", action=AuditAction.OTHER, source=AuditSource.SYSTEM,
        content_type_id=1, object_id="1", object_repr="x",
    )
    assert admin_client.get(admin_url(AuditEvent, "changelist")).status_code == 200
    assert admin_client.get(admin_url(AuditEvent, "change", event.pk)).status_code == 200
    assert admin_client.get(admin_url(AuditEvent, "add")).status_code == 403
    assert admin_client.post(admin_url(AuditEvent, "change", event.pk), {"note": "y"}).status_code == 403
    assert admin_client.post(admin_url(AuditEvent, "delete", event.pk), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).note == ""
    assert admin_client.get(admin_url(Region, "changelist")).status_code == 200
    assert admin_client.get(admin_url(Region, "add")).status_code == 403
    response = admin_client.post(admin_url(Region, "change", "64.08"), {"name": "X"})
    assert response.status_code == 403
    assert Region.objects.get(code="64.08").name == "Kabupaten Kutai Timur"


def test_api_token_admin_never_shows_the_key_and_revokes_with_audit(admin_client, world):
    owner = world.users[Role.VIEWER]
    token, key = create_token(Actor(owner), owner, "skrip")
    assert admin_client.get(admin_url(ApiToken, "add")).status_code == 403
    for url in (admin_url(ApiToken, "changelist"), admin_url(ApiToken, "change", token.pk)):
        content = admin_client.get(url).content.decode()
        assert key not in content and token.key_hash not in content
        assert token.key_prefix in content
    response = admin_client.post(admin_url(ApiToken, "changelist"), {
        "action": "revoke", "_selected_action": [token.pk],
    })
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and ApiToken.authenticate(key) is None
    assert events(token, AuditAction.UPDATE).get().source == AuditSource.ADMIN


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.UNIT_HEAD, Role.VIEWER])
def test_admin_is_for_administrators_only(client, world, role):
    user = world.users[role]
    User.objects.filter(pk=user.pk).update(is_staff=True)  # staff, but not an administrator
    client.force_login(User.objects.get(pk=user.pk))
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200 and index.context["app_list"] == []
    for model in (Unit, Official, User, AuditEvent):
        assert client.get(admin_url(model, "changelist")).status_code == 403
    assert client.post(admin_url(Unit, "change", world.tapem.pk), unit_admin_data(world.tapem, name="X")
                       ).status_code == 403
    assert Unit.objects.get(pk=world.tapem.pk).name == "Bagian Tata Pemerintahan"


def test_admin_refuses_administrators_without_staff_and_anonymous(client, world):
    response = client.get(admin_url(Unit, "changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(world.users[Role.ADMINISTRATOR])  # role administrator, not staff
    response = client.get(admin_url(Unit, "changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_every_registered_sinergi_model_uses_the_audited_admin():
    from django.contrib import admin

    from sinergi.core.admin import AuditedModelAdmin

    ours = {m: a for m, a in admin.site._registry.items() if m.__module__.startswith("sinergi.")}
    names = {m.__name__ for m in ours}
    assert {"Region", "Government", "Unit", "Official", "Position", "PositionTerm", "User",
            "ApiToken", "AuditEvent"} <= names
    assert all(isinstance(a, AuditedModelAdmin) for a in ours.values())


def test_district_office_admin_save_checks_the_district(admin_client, world):
    data = unit_admin_data(world.kec_sangatta, region="94.04.01")
    response = admin_client.post(admin_url(Unit, "change", world.kec_sangatta.pk), data)
    assert response.status_code == 200 and "region" in response.context["adminform"].form.errors
    assert Unit.objects.get(pk=world.kec_sangatta.pk).region_id != "94.04.01"
