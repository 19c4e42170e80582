"""sinergi.demo: the demo data of the five example reports, its accounts, and idempotency."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from sinergi.accounts.models import User
from sinergi.core.models import AuditAction, AuditEvent, AuditSource
from sinergi.core.roles import Role
from sinergi.core.scope import Action, can, scoped
from sinergi.demo.data import DEMO_PASSWORD
from sinergi.demo.loader import load_demo
from sinergi.regions.choices import Capacity, RegionLevel, UnitKind
from sinergi.regions.models import Government, Official, Position, PositionTerm, Region, Unit
from sinergi.regions.services import holder_on

pytestmark = pytest.mark.django_db

MODELS = (Government, Unit, Official, Position, PositionTerm, User)


@pytest.fixture
def demo():
    return load_demo()


def gov(code: str) -> Government:
    return Government.objects.get(region_id=code)


def state() -> dict[str, list[tuple]]:
    """Every demo row with its version and last change: equal states mean nothing changed."""
    rows = {m.__name__: sorted(m.objects.values_list("pk", "version", "updated_at" if m is not User
                                                     else "password")) for m in MODELS}
    rows["User.scope"] = sorted(User.scope_units.through.objects.values_list("user_id", "unit_id"))
    return rows


def test_the_five_report_governments_exist(demo):
    names = dict(Government.objects.values_list("region_id", "name"))
    assert names["94.04"] == "Pemerintah Kabupaten Mimika"
    assert names["64.08"] == "Pemerintah Kabupaten Kutai Timur"
    assert names["64.11"] == "Pemerintah Kabupaten Mahakam Ulu"
    assert names["62"] == "Pemerintah Provinsi Kalimantan Tengah"
    assert names["63.10"] == "Pemerintah Kabupaten Tanah Bumbu"
    # Kalimantan Selatan: the home of the speaker at the Tanah Bumbu meeting.
    assert names["63"] == "Pemerintah Provinsi Kalimantan Selatan"
    assert len(names) == 6
    assert gov("94.04").short_name == "Pemkab Mimika"


def test_officials_keep_their_titles_apart(demo):
    petrus = Official.objects.get(government=gov("94.04"), name="Petrus Yumte")
    assert (petrus.front_title, petrus.back_title) == ("Dr.", "S.H., M.Si.")
    assert petrus.full_name == "Dr. Petrus Yumte, S.H., M.Si."
    yonathan = Official.objects.get(name="Yonathan Demme Tangdilintin")
    assert (yonathan.front_title, yonathan.back_title) == ("", "S.H., M.M.")
    edy = Official.objects.get(government=gov("62"), name="Edy Pratowo")
    assert edy.front_title == "H."
    named = {
        "64.08": {"Agus Hari Kesuma", "Sutrisno"},
        "64.11": {"Bonifasius Belawan Geh"},
        "62": {"Edy Pratowo", "Leonard S. Ampung"},
        "63.10": {"Zairullah Azhar", "Ismail", "Sartika Dewi"},
        "63": {"Saiful Arifin"},
        "94.04": {"Yonathan Demme Tangdilintin", "Petrus Yumte"},
    }
    for code, people in named.items():
        assert set(gov(code).officials.values_list("name", flat=True)) == people


def test_who_was_bupati_of_mimika_on_2025_02_11(demo):
    term = holder_on(gov("94.04").pk, "Bupati Mimika", dt.date(2025, 2, 11))
    assert term is not None
    assert term.official.name == "Yonathan Demme Tangdilintin"
    assert term.capacity == Capacity.PJ
    assert term.capacity_title == "Pj. Bupati Mimika"
    assert term.position.unit is None  # a government-level office
    # The term is only known from the report's date on: nothing is claimed before it.
    assert holder_on(gov("94.04").pk, "Bupati Mimika", dt.date(2025, 2, 10)) is None
    sekda = holder_on(gov("94.04").pk, "Sekretaris Daerah Mimika", dt.date(2025, 2, 11))
    assert (sekda.official.name, sekda.capacity) == ("Petrus Yumte", Capacity.PJ)
    assert sekda.position.unit.code == "SETDA" and sekda.position.is_unit_head


REPORTED_TERMS = [
    # (government, position, meeting date, official, capacity, unit code or None)
    ("64.08", "Bupati Kutai Timur", dt.date(2024, 11, 1), "Agus Hari Kesuma", Capacity.PJS, None),
    ("64.08", "Kepala Bagian Tata Pemerintahan", dt.date(2024, 11, 1), "Sutrisno",
     Capacity.DEFINITIVE, "TAPEM"),
    ("64.11", "Bupati Mahakam Ulu", dt.date(2024, 7, 15), "Bonifasius Belawan Geh",
     Capacity.DEFINITIVE, None),
    ("62", "Wakil Gubernur Kalimantan Tengah", dt.date(2025, 2, 24), "Edy Pratowo",
     Capacity.DEFINITIVE, None),
    ("62", "Kepala Badan Perencanaan Pembangunan, Riset, dan Inovasi Daerah",
     dt.date(2025, 2, 24), "Leonard S. Ampung", Capacity.DEFINITIVE, "BAPPERIDA"),
    ("63.10", "Bupati Tanah Bumbu", dt.date(2024, 12, 9), "Zairullah Azhar",
     Capacity.DEFINITIVE, None),
    ("63.10", "Kepala Bagian Pemerintahan", dt.date(2024, 12, 9), "Ismail",
     Capacity.DEFINITIVE, "PEM"),
    ("63", "Kepala Bagian Kerja Sama", dt.date(2024, 12, 9), "Saiful Arifin",
     Capacity.DEFINITIVE, "KERJA-SAMA"),
]


def test_report_officials_hold_their_positions(demo):
    for code, title, day, name, capacity, unit in REPORTED_TERMS:
        term = holder_on(gov(code).pk, title, day)
        assert term is not None, title
        assert (term.official.name, term.capacity, term.start, term.end) == (name, capacity, day, None)
        assert (term.position.unit.code if term.position.unit else None) == unit
    assert PositionTerm.objects.count() == len(REPORTED_TERMS) + 2  # + Mimika's Pj. Bupati and Pj. Sekda


def test_units_play_their_roles(demo):
    mimika = gov("94.04")
    tapem = Unit.objects.get(government=mimika, code="TAPEM")
    assert tapem.kind == UnitKind.SECTION and tapem.parent.code == "SETDA"
    assert Unit.objects.get(government=mimika, name="BPJS Ketenagakerjaan Timika").kind == (
        UnitKind.EXTERNAL_PARTNER
    )
    assert Unit.objects.get(government=gov("64.11"), code="POKJA-PKP").kind == UnitKind.WORKING_GROUP
    assert Unit.objects.get(government=gov("64.11"), code="BAPPEDA").short_name == "Bappeda"
    bapperida = Unit.objects.get(government=gov("62"), code="BAPPERIDA")
    assert bapperida.name == "Badan Perencanaan Pembangunan, Riset, dan Inovasi Daerah"
    tanbu = gov("63.10")
    report_units = {"SETDA": UnitKind.SECRETARIAT, "PEM": UnitKind.SECTION,
                    "TKKSD": UnitKind.WORKING_GROUP, "KPPD": UnitKind.WORKING_GROUP}
    kinds = {u.code: u.kind for u in tanbu.units.all()}
    assert {code: kinds[code] for code in report_units} == report_units
    # The other units are the synthetic SKPD of the demo cooperation registry (demo.cooperation).
    assert {kind for code, kind in kinds.items() if code not in report_units} == {UnitKind.AGENCY}
    biro = Unit.objects.get(government=gov("63"), name="Biro Pemerintahan dan Otonomi Daerah")
    assert biro.parent.code == "SETDA"
    assert biro.children.get().name == "Bagian Kerja Sama"


@pytest.mark.parametrize(("code", "prefix", "head"), [("94.04", "Distrik", "Kepala Distrik"),
                                                       ("64.08", "Kecamatan", "Camat")])
def test_every_district_has_its_office_and_head(demo, code, prefix, head):
    districts = Region.objects.filter(parent_id=code, level=RegionLevel.DISTRICT)
    offices = Unit.objects.filter(government=gov(code), kind=UnitKind.DISTRICT_OFFICE)
    assert districts.count() == 18
    assert sorted(offices.values_list("region_id", flat=True)) == sorted(
        districts.values_list("code", flat=True)
    )
    for office in offices.select_related("region"):
        assert office.name == f"{prefix} {office.region.name}"
        assert office.positions.get().title == f"{head} {office.region.name}"
    assert offices.get(region__name="Mimika Baru" if code == "94.04" else "Sangatta Utara")


def test_one_account_per_role(demo):
    users = {u.username: u for u in User.objects.all()}
    assert {u: users[u].role for u in users} == {
        "admin": Role.ADMINISTRATOR, "koordinator": Role.COORDINATOR, "kepala": Role.UNIT_HEAD,
        "operator": Role.UNIT_OPERATOR, "pemantau": Role.VIEWER, "kerjasama": Role.COORDINATOR,
    }
    assert all(u.check_password(DEMO_PASSWORD) for u in users.values())
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert not any(u.is_superuser or u.is_staff for name, u in users.items() if name != "admin")
    mimika, kutim = gov("94.04"), gov("64.08")
    # The coordinator manages all of Mimika, and nothing of Kutai Timur.
    assert set(scoped(Unit.objects.all(), users["koordinator"])) == set(mimika.units.all())
    distrik = Unit.objects.get(government=mimika, code="DISTRIK-01")
    assert can(users["koordinator"], Action.CHANGE, distrik)
    assert not can(users["koordinator"], Action.VIEW, Unit.objects.get(government=kutim, code="TAPEM"))
    assert [u.code for u in scoped(Unit.objects.all(), users["kepala"])] == ["TAPEM"]
    assert list(scoped(Unit.objects.all(), users["operator"])) == [distrik]
    assert distrik.name == "Distrik Mimika Baru"
    assert set(scoped(Government.objects.all(), users["pemantau"])) == {kutim}
    assert not can(users["pemantau"], Action.CHANGE, Unit.objects.get(government=kutim, code="TAPEM"))


def test_every_demo_row_was_written_with_an_audit_event(demo):
    for model in MODELS:
        content_type = ContentType.objects.get_for_model(model)
        audited = set(
            AuditEvent.objects.filter(content_type=content_type, action=AuditAction.CREATE,
                                      source=AuditSource.CLI).values_list("object_id", flat=True)
        )
        assert audited == {str(pk) for pk in model.objects.values_list("pk", flat=True)}, model


def test_second_run_creates_and_changes_nothing(demo):
    assert demo.created_total > 0
    before, events = state(), AuditEvent.objects.count()
    again = load_demo()
    assert again.created_total == 0
    assert again.regions.created == again.regions.updated == 0
    assert state() == before
    assert AuditEvent.objects.count() == events


def test_second_run_keeps_edits_made_since(demo):
    user = User.objects.get(username="pemantau")
    user.set_password("diganti-sendiri-2025")
    user.save()
    Unit.objects.filter(government=gov("94.04"), code="TAPEM").update(short_name="Tata Pem")
    load_demo()
    assert User.objects.get(username="pemantau").check_password("diganti-sendiri-2025")
    assert Unit.objects.get(government=gov("94.04"), code="TAPEM").short_name == "Tata Pem"


def test_command_prints_the_accounts_table():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    for username, role in [("admin", "administrator"), ("koordinator", "coordinator"),
                           ("kepala", "unit_head"), ("operator", "unit_operator"), ("pemantau", "viewer"),
                           ("kerjasama", "coordinator")]:
        line = next(line for line in text.splitlines() if line.startswith(f"| {username} "))
        assert role in line and DEMO_PASSWORD in line
    assert "Pemerintah Kabupaten Mimika (whole government)" in text
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "nothing created" in out.getvalue()


def test_command_refuses_production_without_force(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo", stdout=io.StringIO())
    assert not User.objects.exists()
    call_command("load_demo", "--force", stdout=io.StringIO())
    assert User.objects.filter(username="admin").exists()
