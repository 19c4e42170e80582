"""Planning pages: the activity permission matrix (tests.battery), targets, indicators and
milestones, priority frameworks and the nomenclature browser."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from sinergi.core.roles import Role
from sinergi.planning.choices import FrameworkKind
from sinergi.planning.models import Activity, Indicator, Milestone, Priority, PriorityFramework
from tests.battery import ViewBattery
from tests.planning.conftest import SUB, SUB_2, make_activity, make_targets

pytestmark = pytest.mark.django_db

WRITERS = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.UNIT_OPERATOR})


def scope_unit(world, role):
    if role in (None, Role.ADMINISTRATOR, Role.COORDINATOR):
        return world.bappeda
    return world.users[role].scope_units.get()


class TestActivityViews(ViewBattery):
    model = Activity
    urls = {"list": "planning:activity_list", "detail": "planning:activity_detail",
            "add": "planning:activity_add", "edit": "planning:activity_edit",
            "delete": "planning:activity_delete"}
    writers = WRITERS

    @pytest.fixture(autouse=True)
    def _sample(self, sample):
        return sample

    def make_object(self, world, role, inside):
        unit = scope_unit(world, role) if inside else world.mimika_tapem
        return make_activity(unit)

    def add_data(self, world, inside):
        # Tapem lies in every writing role's scope (setda's subtree for the head).
        unit = world.tapem if inside else world.mimika_tapem
        return {"unit": unit.pk, "year": 2026, "nomenclature": SUB_2, "budget": "250000000",
                "funding_source": "apbd"}

    def created(self, data):
        return Activity.objects.filter(unit_id=data["unit"], year=2026).exists()

    def edit_data(self, world, obj):
        return {"unit": obj.unit_id, "year": obj.year, "nomenclature": obj.nomenclature_id,
                "name": "Penyusunan Renja 2025", "budget": "120000000", "funding_source": "apbd",
                "version": obj.version}

    def edited(self, obj):
        return Activity.objects.get(pk=obj.pk).name == "Penyusunan Renja 2025"


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.users[Role.ADMINISTRATOR])
    return client


def test_activity_detail_shows_everything(client, world, sample):
    activity = make_activity(world.tapem, budget="1250000000")
    activity.priorities.set([Priority.objects.get(framework__name="Asta Cita", number="4")])
    Indicator.objects.create(activity=activity, name="Dokumen Renja", measure_unit="dokumen",
                             annual_target=Decimal(1))
    make_targets(activity, ("25", "100000000"))
    Milestone.objects.create(activity=activity, order=1, name="M1 Penyusunan rancangan")
    client.force_login(world.users[Role.UNIT_OPERATOR])
    content = client.get(activity.get_absolute_url()).content.decode()
    for text in ("Rp 1.250.000.000", "Dokumen Renja", "M1 Penyusunan rancangan", "25,0 %",
                 "Rp 100.000.000", "Asta Cita 4", reverse("planning:quarter_targets", args=[activity.pk])):
        assert text in content, text


def test_create_sets_government_and_priorities(client, world, sample):
    national = Priority.objects.get(framework__name="Asta Cita", number="7")
    client.force_login(world.users[Role.UNIT_HEAD])
    response = client.post(reverse("planning:activity_add"), {
        "unit": world.tapem.pk, "year": 2025, "nomenclature": SUB, "budget": "5000000",
        "funding_source": "apbn", "priorities": [national.pk], "location": "64.08",
    })
    assert response.status_code == 302, response.content[:1000]
    activity = Activity.objects.get(unit=world.tapem)
    assert activity.government == world.kutim
    assert list(activity.priorities.all()) == [national]


def test_form_refuses_foreign_priorities_and_locations(client, world, sample):
    mimika_rpjmd = PriorityFramework.objects.create(
        name="RPJMD Mimika", kind=FrameworkKind.REGIONAL, government=world.mimika,
        start_year=2025, end_year=2029)
    foreign = Priority.objects.create(framework=mimika_rpjmd, number="1", title="Misi 1")
    client.force_login(world.users[Role.ADMINISTRATOR])
    response = client.post(reverse("planning:activity_add"), {
        "unit": world.tapem.pk, "year": 2025, "nomenclature": SUB, "budget": "-5",
        "funding_source": "apbd", "priorities": [foreign.pk], "location": "94.04",
    })
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"priorities", "budget", "location"} <= set(errors)
    assert not Activity.objects.exists()


def test_stale_activity_edit_is_refused(admin_client, world, sample):
    activity = make_activity(world.tapem)
    Activity.objects.filter(pk=activity.pk).update(version=2)
    response = admin_client.post(reverse("planning:activity_edit", args=[activity.pk]), {
        "unit": world.tapem.pk, "year": 2025, "nomenclature": SUB, "budget": "1",
        "funding_source": "apbd", "version": 1})
    assert response.status_code == 409
    assert Activity.objects.get(pk=activity.pk).budget == Decimal("100000000")


def test_quarter_targets_page(client, world, sample):
    activity = make_activity(world.tapem, budget="1000")
    url = reverse("planning:quarter_targets", args=[activity.pk])
    client.force_login(world.users[Role.UNIT_OPERATOR])
    assert client.get(url).status_code == 200
    data = {"physical_1": "10", "financial_1": "100", "physical_2": "30", "financial_2": "300",
            "physical_3": "20", "financial_3": "600", "physical_4": "100", "financial_4": "1200"}
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"physical_3", "financial_4"}
    assert not activity.quarter_targets.exists()
    data.update(physical_3="60", financial_4="1000")
    assert client.post(url, data).status_code == 302
    assert [t.physical for t in activity.quarter_targets.all()] == [10, 30, 60, 100]
    # Reloaded form carries the versions; an outdated one is refused with 409.
    data.update({f"version_{q}": 1 for q in range(1, 5)}, physical_1="15")
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "physical_1": "12"}).status_code == 409


def test_targets_and_parts_permissions(client, world, sample):
    mine = make_activity(world.tapem)
    foreign = make_activity(world.mimika_tapem)
    viewer_one = make_activity(world.kec_sangatta)
    client.force_login(world.users[Role.UNIT_OPERATOR])
    assert client.get(reverse("planning:quarter_targets", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("planning:indicator_add", args=[foreign.pk])).status_code == 404
    response = client.post(reverse("planning:indicator_add", args=[mine.pk]),
                           {"name": "Dokumen Renja", "measure_unit": "dokumen", "annual_target": "1"})
    assert response.status_code == 302
    response = client.post(reverse("planning:milestone_add", args=[mine.pk]),
                           {"order": 1, "name": "M1", "planned_date": "2025-03-31"})
    assert response.status_code == 302
    assert mine.indicators.count() == 1 and mine.milestones.count() == 1
    client.force_login(world.users[Role.VIEWER])
    assert client.get(viewer_one.get_absolute_url()).status_code == 200
    assert client.get(reverse("planning:quarter_targets", args=[viewer_one.pk])).status_code == 403
    assert client.post(reverse("planning:indicator_add", args=[viewer_one.pk]),
                       {"name": "x", "measure_unit": "x", "annual_target": "1"}).status_code == 403
    assert not viewer_one.indicators.exists()


def test_activity_list_filters(admin_client, world, sample):
    a = make_activity(world.tapem, year=2025)
    b = make_activity(world.bappeda, year=2026, code=SUB_2)
    c = make_activity(world.mimika_tapem, year=2025)
    mission = Priority.objects.get(framework__name="Asta Cita", number="6")
    b.priorities.set([mission])
    url = reverse("planning:activity_list")

    def listed(**params):
        return set(admin_client.get(url, params).context["object_list"])

    assert listed() == {a, b, c}
    assert listed(year=2025) == {a, c}
    assert listed(government=world.kutim.pk) == {a, b}
    assert listed(unit=world.setda.pk) == {a}  # tapem lies under setda
    assert listed(priority=mission.pk) == {b}
    assert listed(q="5.01.01") == {b}
    assert listed(nomenclature="1.01") == {a, c}


def test_framework_pages(client, world):
    asta = PriorityFramework.objects.get(name="Asta Cita")
    client.force_login(world.users[Role.COORDINATOR])
    content = client.get(asta.get_absolute_url()).content.decode()
    assert "Memperkokoh ideologi Pancasila" in content
    assert reverse("planning:framework_edit", args=[asta.pk]) not in content
    assert client.get(reverse("planning:framework_edit", args=[asta.pk])).status_code == 403
    assert client.get(reverse("planning:priority_add", args=[asta.pk])).status_code == 403
    response = client.post(reverse("planning:framework_add"), {
        "name": "RPJMD Kutai Timur", "kind": "regional", "government": world.kutim.pk,
        "start_year": 2021, "end_year": 2026})
    assert response.status_code == 302, response.content[:800]
    rpjmd = PriorityFramework.objects.get(name="RPJMD Kutai Timur")
    response = client.post(reverse("planning:priority_add", args=[rpjmd.pk]), {
        "number": "M1", "title": "Memantapkan tata kelola pemerintahan", "order": 1})
    assert response.status_code == 302
    assert rpjmd.priorities.get().number == "M1"
    # Mimika's coordinator-less framework is refused in the form (not offered).
    response = client.post(reverse("planning:framework_add"), {
        "name": "RPJMD Mimika", "kind": "regional", "government": world.mimika.pk,
        "start_year": 2025, "end_year": 2029})
    assert response.status_code == 200 and "government" in response.context["form"].errors
    client.force_login(world.users[Role.UNIT_HEAD])
    assert client.get(reverse("planning:framework_add")).status_code == 403
    assert client.get(reverse("planning:framework_list")).status_code == 200


def test_nomenclature_browser(client, world, sample):
    client.force_login(world.users[Role.VIEWER])
    url = reverse("planning:nomenclature_list")
    codes = [i.code for i in client.get(url, {"within": "1.01.01"}).context["object_list"]]
    assert codes[0] == "1.01.01" and all(c.startswith("1.01.01") for c in codes)
    assert len(codes) == 11
    found = client.get(url, {"q": "Gaji"}).context["object_list"]
    assert [i.code for i in found] == ["1.01.01.2.02.0001"]
    subs = client.get(url, {"level": "sub_kegiatan", "within": "5"}).context["object_list"]
    assert {i.code for i in subs} == {"5.01.01.2.01.0001", "5.01.01.2.01.0006", "5.01.01.2.01.0007"}
    response = client.get(reverse("planning:nomenclature_detail", args=["1.01.01.2.01"]))
    content = response.content.decode()
    assert "Penyusunan Dokumen Perencanaan Perangkat Daerah" in content
    assert "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota" in content


def test_nav_has_planning(client, world):
    client.force_login(world.users[Role.VIEWER])
    assert reverse("planning:activity_list") in client.get("/").content.decode()


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_pages_do_not_query_per_row(admin_client, world, sample):
    activity = make_activity(world.tapem)
    national = list(Priority.objects.filter(framework__name="Asta Cita")[:2])

    def grow(n):
        for _i in range(n):
            other = make_activity(world.bappeda)
            other.priorities.set(national)
            Indicator.objects.create(activity=activity, name="I", measure_unit="x",
                                     annual_target=Decimal(1))
            Milestone.objects.create(activity=activity, name="M")
        activity.priorities.set(national)

    pages = [reverse("planning:activity_list"), activity.get_absolute_url(),
             reverse("planning:framework_list"), reverse("planning:nomenclature_list"),
             reverse("planning:nomenclature_detail", args=[SUB]), "/api/v1/planning/activities"]
    grow(2)
    small = [_queries(admin_client, url) for url in pages]
    grow(8)
    assert [_queries(admin_client, url) for url in pages] == small
