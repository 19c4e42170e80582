"""Import the planning nomenclature from CSV or xlsx: check every row, then write all or nothing.

The file has two columns, `code` and `name` (also accepted: `kode`, `nama`); the level and the
parent of each row follow from its code (planning.rules.parse_code). Every row is checked
first — code structure, missing name, repeated code, parent neither in the file nor stored —
and each problem is reported with its row and column; nothing is written unless all rows are
valid. Then one transaction creates the new items and renames the changed ones, recording one
summary AuditEvent (the catalogue has tens of thousands of rows, like the region registry).
Importing the same file again changes nothing. Items missing from the file are kept:
activities may refer to them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.core.models import AuditAction
from sinergi.core.scope import Action, can
from sinergi.core.services import Actor, record
from sinergi.core.spreadsheets import (
    Column,
    ErrorList,
    RowError,
    SheetSpec,
    SpreadsheetError,
    WorkbookSpec,
    read_workbook,
)
from sinergi.planning import rules
from sinergi.planning.models import NomenclatureItem
from sinergi.regions.importers import CREATE, UNCHANGED, UPDATE, ImportResult, PlannedRow

NAME_MAX = NomenclatureItem._meta.get_field("name").max_length
CODE_TITLE, NAME_TITLE = "code", "name"
ALIASES = {"code": "code", "kode": "code", "name": "name", "nama": "name"}


def _book(code_title: str, name_title: str) -> WorkbookSpec:
    return WorkbookSpec([SheetSpec("Nomenklatur", [
        Column("code", code_title, required=True, max_length=20, width=22,
               help=gettext_lazy("U.BB.PP.L.KK.SSSS or a leading part of it, e.g. 1.01.01.2.01.0001; "
                                 "format the column as Text.")),
        Column("name", name_title, required=True, max_length=NAME_MAX, width=70),
    ])])


NOMENCLATURE_BOOK = _book(CODE_TITLE, NAME_TITLE)
NOMENCLATURE_BOOK_ID = _book("kode", "nama")


@dataclass(frozen=True)
class _Line:
    number: int
    code: str
    name: str


def _read_csv(data: bytes, errors: ErrorList) -> list[_Line]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError(_("The CSV file is not UTF-8 text. Save it as \"CSV UTF-8\".")) from None
    lines = text.splitlines()
    numbered = [(n, line) for n, line in enumerate(lines, start=1)
                if line.strip() and not line.lstrip().startswith("#")]
    if not numbered:
        raise SpreadsheetError(_("The file is empty."))
    header_line = numbered[0][1]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    header = [ALIASES.get(h.strip().casefold(), h.strip()) for h in
              next(csv.reader([header_line], delimiter=delimiter))]
    missing = [c for c in ("code", "name") if c not in header]
    if missing:
        raise SpreadsheetError(
            _("The first row must name the columns code and name (missing: %(columns)s).")
            % {"columns": ", ".join(missing)}
        )
    code_at, name_at = header.index("code"), header.index("name")
    result = []
    for number, line in numbered[1:]:
        cells = next(csv.reader([line], delimiter=delimiter), [])
        code = cells[code_at].strip() if code_at < len(cells) else ""
        name = cells[name_at].strip() if name_at < len(cells) else ""
        if not code and not name:
            continue
        if not name:
            errors.add(number, NAME_TITLE, _("This column is required."))
        elif len(name) > NAME_MAX:
            errors.add(number, NAME_TITLE, _("At most %(max)d characters; this value has %(length)d.")
                       % {"max": NAME_MAX, "length": len(name)})
            name = ""
        result.append(_Line(number, code, name))
    if not result:
        raise SpreadsheetError(_("The file contains no data rows."))
    return result


def _read_xlsx(data: bytes, errors: ErrorList) -> list[_Line]:
    try:
        read = read_workbook(data, NOMENCLATURE_BOOK)
    except SpreadsheetError as first:
        try:  # the Indonesian column titles (kode, nama) are accepted too
            read = read_workbook(data, NOMENCLATURE_BOOK_ID)
        except SpreadsheetError:
            raise first from None
    errors.extend(read.errors)
    return [_Line(row.number, row.get("code") or "", row.get("name") or "")
            for row in read.rows("Nomenklatur")]


def import_nomenclature(data: bytes, actor: Actor, *, dry_run: bool = False) -> ImportResult:
    """Check the uploaded CSV or xlsx (told apart by content) and, unless a row has an error
    (or `dry_run`), write the whole catalogue extract in one transaction."""
    if actor.user is not None and not can(actor.user, Action.ADD, NomenclatureItem):
        return ImportResult.refused(_("Only administrators may import the nomenclature."))
    errors = ErrorList()
    try:
        lines = _read_xlsx(data, errors) if data[:2] == b"PK" else _read_csv(data, errors)
    except SpreadsheetError as exc:
        return ImportResult.refused(str(exc))
    plans = _plan(lines, errors)
    result = ImportResult(rows=plans, errors=sorted(errors, key=_order))
    if result.errors:
        result.rows = []
        return result
    if not dry_run:
        _apply(result, actor)
    return result


def _order(error: RowError) -> tuple:
    return (error.row or 0, error.column, error.reason)


def _plan(lines: list[_Line], errors: ErrorList) -> list[PlannedRow]:
    parsed: dict[str, tuple[_Line, rules.ParsedCode]] = {}
    for line in lines:
        if not line.code:
            errors.add(line.number, CODE_TITLE, _("This column is required."))
            continue
        try:
            code = rules.parse_code(line.code)
        except ValueError as exc:
            errors.add(line.number, CODE_TITLE, exc)
            continue
        if code.code in parsed:
            errors.add(line.number, CODE_TITLE,
                       _("The code %(code)s is already in row %(row)d of this file.")
                       % {"code": code.code, "row": parsed[code.code][0].number})
            continue
        parsed[code.code] = (line, code)
    stored = {
        code: (name, level, parent, version)
        for code, name, level, parent, version in NomenclatureItem.objects.filter(
            code__in=set(parsed) | {c.parent for _l, c in parsed.values() if c.parent}
        ).values_list("code", "name", "level", "parent_id", "version")
    }
    planned = []
    for code, (line, info) in sorted(parsed.items(), key=lambda kv: (kv[0].count("."), kv[0])):
        if info.parent and info.parent not in parsed and info.parent not in stored:
            errors.add(line.number, CODE_TITLE,
                       _("The parent %(parent)s of %(code)s is neither in this file nor stored; "
                         "add its row.") % {"parent": info.parent, "code": code})
            continue
        if not line.name:
            continue
        wanted = (line.name, info.level, info.parent)
        values = {"code": code, "name": line.name, "level": info.level, "parent_id": info.parent}
        if code not in stored:
            planned.append(PlannedRow(line.number, code, CREATE, values))
        elif stored[code][:3] != wanted:
            changes = {k: v for k, v, old in zip(("name", "level", "parent_id"), wanted,
                                                 stored[code][:3], strict=True) if v != old}
            values["version"] = stored[code][3] + 1
            planned.append(PlannedRow(line.number, code, UPDATE, changes, values))
        else:
            planned.append(PlannedRow(line.number, code, UNCHANGED))
    return planned


@transaction.atomic
def _apply(result: ImportResult, actor: Actor) -> None:
    creates = [NomenclatureItem(**r.changes) for r in result.rows if r.action == CREATE]
    now = timezone.now()
    updates = [NomenclatureItem(**r.payload, updated_at=now) for r in result.rows if r.action == UPDATE]
    NomenclatureItem.objects.bulk_create(creates, batch_size=2000)
    NomenclatureItem.objects.bulk_update(
        updates, ["name", "level", "parent", "version", "updated_at"], batch_size=2000)
    result.applied = True
    if creates or updates:
        anchor = (creates or updates)[0]
        record(actor, AuditAction.OTHER, anchor, None,
               {"created": [c.code for c in creates][:1000],
                "updated": {u.code: u.name for u in updates[:1000]}},
               note=f"load_nomenclature: {len(creates)} created, {len(updates)} updated")


def load_sample_nomenclature(actor: Actor) -> ImportResult:
    """The small illustrative extract shipped for the demo (data/nomenclature_sample.csv)."""
    from sinergi.planning.services import read_shipped

    return import_nomenclature(read_shipped("nomenclature_sample.csv").encode(), actor)


def result_summary(result: ImportResult) -> dict[str, Any]:
    return {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
