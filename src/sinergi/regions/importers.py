"""Import units and officials from xlsx: check every row first, then write all or nothing.

`import_units(data, user)` and `import_officials(data, user)` take the uploaded bytes and the
user and return an `ImportResult` (planned rows and errors); views and tests call them alike.
Nothing is written unless every row is valid; then one transaction applies the creates and
updates through core.services (each one audited with source "import") and leaves unchanged
rows alone, so re-importing an export writes nothing.

Keys: a unit is (government code, unit code); an official is its NIP when the row has one,
otherwise the exact (government, name) — a name shared by several officials is ambiguous.
A blank NIP never clears a stored one. The officials' "Jabatan" sheet is exported for
reference and ignored on import (positions are edited in the application).
The workbook layouts below are also what the exporters write (regions.exporters).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.core.models import AuditSource
from sinergi.core.paths import is_in_subtree
from sinergi.core.scope import Action, can
from sinergi.core.services import Actor, create_object, update_object
from sinergi.core.spreadsheets import (
    CHOICE,
    DATE,
    Column,
    ErrorList,
    Row,
    RowError,
    SheetSpec,
    SpreadsheetError,
    WorkbookSpec,
    read_workbook,
)
from sinergi.regions import rules
from sinergi.regions.choices import Capacity, RegionLevel, UnitKind
from sinergi.regions.models import Government, Official, Region, Unit

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

OFFICIAL_SHEET = SheetSpec("Pejabat", [GOVERNMENT, OFFICIAL_NIP, OFFICIAL_FRONT, OFFICIAL_NAME,
                                       OFFICIAL_BACK, OFFICIAL_EMAIL, OFFICIAL_PHONE])
TERM_SHEET = SheetSpec(
    "Jabatan",
    [
        Column("government", "Kode Pemerintah", width=16),
        Column("nip", "NIP", width=22),
        Column("official", "Nama", width=32),
        Column("position", "Jabatan", width=40),
        Column("unit", "Kode Unit", width=16),
        Column("capacity", "Status Jabatan", kind=CHOICE, choices=Capacity.choices, width=14),
        Column("start", "Mulai", kind=DATE, width=13),
        Column("end", "Sampai", kind=DATE, width=13),
        Column("decree", "Nomor SK", width=28),
    ],
    importable=False,
    help=gettext_lazy("Current positions of the exported officials, for reference. This sheet is "
                      "ignored on import: positions are edited in the application."),
)
OFFICIAL_BOOK = WorkbookSpec(
    [OFFICIAL_SHEET, TERM_SHEET],
    instructions=[
        gettext_lazy("One row per official, below the header of the sheet \"Pejabat\". Do not "
                     "change the header row."),
        gettext_lazy("An official is found by NIP when the row has one, otherwise by the exact "
                     "name within the government; a name that several officials share must be "
                     "given with its NIP. An empty NIP never removes a stored one."),
        gettext_lazy("The whole file is checked first: if any row has an error, nothing is saved "
                     "and every error is listed with its row and column."),
    ],
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


@dataclass
class ImportResult:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False

    @classmethod
    def refused(cls, reason: str) -> ImportResult:
        return cls(errors=[RowError(None, "", reason)])

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def file_errors(self) -> list[RowError]:
        return [e for e in self.errors if e.row is None]

    @property
    def row_errors(self) -> list[RowError]:
        return [e for e in self.errors if e.row is not None]

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


def _governments(rows: list[Row], errors: ErrorList, writable: _WriteScope, denied: Any) -> dict:
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
                       _("Unknown government code \"%(code)s\".") % {"code": code})
        elif not writable(government.pk):
            errors.add(row.number, GOVERNMENT, str(denied) % {"government": government})
        else:
            found[row.number] = government
    return found


def _validation_messages(exc: ValidationError, titles: dict[str, str]) -> list[tuple[str, str]]:
    if hasattr(exc, "error_dict"):
        return [(titles.get(name, ""), message) for name, messages in exc.message_dict.items()
                for message in messages]
    return [("", message) for message in exc.messages]


def _apply(result: ImportResult, errors: ErrorList, titles: dict[str, str], write) -> None:
    """Run `write(planned_row)` for every row in one transaction; on any refusal, roll back
    everything and report it on its row."""
    try:
        with transaction.atomic():
            for planned in result.rows:
                try:
                    write(planned)
                except ValidationError as exc:
                    for column, message in _validation_messages(exc, titles):
                        errors.add(planned.number, column, message)
                    raise _Rollback from None
                except PermissionDenied:
                    errors.add(planned.number, "", _("You may not save this row."))
                    raise _Rollback from None
                except IntegrityError:
                    errors.add(planned.number, "", _("This row clashes with a record saved meanwhile. "
                                                     "Import the file again."))
                    raise _Rollback from None
    except _Rollback:
        result.errors = sorted(errors, key=_error_order)
        result.rows = []
        return
    result.applied = True


def _error_order(error: RowError) -> tuple:
    return (error.row or 0, error.sheet, error.column, error.reason)


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

    _apply(result, errors, UNIT_TITLES, write)


# ------------------------------------------------------------------------------ officials

OFFICIAL_FIELDS = ("government_id", "front_title", "name", "back_title", "email", "phone")
OFFICIAL_TITLES = {
    "government": GOVERNMENT.title, "nip": OFFICIAL_NIP.title, "front_title": OFFICIAL_FRONT.title,
    "name": OFFICIAL_NAME.title, "back_title": OFFICIAL_BACK.title, "email": OFFICIAL_EMAIL.title,
    "phone": OFFICIAL_PHONE.title, "__all__": "",
}


def import_officials(data: bytes, user: Any, *, dry_run: bool = False) -> ImportResult:
    """Check every row of the uploaded workbook; unless there is an error (or `dry_run`),
    create and update the officials in one audited transaction."""
    rows, errors, refused = _read(data, OFFICIAL_BOOK)
    if refused is not None:
        return refused
    plans = _plan_officials(rows, user, errors)
    result = ImportResult(rows=plans, errors=sorted(errors, key=_error_order))
    if result.errors:
        result.rows = []
        return result
    if not dry_run:
        _apply_officials(result, user, errors)
    return result


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
    actor = Actor(user, source=AuditSource.IMPORT)

    def write(planned: PlannedRow) -> None:
        if planned.action == CREATE:
            create_object(actor, Official(**planned.changes))
        elif planned.action == UPDATE:
            official: Official = planned.payload
            update_object(actor, official, planned.changes, expected_version=official.version)

    _apply(result, errors, OFFICIAL_TITLES, write)
