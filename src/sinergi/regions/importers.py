"""Import units and officials from xlsx: check every row first, then write all or nothing.

`import_units(data, user)` and `import_officials(data, user)` take the uploaded bytes and the
user and return an `ImportResult` (planned rows and errors); views and tests call them alike.
Nothing is written unless every row is valid; then one transaction applies the creates and
updates through core.services (each one audited with source "import") and leaves unchanged
rows alone, so re-importing an export writes nothing.

Keys: a unit is (government code, unit code); an official is its NIP when the row has one,
otherwise the exact (government, name) — a name shared by several officials is ambiguous.
A blank NIP never clears a stored one.

The officials workbook also has a "Jabatan" sheet of position terms, imported in the same
all-or-nothing run after the "Pejabat" sheet: a term row names its official (NIP, else the
exact name within the government; an official of the "Pejabat" sheet of the same file counts),
its position (title within the government and optional unit code; created when missing), the
capacity, start, end and decree. A term is keyed by (position, official, start): a row equal
to the stored term changes nothing, one with another end, capacity or decree updates it.
Either sheet may be missing from the upload.
The workbook layouts below are also what the exporters write (regions.exporters).
"""

from __future__ import annotations

import html
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.core.contacts import normalize_whatsapp
from sinergi.core.models import AuditSource
from sinergi.core.paths import is_in_subtree
from sinergi.core.scope import Action, can, scoped
from sinergi.core.services import Actor, create_object, update_object
from sinergi.core.spreadsheets import (
    CHOICE,
    DATE,
    TEXT,
    Column,
    ErrorList,
    ImportOutcome,
    Row,
    RowError,
    SheetSpec,
    SpreadsheetError,
    WorkbookSpec,
    check_upload,
    read_workbook,
)
from sinergi.regions import rules
from sinergi.regions.choices import CAPACITY_PREFIX, GOLONGAN_CHOICES, Capacity, RegionLevel, UnitKind
from sinergi.regions.models import Government, Official, Position, PositionTerm, Region, Unit

# ------------------------------------------------------------------------------ workbook layouts

GOVERNMENT = Column(
    "government", "Kode Pemerintah", required=True, max_length=13, width=16,
    help=gettext_lazy("Kemendagri code of the government's region, e.g. 64.08 for "
                      "Pemerintah Kabupaten Kutai Timur."),
)
UNIT_CODE = Column("code", "Kode Unit", required=True, max_length=40, width=16,
                   help=gettext_lazy("Unique within the government, e.g. the SKPD code or the acronym."))
UNIT_NAME = Column("name", "Nama", required=True, max_length=200, width=45)
UNIT_SHORT = Column("short_name", "Singkatan", max_length=60, width=16)
UNIT_KIND = Column("kind", "Jenis", kind=CHOICE, required=True, choices=UnitKind.choices, width=18,
                   help=gettext_lazy("One of the values listed below."))
UNIT_PARENT = Column("parent", "Kode Unit Induk", max_length=40, width=16,
                     help=gettext_lazy("Code of the parent unit in the same government; it may be "
                                       "an existing unit or a row of this file. Empty: top level."))
UNIT_REGION = Column("region", "Kode Wilayah", max_length=13, width=14,
                     help=gettext_lazy("For a district office: the Kemendagri code of its district "
                                       "(kecamatan/distrik), e.g. 64.08.05."))
UNIT_FROM = Column("active_from", "Aktif Sejak", kind=DATE, width=13)
UNIT_UNTIL = Column("active_until", "Aktif Sampai", kind=DATE, width=13)

UNIT_SHEET = SheetSpec("Unit", [GOVERNMENT, UNIT_CODE, UNIT_NAME, UNIT_SHORT, UNIT_KIND, UNIT_PARENT,
                                UNIT_REGION, UNIT_FROM, UNIT_UNTIL])
UNIT_BOOK = WorkbookSpec(
    [UNIT_SHEET],
    instructions=[
        gettext_lazy("One row per unit, below the header of the sheet \"Unit\". Do not change the "
                     "header row."),
        gettext_lazy("A row whose government and unit code already exist updates that unit; "
                     "any other row creates a unit. Rows equal to the stored unit change nothing."),
        gettext_lazy("The whole file is checked first: if any row has an error, nothing is saved "
                     "and every error is listed with its row and column."),
    ],
)

PHONE_PATTERN = re.compile(r"\+?[\d\s().\-/]+")
OFFICIAL_NIP = Column("nip", "NIP", max_length=30, width=22,
                      help=gettext_lazy("18 digits, optional; type it as text. When present it "
                                        "identifies the official, otherwise the exact name does."))
OFFICIAL_FRONT = Column("front_title", "Gelar Depan", max_length=50, width=12,
                        help=gettext_lazy("Titles before the name, e.g. Dr. or Ir."))
OFFICIAL_NAME = Column("name", "Nama", required=True, max_length=150, width=32,
                       help=gettext_lazy("The name without titles."))
OFFICIAL_BACK = Column("back_title", "Gelar Belakang", max_length=80, width=16,
                       help=gettext_lazy("Titles after the name, e.g. S.H., M.Si."))
OFFICIAL_EMAIL = Column("email", "Email", max_length=254, width=28)
OFFICIAL_PHONE = Column("phone", "Telepon", max_length=30, width=18, safe_pattern=PHONE_PATTERN,
                        help=gettext_lazy("May start with + (e.g. +62 812 3456 7890)."))

