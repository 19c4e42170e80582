"""Positions are managed from the government and unit pages: add a holder, edit, delete."""

import datetime as dt

import pytest
from django.urls import reverse

from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.regions.models import Position, PositionTerm
from tests import factories

pytestmark = pytest.mark.django_db


def test_coordinator_sees_position_links_on_its_government(client, world):
    Position.objects.create(government=world.kutim, title="Bupati Kutai Timur")
    client.force_login(world.users[Role.COORDINATOR])
    page = client.get(reverse("regions:government_detail", args=[world.kutim.pk])).content.decode()
    assert 'data-testid="add-term"' in page
    assert reverse("regions:position_add") + f"?government={world.kutim.pk}" in page


def test_viewer_sees_no_position_links(client, world):
    Position.objects.create(government=world.kutim, title="Bupati Kutai Timur")
    client.force_login(world.users[Role.VIEWER])
    page = client.get(reverse("regions:government_detail", args=[world.kutim.pk])).content.decode()
    assert "Bupati Kutai Timur" in page
    assert 'data-testid="add-term"' not in page


def test_delete_position_is_audited_and_refused_while_it_has_terms(client, world):
    position = Position.objects.create(government=world.kutim, unit=world.tapem,
                                       title="Kepala Bagian Tata Pemerintahan")
    person = factories.official(world.kutim, "Sutrisno")
    factories.term(position, person, dt.date(2024, 11, 1))
    client.force_login(world.users[Role.COORDINATOR])
    url = reverse("regions:position_delete", args=[position.pk])
    response = client.post(url, {"version": position.version})
    assert response.status_code == 302
    assert Position.objects.filter(pk=position.pk).exists()  # still referenced by a term

    PositionTerm.objects.filter(position=position).delete()
    response = client.post(url, {"version": position.version})
    assert response.status_code == 302
    assert response["Location"] == world.tapem.get_absolute_url()
    assert not Position.objects.filter(pk=position.pk).exists()
    assert AuditEvent.objects.filter(action="delete", object_id=str(position.pk)).exists()


def test_position_delete_outside_scope_is_not_found(client, world):
    position = Position.objects.create(government=world.mimika, title="Bupati Mimika")
    client.force_login(world.users[Role.COORDINATOR])
    response = client.post(reverse("regions:position_delete", args=[position.pk]))
    assert response.status_code == 404
    assert Position.objects.filter(pk=position.pk).exists()


def test_only_government_is_preselected_on_the_add_unit_form(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    form = client.get(reverse("regions:unit_add")).context["form"]
    assert form["government"].value() == world.kutim.pk
    client.force_login(world.users[Role.ADMINISTRATOR])
    form = client.get(reverse("regions:unit_add")).context["form"]
    assert form["government"].value() is None  # several to choose from
