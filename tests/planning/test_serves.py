"""A regional (RPJMD) priority serves national missions (Asta Cita): the rule, the model's
guard on every writer, the priority form and the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.core.services import Actor, update_object
from sinergi.planning import rules
from sinergi.planning.choices import FrameworkKind
from sinergi.planning.models import Priority, PriorityFramework
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def rpjmd(world):
    framework = PriorityFramework.objects.create(
        name="RPJMD Kutai Timur", kind=FrameworkKind.REGIONAL, government=world.kutim,
        start_year=2025, end_year=2029)
    m1 = Priority.objects.create(framework=framework, number="1", title="SDM unggul", order=1)
    m2 = Priority.objects.create(framework=framework, number="2", title="Infrastruktur", order=2)
    return framework, m1, m2


def asta(number: str) -> Priority:
    return Priority.objects.get(framework__name="Asta Cita", number=number)


def test_rule():
    assert rules.serves_problem(FrameworkKind.REGIONAL, [FrameworkKind.NATIONAL]) == ""
    assert rules.serves_problem(FrameworkKind.NATIONAL, []) == ""
    assert rules.serves_problem(FrameworkKind.NATIONAL, [FrameworkKind.NATIONAL])
    assert rules.serves_problem(FrameworkKind.REGIONAL, [FrameworkKind.REGIONAL])


def test_the_model_refuses_a_wrong_link_from_any_writer(rpjmd):
    _framework, m1, m2 = rpjmd
    m1.serves.add(asta("4"))
    assert list(asta("4").served_by.all()) == [m1]
    with pytest.raises(ValidationError), transaction.atomic():
        m1.serves.add(m2)  # regional serving regional
    with pytest.raises(ValidationError), transaction.atomic():
        asta("1").serves.add(asta("2"))  # national serving
    with pytest.raises(ValidationError), transaction.atomic():
        asta("3").served_by.add(asta("2"))  # the reverse side is guarded too
    asta("3").served_by.add(m2)
    assert set(m2.serves.values_list("number", flat=True)) == {"3"}


def test_serves_is_audited_through_the_services(world, rpjmd):
    _framework, m1, _m2 = rpjmd
    actor = Actor(world.users[Role.COORDINATOR])
    update_object(actor, m1, {}, expected_version=m1.version, m2m={"serves": [asta("4"), asta("6")]})
    event = AuditEvent.objects.filter(object_id=str(m1.pk)).latest("id")
    assert event.after["serves"] == sorted([asta("4").pk, asta("6").pk])


def test_priority_form_offers_national_missions_only_for_regional(client, world, rpjmd):
    framework, m1, m2 = rpjmd
    client.force_login(world.users[Role.COORDINATOR])
    form = client.get(reverse("planning:priority_edit", args=[m1.pk])).context["form"]
    offered = list(form.fields["serves"].queryset)
    assert len(offered) == 8 and {p.framework.kind for p in offered} == {FrameworkKind.NATIONAL}
    response = client.post(reverse("planning:priority_edit", args=[m1.pk]), {
        "number": "1", "title": "SDM unggul", "order": 1, "version": m1.version,
        "serves": [asta("4").pk]})
    assert response.status_code == 302, response.content[:600]
    assert list(m1.serves.all()) == [asta("4")]
    # A regional priority is not offered (and refused when posted).
    response = client.post(reverse("planning:priority_edit", args=[m1.pk]), {
        "number": "1", "title": "SDM unggul", "order": 1, "version": m1.version + 1,
        "serves": [m2.pk]})
    assert response.status_code == 200 and "serves" in response.context["form"].errors
    response = client.post(reverse("planning:priority_add", args=[framework.pk]), {
        "number": "3", "title": "Ekonomi", "order": 3, "serves": [asta("3").pk, asta("5").pk]})
    assert response.status_code == 302
    assert set(framework.priorities.get(number="3").serves.values_list("number", flat=True)) == {"3", "5"}
    content = client.get(framework.get_absolute_url()).content.decode()
    assert 'data-testid="serves"' in content and "Asta Cita 5" in content
    client.force_login(world.users[Role.ADMINISTRATOR])
    form = client.get(reverse("planning:priority_edit", args=[asta("1").pk])).context["form"]
    assert "serves" not in form.fields  # a national mission serves nothing


def test_priorities_api_reads_and_writes_serves(world, rpjmd):
    framework, m1, m2 = rpjmd
    coordinator = ApiClient(world.users[Role.COORDINATOR])
    response = coordinator.patch(f"planning/priorities/{m1.pk}",
                                 {"serves": [asta("4").pk], "version": m1.version})
    assert response.status_code == 200, response.content
    assert response.json()["serves"] == [asta("4").pk]
    response = coordinator.patch(f"planning/priorities/{m1.pk}", {"serves": [m2.pk], "version": 2})
    assert response.status_code == 422 and "serves" in response.content.decode()
    response = coordinator.post("planning/priorities", {
        "framework": framework.pk, "number": "5", "title": "Lestari", "serves": [asta("8").pk]})
    assert response.status_code == 201, response.content
    assert response.json()["serves"] == [asta("8").pk]
    response = coordinator.get(f"planning/priorities/{m1.pk}")
    assert response.json()["serves"] == [asta("4").pk]