# Optional: a file made before the column existed is still read (its numbers left as stored).
OFFICIAL_WHATSAPP = Column(
    "whatsapp", "WhatsApp", max_length=30, width=18, safe_pattern=PHONE_PATTERN, optional=True,
    help=gettext_lazy("Mobile number for WhatsApp, e.g. 0812-3456-7890 or +62 812 3456 7890 "
                      "(stored as 6281234567890); type it as text. Landlines are refused. Empty: "
                      "no WhatsApp number."),
)

# Optional as well: the golongan/ruang of a civil servant (the pangkat in signature blocks).
OFFICIAL_GOLONGAN = Column(
    "golongan", "Golongan", kind=CHOICE, choices=GOLONGAN_CHOICES, width=12, optional=True,
    help=gettext_lazy("Golongan/ruang of a civil servant, e.g. IV/b; empty for others."),
)

# New columns go last: files and scripts that write the sheet by position keep working.
OFFICIAL_SHEET = SheetSpec("Pejabat", [GOVERNMENT, OFFICIAL_NIP, OFFICIAL_FRONT, OFFICIAL_NAME,
                                       OFFICIAL_BACK, OFFICIAL_EMAIL, OFFICIAL_PHONE, OFFICIAL_WHATSAPP,
                                       OFFICIAL_GOLONGAN])
TERM_GOVERNMENT = Column(
    "government", "Kode Pemerintah", required=True, max_length=13, width=16,
    help=gettext_lazy("Kemendagri code of the government the position belongs to, e.g. 94.04 for "
                      "Pemerintah Kabupaten Mimika."),
)
TERM_NIP = Column("nip", "NIP", max_length=30, width=22,
                  help=gettext_lazy("NIP of the official, optional; when present it identifies the "
                                    "official (of any government you can see)."))
TERM_OFFICIAL = Column("official", "Nama", max_length=300, width=32,
                       help=gettext_lazy("Name of the official, with or without titles, exactly as "
                                         "stored or as in the sheet \"Pejabat\"; used when the NIP "
                                         "is empty. The official must belong to this government."))
TERM_POSITION = Column("position", "Jabatan", required=True, max_length=200, width=40,
                       help=gettext_lazy("Title of the position, e.g. Bupati Mimika. A position "
                                         "that does not exist yet is created."))
TERM_UNIT = Column("unit", "Kode Unit", max_length=40, width=16,
                   help=gettext_lazy("Code of the unit the position belongs to; empty for a "
                                     "position of the government itself (e.g. Bupati)."))
TERM_CAPACITY = Column("capacity", "Status Jabatan", kind=CHOICE, required=True,
                       choices=Capacity.choices, width=14,
                       help=gettext_lazy("One of the values listed below, or its label; Pj, Pjs, "
                                         "Plt and Plh are accepted too."))
TERM_START = Column("start", "Mulai", kind=DATE, required=True, width=13,
                    help=gettext_lazy("First day in the position."))
TERM_END = Column("end", "Sampai", kind=DATE, width=13,
                  help=gettext_lazy("Last day in the position; empty while it is held."))
TERM_DECREE = Column("decree", "Nomor SK", max_length=150, width=28,
                     help=gettext_lazy("Number of the appointment decree (SK)."))

TERM_SHEET = SheetSpec(
    "Jabatan",
    [TERM_GOVERNMENT, TERM_NIP, TERM_OFFICIAL, TERM_POSITION, TERM_UNIT, TERM_CAPACITY,
     TERM_START, TERM_END, TERM_DECREE],
    help=gettext_lazy("Position terms, one row per term (a download lists the terms held on the "
                      "day of the download). Optional: leave it empty or remove it to import "
                      "officials only."),
)
OFFICIAL_BOOK = WorkbookSpec(
    [OFFICIAL_SHEET, TERM_SHEET],
    instructions=[
        gettext_lazy("One row per official, below the header of the sheet \"Pejabat\". Do not "
                     "change the header row."),
        gettext_lazy("An official is found by NIP when the row has one, otherwise by the exact "
                     "name within the government; a name that several officials share must be "
                     "given with its NIP. An empty NIP never removes a stored one."),
        gettext_lazy("The sheet \"Jabatan\" holds one row per position term: the official (by NIP, "
                     "or by name within the government; it may be a row of the sheet \"Pejabat\"), "
                     "the position (title and, for a position of a unit, the unit code), the "
                     "capacity and the dates. A term is identified by its position, official and "
                     "start date: a row matching a stored term updates its end, capacity and "
                     "decree number; any other row adds a term. A missing position is created."),
        gettext_lazy("Two terms of the same position and capacity may not overlap in time."),
        gettext_lazy("The whole file is checked first: if any row has an error, nothing is saved "
                     "and every error is listed with its row and column."),
    ],
)
# How the "Jabatan" sheet is read: the capacity as text, parsed by `parse_capacity` (which also
# takes the Indonesian and English labels and "Pj."), while the template keeps its drop-down.
_TERM_READ_SHEET = replace(
    TERM_SHEET,
    columns=[replace(c, kind=TEXT, choices=()) if c is TERM_CAPACITY else c for c in TERM_SHEET.columns],
)


# ------------------------------------------------------------------------------ results

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass
class PlannedRow:
    """What one valid row will do (or did): create, update (with `changes`) or nothing."""

    number: int
    key: str
    action: str
    changes: dict[str, Any] = field(default_factory=dict)
    payload: Any = None
    sheet: str = ""


