"""The planning forms take amounts and percentages typed the Indonesian way and show them back
that way: the activity's pagu, the quarterly targets, an indicator's annual target."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from sinergi.core.roles import Role
from sinergi.planning.models import Activity, Indicator
from tests.planning.conftest import SUB, make_activity

pytestmark = pytest.mark.django_db
D = Decimal


def _input(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, name
    return match.group(0)


@pytest.fixture
def operator(client, world, sample):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    return client


@pytest.mark.parametrize(("typed", "stored", "shown"), [
    ("183.410.900", "183410900", "183.410.900"),
    ("Rp 183.410.900", "183410900", "183.410.900"),
    ("183.410.900,50", "183410900.50", "183.410.900,5"),
    ("183410856.00", "183410856", "183.410.856"),
    ("Rp 1.500.000,-", "1500000", "1.500.000"),
])
def test_activity_pagu(operator, world, typed, stored, shown):
    response = operator.post(reverse("planning:activity_add"), {
        "unit": world.tapem.pk, "year": 2025, "nomenclature": SUB, "budget": typed,
        "funding_source": "apbd"})
    assert response.status_code == 302, response.content.decode()[-2000:]
    activity = Activity.objects.get(unit=world.tapem)
    assert activity.budget == D(stored)
    html = operator.get(reverse("planning:activity_edit", args=[activity.pk])).content.decode()
    budget = _input(html, "budget")
    assert f'value="{shown}"' in budget
    assert 'type="text"' in budget and 'inputmode="decimal"' in budget and "form-control" in budget


def test_activity_pagu_is_shown_back_after_an_error(operator, world):
    response = operator.post(reverse("planning:activity_add"), {
        "unit": world.tapem.pk, "year": 2025, "nomenclature": "", "budget": "183410900.00",
        "funding_source": "apbd"})
    assert response.status_code == 200
    assert 'value="183.410.900"' in _input(response.content.decode(), "budget")
    response = operator.post(reverse("planning:activity_add"), {
        "unit": world.tapem.pk, "year": 2025, "nomenclature": SUB, "budget": "-1.000",
        "funding_source": "apbd"})
    assert response.status_code == 200
    assert "Tidak boleh kurang dari Rp 0." in response.content.decode()
    assert not Activity.objects.exists()


def test_quarter_targets(operator, world):
    activity = make_activity(world.tapem, budget="1000000000")
    url = reverse("planning:quarter_targets", args=[activity.pk])
    response = operator.post(url, {
        "physical_1": "12,5", "financial_1": "Rp 125.000.000",
        "physical_2": "37.5", "financial_2": "375.000.000",
        "physical_3": "62,50 %", "financial_3": "625.000.000,50",
        "physical_4": "100", "financial_4": "1.000.000.000"})
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert [(t.physical, t.financial) for t in activity.quarter_targets.all()] == [
        (D("12.5"), D("125000000")), (D("37.5"), D("375000000")), (D("62.5"), D("625000000.5")),
        (D(100), D(1000000000))]
    html = operator.get(url).content.decode()
    assert 'value="12,5"' in _input(html, "physical_1")
    assert 'value="125.000.000"' in _input(html, "financial_1")
    assert 'value="625.000.000,5"' in _input(html, "financial_3")
    assert 'value="100"' in _input(html, "physical_4")


def test_quarter_targets_refused_say_why_in_indonesian(operator, world):
    activity = make_activity(world.tapem, budget="1000000000")
    url = reverse("planning:quarter_targets", args=[activity.pk])
    response = operator.post(url, {
        "physical_1": "12,5", "financial_1": "1e5",
        "physical_2": "137,5", "financial_2": "375.000.000",
        "physical_3": "62.555", "financial_3": "625.000.000",
        "physical_4": "100", "financial_4": "1.000.000.000"})
    assert response.status_code == 200
    html = response.content.decode()
    for message in ("Masukkan angka, misalnya 183.410.900.", "Tidak boleh lebih dari 100 %.",
                    "Terlalu banyak angka desimal: paling banyak 2."):
        assert message in html
    assert 'value="12,5"' in _input(html, "physical_1")  # what was right, shown the Indonesian way
    assert 'value="1e5"' in _input(html, "financial_1")  # what was not, as typed
    assert not activity.quarter_targets.exists()


def test_indicator_annual_target(operator, world):
    activity = make_activity(world.tapem)
    response = operator.post(reverse("planning:indicator_add", args=[activity.pk]), {
        "name": "Peserta sosialisasi", "measure_unit": "orang", "annual_target": "1.500"})
    assert response.status_code == 302
    indicator = Indicator.objects.get(activity=activity)
    assert indicator.annual_target == D(1500)
    html = operator.get(reverse("planning:indicator_edit", args=[indicator.pk])).content.decode()
    assert 'value="1.500"' in _input(html, "annual_target")
    response = operator.post(reverse("planning:indicator_edit", args=[indicator.pk]), {
        "name": "Peserta sosialisasi", "measure_unit": "km", "annual_target": "2,5",
        "version": indicator.version})
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.annual_target == D("2.5")


def test_the_admin_takes_them_the_indonesian_way_too(client, world, sample):
    from django.contrib import admin

    from sinergi.accounts.models import User
    from sinergi.core.forms import PercentField, QuantityField, RupiahField
    from sinergi.monitoring.models import Realization, RealizationOutput
    from sinergi.planning.models import QuarterTarget

    staff = world.users[Role.ADMINISTRATOR]
    User.objects.filter(pk=staff.pk).update(is_staff=True)
    client.force_login(User.objects.get(pk=staff.pk))
    request = client.get(reverse("admin:index")).wsgi_request
    expected = {(Activity, "budget"): RupiahField, (QuarterTarget, "financial"): RupiahField,
                (QuarterTarget, "physical"): PercentField, (Indicator, "annual_target"): QuantityField,
                (Realization, "physical"): PercentField, (Realization, "financial"): RupiahField,
                (RealizationOutput, "value"): QuantityField}
    for (model, name), field_class in expected.items():
        model_admin = admin.site._registry[model]
        field = model_admin.formfield_for_dbfield(model._meta.get_field(name), request)
        assert type(field) is field_class, (model, name)

    activity = make_activity(world.tapem, budget="183410856.00")
    html = client.get(reverse("admin:planning_activity_change", args=[activity.pk])).content.decode()
    assert 'value="183.410.856"' in _input(html, "budget")
    indicator = Indicator.objects.create(activity=activity, name="Peserta", measure_unit="orang",
                                         annual_target=D(10))
    response = client.post(reverse("admin:planning_indicator_change", args=[indicator.pk]), {
        "activity": activity.pk, "name": "Peserta", "measure_unit": "orang", "annual_target": "1.500",
        "_version": indicator.version})
    assert response.status_code == 302, response.content.decode()[-2000:]
    indicator.refresh_from_db()
    assert indicator.annual_target == D(1500)
