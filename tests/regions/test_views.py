"""Pages for governments, units, officials, positions and terms: the permission matrix (through
tests.battery), bad input on every form, stale edits, and who held a position on a day."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.conf import settings
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone, translation

from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.core.services import StaleEditError
from sinergi.regions.choices import Capacity, UnitKind
from sinergi.regions.models import Government, Official, Position, PositionTerm, Region, Unit
from tests import factories
from tests.battery import ViewBattery

pytestmark = pytest.mark.django_db


def scope_unit(world, role) -> Unit:
    """A unit inside `role`'s scope (administrators and anonymous: Bappeda)."""
    if role in (None, Role.ADMINISTRATOR, Role.COORDINATOR):
        return world.bappeda
    return world.users[role].scope_units.get()


def home_government(world, inside: bool) -> Government:
    return world.kutim if inside else world.mimika


def post_data(obj, fields, **changes) -> dict:
    """What the edit form of `obj` posts, with `changes` applied (None as an empty input)."""
    data = model_to_dict(obj, fields=fields)
    data.update(changes)
    data["version"] = obj.version
    return {k: ("" if v is None else v) for k, v in data.items() if v is not False}


# ---------------------------------------------------------------------------- the battery


class TestGovernmentViews(ViewBattery):
    model = Government
    urls = {"list": "regions:government_list", "detail": "regions:government_detail",
            "add": "regions:government_add", "edit": "regions:government_edit",
            "delete": "regions:government_delete"}
    writers = frozenset({Role.ADMINISTRATOR})
    fields = ["region", "name", "short_name", "address", "website"]

    def make_object(self, world, role, inside):
        if role == Role.ADMINISTRATOR:  # a government with nothing in it, so it can be deleted
            return factories.government("64.01" if inside else "94.01")
        return home_government(world, inside)

    def add_data(self, world, inside):
        region = Region.objects.get(code="64.03" if inside else "94.02")
        return {"region": region.code, "name": f"Pemerintah {region.name}", "short_name": "Baru"}

    def created(self, data):
        return Government.objects.filter(region_id=data["region"]).exists()

    def edit_data(self, world, obj):
        return post_data(obj, self.fields, short_name="Nama Singkat Baru")

    def edited(self, obj):
        return Government.objects.get(pk=obj.pk).short_name == "Nama Singkat Baru"


class TestUnitViews(ViewBattery):
    model = Unit
    urls = {"list": "regions:unit_list", "detail": "regions:unit_detail", "add": "regions:unit_add",
            "edit": "regions:unit_edit", "delete": "regions:unit_delete"}
    fields = ["government", "parent", "code", "name", "short_name", "kind", "region",
              "active_from", "active_until"]

    def make_object(self, world, role, inside):
        parent = scope_unit(world, role) if inside else world.mimika_tapem
        return factories.unit(parent.government, "SUB", "Subbagian Uji", parent=parent)

    def add_data(self, world, inside):
        return {"government": home_government(world, inside).pk, "code": "DISKOMINFO",
                "name": "Dinas Komunikasi dan Informatika", "kind": UnitKind.AGENCY}

    def created(self, data):
        return Unit.objects.filter(code="DISKOMINFO", government_id=data["government"]).exists()

    def edit_data(self, world, obj):
        return post_data(obj, self.fields, name="Subbagian Uji (baru)")

    def edited(self, obj):
        return Unit.objects.get(pk=obj.pk).name == "Subbagian Uji (baru)"


class TestOfficialViews(ViewBattery):
    model = Official
    urls = {"list": "regions:official_list", "detail": "regions:official_detail",
            "add": "regions:official_add", "edit": "regions:official_edit",
            "delete": "regions:official_delete"}
    fields = ["government", "front_title", "name", "back_title", "nip", "email", "phone"]

    def make_object(self, world, role, inside):
        return factories.official(home_government(world, inside), "Budi Santoso")

    def add_data(self, world, inside):
        return {"government": home_government(world, inside).pk, "name": "Siti Aminah",
                "back_title": "S.E."}

    def created(self, data):
        return Official.objects.filter(name="Siti Aminah", government_id=data["government"]).exists()

    def edit_data(self, world, obj):
        return post_data(obj, self.fields, phone="0812-5550-1234")

    def edited(self, obj):
        return Official.objects.get(pk=obj.pk).phone == "0812-5550-1234"