@dataclass
class ImportResult(ImportOutcome):
    """`rows`: the main sheet's rows (units, officials). The officials import also plans the
    "Jabatan" sheet: `terms` (one per row) and `positions` (those the terms create)."""

    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False
    terms: list[PlannedRow] = field(default_factory=list)
    positions: list[PlannedRow] = field(default_factory=list)


    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def created(self) -> int:
        return self.count(CREATE)

    @property
    def updated(self) -> int:
        return self.count(UPDATE)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)

    def count_terms(self, action: str) -> int:
        return sum(1 for r in self.terms if r.action == action)

    @property
    def terms_created(self) -> int:
        return self.count_terms(CREATE)

    @property
    def terms_updated(self) -> int:
        return self.count_terms(UPDATE)

    @property
    def terms_unchanged(self) -> int:
        return self.count_terms(UNCHANGED)

    @property
    def positions_created(self) -> int:
        return len(self.positions)

    def discard_plan(self) -> None:
        self.rows, self.terms, self.positions = [], [], []


class _Rollback(Exception):
    pass


class _WriteScope:
    """May the user add/change `model` rows of a government? (cached per government)"""

    def __init__(self, user: Any, model: type) -> None:
        self.user, self.model, self.cache = user, model, {}

    def __call__(self, government_id: int) -> bool:
        if government_id not in self.cache:
            probe = self.model(government_id=government_id)
            self.cache[government_id] = can(self.user, Action.ADD, probe)
        return self.cache[government_id]


def _governments(rows: list[Row], errors: ErrorList, writable: _WriteScope, denied: Any,
                 sheet: str = "") -> dict:
    """Row number -> Government for each row whose government code is known and writable."""
    codes = {r["government"] for r in rows if r.get("government")}
    known = {g.region_id: g for g in Government.objects.filter(region_id__in=codes)}
    found = {}
    for row in rows:
        code = row.get("government")
        if not code:
            continue
        government = known.get(code)
        if government is None:
            errors.add(row.number, GOVERNMENT,
                       _("Unknown government code \"%(code)s\".") % {"code": code}, sheet)
        elif not writable(government.pk):
            errors.add(row.number, GOVERNMENT, str(denied) % {"government": government}, sheet)
        else:
            found[row.number] = government
    return found


def _validation_messages(exc: ValidationError, titles: dict[str, str]) -> list[tuple[str, str]]:
    if hasattr(exc, "error_dict"):
        return [(titles.get(name, ""), message) for name, messages in exc.message_dict.items()
                for message in messages]
    return [("", message) for message in exc.messages]


Step = tuple[Sequence[PlannedRow], dict[str, str], Callable[[PlannedRow], None]]


def _apply(result: ImportResult, errors: ErrorList, steps: Sequence[Step]) -> None:
    """Run each step's `write(planned_row)` for each of its rows, in one transaction; on any
    refusal, roll back everything and report it on its row (and sheet)."""
    try:
        with transaction.atomic():
            for rows, titles, write in steps:
                for planned in rows:
                    _write_row(planned, titles, write, errors)
    except _Rollback:
        result.errors = sorted(errors, key=_error_order)
        result.discard_plan()
        return
    result.applied = True


def _write_row(planned: PlannedRow, titles: dict[str, str], write, errors: ErrorList) -> None:
    try:
        write(planned)
    except ValidationError as exc:
        for column, message in _validation_messages(exc, titles):
            errors.add(planned.number, column, message, planned.sheet)
        raise _Rollback from None
    except PermissionDenied:
        errors.add(planned.number, "", _("You may not save this row."), planned.sheet)
        raise _Rollback from None
    except IntegrityError:
        errors.add(planned.number, "", _("This row clashes with a record saved meanwhile. "
                                         "Import the file again."), planned.sheet)
        raise _Rollback from None


def _error_order(error: RowError) -> tuple:
    """Sheet by sheet ("Jabatan" after the main sheet), then by row and column."""
    return (error.sheet == TERM_SHEET.name, error.row or 0, error.column, error.reason, error.sheet)


def _read(data: bytes, book: WorkbookSpec) -> tuple[list[Row] | None, ErrorList, ImportResult | None]:
    try:
        read = read_workbook(data, book)
    except SpreadsheetError as exc:
        return None, ErrorList(), ImportResult.refused(str(exc))
    return read.rows(book.sheets[0].name), ErrorList(read.errors), None


# ------------------------------------------------------------------------------ units

UNIT_FIELDS = ("name", "short_name", "kind", "region_id", "active_from", "active_until")
UNIT_TITLES = {
    "government": GOVERNMENT.title, "code": UNIT_CODE.title, "name": UNIT_NAME.title,
    "short_name": UNIT_SHORT.title, "kind": UNIT_KIND.title, "parent": UNIT_PARENT.title,
    "region": UNIT_REGION.title, "active_from": UNIT_FROM.title, "active_until": UNIT_UNTIL.title,
    "__all__": "",
}


@dataclass
class _UnitRow:
    row: Row
    government: Government
    code: str
    parent_code: str | None
    values: dict[str, Any]
    existing: Unit | None


def import_units(data: bytes, user: Any, *, dry_run: bool = False) -> ImportResult:
    """Check every row of the uploaded workbook; unless there is an error (or `dry_run`),
    create and update the units in one audited transaction."""
    rows, errors, refused = _read(data, UNIT_BOOK)
    if refused is not None:
        return refused
    plans = _plan_units(rows, user, errors)
    result = ImportResult(rows=plans, errors=sorted(errors, key=_error_order))
    if result.errors:
        result.rows = []
        return result
    if not dry_run:
        _apply_units(result, user, errors)
    return result


def validate_units(data: bytes, user: Any) -> ImportResult:
    return import_units(data, user, dry_run=True)


