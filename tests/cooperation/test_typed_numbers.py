"""The cooperation forms take amounts typed the Indonesian way and show them back that way: an
agreement's and a document's value, the money spent of an evaluation, the figures of an
evaluation's indicator."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from sinergi.cooperation import evaluation as ev
from sinergi.cooperation.choices import DocumentKind
from sinergi.cooperation.models import Agreement, Document, Evaluation
from sinergi.core.roles import Role
from sinergi.core.services import Actor
from tests.cooperation.test_evaluation import agreement

pytestmark = pytest.mark.django_db
D = Decimal


def _input(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, name
    return match.group(0)


def test_agreement_value(client, world):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    response = client.post(reverse("cooperation:agreement_add", args=[world.kutim.pk]), {
        "title": "Kerja sama air minum", "kind": "region_voluntary",
        "responsible_units": [world.tapem.pk], "value": "Rp 1.500.000.000"})
    assert response.status_code == 302, response.content.decode()[-2000:]
    created = Agreement.objects.get(title="Kerja sama air minum")
    assert created.value == D(1_500_000_000)
    edit_url = reverse("cooperation:agreement_edit", args=[created.pk])
    assert 'value="1.500.000.000"' in _input(client.get(edit_url).content.decode(), "value")
    response = client.post(edit_url, {
        "title": "Kerja sama air minum", "kind": "region_voluntary",
        "responsible_units": [world.tapem.pk], "value": "183.410.900,50", "version": created.version})
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.value == D("183410900.50")
    refused = client.post(edit_url, {
        "title": "Kerja sama air minum", "kind": "region_voluntary",
        "responsible_units": [world.tapem.pk], "value": "1,5 miliar", "version": created.version})
    assert refused.status_code == 200
    assert "Masukkan angka, misalnya 183.410.900." in refused.content.decode()


def test_document_value(client, world):
    a = agreement(world, "Pengelolaan Sampah Regional", [world.tapem])
    mou = Document.objects.create(agreement=a, kind=DocumentKind.MOU, title="Kesepakatan Bersama",
                                  signed_on=dt.date(2023, 3, 1))
    url = reverse("cooperation:document_detail", args=[mou.pk])
    client.force_login(world.users[Role.UNIT_OPERATOR])
    response = client.post(url, {
        "step": "edit", "version": mou.version, "title": "Kesepakatan Bersama", "kind": DocumentKind.MOU,
        "signed_on": "2023-03-01", "start": "", "end": "", "value": "750.000.000", "parent": ""})
    assert response.status_code == 302
    mou.refresh_from_db()
    assert mou.value == D(750_000_000)
    assert 'value="750.000.000"' in _input(client.get(url).content.decode(), "value")


@pytest.fixture
def evaluation(world):
    agreement(world, "Sampah", [world.tapem])
    ev.open_round(Actor(world.users[Role.COORDINATOR]), world.kutim, 2024, dt.date(2025, 1, 2),
                  dt.date(2025, 1, 31))
    return Evaluation.objects.get()


def test_evaluation_money_spent(client, world, evaluation):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    url = reverse("cooperation:evaluation_detail", args=[evaluation.pk])
    response = client.post(url, {
        "step": "save", "version": evaluation.version, "implementation": "completed",
        "benefit": "Sampah terangkut.", "activities": "", "outputs": "", "problems": "",
        "money_spent": "183.410.900", "partner_performance": "good", "recommendation": "continue"})
    assert response.status_code == 302, response.content.decode()[-2000:]
    evaluation.refresh_from_db()
    assert evaluation.money_spent == D(183_410_900)
    assert 'value="183.410.900"' in _input(client.get(url).content.decode(), "money_spent")


def test_evaluation_indicator_figures(client, world, evaluation):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    url = reverse("cooperation:evaluation_extra", args=[evaluation.pk])
    client.post(url, {"name": "Sampah terangkut", "promised": "1.500", "realized": "1.250,5",
                      "unit_of_measure": "ton"})
    client.post(url, {"name": "Kosong", "promised": "12", "realized": ""})
    for garbage in ("banyak", "1e5", "∞", "", "9" * 10_000):
        response = client.post(url, {"name": "Rusak", "promised": garbage}, follow=True)
        assert response.status_code == 200
    assert [(i.name, i.promised, i.realized) for i in evaluation.indicators.order_by("pk")] == [
        ("Sampah terangkut", D(1500), D("1250.5")), ("Kosong", D(12), D(0))]
    page = client.get(reverse("cooperation:evaluation_detail", args=[evaluation.pk])).content.decode()
    assert "1.250,5 / 1.500 ton" in page