class TestPositionViews(ViewBattery):
    model = Position
    urls = {"add": "regions:position_add", "edit": "regions:position_edit"}
    fields = ["government", "unit", "title", "grade", "is_unit_head", "order"]

    def make_object(self, world, role, inside):
        return Position.objects.create(government=home_government(world, inside), title="Asisten I")

    def add_data(self, world, inside):
        return {"government": home_government(world, inside).pk, "title": "Sekretaris Daerah",
                "grade": "jpt_madya", "order": 2}

    def created(self, data):
        return Position.objects.filter(title="Sekretaris Daerah",
                                       government_id=data["government"]).exists()

    def edit_data(self, world, obj):
        return post_data(obj, self.fields, title="Asisten Pemerintahan")

    def edited(self, obj):
        return Position.objects.get(pk=obj.pk).title == "Asisten Pemerintahan"


class TestPositionTermViews(ViewBattery):
    model = PositionTerm
    urls = {"add": "regions:term_add", "edit": "regions:term_edit", "delete": "regions:term_delete"}
    fields = ["position", "official", "capacity", "start", "end", "decree"]

    def make_object(self, world, role, inside):
        government = home_government(world, inside)
        position = Position.objects.create(government=government, title="Sekretaris Daerah")
        person = factories.official(government, "Rizali Hadi")
        return factories.term(position, person, dt.date(2024, 1, 1))

    def add_data(self, world, inside):
        government = home_government(world, inside)
        position = Position.objects.create(government=government, title="Kepala Bappeda")
        person = factories.official(government, "Noviari Noor")
        return {"position": position.pk, "official": person.pk, "capacity": Capacity.PLT,
                "start": "2025-01-02", "decree": "800/12/BKPSDM/2025"}

    def created(self, data):
        return PositionTerm.objects.filter(position_id=data["position"]).exists()

    def edit_data(self, world, obj):
        return post_data(obj, self.fields, decree="821.2/45/2024")

    def edited(self, obj):
        return PositionTerm.objects.get(pk=obj.pk).decree == "821.2/45/2024"


# ---------------------------------------------------------------------------- bad input


def form_errors(response) -> dict:
    assert response.status_code == 200, response.status_code
    return response.context["form"].errors


def assert_invalid(response, *fields):
    errors = form_errors(response)
    for field in fields:
        assert field in errors, errors
    content = response.content.decode()
    if any(f != "__all__" for f in fields):
        assert "is-invalid" in content and "invalid-feedback" in content
    if "__all__" in fields:
        assert 'data-testid="form-errors"' in content


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.users[Role.ADMINISTRATOR])
    return client


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    return client


def test_every_add_form_marks_missing_required_fields(admin_client):
    cases = {
        "regions:government_add": {"region", "name"},
        "regions:unit_add": {"government", "code", "name", "kind"},
        "regions:official_add": {"government", "name"},
        "regions:position_add": {"government", "title"},
        "regions:term_add": {"position", "official", "start"},
    }
    for url_name, required in cases.items():
        response = admin_client.post(reverse(url_name), {})
        errors = form_errors(response)
        assert required <= set(errors), (url_name, errors)
        assert response.content.decode().count("is-invalid") >= len(required)


def test_wrong_types_are_field_errors(admin_client, world):
    response = admin_client.post(reverse("regions:unit_add"), {
        "government": "kutai", "code": "X", "name": "X", "kind": "castle",
        "active_from": "31-31-2024", "parent": "9999999",
    })
    assert_invalid(response, "government", "kind", "active_from", "parent")
    response = admin_client.post(reverse("regions:position_add"), {
        "government": world.kutim.pk, "title": "Asisten", "order": "first",
    })
    assert_invalid(response, "order")
    response = admin_client.post(reverse("regions:official_add"), {
        "government": world.kutim.pk, "name": "Ani", "email": "not-an-email",
    })
    assert_invalid(response, "email")
    response = admin_client.post(reverse("regions:government_add"), {
        "region": "64.05", "name": "Pemerintah Kabupaten Kutai Barat", "website": "javascript:alert(1)",
    })
    assert_invalid(response, "website")
    assert not Government.objects.filter(region_id="64.05").exists()