def _plan_units(rows: list[Row], user: Any, errors: ErrorList) -> list[PlannedRow]:
    governments = _governments(
        rows, errors, _WriteScope(user, Unit), _("You may not change the units of %(government)s.")
    )
    gov_ids = {g.pk for g in governments.values()}
    existing: dict[tuple[int, str], Unit] = {
        (u.government_id, u.code): u for u in Unit.objects.filter(government_id__in=gov_ids)
    }
    code_of = {u.pk: u.code for u in existing.values()}
    region_codes = {r["region"] for r in rows if r.get("region")}
    regions = dict(Region.objects.filter(code__in=region_codes).values_list("code", "level"))

    seen: dict[tuple[int, str], int] = {}
    candidates: list[_UnitRow] = []
    for row in rows:
        number = row.number
        government = governments.get(number)
        code = row.get("code") or ""
        ok = government is not None and not row.bad
        if government is not None and code:
            key = (government.pk, code)
            if key in seen:
                errors.add(number, UNIT_CODE,
                           _("The unit code \"%(code)s\" is already in row %(row)d of this file.")
                           % {"code": code, "row": seen[key]})
                ok = False
            else:
                seen[key] = number
        region_code = row.get("region") or None
        kind = row.get("kind")
        if region_code:
            level = regions.get(region_code)
            if level is None:
                errors.add(number, UNIT_REGION,
                           _("Unknown region code \"%(code)s\".") % {"code": region_code})
                ok = False
            elif level != RegionLevel.DISTRICT:
                errors.add(number, UNIT_REGION,
                           _("\"%(code)s\" is not a district (kecamatan/distrik).")
                           % {"code": region_code})
                ok = False
            elif government is not None and not is_in_subtree(region_code, government.region_id):
                errors.add(number, UNIT_REGION,
                           _("The district %(code)s lies outside the region of %(government)s.")
                           % {"code": region_code, "government": government})
                ok = False
        elif kind == UnitKind.DISTRICT_OFFICE:
            errors.add(number, UNIT_REGION,
                       _("A district office needs its district (kecamatan/distrik) code."))
            ok = False
        start, end = row.get("active_from"), row.get("active_until")
        if start and end and end < start:
            errors.add(number, UNIT_UNTIL, _("The end date is before the start date."))
            ok = False
        if not ok:
            continue
        values = {
            "name": row["name"], "short_name": row["short_name"], "kind": kind,
            "region_id": region_code, "active_from": start, "active_until": end,
        }
        candidates.append(_UnitRow(row, government, code, row.get("parent") or None, values,
                                   existing.get((government.pk, code))))

    # Parents: an existing unit of the same government or a row of this file, in any order.
    final_parent: dict[tuple[int, str], str | None] = {
        key: code_of.get(u.parent_id) for key, u in existing.items()
    }
    valid: list[_UnitRow] = []
    for item in candidates:
        key = (item.government.pk, item.code)
        parent = item.parent_code
        if parent is not None:
            if parent == item.code:
                errors.add(item.row.number, UNIT_PARENT, _("A unit cannot be its own parent."))
                continue
            if (item.government.pk, parent) not in seen and (item.government.pk, parent) not in existing:
                errors.add(item.row.number, UNIT_PARENT,
                           _("Unknown parent unit code \"%(code)s\" in %(government)s: it is neither "
                             "an existing unit nor a row of this file.")
                           % {"code": parent, "government": item.government})
                continue
        final_parent[key] = parent
        valid.append(item)
    acyclic: set[tuple[int, str]] = set()
    planned: list[PlannedRow] = []
    for item in valid:
        gov_id = item.government.pk
        trail, node = [], (gov_id, item.code)
        while node is not None and node not in acyclic and node not in trail:
            trail.append(node)
            parent = final_parent.get(node)
            node = (gov_id, parent) if parent else None
        if node is not None and node not in acyclic:
            errors.add(item.row.number, UNIT_PARENT,
                       _("This parent would put the unit under itself or one of its sub-units."))
            continue
        acyclic.update(trail)
        planned.append(_plan_unit(item, existing))
    return _parents_first(planned)


def _plan_unit(item: _UnitRow, existing: dict[tuple[int, str], Unit]) -> PlannedRow:
    key = f"{item.government.region_id}/{item.code}"
    unit = item.existing
    if unit is None:
        return PlannedRow(item.row.number, key, CREATE, dict(item.values), item)
    changes = {name: value for name, value in item.values.items() if getattr(unit, name) != value}
    parent = existing.get((item.government.pk, item.parent_code)) if item.parent_code else None
    if item.parent_code and parent is None:
        changes["parent"] = item.parent_code  # a unit created by this file
    elif unit.parent_id != (parent.pk if parent else None):
        changes["parent"] = item.parent_code
    return PlannedRow(item.row.number, key, UPDATE if changes else UNCHANGED, changes, item)


def _parents_first(planned: list[PlannedRow]) -> list[PlannedRow]:
    """Order rows so that a parent created or moved by the file is written before its children."""
    by_key = {(p.payload.government.pk, p.payload.code): p for p in planned}
    ordered: list[PlannedRow] = []
    done: set[tuple[int, str]] = set()
    for plan in planned:
        chain = []
        key: tuple[int, str] | None = (plan.payload.government.pk, plan.payload.code)
        while key is not None and key in by_key and key not in done:
            chain.append(key)
            parent = by_key[key].payload.parent_code
            key = (key[0], parent) if parent else None
        for item in reversed(chain):
            done.add(item)
            ordered.append(by_key[item])
    return ordered


