"""core.scope: who sees and changes which rows."""

import pytest

from sinergi.core.roles import Role
from sinergi.core.scope import Action, can, scoped
from sinergi.regions.models import Government, Official, Region, Unit

pytestmark = pytest.mark.django_db


def test_subtree_lookup_is_one_range_over_region_codes():
    codes = set(Region.objects.filter(code__subtree="64.08").values_list("code", flat=True))
    assert "64.08" in codes
    assert all(c == "64.08" or c.startswith("64.08.") for c in codes)
    assert len(codes) == 1 + Region.objects.filter(parent_id="64.08").count()
    # "64.1" must not catch "64.11" (Mahakam Ulu).
    assert not Region.objects.filter(code__subtree="64.1").exists()


def test_coordinator_sees_its_whole_government_only(world):
    coordinator = world.users[Role.COORDINATOR]
    units = set(scoped(Unit.objects.all(), coordinator))
    assert units == {world.setda, world.tapem, world.bappeda, world.kec_sangatta}
    assert list(scoped(Government.objects.all(), coordinator)) == [world.kutim]


def test_unit_roles_see_their_subtree(world):
    head = world.users[Role.UNIT_HEAD]
    assert set(scoped(Unit.objects.all(), head)) == {world.setda, world.tapem}
    operator = world.users[Role.UNIT_OPERATOR]
    assert set(scoped(Unit.objects.all(), operator)) == {world.tapem}


def test_administrator_sees_everything(world):
    admin = world.users[Role.ADMINISTRATOR]
    assert scoped(Unit.objects.all(), admin).count() == Unit.objects.count()


def test_write_scope_follows_role(world):
    coordinator = world.users[Role.COORDINATOR]
    assert can(coordinator, Action.CHANGE, world.tapem)
    assert not can(coordinator, Action.CHANGE, world.mimika_tapem)
    assert not can(coordinator, Action.CHANGE, world.kutim)  # governments: administrators only
    for role in (Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.VIEWER):
        assert not can(world.users[role], Action.CHANGE, world.tapem)
        assert can(world.users[role], Action.VIEW, world.kutim)


def test_officials_are_scoped_by_government(world):
    kutim_person = Official.objects.create(government=world.kutim, name="Sutrisno")
    Official.objects.create(government=world.mimika, name="Petrus Yumte")
    assert list(scoped(Official.objects.all(), world.users[Role.VIEWER])) == [kutim_person]


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not scoped(Unit.objects.all(), AnonymousUser()).exists()
    assert not can(AnonymousUser(), Action.VIEW, world.tapem)