def test_end_before_start_is_refused(admin_client, world):
    response = admin_client.post(reverse("regions:unit_add"), {
        "government": world.kutim.pk, "code": "DISHUB", "name": "Dinas Perhubungan",
        "kind": UnitKind.AGENCY, "active_from": "2025-01-01", "active_until": "2024-12-31",
    })
    assert_invalid(response, "active_until")
    position = Position.objects.create(government=world.kutim, title="Bupati Kutai Timur")
    person = factories.official(world.kutim, "Ardiansyah Sulaiman")
    response = admin_client.post(reverse("regions:term_add"), {
        "position": position.pk, "official": person.pk, "capacity": Capacity.DEFINITIVE,
        "start": "2021-02-26", "end": "2021-02-25",
    })
    assert_invalid(response, "end")
    assert not PositionTerm.objects.exists()


@pytest.mark.parametrize(("nip", "valid"), [
    ("12345", False),
    ("19800101200501100A", False),
    ("19801301200501 1001", False),   # month 13
    ("198001012005013001", False),    # gender digit 3
    ("19800101 200501 1 001", True),  # grouped as printed on a decree
])
def test_official_nip_is_validated(admin_client, world, nip, valid):
    response = admin_client.post(reverse("regions:official_add"), {
        "government": world.kutim.pk, "name": "Sutrisno", "nip": nip,
    })
    if valid:
        assert response.status_code == 302
        assert Official.objects.get(name="Sutrisno").nip == "198001012005011001"
    else:
        assert_invalid(response, "nip")
        assert not Official.objects.filter(name="Sutrisno").exists()


def test_duplicate_nip_and_unit_code_are_refused(admin_client, world):
    factories.official(world.kutim, "Sutrisno", nip="198001012005011001")
    response = admin_client.post(reverse("regions:official_add"), {
        "government": world.kutim.pk, "name": "Orang Lain", "nip": "198001012005011001",
    })
    assert_invalid(response, "nip")
    response = admin_client.post(reverse("regions:unit_add"), {
        "government": world.kutim.pk, "code": "SETDA", "name": "Setda kedua",
        "kind": UnitKind.SECRETARIAT,
    })
    assert form_errors(response)
    assert Unit.objects.filter(government=world.kutim, code="SETDA").count() == 1


def test_unit_parent_from_another_government_is_refused(admin_client, coordinator_client, world):
    data = {"government": world.kutim.pk, "parent": world.mimika_tapem.pk, "code": "SUB",
            "name": "Subbagian", "kind": UnitKind.SECTION}
    assert_invalid(admin_client.post(reverse("regions:unit_add"), data), "parent")
    # Moving an existing unit under another government's unit is refused the same way.
    edit = post_data(world.tapem, TestUnitViews.fields, parent=world.mimika_tapem.pk)
    assert_invalid(admin_client.post(reverse("regions:unit_edit", args=[world.tapem.pk]), edit), "parent")
    assert Unit.objects.get(pk=world.tapem.pk).parent_id == world.setda.pk


def test_unit_cannot_move_under_its_own_subtree(admin_client, world):
    edit = post_data(world.setda, TestUnitViews.fields, parent=world.tapem.pk)
    assert_invalid(admin_client.post(reverse("regions:unit_edit", args=[world.setda.pk]), edit), "parent")


def test_district_office_needs_a_district_of_its_own_region(admin_client, coordinator_client, world):
    base = {"government": world.kutim.pk, "code": "KEC-X", "name": "Kecamatan X",
            "kind": UnitKind.DISTRICT_OFFICE}
    assert_invalid(admin_client.post(reverse("regions:unit_add"), base), "region")
    # A Mimika district for a Kutai Timur office (the administrator is offered every district).
    outside = {**base, "region": "94.04.01"}
    assert_invalid(admin_client.post(reverse("regions:unit_add"), outside), "region")
    # A regency is not a district.
    assert_invalid(admin_client.post(reverse("regions:unit_add"), {**base, "region": "64.08"}), "region")
    assert not Unit.objects.filter(code="KEC-X").exists()
    # The coordinator is offered Kutai Timur's districts only; the right one saves.
    district = Region.objects.filter(code__startswith="64.08.", level="district").exclude(
        code=world.kec_sangatta.region_id).first()
    response = coordinator_client.post(reverse("regions:unit_add"), {**base, "region": district.code})
    assert response.status_code == 302
    assert Unit.objects.get(code="KEC-X").region_id == district.code


def test_coordinator_is_offered_its_own_governments(coordinator_client, world):
    for url_name in ("regions:unit_add", "regions:official_add", "regions:position_add"):
        form = coordinator_client.get(reverse(url_name)).context["form"]
        assert list(form.fields["government"].queryset) == [world.kutim], url_name
    form = coordinator_client.get(reverse("regions:unit_add")).context["form"]
    assert {r.code[:5] for r in form.fields["region"].queryset} == {"64.08"}


