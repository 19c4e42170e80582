"""A unit's bidang urusan bind the sub kegiatan of its activities (and of its sub-units without
their own): offered in the form, refused at every door otherwise; set by who manages the plan."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sinergi.core.roles import Role
from sinergi.core.services import Actor, create_object
from sinergi.planning.choices import NomenclatureLevel
from sinergi.planning.forms import ActivityForm
from sinergi.planning.models import Activity, NomenclatureItem, affairs_for
from sinergi.planning.rules import affair_problem
from sinergi.planning.services import set_unit_affairs


def test_rule():
    assert affair_problem("1.01.02.1.01.0001", ()) is None
    assert affair_problem("1.01.02.1.01.0001", ("1.01",)) is None
    assert affair_problem("1.01.02.1.01.0001", ("1.02", "7.01"))
    assert affair_problem("1.010.02", ("1.01",))  # a prefix is not a parent


def two_bidang():
    subs = list(NomenclatureItem.objects.filter(level=NomenclatureLevel.SUB_KEGIATAN).order_by("code"))
    by_bidang: dict[str, NomenclatureItem] = {}
    for item in subs:
        by_bidang.setdefault(".".join(item.code.split(".")[:2]), item)
    (a, sub_a), (b, sub_b) = list(by_bidang.items())[:2]
    return a, sub_a, b, sub_b


@pytest.mark.django_db
def test_affairs_bind_the_unit_and_its_sub_units(world, sample):
    a, sub_a, _b, sub_b = two_bidang()
    coordinator = Actor(world.users[Role.COORDINATOR])
    operator = Actor(world.users[Role.UNIT_OPERATOR])
    with pytest.raises(PermissionDenied):
        set_unit_affairs(operator, world.setda, [a])
    set_unit_affairs(coordinator, world.setda, [a])
    # Tata Pemerintahan (under Setda, none of its own) is bound by Setda's.
    assert affairs_for([world.tapem])[world.tapem.pk] == (a,)
    create_object(operator, Activity(unit=world.tapem, year=2025, nomenclature=sub_a,
                                     budget=Decimal(1)).sync_government())
    with pytest.raises(ValidationError) as caught:
        create_object(operator, Activity(unit=world.tapem, year=2025, nomenclature=sub_b,
                                         budget=Decimal(1)).sync_government())
    assert "nomenclature" in caught.value.message_dict
    # The form offers only the unit's bidang to its operator.
    form = ActivityForm(user=world.users[Role.UNIT_OPERATOR])
    codes = set(form.fields["nomenclature"].queryset.values_list("code", flat=True))
    assert sub_a.code in codes and sub_b.code not in codes
    # Another unit without affairs is not restricted.
    create_object(coordinator, Activity(unit=world.bappeda, year=2025, nomenclature=sub_b,
                                        budget=Decimal(1)).sync_government())
    with pytest.raises(ValidationError):
        set_unit_affairs(coordinator, world.setda, ["9.99"])


@pytest.mark.django_db
def test_page(client, world, sample):
    a, _sub_a, _b, _sub_b = two_bidang()
    url = reverse("planning:unit_affairs", args=[world.setda.pk])
    client.force_login(world.users[Role.UNIT_HEAD])
    assert client.get(url).status_code == 200
    assert client.post(url, {"bidang_codes": [a]}).status_code == 403
    client.force_login(world.users[Role.COORDINATOR])
    assert client.post(url, {"bidang_codes": [a]}).status_code == 302
    assert client.post(url, {"bidang_codes": ["\x00", "x" * 5000]}).status_code == 400
    page = client.get(reverse("planning:unit_affairs", args=[world.tapem.pk])).content.decode()
    assert a in page.split('data-testid="affairs-binding"')[1].split("</p>")[0]
    client.force_login(world.users[Role.VIEWER])
    assert client.get(reverse("planning:unit_affairs", args=[world.mimika_tapem.pk])).status_code == 404
