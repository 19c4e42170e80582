"""regions.Coordination: validation, how a designation widens a user's scope (resolved when the
scope is built), its pages (the permission battery), the unit page, the audit trail."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sinergi.accounts.models import User
from sinergi.core.models import AuditAction, AuditEvent
from sinergi.core.roles import Role
from sinergi.core.scope import Action, can, coordinates, scoped
from sinergi.core.services import Actor
from sinergi.regions.choices import CoordinationCovers, CoordinationPurpose, UnitKind
from sinergi.regions.models import Coordination, Region
from sinergi.regions.services import coordinated_units, save_coordination
from tests import factories
from tests.battery import ViewBattery
from tests.regions.test_views import home_government, post_data

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system()
MONITORING = CoordinationPurpose.MONITORING


def designate(unit, purpose=MONITORING, covers=CoordinationCovers.DISTRICT_OFFICES, units=()):
    return save_coordination(SYSTEM, Coordination(government_id=unit.government_id, unit=unit,
                                                  purpose=purpose, covers=covers), units=units)


def fresh(user) -> User:
    """The user again, with its scope built anew."""
    return User.objects.get(pk=user.pk)


def district_office(world, code="KEC-SGS", name="Sangatta Selatan"):
    region = Region.objects.get(code__startswith="64.08.", name=name)
    return factories.unit(world.kutim, code, f"Kecamatan {name}", kind=UnitKind.DISTRICT_OFFICE,
                          region_code=region.code)


# ---------------------------------------------------------------------------- validation


def test_the_coordinating_unit_belongs_to_the_government(world):
    c = Coordination(government=world.kutim, unit=world.mimika_tapem, purpose=MONITORING)
    with pytest.raises(ValidationError) as exc:
        c.full_clean()
    assert "unit" in exc.value.error_dict


def test_one_designation_per_unit_and_purpose(world):
    designate(world.tapem)
    with pytest.raises(ValidationError) as exc:
        designate(world.tapem, covers=CoordinationCovers.ALL_UNITS)
    assert "purpose" in exc.value.error_dict
    designate(world.tapem, CoordinationPurpose.PROBLEMS)  # another purpose is fine


def test_chosen_units_belong_to_the_government_and_are_required(world):
    with pytest.raises(ValidationError) as exc:
        designate(world.tapem, covers=CoordinationCovers.CHOSEN, units=[world.mimika_tapem])
    assert "units" in exc.value.error_dict
    with pytest.raises(ValidationError):
        designate(world.tapem, covers=CoordinationCovers.CHOSEN, units=[])
    c = designate(world.tapem, covers=CoordinationCovers.CHOSEN, units=[world.bappeda])
    assert list(c.units.all()) == [world.bappeda]


def test_a_designation_is_audited_with_its_units(world):
    c = designate(world.tapem, covers=CoordinationCovers.CHOSEN, units=[world.bappeda])
    save_coordination(SYSTEM, c, {"covers": CoordinationCovers.DISTRICT_OFFICES},
                      expected_version=c.version)
    events = list(AuditEvent.objects.filter(object_id=str(c.pk),
                                            content_type__model="coordination").order_by("id"))
    assert [e.action for e in events] == [AuditAction.CREATE, AuditAction.UPDATE]
    assert events[0].after["units"] == [world.bappeda.pk]
    assert events[1].after["units"] == [] and events[1].after["covers"] == "district_offices"


# ---------------------------------------------------------------------------- scope


def test_district_offices_are_resolved_when_the_scope_is_built(world):
    designate(world.tapem)
    operator = world.users[Role.UNIT_OPERATOR]  # Tapem
    assert coordinates(operator, MONITORING, world.kec_sangatta.path)
    new = district_office(world)  # recorded after the designation: covered too
    assert coordinates(fresh(operator), MONITORING, new.path)
    assert not coordinates(fresh(operator), MONITORING, world.bappeda.path)
    assert not coordinates(fresh(operator), CoordinationPurpose.PLANNING, new.path)


def test_covers_agencies_all_and_chosen(world):
    designate(world.tapem, CoordinationPurpose.PLANNING, CoordinationCovers.AGENCIES)
    designate(world.tapem, CoordinationPurpose.PROBLEMS, CoordinationCovers.ALL_UNITS)
    designate(world.tapem, CoordinationPurpose.COOPERATION, CoordinationCovers.CHOSEN,
              [world.kec_sangatta])
    rows = dict.fromkeys(CoordinationPurpose.values, ())
    for purpose, path in coordinated_units([world.tapem.path]):
        rows[purpose] += (path,)
    assert rows[CoordinationPurpose.PLANNING] == (world.bappeda.path,)
    # All units: the government's root units only (their subtrees hold the rest).
    assert set(rows[CoordinationPurpose.PROBLEMS]) == {
        world.setda.path, world.bappeda.path, world.kec_sangatta.path}
    assert rows[CoordinationPurpose.COOPERATION] == (world.kec_sangatta.path,)
    assert rows[MONITORING] == ()


def test_units_above_the_coordinating_unit_inherit_it_units_below_do_not(world):
    designate(world.tapem)
    head = world.users[Role.UNIT_HEAD]  # Setda, above Tapem
    assert coordinates(head, MONITORING, world.kec_sangatta.path)
    below = factories.unit(world.kutim, "SUBBAG", "Subbagian", kind=UnitKind.SECTION,
                           parent=world.tapem)
    clerk = factories.user("clerk", Role.UNIT_OPERATOR, [below])
    assert not coordinates(clerk, MONITORING, world.kec_sangatta.path)
    other = factories.user("other", Role.UNIT_HEAD, [world.bappeda])
    assert not coordinates(other, MONITORING, world.kec_sangatta.path)


def test_the_scope_costs_one_query_more(world):
    designate(world.tapem)
    with CaptureQueriesContext(connection) as queries:
        assert fresh(world.users[Role.UNIT_OPERATOR]).scope.coordinated
    assert len(queries) == 3  # the user, its scope units, the coordinated units


def test_designations_are_read_by_the_government_written_by_its_managers(world):
    c = designate(world.tapem)
    for role in (Role.COORDINATOR, Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.VIEWER):
        user = world.users[role]
        assert list(scoped(Coordination.objects.all(), user)) == [c]
        assert can(user, Action.CHANGE, c) == (role == Role.COORDINATOR)
    outsider = factories.user("mimika", Role.COORDINATOR, [world.mimika_tapem])
    assert not scoped(Coordination.objects.all(), outsider).exists()


# ---------------------------------------------------------------------------- pages


class TestCoordinationViews(ViewBattery):
    model = Coordination
    urls = {"list": "regions:coordination_list", "detail": "regions:coordination_detail",
            "add": "regions:coordination_add", "edit": "regions:coordination_edit",
            "delete": "regions:coordination_delete"}
    fields = ["government", "unit", "purpose", "covers", "decree"]

    def make_object(self, world, role, inside):
        return designate(world.tapem if inside else world.mimika_tapem)

    def add_data(self, world, inside):
        gov = home_government(world, inside)
        unit = world.tapem if inside else world.mimika_tapem
        return {"government": gov.pk, "unit": unit.pk, "purpose": "problems",
                "covers": "district_offices"}

    def created(self, data):
        return Coordination.objects.filter(government_id=data["government"],
                                           purpose="problems").exists()

    def edit_data(self, world, obj):
        return post_data(obj, self.fields, decree="800/12/TAPEM/2025")

    def edited(self, obj):
        return Coordination.objects.get(pk=obj.pk).decree == "800/12/TAPEM/2025"


def test_the_form_refuses_chosen_units_of_another_government(client, world):
    client.force_login(world.users[Role.ADMINISTRATOR])
    response = client.post(reverse("regions:coordination_add"), {
        "government": world.kutim.pk, "unit": world.tapem.pk, "purpose": "monitoring",
        "covers": "chosen", "units": [world.mimika_tapem.pk]})
    assert response.status_code == 200
    assert not Coordination.objects.exists()
    response = client.post(reverse("regions:coordination_add"), {
        "government": world.kutim.pk, "unit": world.tapem.pk, "purpose": "monitoring",
        "covers": "chosen", "units": [world.kec_sangatta.pk]})
    assert response.status_code == 302
    c = Coordination.objects.get()
    assert list(c.units.all()) == [world.kec_sangatta]
    page = client.get(c.get_absolute_url()).content.decode()
    assert "Kecamatan Sangatta Utara" in page
    assert AuditEvent.objects.filter(object_id=str(c.pk), action=AuditAction.CREATE,
                                     source="web").exists()


def test_unit_pages_say_who_coordinates_whom(client, world):
    c = designate(world.tapem)
    client.force_login(world.users[Role.VIEWER])  # the district office
    page = client.get(world.kec_sangatta.get_absolute_url()).content.decode()
    assert "Dikoordinasikan oleh" in page and c.get_absolute_url() in page
    client.force_login(world.users[Role.UNIT_OPERATOR])  # Tapem
    page = client.get(world.tapem.get_absolute_url()).content.decode()
    assert "Mengoordinasikan" in page and c.get_absolute_url() in page
    page = client.get(world.kutim.get_absolute_url()).content.decode()
    assert reverse("regions:coordination_list") in page


def test_the_admin_writes_designations_through_the_audit(client, world):
    admin_user = world.users[Role.ADMINISTRATOR]
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    assert client.get(reverse("admin:regions_coordination_changelist")).status_code == 200
    response = client.post(reverse("admin:regions_coordination_add"), {
        "government": world.kutim.pk, "unit": world.tapem.pk, "purpose": "monitoring",
        "covers": "district_offices", "decree": ""})
    assert response.status_code == 302, response.content[:2000]
    c = Coordination.objects.get()
    assert AuditEvent.objects.filter(object_id=str(c.pk), content_type__model="coordination",
                                     source="admin").exists()