def _apply_units(result: ImportResult, user: Any, errors: ErrorList) -> None:
    actor = Actor(user, source=AuditSource.IMPORT)
    # Units written (or found unchanged) so far. Their paths are current until a row moves a
    # unit: from then on a parent is read afresh, since a move rewrites its subtree's paths.
    written: dict[tuple[int, str], Unit] = {}
    moved = False

    def parent_of(item: _UnitRow) -> Unit | None:
        if not item.parent_code:
            return None
        key = (item.government.pk, item.parent_code)
        if moved or key not in written:
            written[key] = Unit.objects.get(government_id=key[0], code=key[1])
        return written[key]

    def write(planned: PlannedRow) -> None:
        nonlocal moved
        item: _UnitRow = planned.payload
        key = (item.government.pk, item.code)
        if planned.action == UNCHANGED:
            written[key] = item.existing
            return
        if planned.action == CREATE:
            unit = Unit(government=item.government, code=item.code, parent=parent_of(item),
                        **item.values)
            unit = create_object(actor, unit)
        else:
            changes = {k: v for k, v in planned.changes.items() if k != "parent"}
            if "parent" in planned.changes:
                changes["parent"] = parent_of(item)
            unit = update_object(actor, item.existing, changes,
                                 expected_version=item.existing.version)
            moved = moved or "parent" in changes
        written[key] = unit

    _apply(result, errors, [(result.rows, UNIT_TITLES, write)])


# ------------------------------------------------------------------------------ officials

OFFICIAL_FIELDS = ("government_id", "front_title", "name", "back_title", "email", "phone", "whatsapp",
                   "golongan")
OFFICIAL_TITLES = {
    "government": GOVERNMENT.title, "nip": OFFICIAL_NIP.title, "front_title": OFFICIAL_FRONT.title,
    "name": OFFICIAL_NAME.title, "back_title": OFFICIAL_BACK.title, "email": OFFICIAL_EMAIL.title,
    "phone": OFFICIAL_PHONE.title, "whatsapp": OFFICIAL_WHATSAPP.title,
    "golongan": OFFICIAL_GOLONGAN.title, "__all__": "",
}


def import_officials(data: bytes, user: Any, *, dry_run: bool = False) -> ImportResult:
    """Check every row of both sheets of the uploaded workbook ("Pejabat", then "Jabatan");
    unless there is an error (or `dry_run`), create and update the officials, the positions
    and the terms in one audited transaction."""
    try:
        read = read_workbook(data, _official_read_book(data))
    except SpreadsheetError as exc:
        return ImportResult.refused(str(exc))
    errors = ErrorList(read.errors)
    official_rows = read.rows(OFFICIAL_SHEET.name)
    plans = _plan_officials(official_rows, user, errors)
    positions, terms = _plan_terms(read.rows(TERM_SHEET.name), official_rows, plans, user, errors)
    result = ImportResult(rows=plans, errors=sorted(errors, key=_error_order),
                          terms=terms, positions=positions)
    if result.errors:
        result.discard_plan()
        return result
    if not dry_run:
        _apply_officials(result, user, errors)
    return result


_SHEET_NAME = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\sname=\"([^\"]*)\"")


def _official_read_book(data: bytes) -> WorkbookSpec:
    """The officials workbook as the upload has it: either sheet may be missing (an older
    file, or a workbook of officials only). Without either, the "Pejabat" sheet is read as
    before (a single other sheet is taken for it). What cannot be opened is left to
    read_workbook, which explains why."""
    try:
        workbook = check_upload(data).read("xl/workbook.xml")
    except (SpreadsheetError, KeyError, zipfile.BadZipFile, OSError):
        return replace(OFFICIAL_BOOK, sheets=[OFFICIAL_SHEET, _TERM_READ_SHEET])
    names = {html.unescape(name.decode("utf-8", "replace")) for name in _SHEET_NAME.findall(workbook)}
    has_terms = TERM_SHEET.name in names
    has_officials = OFFICIAL_SHEET.name in names or not has_terms
    return replace(OFFICIAL_BOOK, sheets=[
        replace(OFFICIAL_SHEET, importable=has_officials),
        replace(_TERM_READ_SHEET, importable=has_terms),
    ])


def validate_officials(data: bytes, user: Any) -> ImportResult:
    return import_officials(data, user, dry_run=True)


