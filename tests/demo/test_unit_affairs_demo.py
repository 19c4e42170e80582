"""The demo gives its units their bidang urusan (sinergi.demo.affairs): a dinas operator's
activity form offers only the sub kegiatan of the dinas's urusan, and every demo activity agrees
with its unit's affairs."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sinergi.accounts.models import User
from sinergi.core.roles import Role
from sinergi.demo.affairs import planned_affairs
from sinergi.demo.loader import load_demo
from sinergi.planning import rules
from sinergi.planning.forms import ActivityForm
from sinergi.planning.models import Activity, UnitAffair, affairs_for
from sinergi.regions.choices import UnitKind
from sinergi.regions.models import Government, Unit

pytestmark = pytest.mark.django_db


def unit(region: str, code: str) -> Unit:
    return Unit.objects.get(government__region_id=region, code=code)


def test_demo_units_have_their_affairs_and_the_forms_follow_them():
    first = load_demo()
    assert first.created["UnitAffair"] == UnitAffair.objects.count() > 30
    assert not [line for line in first.skipped if "affairs" in line]
    binding = affairs_for(Unit.objects.all())
    expected = {
        ("64.08", "DISDIK"): ("1.01",), ("64.08", "DINKES"): ("1.02",), ("64.08", "SETDA"): ("4.01",),
        ("64.08", "TAPEM"): ("4.01",), ("64.08", "BAPPEDA"): ("5.01",), ("94.04", "DISTRIK-01"): ("7.01",),
        ("64.11", "BAPPEDA"): ("5.01",), ("62", "BAPPERIDA"): ("5.01",), ("63.10", "PEM"): ("4.01",),
        # No bidang of their own: bound by the unit above them, or not at all.
        ("64.11", "POKJA-PKP"): ("5.01",), ("94.04", "BPJSTK-TIMIKA"): (),
    }
    assert {key: binding[unit(*key).pk] for key in expected} == expected
    assert not UnitAffair.objects.filter(unit__kind__in=[UnitKind.WORKING_GROUP,
                                                         UnitKind.EXTERNAL_PARTNER]).exists()
    assert set(UnitAffair.objects.filter(unit__kind=UnitKind.DISTRICT_OFFICE).values_list(
        "bidang_id", flat=True)) == {"7.01"}

    # Every demo activity is of its unit's affairs (what Activity.clean checks).
    activities = list(Activity.objects.select_related("unit"))
    assert activities
    binding = affairs_for({a.unit for a in activities})
    wrong = [a for a in activities if rules.affair_problem(a.nomenclature_id, binding[a.unit_id])]
    assert not wrong, wrong[:5]
    for activity in activities[:: max(1, len(activities) // 40)]:
        activity.full_clean()

    # A dinas operator's activity form: only the sub kegiatan of the dinas's urusan.
    disdik = unit("64.08", "DISDIK")
    operator = User.objects.create_user("operator-disdik", role=Role.UNIT_OPERATOR)
    operator.scope_units.set([disdik])
    operator = User.objects.get(pk=operator.pk)
    codes = list(ActivityForm(user=operator).fields["nomenclature"].queryset.values_list("code", flat=True))
    assert codes and all(code.startswith("1.01.") for code in codes)
    client = Client()
    client.force_login(operator)
    page = client.get(reverse("planning:activity_add"))
    assert page.status_code == 200
    offered = set(re.findall(r'<option value="(\d[\d.]*)"', page.content.decode()))
    offered = {code for code in offered if code.count(".") == 5}  # the sub kegiatan
    assert offered and all(code.startswith("1.01.") for code in offered)
    # The demo operator (a distrik) is offered the kecamatan's sub kegiatan only.
    demo_operator = User.objects.get(username="operator")
    codes = ActivityForm(user=demo_operator).fields["nomenclature"].queryset.values_list("code", flat=True)
    assert codes and all(code.startswith("7.01.") for code in codes)

    # Once: loading again gives nothing more.
    again = load_demo()
    assert again.created["UnitAffair"] == 0
    assert UnitAffair.objects.count() == first.created["UnitAffair"]


def test_a_unit_with_an_activity_of_other_affairs_is_left_without():
    load_demo()
    kutim = Government.objects.get(region_id="64.08")
    disdik, dinkes = unit("64.08", "DISDIK"), unit("64.08", "DINKES")
    UnitAffair.objects.filter(unit__in=[disdik, dinkes]).delete()
    other = Activity.objects.filter(unit=dinkes).first()
    Activity.objects.filter(pk=other.pk).update(unit=disdik)  # a health sub kegiatan in the Disdik
    planned, refused = planned_affairs(kutim)
    assert disdik.pk not in planned and refused == [disdik]
    assert planned[dinkes.pk] == "1.02"
