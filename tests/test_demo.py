"""sinergi.demo: the demo data of the five example reports, its accounts, and idempotency."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from sinergi.accounts.models import User
from sinergi.core import audit_chain
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
    assert audit_chain.verify() is None  # every event linked into the audit chain


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


def test_run_again_after_renaming_deleting_and_editing_demo_rows(demo):
    """`make run` loads the demo on every start: after a user renamed, deleted and edited demo
    rows, the loader still succeeds, makes no duplicate, keeps every edit and leaves what was
    deleted deleted."""
    from sinergi.cooperation.models import Agreement
    from sinergi.meetings.models import Meeting
    from sinergi.planning.models import NomenclatureItem, PriorityFramework

    kutim, mimika, kalteng, tanbu = gov("64.08"), gov("94.04"), gov("62"), gov("63.10")
    # Renamed: an official holding a demo position, a unit (its code too), a position, an
    # account, a meeting, an agreement, the Asta Cita framework, a nomenclature item.
    Official.objects.filter(government=kutim, name="Sutrisno").update(
        name="Sutrisno Hadi", front_title="Drs."
    )
    Unit.objects.filter(government=mimika, code="TAPEM").update(
        code="TAPEM-SETDA", name="Bagian Pemerintahan"
    )
    Position.objects.filter(government=tanbu, title="Bupati Tanah Bumbu").update(title="Bupati Tanbu")
    User.objects.filter(username="operator").update(username="operator.distrik")
    upcoming = Meeting.objects.get(government=kutim, status="planned")
    Meeting.objects.filter(pk=upcoming.pk).update(title="Rakor Camat Triwulan IV (dimajukan)")
    edited = Agreement.objects.filter(government=tanbu).order_by("id").first()
    Agreement.objects.filter(pk=edited.pk).update(title="Kerja sama yang diganti judulnya")
    PriorityFramework.objects.filter(name="Asta Cita").update(name="Asta Cita RPJMN 2025–2029")
    NomenclatureItem.objects.filter(code="1.01").update(name="Pendidikan (diubah)")
    # Deleted: an official (and its term), whose position another official holds now (from an
    # earlier day: the demo's term would overlap); an official without a position; a unit; a
    # meeting imported from a report; an agreement; an account.
    leonard = Official.objects.get(government=kalteng, name="Leonard S. Ampung")
    position = leonard.terms.get().position
    leonard.terms.all().delete()
    leonard.delete()
    successor = Official.objects.create(government=kalteng, name="Pengganti Kepala Bapperida")
    PositionTerm.objects.create(position=position, official=successor, start=dt.date(2025, 1, 1))
    Official.objects.filter(government=tanbu, name="Sartika Dewi").delete()
    Unit.objects.filter(government=tanbu, code="KPPD").delete()
    Meeting.objects.filter(government=gov("64.11")).delete()
    # (One without a PKS: a PKS protects the MoU it implements.)
    deleted_agreement = (
        Agreement.objects.filter(government=tanbu).exclude(documents__kind="pks").exclude(pk=edited.pk).first()
    )
    deleted_agreement.delete()
    User.objects.filter(username="pemantau").delete()
    counts = {model: model.objects.count() for model in (*MODELS, Meeting, Agreement, PriorityFramework,
                                                          NomenclatureItem)}

    out = io.StringIO()
    call_command("load_demo", stdout=out)  # what `make run` runs: it does not fail
    assert "nothing created" in out.getvalue() and "left deleted" in out.getvalue()
    again = load_demo()
    assert again.created_total == 0 and again.skipped == []
    assert {model: model.objects.count() for model in counts} == counts  # no duplicate

    # The edits are kept.
    sutrisno = Official.objects.get(government=kutim, name="Sutrisno Hadi")
    assert sutrisno.front_title == "Drs." and not Official.objects.filter(name="Sutrisno").exists()
    assert holder_on(kutim.pk, "Kepala Bagian Tata Pemerintahan", dt.date(2024, 11, 1)).official == sutrisno
    assert mimika.units.get(code="TAPEM-SETDA").name == "Bagian Pemerintahan"
    assert not mimika.units.filter(code="TAPEM").exists()
    assert tanbu.positions.filter(title="Bupati Tanbu").exists()
    assert not tanbu.positions.filter(title="Bupati Tanah Bumbu").exists()
    assert {a.username for a in again.accounts} == {
        "admin", "koordinator", "kepala", "operator.distrik", "kerjasama"
    }
    assert not User.objects.filter(username__in=["operator", "pemantau"]).exists()
    assert Meeting.objects.get(pk=upcoming.pk).title == "Rakor Camat Triwulan IV (dimajukan)"
    assert Agreement.objects.get(pk=edited.pk).title == "Kerja sama yang diganti judulnya"
    assert not PriorityFramework.objects.filter(name="Asta Cita").exists()
    assert NomenclatureItem.objects.get(code="1.01").name == "Pendidikan (diubah)"
    # What was deleted stays deleted; the successor keeps the position.
    assert not Official.objects.filter(name__in=["Leonard S. Ampung", "Sartika Dewi"]).exists()
    assert holder_on(kalteng.pk, position.title, dt.date(2025, 2, 24)).official == successor
    assert not tanbu.units.filter(code="KPPD").exists()
    assert not Meeting.objects.filter(government=gov("64.11")).exists()
    assert not Agreement.objects.filter(pk=deleted_agreement.pk).exists()


def test_a_demo_loaded_before_the_registry_is_adopted_without_duplicates(demo):
    """A database loaded by the loader before it recorded its rows: the rows are found by their
    natural keys once and recorded — a renamed official by the demo term it holds — and a demo
    term that would clash with the user's own appointment is skipped and reported, not forced."""
    from sinergi.demo.models import DemoRecord

    DemoRecord.objects.all().delete()
    kutim, kalteng = gov("64.08"), gov("62")
    Official.objects.filter(government=kutim, name="Sutrisno").update(name="Sutrisno Hadi")
    leonard = Official.objects.get(government=kalteng, name="Leonard S. Ampung")
    position = leonard.terms.get().position
    leonard.terms.all().delete()
    leonard.delete()
    successor = Official.objects.create(government=kalteng, name="Pengganti Kepala Bapperida")
    PositionTerm.objects.create(position=position, official=successor, start=dt.date(2025, 1, 1))

    again = load_demo()
    assert not Official.objects.filter(name="Sutrisno").exists()
    assert holder_on(kutim.pk, "Kepala Bagian Tata Pemerintahan", dt.date(2024, 11, 1)).official.name == (
        "Sutrisno Hadi"
    )
    # Nothing tells a deleted row from a missing one yet: Leonard is made again, his term is not.
    assert [s.split(":")[:3] for s in again.skipped] == [["term", "62", position.title]]
    assert holder_on(kalteng.pk, position.title, dt.date(2025, 2, 24)).official == successor
    assert DemoRecord.objects.filter(key="official:64.08:Sutrisno").exists()
    third = load_demo()
    assert third.created_total == 0