def _plan_officials(rows: list[Row], user: Any, errors: ErrorList) -> list[PlannedRow]:
    writable = _WriteScope(user, Official)
    governments = _governments(
        rows, errors, writable, _("You may not change the officials of %(government)s.")
    )
    nips: dict[int, str] = {}
    for row in rows:
        raw = row.get("nip")
        if raw and "nip" not in row.bad:
            try:
                nips[row.number] = rules.parse_nip(raw).nip
            except ValueError as exc:
                errors.add(row.number, OFFICIAL_NIP, exc)
                row.bad.add("nip")
        email = row.get("email")
        if email and "email" not in row.bad:
            try:
                validate_email(email)
            except ValidationError:
                errors.add(row.number, OFFICIAL_EMAIL, _("Not a valid email address."))
                row.bad.add("email")
        if row.get("whatsapp") and "whatsapp" not in row.bad:
            try:
                row.values["whatsapp"] = normalize_whatsapp(row["whatsapp"])
            except ValueError as exc:
                errors.add(row.number, OFFICIAL_WHATSAPP, exc)
                row.bad.add("whatsapp")
    by_nip = {o.nip: o for o in Official.objects.filter(nip__in=set(nips.values()))}
    names = {r["name"] for r in rows if r.get("name") and not nips.get(r.number)}
    by_name: dict[tuple[int, str], list[Official]] = defaultdict(list)
    for official in Official.objects.filter(
        government_id__in={g.pk for g in governments.values()}, name__in=names
    ):
        by_name[(official.government_id, official.name)].append(official)

    seen_nip: dict[str, int] = {}
    seen_target: dict[int, int] = {}
    seen_new_name: dict[tuple[int, str], int] = {}
    planned: list[PlannedRow] = []
    for row in rows:
        number = row.number
        government = governments.get(number)
        if government is None or row.bad:
            continue
        nip = nips.get(number)
        name = row["name"]
        values = {
            "government_id": government.pk, "front_title": row["front_title"], "name": name,
            "back_title": row["back_title"], "email": row["email"], "phone": row["phone"],
        }
        if "whatsapp" in row.values:  # a file without the column leaves the numbers alone
            values["whatsapp"] = row["whatsapp"]
        if "golongan" in row.values:
            values["golongan"] = row["golongan"] or ""
        target: Official | None = None
        if nip:
            if nip in seen_nip:
                errors.add(number, OFFICIAL_NIP, _("This NIP is already in row %(row)d of this file.")
                           % {"row": seen_nip[nip]})
                continue
            seen_nip[nip] = number
            target = by_nip.get(nip)
            if target is not None and not writable(target.government_id):
                errors.add(number, OFFICIAL_NIP,
                           _("This NIP belongs to an official of a government you may not change."))
                continue
        else:
            matches = by_name.get((government.pk, name), [])
            if len(matches) > 1:
                errors.add(number, OFFICIAL_NAME,
                           _("Ambiguous: %(count)d officials of %(government)s are named \"%(name)s\". "
                             "Add the NIP to choose one.")
                           % {"count": len(matches), "government": government, "name": name})
                continue
            target = matches[0] if matches else None
        if target is not None:
            if target.pk in seen_target:
                errors.add(number, OFFICIAL_NAME,
                           _("Row %(row)d of this file already changes this official.")
                           % {"row": seen_target[target.pk]})
                continue
            seen_target[target.pk] = number
            changes = {k: v for k, v in values.items() if getattr(target, k) != v}
            planned.append(PlannedRow(number, nip or name, UPDATE if changes else UNCHANGED,
                                      changes, target))
            continue
        if not nip:
            name_key = (government.pk, name)
            if name_key in seen_new_name:
                errors.add(number, OFFICIAL_NAME,
                           _("Ambiguous: row %(row)d of this file has the same name without a NIP. "
                             "Add the NIP to tell them apart.") % {"row": seen_new_name[name_key]})
                continue
            seen_new_name[name_key] = number
        planned.append(PlannedRow(number, nip or name, CREATE, {**values, "nip": nip}, None))
    return planned


def _apply_officials(result: ImportResult, user: Any, errors: ErrorList) -> None:
    """Officials first (a created one becomes its plan's `payload`, for the terms naming it),
    then the new positions, then the terms: updates before creations, so a term whose end
    the file moves earlier makes room for its successor."""
    actor = Actor(user, source=AuditSource.IMPORT)

    def write(planned: PlannedRow) -> None:
        if planned.action == CREATE:
            planned.payload = create_object(actor, Official(**planned.changes))
        elif planned.action == UPDATE:
            official: Official = planned.payload
            update_object(actor, official, planned.changes, expected_version=official.version)

    def write_position(planned: PlannedRow) -> None:
        planned.payload = create_object(actor, Position(**planned.changes))

    def write_term(planned: PlannedRow) -> None:
        plan: _TermPlan = planned.payload
        if planned.action == CREATE:
            term = PositionTerm(position=_resolved(plan.position), official=_resolved(plan.official),
                                **planned.changes)
            plan.existing = create_object(actor, term)
        elif planned.action == UPDATE:
            term = plan.existing
            plan.existing = update_object(actor, term, planned.changes, expected_version=term.version)

    updates = [t for t in result.terms if t.action == UPDATE]
    creates = [t for t in result.terms if t.action == CREATE]
    _apply(result, errors, [
        (result.rows, OFFICIAL_TITLES, write),
        (result.positions, POSITION_TITLES, write_position),
        (updates, TERM_TITLES, write_term),
        (creates, TERM_TITLES, write_term),
    ])


# ------------------------------------------------------------------------------ position terms

POSITION_TITLES = {
    "government": TERM_GOVERNMENT.title, "unit": TERM_UNIT.title, "title": TERM_POSITION.title,
    "__all__": "",
}
TERM_TITLES = {
    "position": TERM_POSITION.title, "official": TERM_OFFICIAL.title, "capacity": TERM_CAPACITY.title,
    "start": TERM_START.title, "end": TERM_END.title, "decree": TERM_DECREE.title, "__all__": "",
}


def _norm(text: Any) -> str:
    return " ".join(str(text).split())


def _fold(text: Any) -> str:
    return _norm(text).casefold()


def capacity_aliases() -> dict[str, str]:
    """Every accepted spelling of a capacity, case-folded -> its code: the code, the label in
    the current language, Indonesian and English, the label without its abbreviation
    ("Penjabat") and the title prefix ("Pj.")."""
    aliases: dict[str, str] = {}
    languages = dict.fromkeys([translation.get_language() or "id", "id", "en"])
    for value, label in Capacity.choices:
        aliases[value.casefold()] = value
        prefix = CAPACITY_PREFIX.get(value, "")
        if prefix:
            aliases.setdefault(prefix.casefold(), value)
        for language in languages:
            with translation.override(language):
                text = _fold(label)
            aliases.setdefault(text, value)
            aliases.setdefault(re.sub(r"\s*\(.*\)$", "", text), value)
    return aliases


def parse_capacity(text: str, aliases: dict[str, str] | None = None) -> str:
    """`Pj`, `pj`, `Penjabat (Pj)`, `Definitif`, `Definitive`, `Plt.` -> the capacity code;
    ValueError (user's language) for anything else."""
    value = (aliases if aliases is not None else capacity_aliases()).get(_fold(text))
    if value is None:
        raise ValueError(
            _("Unknown value \"%(value)s\"; choose one of: %(choices)s.")
            % {"value": str(text)[:50], "choices": ", ".join(Capacity.values)}
        )
    return value