def test_position_unit_from_another_government_is_refused(admin_client, world):
    response = admin_client.post(reverse("regions:position_add"), {
        "government": world.kutim.pk, "unit": world.mimika_tapem.pk, "title": "Kepala Bagian",
        "grade": "administrator", "order": 1,
    })
    assert_invalid(response, "unit")


def test_overlapping_terms_of_the_same_capacity_are_refused(admin_client, world):
    position = Position.objects.create(government=world.mimika, title="Bupati Mimika")
    first = factories.official(world.mimika, "Eltinus Omaleng")
    second = factories.official(world.mimika, "Johannes Rettob")
    factories.term(position, first, dt.date(2019, 1, 26), dt.date(2024, 1, 26))
    data = {"position": position.pk, "official": second.pk, "capacity": Capacity.DEFINITIVE,
            "start": "2023-06-01"}
    assert_invalid(admin_client.post(reverse("regions:term_add"), data), "__all__")
    # An acting holder during the definitive term is no conflict.
    response = admin_client.post(reverse("regions:term_add"), {**data, "capacity": Capacity.PLT})
    assert response.status_code == 302
    assert position.terms.count() == 2


def test_oversized_strings_are_refused(admin_client, world):
    response = admin_client.post(reverse("regions:unit_add"), {
        "government": world.kutim.pk, "code": "K" * 41, "name": "N" * 201, "kind": UnitKind.AGENCY,
        "short_name": "S" * 61,
    })
    assert_invalid(response, "code", "name", "short_name")
    response = admin_client.post(reverse("regions:official_add"), {
        "government": world.kutim.pk, "name": "A" * 151, "phone": "1" * 31, "front_title": "D" * 51,
    })
    assert_invalid(response, "name", "phone", "front_title")
    position = Position.objects.create(government=world.kutim, title="Camat")
    person = factories.official(world.kutim, "Ani")
    response = admin_client.post(reverse("regions:term_add"), {
        "position": position.pk, "official": person.pk, "capacity": Capacity.DEFINITIVE,
        "start": "2024-01-01", "decree": "S" * 151,
    })
    assert_invalid(response, "decree")
    response = admin_client.post(reverse("regions:position_add"), {
        "government": world.kutim.pk, "title": "T" * 201, "order": 1,
    })
    assert_invalid(response, "title")


SCRIPT = "<script>alert('x')</script>"


def test_markup_is_stored_as_text_and_shown_escaped(admin_client, world):
    response = admin_client.post(reverse("regions:official_add"), {
        "government": world.kutim.pk, "name": f"Budi {SCRIPT}", "phone": '"><img src=x onerror=alert(1)>',
    })
    assert response.status_code == 302
    person = Official.objects.get(name__startswith="Budi")
    assert person.name == f"Budi {SCRIPT}"  # stored as typed
    for url in (person.get_absolute_url(), reverse("regions:official_list")):
        content = admin_client.get(url).content.decode()
        assert SCRIPT not in content and "<img src=x" not in content
        assert html.escape(SCRIPT) in content
    unit = factories.unit(world.kutim, "XSS", f"Dinas {SCRIPT}")
    for url in (unit.get_absolute_url(), reverse("regions:unit_list"), world.kutim.get_absolute_url()):
        content = admin_client.get(url).content.decode()
        assert SCRIPT not in content, url


# ---------------------------------------------------------------------------- stale edits


@pytest.mark.parametrize("language", ["en", "id"])
def test_stale_edit_is_refused_with_409_and_the_first_save_stays(client, world, language):
    from django.test import Client

    first, second = Client(), client
    first.force_login(world.users[Role.ADMINISTRATOR])
    second.force_login(world.users[Role.COORDINATOR])
    url = reverse("regions:unit_edit", args=[world.tapem.pk])
    # Both open the form at version 1.
    version = first.get(url).context["form"]["version"].value()
    assert second.get(url).context["form"]["version"].value() == version == 1
    response = first.post(url, post_data(world.tapem, TestUnitViews.fields, name="Bagian Pemerintahan"))
    assert response.status_code == 302
    stale = post_data(world.tapem, TestUnitViews.fields, name="Bagian Tapem")
    assert stale["version"] == 1
    second.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # the language switch
    response = second.post(url, stale)
    assert response.status_code == 409
    with translation.override(language):
        message = str(StaleEditError().messages[0])
    assert html.escape(message) in response.content.decode()
    unit = Unit.objects.get(pk=world.tapem.pk)
    assert (unit.name, unit.version) == ("Bagian Pemerintahan", 2)
    assert AuditEvent.objects.filter(object_id=str(unit.pk), action="update").count() == 1