def test_demo_people_have_fictitious_contact_details(demo):
    officials = list(Official.objects.all())
    assert officials and all(o.whatsapp.startswith("62811000") for o in officials)
    assert all(o.email.endswith(".example.org") for o in officials)
    petrus = Official.objects.get(name="Petrus Yumte")
    assert (petrus.whatsapp, petrus.email) == ("628110000002", "petrus.yumte@mimika.example.org")
    assert len({o.whatsapp for o in officials}) == len(officials)
    users = {u.username: u for u in User.objects.all()}
    assert (users["kepala"].whatsapp, users["kepala"].email) == ("628110000902", "kepala@example.org")
    assert all(u.whatsapp.startswith("62811000") and u.email.endswith("@example.org") for u in users.values())


def test_contact_details_are_added_once_and_never_over_a_users_value(demo):
    """A demo loaded before the contact details existed gets them on its next run (audited, only
    in empty fields); after that, what a user typed or cleared stays as it is."""
    from sinergi.demo.models import DemoRecord

    DemoRecord.objects.filter(key__startswith="contacts:").delete()
    Official.objects.update(whatsapp="", email="")
    User.objects.update(whatsapp="", email="")
    Official.objects.filter(name="Sutrisno").update(whatsapp="6285299990000")  # typed by a user
    again = load_demo()
    assert again.created["contact details (fictitious)"] == Official.objects.count() + User.objects.count()
    sutrisno = Official.objects.get(name="Sutrisno")
    assert (sutrisno.whatsapp, sutrisno.email) == ("6285299990000", "sutrisno@kutaitimur.example.org")
    assert Official.objects.get(name="Petrus Yumte").whatsapp == "628110000002"
    assert User.objects.get(username="admin").email == "admin@example.org"
    update = AuditEvent.objects.filter(
        action=AuditAction.UPDATE, source=AuditSource.CLI, object_id=str(sutrisno.pk),
        content_type=ContentType.objects.get_for_model(Official),
    ).get()
    assert (update.before["email"], update.after["email"]) == ("", "sutrisno@kutaitimur.example.org")
    assert update.before["whatsapp"] == update.after["whatsapp"] == "6285299990000"
    # Cleared by a user afterwards: not filled again.
    Official.objects.filter(name="Petrus Yumte").update(whatsapp="")
    before, events = state(), AuditEvent.objects.count()
    third = load_demo()
    assert third.created_total == 0 and AuditEvent.objects.count() == events and state() == before
    assert Official.objects.get(name="Petrus Yumte").whatsapp == ""