@dataclass
class _TermPlan:
    """One "Jabatan" row: its position and official (stored objects, or the PlannedRow of the
    position / official this import creates) and the term's values. Rules see it as a term."""

    number: int
    position: Any
    official: Any
    start: Any
    end: Any
    capacity: str
    decree: str
    existing: PositionTerm | None


def _ref_key(ref: Any) -> tuple:
    if isinstance(ref, PlannedRow):
        return ("row", ref.sheet, ref.number)
    return (type(ref).__name__, ref.pk)


def _resolved(ref: Any) -> Any:
    """The stored object behind a reference (a PlannedRow's object once written)."""
    return ref.payload if isinstance(ref, PlannedRow) else ref


class _Officials:
    """Who a "Jabatan" row may name: officials as they will be once the "Pejabat" sheet is
    applied (stored ones, renamed ones, new ones), found with two queries for the whole file."""

    def __init__(self, rows: list[Row], official_rows: list[Row], plans: list[PlannedRow],
                 government_ids: set[int], user: Any) -> None:
        nips = set()
        for row in rows:
            if row.get("nip") and "nip" not in row.bad:
                try:
                    nips.add(rules.parse_nip(row["nip"]).nip)
                except ValueError:
                    continue
        self.by_nip: dict[str, Any] = {
            o.nip: o for o in scoped(Official.objects.filter(nip__in=nips), user)
        }
        people: dict[tuple, tuple[Any, int, str, str]] = {}
        for official in Official.objects.filter(government_id__in=government_ids):
            people[_ref_key(official)] = (official, official.government_id, official.name,
                                          official.full_name)
        for plan in plans:
            if plan.action == CREATE:
                v = plan.changes
                ref: Any = plan
                if v.get("nip"):
                    self.by_nip[v["nip"]] = plan
            else:
                ref = plan.payload
                v = {f: plan.changes.get(f, getattr(ref, f))
                     for f in ("government_id", "name", "front_title", "back_title")}
                if ref.nip:
                    self.by_nip[ref.nip] = ref
            people[_ref_key(ref)] = (ref, v["government_id"], v["name"],
                                     rules.format_name(v["front_title"], v["name"], v["back_title"]))
        self.by_name: dict[tuple[int, str], list[Any]] = defaultdict(list)
        self.by_full_name: dict[tuple[int, str], list[Any]] = defaultdict(list)
        for ref, government_id, name, full_name in people.values():
            self.by_name[(government_id, name)].append(ref)
            if full_name != name:
                self.by_full_name[(government_id, full_name)].append(ref)
        # What the "Pejabat" sheet names, valid or not: a term naming a row of it that has an
        # error gets no second error (the first one says what to correct).
        self.sheet_nips = {rules.normalize_nip(str(r["nip"])) for r in official_rows if r.get("nip")}
        self.sheet_names = {(r.get("government"), r.get("name")) for r in official_rows if r.get("name")}

    def find(self, row: Row, nip: str | None, government: Government, errors: ErrorList) -> Any:
        """The official the row names, or None (with an error unless explained elsewhere)."""
        sheet = TERM_SHEET.name
        if nip:
            found = self.by_nip.get(nip)
            if found is None and nip not in self.sheet_nips:
                errors.add(row.number, TERM_NIP,
                           _("Unknown official: no official you can see has the NIP %(nip)s. Add the "
                             "official to the sheet \"Pejabat\".") % {"nip": nip}, sheet)
            return found
        name = row.get("official")
        if not name:
            if "official" not in row.bad:
                errors.add(row.number, TERM_OFFICIAL, _("Give the NIP or the name of the official."),
                           sheet)
            return None
        matches = self.by_name.get((government.pk, name)) or self.by_full_name.get((government.pk, name))
        if matches and len(matches) > 1:
            errors.add(row.number, TERM_OFFICIAL,
                       _("Ambiguous: %(count)d officials of %(government)s are named \"%(name)s\". "
                         "Add the NIP to choose one.")
                       % {"count": len(matches), "government": government, "name": name}, sheet)
            return None
        if not matches:
            if (government.region_id, name) not in self.sheet_names:
                errors.add(row.number, TERM_OFFICIAL,
                           _("Unknown official \"%(name)s\" in %(government)s. Add the official to "
                             "the sheet \"Pejabat\", or give the NIP.")
                           % {"name": name, "government": government}, sheet)
            return None
        return matches[0]