def test_stale_delete_is_refused(admin_client, world):
    person = factories.official(world.kutim, "Ani")
    Official.objects.filter(pk=person.pk).update(version=2)
    response = admin_client.post(reverse("regions:official_delete", args=[person.pk]), {"version": 1})
    assert response.status_code == 302
    assert Official.objects.filter(pk=person.pk).exists()


# ---------------------------------------------------------------------------- holders on a day


@pytest.fixture
def mimika_leadership(world):
    """Bupati Mimika: a definitive Bupati, then a Pj. while the office was vacant, a Plh. for a
    few days within it; and a Kepala Bagian with a Plt. standing in for part of a year."""
    bupati = Position.objects.create(government=world.mimika, title="Bupati Mimika",
                                     grade="regional_head", order=1)
    rettob = factories.official(world.mimika, "Johannes Rettob", back_title="S.Sos., M.M.")
    sumito = factories.official(world.mimika, "Valentinus Sumito", back_title="S.Sos., M.Si.")
    sekda = factories.official(world.mimika, "Petrus Yumte", front_title="Dr.", back_title="S.H., M.Si.")
    factories.term(bupati, rettob, dt.date(2023, 9, 1), dt.date(2024, 9, 24))
    factories.term(bupati, sumito, dt.date(2024, 9, 25), dt.date(2025, 2, 19), capacity=Capacity.PJ)
    factories.term(bupati, sekda, dt.date(2025, 2, 10), dt.date(2025, 2, 12), capacity=Capacity.PLH)
    factories.term(bupati, rettob, dt.date(2025, 2, 20))
    kabag = Position.objects.create(government=world.mimika, unit=world.mimika_tapem,
                                    title="Kepala Bagian Tata Pemerintahan", is_unit_head=True)
    holder = factories.official(world.mimika, "Yohana Paliling")
    acting = factories.official(world.mimika, "Marthen Sawy")
    factories.term(kabag, holder, dt.date(2020, 1, 6))
    factories.term(kabag, acting, dt.date(2025, 1, 6), dt.date(2025, 3, 31), capacity=Capacity.PLT)
    return bupati


def holders_text(response) -> str:
    content = response.content.decode()
    table = content[content.index('data-testid="holders"'):]
    return table[: table.index("</table>")]


def test_who_was_bupati_of_mimika_on_a_day(admin_client, world, mimika_leadership):
    url = world.mimika.get_absolute_url()
    text = holders_text(admin_client.get(url, {"on": "2025-02-11"}))
    # The Pj. held the office; the Plh. exercised it that day, so comes first.
    assert "Valentinus Sumito" in text and "Pj. Bupati Mimika" in text
    assert text.index("Petrus Yumte") < text.index("Valentinus Sumito")
    assert "Plh. Bupati Mimika" in text
    assert "Johannes Rettob" not in text
    text = holders_text(admin_client.get(url, {"on": "2025-02-13"}))
    assert "Valentinus Sumito" in text and "Petrus Yumte" not in text
    text = holders_text(admin_client.get(url, {"on": "2024-01-01"}))
    assert "Johannes Rettob" in text and "Pj." not in text
    text = holders_text(admin_client.get(url, {"on": "2025-06-01"}))
    assert "Johannes Rettob" in text and "Valentinus Sumito" not in text
    assert "Pj." not in text and "Plh." not in text


def test_unit_page_lists_the_acting_holder_before_the_definitive_one(admin_client, world,
                                                                     mimika_leadership):
    url = world.mimika_tapem.get_absolute_url()
    text = holders_text(admin_client.get(url, {"on": "2025-02-11"}))
    assert text.index("Marthen Sawy") < text.index("Yohana Paliling")
    assert "Plt. Kepala Bagian Tata Pemerintahan" in text
    text = holders_text(admin_client.get(url, {"on": "2025-04-01"}))
    assert "Yohana Paliling" in text and "Marthen Sawy" not in text


@pytest.mark.parametrize("on", ["kemarin", "2025-13-45", "99999-01-01", ""])
def test_a_bad_day_falls_back_to_today(admin_client, world, mimika_leadership, on):
    response = admin_client.get(world.mimika.get_absolute_url(), {"on": on})
    assert response.status_code == 200
    assert response.context["day"] == timezone.localdate()
