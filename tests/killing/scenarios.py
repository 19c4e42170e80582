"""The imports that tests/killing/run_killed.py kills: each prepares the state it starts from
(committed) and the file it imports, and runs the import through the service its page (or
command) calls, returning a plain summary of the result (the same for the same state).

`prepare(files, rows)` runs in a database that is migrated (and holds the region registry when
`regions`); it writes its files under `files` and returns a context (ids) for `run`.
`run(files, context)` is the import itself."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

YEAR = 2025
KUTAI_TIMUR = "64.08"


@dataclass(frozen=True)
class Scenario:
    prepare: Callable[[Path, int], dict]
    run: Callable[[Path, dict], dict]
    regions: bool = True
    what: str = ""
    points: tuple[str, ...] = ()  # the kill points, when not the driver's
    control: bool = False  # not an import: shows that the measure sees a half-written write


def _errors(result) -> list[str]:
    return [f"{e.sheet} {e.row} {e.column}: {e.reason}" for e in result.errors[:5]]


def _user(username: str, role: str, units) -> Any:
    from tests import factories

    return factories.user(username, role, list(units))


# ------------------------------------------------------------------------------ realization


def _realization_plan(rows: int):
    """A plan of `rows` activities in one unit of Kutai Timur (quarter 1 realized), a
    coordinator, and the root unit whose page imports them (as bench_realization_import)."""
    from sinergi.core.roles import Role
    from sinergi.demo.synthetic import generate
    from sinergi.planning.models import Activity

    generate(scale="kabupaten", year=YEAR, quarters=1, government_code=KUTAI_TIMUR,
             units_per_government=1, activities_per_unit=rows)
    activities = Activity.objects.filter(government__region_id=KUTAI_TIMUR, year=YEAR)
    unit = activities.select_related("unit").first().unit
    while unit.parent_id is not None:
        unit = unit.parent
    user = _user("kill-koordinator", Role.COORDINATOR, [unit])
    return unit, user


def _quarter_2_workbook(unit, *, step: Decimal, share: Decimal, outputs: bool,
                        limit: int | None = None) -> bytes:
    """The quarter-2 workbook of the unit as downloaded (with the stored drafts and versions),
    each activity `step` points and `share` of its pagu above its stored figures (quarter 2's
    draft, else quarter 1), within the pagu; with `outputs`, each indicator one above."""
    from sinergi.monitoring import spreadsheets
    from sinergi.monitoring.models import Realization, RealizationOutput

    activity_rows, indicator_rows = spreadsheets.realization_rows(None, unit, YEAR, 2)
    activity_rows = activity_rows[:limit] if limit else activity_rows
    kept = {r["id"] for r in activity_rows}
    stored = {}
    realizations = Realization.objects.filter(activity__year=YEAR, quarter__in=(1, 2))
    for realization in realizations.order_by("quarter"):
        stored[realization.activity_id] = realization  # quarter 2 wins
    stored_outputs = dict(RealizationOutput.objects.filter(realization__quarter__in=(1, 2))
                          .order_by("realization__quarter").values_list("indicator_id", "value"))
    for row in activity_rows:
        before = stored.get(int(row["id"]))
        physical = min(Decimal(100), (before.physical if before else Decimal(0)) + step)
        budget = Decimal(row["budget"] or 0)
        spent = before.financial if before else Decimal(0)
        financial = min(budget, spent + (budget * share).quantize(Decimal(1)))
        row.update(physical=float(physical), financial=int(financial), over_budget="Tidak",
                   problems="Pengadaan barang menunggu proses lelang.")
    indicator_rows = [r for r in indicator_rows if r["activity"] in kept] if outputs else []
    for row in indicator_rows:
        row["value"] = int(stored_outputs.get(int(row["id"]), 0)) + 1
    return spreadsheets.write_realization(unit, YEAR, 2, activity_rows, indicator_rows)


def _import_realization(files: Path, context: dict, name: str) -> dict:
    from sinergi.accounts.models import User
    from sinergi.core.models import AuditSource
    from sinergi.core.services import Actor
    from sinergi.monitoring import spreadsheets
    from sinergi.regions.models import Unit

    user = User.objects.get(pk=context["user"])
    unit = Unit.objects.get(pk=context["unit"])
    result = spreadsheets.import_realization((files / name).read_bytes(), Actor(user, AuditSource.IMPORT),
                                             unit, YEAR, 2)
    return {"applied": result.applied, "created": result.created, "updated": result.updated,
            "errors": _errors(result)}


def prepare_realization_new(files: Path, rows: int) -> dict:
    unit, user = _realization_plan(rows)
    (files / "q2.xlsx").write_bytes(
        _quarter_2_workbook(unit, step=Decimal("12.5"), share=Decimal("0.2"), outputs=False))
    return {"unit": unit.pk, "user": user.pk}


def run_realization_new(files: Path, context: dict) -> dict:
    return _import_realization(files, context, "q2.xlsx")


def prepare_realization_changes(files: Path, rows: int) -> dict:
    """Quarter 2 imported once (new drafts); the file to import changes a quarter of them and
    sets their outputs (the save_drafts path: updates, outputs)."""
    unit, user = _realization_plan(rows)
    first = _quarter_2_workbook(unit, step=Decimal("12.5"), share=Decimal("0.2"), outputs=False)
    (files / "q2.xlsx").write_bytes(first)
    context = {"unit": unit.pk, "user": user.pk}
    done = _import_realization(files, context, "q2.xlsx")
    if not done["applied"]:
        raise RuntimeError(f"the first quarter-2 import was refused: {done}")
    (files / "q2-changes.xlsx").write_bytes(
        _quarter_2_workbook(unit, step=Decimal("1.5"), share=Decimal("0.01"), outputs=True,
                            limit=max(1, rows // 4)))
    return context


def run_realization_changes(files: Path, context: dict) -> dict:
    return _import_realization(files, context, "q2-changes.xlsx")


# ------------------------------------------------------------------------------ annual plan

PLAN_CODES = ("1.01.01.2.01.0001", "5.01.01.2.01.0007", "1.01.01.2.01.0002")


def _plan_row(i: int, unit: str, label: str) -> dict:
    return {"ID Kegiatan": label, "Kode Unit": unit, "Kode Sub Kegiatan": PLAN_CODES[i % len(PLAN_CODES)],
            "Nama Kegiatan": f"Kegiatan uji {label}", "Kode Lokasi": KUTAI_TIMUR, "Pagu (Rp)": 200_000_000,
            "Sumber Dana": "apbd", "Prioritas": "Asta Cita 4",
            "Target Fisik TW I (%)": 10, "Target Fisik TW II (%)": 40, "Target Fisik TW III (%)": 75,
            "Target Fisik TW IV (%)": 100, "Target Keuangan TW I (Rp)": 20_000_000,
            "Target Keuangan TW II (Rp)": 80_000_000, "Target Keuangan TW III (Rp)": 150_000_000,
            "Target Keuangan TW IV (Rp)": 190_000_000}


def _indicator_row(label: str) -> dict:
    return {"ID Kegiatan": label, "Indikator": f"Dokumen {label}", "Satuan": "dokumen", "Target Tahunan": 4}


def _sheet_rows(data: bytes, sheet: str) -> tuple[Any, list[str]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return book, [c.value for c in book[sheet][1]]


def _edit(data: bytes, edits: dict[str, Callable[[int, dict], dict | None]],
          appends: dict[str, list[dict]]) -> bytes:
    """The workbook with each data row of a sheet replaced by edits[sheet](index, row by title)
    (None: unchanged) and `appends` added below."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    for sheet, edit in edits.items():
        ws = book[sheet]
        titles = [c.value for c in ws[1]]
        for index, cells in enumerate(ws.iter_rows(min_row=2)):
            row = {t: c.value for t, c in zip(titles, cells, strict=False)}
            if not any(v is not None for v in row.values()):
                continue
            changed = edit(index, row)
            for title, value in (changed or {}).items():
                cells[titles.index(title)].value = value
    for sheet, rows in appends.items():
        ws = book[sheet]
        titles = [c.value for c in ws[1]]
        for row in rows:
            number = ws.max_row + 1
            for title, value in row.items():
                ws.cell(row=number, column=titles.index(title) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def prepare_plan(files: Path, rows: int) -> dict:
    """A plan of 60 activities imported once; the file to import (the download, edited) renames
    20, realigns 5, raises 10 final financial targets, changes 10 indicators and adds 40
    activities with their indicators."""
    from sinergi.core.models import AuditSource
    from sinergi.core.roles import Role
    from sinergi.core.services import Actor
    from sinergi.planning.importers import load_sample_nomenclature
    from sinergi.planning.spreadsheets import INDIKATOR, KEGIATAN, export_plan, import_plan
    from sinergi.regions.choices import UnitKind
    from tests import factories

    gov = factories.government(KUTAI_TIMUR)
    factories.unit(gov, "SETDA", "Sekretariat Daerah", kind=UnitKind.SECRETARIAT)
    bappeda = factories.unit(gov, "BAPPEDA", "Badan Perencanaan Pembangunan Daerah")
    factories.unit(gov, "DINKES", "Dinas Kesehatan")
    user = _user("kill-perencana", Role.COORDINATOR, [bappeda])
    load_sample_nomenclature(Actor.system())
    units = ("SETDA", "BAPPEDA", "DINKES")
    labels = [f"baru-{i}" for i in range(60)]
    first = _edit(export_plan(user, gov, YEAR), {}, {
        KEGIATAN: [_plan_row(i, units[i % 3], label) for i, label in enumerate(labels)],
        INDIKATOR: [_indicator_row(label) for label in labels]})
    done = import_plan(first, Actor(user, AuditSource.IMPORT), gov, YEAR)
    if not done.applied:
        raise RuntimeError(f"the first plan import was refused: {_errors(done)}")

    def activity(index: int, row: dict) -> dict | None:
        if index < 20:
            return {"Nama Kegiatan": row["Nama Kegiatan"] + " (revisi)"}
        if index < 25:
            return {"Prioritas": "Asta Cita 7"}
        if index < 35:
            return {"Target Keuangan TW IV (Rp)": 200_000_000}
        return None

    def indicator(index: int, row: dict) -> dict | None:
        return {"Target Tahunan": 6} if index < 10 else None

    added = [f"tambah-{i}" for i in range(40)]
    second = _edit(export_plan(user, gov, YEAR), {KEGIATAN: activity, INDIKATOR: indicator}, {
        KEGIATAN: [_plan_row(i, units[i % 3], label) for i, label in enumerate(added)],
        INDIKATOR: [_indicator_row(label) for label in added]})
    (files / "plan.xlsx").write_bytes(second)
    return {"government": gov.pk, "user": user.pk}


def run_plan(files: Path, context: dict) -> dict:
    from dataclasses import asdict

    from sinergi.accounts.models import User
    from sinergi.core.models import AuditSource
    from sinergi.core.services import Actor
    from sinergi.planning.spreadsheets import import_plan
    from sinergi.regions.models import Government

    user = User.objects.get(pk=context["user"])
    gov = Government.objects.get(pk=context["government"])
    result = import_plan((files / "plan.xlsx").read_bytes(), Actor(user, AuditSource.IMPORT), gov, YEAR)
    return {"applied": result.applied, "errors": _errors(result),
            **{name: asdict(getattr(result, name)) for name in ("activities", "targets", "indicators",
                                                                 "milestones")}}


# ------------------------------------------------------------------------------ units


def _unit_rows(prefix: str, agencies: int, districts: list[str]) -> list[dict]:
    """Agencies, each listed after its two sections (the importer orders parents first); every
    fifth a district office of one of `districts`."""
    rows: list[dict] = []
    blank = {"government": KUTAI_TIMUR, "short_name": "", "region": "", "active_from": None,
             "active_until": None}
    for n in range(1, agencies + 1):
        code = f"{prefix}{n:03}"
        if n % 5 == 0 and districts:
            rows.append({**blank, "code": code, "name": f"Kecamatan uji {prefix} {n}",
                         "kind": "district_office", "parent": "", "region": districts[n % len(districts)]})
            continue
        rows.extend({**blank, "code": f"{code}-B{k}", "name": f"Bagian {k} {prefix} {n}", "kind": "section",
                     "parent": code} for k in (1, 2))
        rows.append({**blank, "code": code, "name": f"Dinas uji {prefix} {n}", "short_name": f"D{n}",
                     "kind": "agency", "parent": ""})
    return rows


def prepare_units(files: Path, rows: int) -> dict:
    """60-odd units imported once; the file to import renames 20 of them and adds as many again."""
    from sinergi.core.roles import Role
    from sinergi.core.spreadsheets import write_workbook
    from sinergi.regions.choices import RegionLevel
    from sinergi.regions.importers import UNIT_BOOK, UNIT_SHEET, import_units
    from sinergi.regions.models import Region
    from tests import factories

    factories.government(KUTAI_TIMUR)
    user = _user("kill-admin", Role.ADMINISTRATOR, [])
    districts = list(Region.objects.filter(code__subtree=KUTAI_TIMUR, level=RegionLevel.DISTRICT)
                     .order_by("code").values_list("code", flat=True))
    first = _unit_rows("OPD", 20, districts[:4])
    done = import_units(write_workbook(UNIT_BOOK, {UNIT_SHEET.name: first}), user)
    if not done.applied:
        raise RuntimeError(f"the first unit import was refused: {_errors(done)}")
    second = [{**row, "name": row["name"] + " (baru)"} if i < 20 else row for i, row in enumerate(first)]
    second += _unit_rows("NEW", 20, districts[4:8])
    (files / "units.xlsx").write_bytes(write_workbook(UNIT_BOOK, {UNIT_SHEET.name: second}))
    return {"user": user.pk}


def run_units(files: Path, context: dict) -> dict:
    from sinergi.accounts.models import User
    from sinergi.regions.importers import import_units

    result = import_units((files / "units.xlsx").read_bytes(), User.objects.get(pk=context["user"]))
    return {"applied": result.applied, "created": result.created, "updated": result.updated,
            "unchanged": result.unchanged, "errors": _errors(result)}


# ------------------------------------------------------------------------------ cooperation


def _agreement_row(i: int, *, changed: bool = False, agreement_id: int | None = None) -> dict:
    third_party = i % 2 == 1
    row = {
        "id": agreement_id, "title": f"Kerja sama uji {i}",
        "kind": "third_party" if third_party else "region_voluntary",
        "partners": (f"PT Mitra Uji {i}" if third_party
                     else "Kota Bontang; Kukar" if i % 4 else "Kota Samarinda"),
        "partner_type": "business" if third_party else "",
        "units": "TAPEM" if i % 3 else "TAPEM; BAPPEDA",
        "mou_number": f"415.4/{i:02}/KSD/2024", "mou_partner_number": f"180/{i:02}/HK/2024",
        "mou_signed": dt.date(2024, 2, 1), "start": dt.date(2024, 3, 1), "end": dt.date(2027, 2, 28),
        "value": 1_500_000_000 + i, "dprd_required": "Tidak",
    }
    if changed:
        row.update(partners=row["partners"] + ("; PT Mitra Tambahan" if third_party else "; Kabupaten Berau"),
                   pks_number=f"PKS/{i:02}/2025", pks_signed=dt.date(2025, 1, 15),
                   mou_partner_number=f"180/{i:02}/HK/2024-rev", notes="Diperbarui lewat impor.")
    return row


def prepare_cooperation(files: Path, rows: int) -> dict:
    """12 agreements imported once; the file to import changes all 12 (partners, a PKS, a
    partner's number) and adds 12."""
    from sinergi.cooperation.importers import SHEET, SPEC, import_registry
    from sinergi.cooperation.models import Agreement
    from sinergi.core.models import AuditSource
    from sinergi.core.roles import Role
    from sinergi.core.services import Actor
    from sinergi.core.spreadsheets import write_workbook
    from sinergi.regions.choices import UnitKind
    from tests import factories

    gov = factories.government(KUTAI_TIMUR)
    setda = factories.unit(gov, "SETDA", "Sekretariat Daerah", kind=UnitKind.SECRETARIAT)
    factories.unit(gov, "TAPEM", "Bagian Tata Pemerintahan", kind=UnitKind.SECTION, parent=setda)
    bappeda = factories.unit(gov, "BAPPEDA", "Badan Perencanaan Pembangunan Daerah")
    user = _user("kill-kerjasama", Role.COORDINATOR, [bappeda])
    actor = Actor(user, AuditSource.IMPORT)
    done = import_registry(write_workbook(SPEC, {SHEET: [_agreement_row(i) for i in range(12)]}), actor, gov)
    if not done.applied:
        raise RuntimeError(f"the first registry import was refused: {_errors(done)}")
    ids = dict(Agreement.objects.filter(government=gov).values_list("title", "pk"))
    second = [_agreement_row(i, changed=True, agreement_id=ids[f"Kerja sama uji {i}"]) for i in range(12)]
    second += [_agreement_row(i) for i in range(12, 24)]
    (files / "registry.xlsx").write_bytes(write_workbook(SPEC, {SHEET: second}))
    return {"government": gov.pk, "user": user.pk}


def run_cooperation(files: Path, context: dict) -> dict:
    from sinergi.accounts.models import User
    from sinergi.cooperation.importers import import_registry
    from sinergi.core.models import AuditSource
    from sinergi.core.services import Actor
    from sinergi.regions.models import Government

    actor = Actor(User.objects.get(pk=context["user"]), AuditSource.IMPORT)
    result = import_registry((files / "registry.xlsx").read_bytes(), actor,
                             Government.objects.get(pk=context["government"]))
    return {"applied": result.applied, "created": result.created, "updated": result.updated,
            "unchanged": result.unchanged, "errors": _errors(result)}


# ------------------------------------------------------------------------------ demo loader


def prepare_demo(files: Path, rows: int) -> dict:
    return {}  # a migrated database, as `make run` finds it the first time


def run_demo(files: Path, context: dict) -> dict:
    from django.core.management import call_command

    out = io.StringIO()
    call_command("load_demo", stdout=out)
    lines = out.getvalue().splitlines()
    return {"output": [line for line in lines if line.startswith(("Regions:", "Demo data", "Skipped"))]}


# ------------------------------------------------------------------------------ meetings


def _meeting_world():
    """Kutai Timur with Tapem and an office for each of its districts, a coordinator, and a
    planned rakor organized by Tapem."""
    from zoneinfo import ZoneInfo

    from sinergi.core.roles import Role
    from sinergi.meetings.choices import MeetingKind
    from sinergi.meetings.models import Meeting
    from sinergi.regions.choices import RegionLevel, UnitKind
    from sinergi.regions.models import Region
    from tests import factories

    gov = factories.government(KUTAI_TIMUR)
    setda = factories.unit(gov, "SETDA", "Sekretariat Daerah", kind=UnitKind.SECRETARIAT)
    tapem = factories.unit(gov, "TAPEM", "Bagian Tata Pemerintahan", kind=UnitKind.SECTION, parent=setda)
    districts = Region.objects.filter(code__subtree=KUTAI_TIMUR, level=RegionLevel.DISTRICT)
    for district in districts.order_by("code"):
        factories.unit(gov, f"KEC-{district.code[-2:]}", f"Kecamatan {district.name}",
                       kind=UnitKind.DISTRICT_OFFICE, region_code=district.code)
    user = _user("kill-rapat", Role.COORDINATOR, [setda])
    wita = ZoneInfo("Asia/Makassar")
    meeting = Meeting(government=gov, organizer=tapem, kind=MeetingKind.COORDINATION,
                      title="Rapat Koordinasi Evaluasi Triwulan III", period_year=2024, period_quarter=3,
                      starts_at=dt.datetime(2024, 12, 10, 9, 0, tzinfo=wita),
                      ends_at=dt.datetime(2024, 12, 10, 12, 0, tzinfo=wita), time_zone="Asia/Makassar",
                      venue="Ruang Meranti")
    meeting.full_clean()
    meeting.save()
    return meeting, user


def prepare_invite(files: Path, rows: int) -> dict:
    meeting, user = _meeting_world()
    return {"meeting": meeting.pk, "user": user.pk}


def run_invite(files: Path, context: dict) -> dict:
    """"All kecamatan" in one step (the invite page's bulk invitation)."""
    from sinergi.accounts.models import User
    from sinergi.core.services import Actor
    from sinergi.meetings import invitations
    from sinergi.meetings.models import Meeting

    meeting = Meeting.objects.get(pk=context["meeting"])
    created = invitations.invite_units(Actor(User.objects.get(pk=context["user"])), meeting,
                                       invitations.all_district_offices(meeting))
    return {"invited": len(created), "invitations": meeting.invitations.count()}


def prepare_rsvp(files: Path, rows: int) -> dict:
    from sinergi.core.services import Actor
    from sinergi.meetings import invitations

    meeting, user = _meeting_world()
    invited = invitations.invite_units(Actor(user), meeting, invitations.all_district_offices(meeting))
    return {"invitation": invited[0].pk, "user": user.pk}


def run_rsvp(files: Path, context: dict) -> dict:
    """An answer through a delegate (the RSVP form's service)."""
    from sinergi.accounts.models import User
    from sinergi.core.services import Actor
    from sinergi.meetings import invitations
    from sinergi.meetings.choices import Rsvp
    from sinergi.meetings.models import Invitation

    invitation = Invitation.objects.select_related("meeting", "unit").get(pk=context["invitation"])
    done = invitations.answer(Actor(User.objects.get(pk=context["user"])), invitation, Rsvp.DELEGATED,
                              delegate_name="Rizali Hadi", delegate_position="Sekretaris Camat",
                              note="Camat bertugas di luar daerah.", expected_version=invitation.version)
    return {"rsvp": done.rsvp, "version": done.version, "delegate": done.delegate_name}


# ------------------------------------------------------------------------------ control


def prepare_control(files: Path, rows: int) -> dict:
    from tests import factories

    return {"government": factories.government(KUTAI_TIMUR).pk}


def run_control(files: Path, context: dict) -> dict:
    """NOT all or nothing, on purpose: three audited creates, each its own transaction. Killed
    after its third write, the first official and its audit event stay: the measure must see
    them (partial rows 2) and the re-run must differ from the reference (a duplicate)."""
    from sinergi.core.services import Actor, create_object
    from sinergi.regions.models import Government, Official

    gov = Government.objects.get(pk=context["government"])
    for name in ("A", "B", "C"):
        create_object(Actor.system(), Official(government=gov, name=f"Kontrol {name}"))
    return {"officials": Official.objects.filter(government=gov).count()}


SCENARIOS: dict[str, Scenario] = {
    "realization": Scenario(prepare_realization_new, run_realization_new,
                            what="quarterly realization workbook, new drafts (the bulk insert path)"),
    "realization_changes": Scenario(prepare_realization_changes, run_realization_changes,
                                    what="quarterly realization workbook, changed drafts and outputs "
                                         "(save_drafts)"),
    "plan": Scenario(prepare_plan, run_plan, what="annual plan workbook: creates and updates"),
    "units": Scenario(prepare_units, run_units, what="unit workbook: creates and updates"),
    "cooperation": Scenario(prepare_cooperation, run_cooperation,
                            what="cooperation registry workbook: creates and updates"),
    # Its run takes seconds: three points (its executemany are the synthetic plan's).
    "demo": Scenario(prepare_demo, run_demo, regions=False, points=("first", "middle", "commit"),
                     what="`sinergi load_demo` on a migrated database (regions included)"),
    "invite": Scenario(prepare_invite, run_invite, what="meeting: invite all kecamatan at once"),
    "rsvp": Scenario(prepare_rsvp, run_rsvp, what="meeting: an RSVP through a delegate"),
    "control": Scenario(prepare_control, run_control, points=("middle",), control=True,
                        what="control: three separate transactions (must show partial rows)"),
}