def _plan_terms(rows: list[Row], official_rows: list[Row], official_plans: list[PlannedRow],
                user: Any, errors: ErrorList) -> tuple[list[PlannedRow], list[PlannedRow]]:
    """Check the "Jabatan" rows against the stored positions and terms and the officials
    the "Pejabat" sheet leaves; return the positions to create and a plan per term row."""
    if not rows:
        return [], []
    sheet = TERM_SHEET.name
    governments = _governments(rows, errors, _WriteScope(user, Position),
                               _("You may not change the positions of %(government)s."), sheet)
    gov_ids = {g.pk for g in governments.values()}
    aliases = capacity_aliases()
    units = {
        (gov, code): pk
        for gov, code, pk in Unit.objects.filter(government_id__in=gov_ids).values_list(
            "government_id", "code", "pk")
    }
    positions: dict[tuple[int, int | None, str], Position] = {}
    positions_folded: dict[tuple[int, int | None, str], list[Position]] = defaultdict(list)
    for position in Position.objects.filter(government_id__in=gov_ids):
        positions[(position.government_id, position.unit_id, position.title)] = position
        positions_folded[(position.government_id, position.unit_id, _fold(position.title))].append(position)
    stored_terms: dict[tuple[int, int, Any], PositionTerm] = {}
    terms_of: dict[int, list[PositionTerm]] = defaultdict(list)
    for term in PositionTerm.objects.filter(position__government_id__in=gov_ids).select_related("official"):
        stored_terms[(term.position_id, term.official_id, term.start)] = term
        terms_of[term.position_id].append(term)
    officials = _Officials(rows, official_rows, official_plans, gov_ids, user)

    new_positions: dict[tuple[int, int | None, str], PlannedRow] = {}
    seen: dict[tuple, int] = {}
    planned: list[PlannedRow] = []
    for row in rows:
        number = row.number
        government = governments.get(number)
        ok = government is not None and not row.bad
        nip = None
        if row.get("nip") and "nip" not in row.bad:
            try:
                nip = rules.parse_nip(row["nip"]).nip
            except ValueError as exc:
                errors.add(number, TERM_NIP, exc, sheet)
                ok = False
        capacity = None
        if row.get("capacity") and "capacity" not in row.bad:
            try:
                capacity = parse_capacity(row["capacity"], aliases)
            except ValueError as exc:
                errors.add(number, TERM_CAPACITY, exc, sheet)
                ok = False
        start, end = row.get("start"), row.get("end")
        if start and end and end < start:
            errors.add(number, TERM_END, _("The end date is before the start date."), sheet)
            ok = False
        if government is None:
            continue
        unit_code = row.get("unit") or ""
        unit_id = None
        if unit_code and "unit" not in row.bad:
            unit_id = units.get((government.pk, unit_code))
            if unit_id is None:
                errors.add(number, TERM_UNIT, _("Unknown unit code \"%(code)s\" in %(government)s.")
                           % {"code": unit_code, "government": government}, sheet)
                ok = False
        nip_unusable = "nip" in row.bad or (row.get("nip") and nip is None)
        official = None if nip_unusable else officials.find(row, nip, government, errors)
        if not ok or official is None:
            continue
        title = _norm(row["position"])
        position: Any = positions.get((government.pk, unit_id, title))
        if position is None:
            folded = positions_folded.get((government.pk, unit_id, _fold(title)), [])
            if len(folded) > 1:
                errors.add(number, TERM_POSITION,
                           _("Ambiguous: %(count)d positions of %(government)s differ from \"%(title)s\" "
                             "only in upper and lower case. Write the title exactly as stored.")
                           % {"count": len(folded), "government": government, "title": title}, sheet)
                continue
            position = folded[0] if folded else None
        if position is None:
            key = (government.pk, unit_id, _fold(title))
            position = new_positions.get(key)
            if position is None:
                position = new_positions[key] = PlannedRow(
                    number, f"{government.region_id}/{unit_code}/{title}", CREATE,
                    {"government_id": government.pk, "unit_id": unit_id, "title": title}, sheet=sheet,
                )
        term_key = (_ref_key(position), _ref_key(official), start)
        if term_key in seen:
            errors.add(number, TERM_START,
                       _("The same term (position, official and start) is already in row %(row)d of "
                         "this file.") % {"row": seen[term_key]}, sheet)
            continue
        seen[term_key] = number
        existing = None
        if isinstance(position, Position) and isinstance(official, Official):
            existing = stored_terms.get((position.pk, official.pk, start))
        values = {"capacity": capacity, "end": end, "decree": row.get("decree") or ""}
        plan = _TermPlan(number, position, official, start, end, capacity, values["decree"], existing)
        label = f"{government.region_id}/{title}/{start.isoformat()}"
        if existing is None:
            planned.append(PlannedRow(number, label, CREATE, {**values, "start": start}, plan, sheet))
        else:
            changes = {k: v for k, v in values.items() if getattr(existing, k) != v}
            planned.append(PlannedRow(number, label, UPDATE if changes else UNCHANGED, changes, plan, sheet))

    clashing = _overlaps(planned, terms_of, errors)
    planned = [p for p in planned if p.number not in clashing]
    used = {_ref_key(p.payload.position) for p in planned}
    return [p for p in new_positions.values() if _ref_key(p) in used], planned


def _overlaps(planned: list[PlannedRow], terms_of: dict[int, list[PositionTerm]],
              errors: ErrorList) -> set[int]:
    """Rows whose new or changed term overlaps another term of the same position and capacity:
    a stored term the file leaves alone, or another row (reported once, on the later row)."""
    by_position: dict[tuple, list[PlannedRow]] = defaultdict(list)
    for item in planned:
        by_position[_ref_key(item.payload.position)].append(item)
    clashing: set[int] = set()
    for items in by_position.values():
        position = items[0].payload.position
        rewritten = {i.payload.existing.pk for i in items if i.payload.existing is not None}
        stored = [] if isinstance(position, PlannedRow) else [
            t for t in terms_of.get(position.pk, []) if t.pk not in rewritten
        ]
        for index, item in enumerate(items):
            if item.action == UNCHANGED:
                continue
            others = stored + [o.payload for j, o in enumerate(items)
                               if j != index and (j < index or o.action == UNCHANGED)]
            clash = rules.conflicting_term(item.payload, others)
            if clash is None:
                continue
            clashing.add(item.number)
            if isinstance(clash, _TermPlan):
                reason = (_("This term overlaps the %(capacity)s term of row %(row)d of this file: a "
                            "position has one holder per capacity at a time.")
                          % {"capacity": Capacity(clash.capacity).label, "row": clash.number})
            else:
                reason = (_("%(official)s already holds this position as %(capacity)s from %(start)s.")
                          % {"official": clash.official, "capacity": clash.get_capacity_display(),
                             "start": clash.start.isoformat()})
            errors.add(item.number, TERM_START, reason, TERM_SHEET.name)
    return clashing
