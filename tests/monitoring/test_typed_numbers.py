"""The realization entry page takes figures typed the Indonesian way ("86,5", "183.410.900",
outputs "1.500") and shows them back that way, also when the page comes back with an error."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from sinergi.core.roles import Role
from sinergi.monitoring.models import Realization, RealizationOutput
from sinergi.planning.models import Indicator
from tests.monitoring.conftest import YEAR, make_activity, realization

pytestmark = pytest.mark.django_db
D = Decimal


def _url(unit):
    return reverse("monitoring:entry", args=[unit.pk, YEAR, 1])


def _input(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, name
    return match.group(0)


@pytest.fixture
def activity(world, sample):
    return make_activity(world.tapem, budget="250000000")


@pytest.fixture
def people(activity):
    return Indicator.objects.create(activity=activity, name="Peserta", measure_unit="orang",
                                    annual_target=D(2000))


def _data(activity, physical, financial, **extra):
    key = activity.pk
    return {f"physical_{key}": physical, f"financial_{key}": financial, f"problems_{key}": "",
            f"version_{key}": "", "action": "save", **extra}


@pytest.mark.parametrize(("physical", "financial", "output"), [
    ("86,5", "183.410.900", "1.500"),
    ("86.5", "Rp 183.410.900", "1500"),
    ("86,50 %", "183410900.00", "1.500,00"),
])
def test_entry_stores_what_an_indonesian_types(client, world, activity, people, physical, financial, output):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    response = client.post(_url(world.tapem), _data(activity, physical, financial,
                                                     **{f"output_{people.pk}": output}))
    assert response.status_code == 302, response.content.decode()[-3000:]
    r = Realization.objects.get(activity=activity, quarter=1)
    assert (r.physical, r.financial) == (D("86.5"), D("183410900"))
    assert RealizationOutput.objects.get(realization=r).value == D(1500)
    html = client.get(_url(world.tapem)).content.decode()
    physical_input = _input(html, f"physical_{activity.pk}")
    assert 'value="86,5"' in physical_input and 'type="text"' in physical_input
    assert 'inputmode="decimal"' in physical_input and "number-input-percent" in physical_input
    assert 'value="183.410.900"' in _input(html, f"financial_{activity.pk}")
    assert 'value="1.500"' in _input(html, f"output_{people.pk}")


def test_entry_shows_the_figures_back_the_indonesian_way_after_an_error(client, world, activity, people):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    response = client.post(_url(world.tapem), _data(activity, "86.5", "183410900.50",
                                                    **{f"output_{people.pk}": "banyak"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="86,5"' in _input(html, f"physical_{activity.pk}")
    assert 'value="183.410.900,5"' in _input(html, f"financial_{activity.pk}")
    assert 'value="banyak"' in _input(html, f"output_{people.pk}")
    assert "Masukkan angka, misalnya 1.500." in html
    assert not Realization.objects.exists()


@pytest.mark.parametrize(("physical", "financial", "message"), [
    ("100,5", "1.000", "Tidak boleh lebih dari 100 %."),
    ("50", "1,555", "Terlalu banyak angka desimal: paling banyak 2."),
    ("1e5", "1.000", "Masukkan angka, misalnya 86,5."),
    ("50", "²", "Masukkan angka, misalnya 183.410.900."),
    ("∞", "1.000", "Masukkan angka, misalnya 86,5."),
    ("50", "9" * 10_000, "Masukkan angka, misalnya 183.410.900."),
    ("50", "99.999.999.999.999.999", "Terlalu besar: paling banyak Rp 9.999.999.999.999.999,99."),
])
def test_entry_refuses_garbage_with_a_message(client, world, activity, physical, financial, message):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    response = client.post(_url(world.tapem), _data(activity, physical, financial))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Realization.objects.exists()


def test_a_nul_is_a_bad_request_not_a_server_error(client, world, activity):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    response = client.post(_url(world.tapem), _data(activity, "50", "1\x00000"))
    assert response.status_code in (200, 400)
    assert not Realization.objects.exists()


def test_a_locked_row_shows_its_stored_figures_the_indonesian_way(client, world, activity):
    realization(activity, 1, "86.50", "183410856.00", status="submitted")
    client.force_login(world.users[Role.UNIT_OPERATOR])
    html = client.get(_url(world.tapem)).content.decode()
    physical_input = _input(html, f"physical_{activity.pk}")
    assert 'value="86,5"' in physical_input and "disabled" in physical_input
    assert 'value="183.410.856"' in _input(html, f"financial_{activity.pk}")
    assert "183410856.00" not in html
