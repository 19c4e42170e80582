"""xlsx templates, exports and all-or-nothing imports: the machinery every app's importers share.

An app describes its workbook once (`WorkbookSpec` of `SheetSpec` of `Column`) and uses the
same description to write the template, to export its rows and to read an upload back:

- `write_workbook(spec, rows)` writes a real .xlsx with openpyxl: a bold, frozen header row,
  column widths, text-formatted text columns (so an 18-digit NIP stays text), drop-down lists
  for enumerations and a secondary "Petunjuk" (instructions) sheet describing every column.
  With no rows it is the import template.
- `read_workbook(data, spec)` reads an upload with python-calamine (fast, no styles): it
  refuses what is not an xlsx, is empty, too big or has the wrong header with a
  `SpreadsheetError`, and converts every cell, collecting a `RowError` (row number as Excel
  shows it, column title, reason in the user's language) for each bad one instead of stopping
  at the first. The app then adds its own row errors (unknown codes, scope, duplicates, ...)
  to the same list and writes nothing unless the list stays empty.

Formula injection policy: the reader refuses formula cells, and text that starts with
=, +, - or @ (or a tab / carriage return). A column may accept such text when the whole value
matches its `safe_pattern` (a phone number "+62 812 ..." or a negative amount cannot run
anything). Export writes every text value as a string cell, never as a formula.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from sinergi.core.text import UNPRINTABLE, printable, validate_text

unprintable = UNPRINTABLE.search

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INSTRUCTIONS_SHEET = "Petunjuk"
LISTS_SHEET = "Daftar"
MAX_ROWS = 100_000
# An xlsx is a zip: refuse one that expands to more than this many times the upload limit.
MAX_EXPANSION = 40
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Excel keeps 15 significant digits of a number: longer ones (NIPs) are already damaged.
EXACT_DIGITS = 15
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
# How dates and amounts show in the workbooks Sinergi writes: the Indonesian way (15/04/2026,
# Rp 183.410.900 in an Indonesian Excel: the separators follow the reader's locale). The cells
# hold real dates and numbers, never text.
EXCEL_DATE_FORMAT = "dd/mm/yyyy"
RUPIAH_FORMAT = '"Rp "#,##0'
PERCENT_FORMAT = "0.0#"  # a percentage as the number of percent (86.5), not a fraction

TEXT = "text"
DATE = "date"
# For writing only (exports): a moment, written as the local date and time it was (the caller
# converts it to the reader's zone; Excel has no time zones).
DATETIME = "datetime"
EXCEL_DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
CHOICE = "choice"
# Written as a real number cell when the value is a number; read back as the int/float the cell
# holds, or as text (typed "Rp 1.500.000") for the app to parse.
NUMBER = "number"


class SpreadsheetError(Exception):
    """The file as a whole cannot be read (not an xlsx, empty, too big, wrong header)."""


@dataclass(frozen=True, order=True)
class RowError:
    """One problem, where the user will look for it: row as Excel numbers it, column title."""

    row: int | None
    column: str
    reason: str
    sheet: str = ""


@dataclass(frozen=True)
class Column:
    """One column of a sheet.

    key:          the name the app uses for the value (`row["code"]`).
    title:        the header users see and the reader matches (stable: not translated).
    kind:         TEXT, DATE, CHOICE or NUMBER.
    required:     an empty cell is an error.
    max_length:   longest text accepted.
    choices:      for CHOICE: (value, label) pairs; the cell may hold the value or its label.
    help:         one line for the instructions sheet.
    width:        column width in the workbook.
    safe_pattern: text fully matching it is accepted even if it starts with + or - .
    ignored:      for reading only (context the export writes): its header must be there, its
                  cells are not converted nor returned.
    number_format: how a NUMBER column's cells show (RUPIAH_FORMAT, PERCENT_FORMAT); "General"
                  when empty.
    optional:     its header may be missing from an upload (a file made before the column
                  existed): the rows then have no value for its key at all (`key in row.values`
                  is False), and the app leaves what is stored alone.
    """

    key: str
    title: str
    kind: str = TEXT
    required: bool = False
    max_length: int | None = None
    choices: Sequence[tuple[str, Any]] = ()
    help: Any = ""
    width: int = 18
    safe_pattern: re.Pattern[str] | None = None
    ignored: bool = False
    optional: bool = False
    number_format: str = ""


@dataclass(frozen=True)
class SheetSpec:
    """A sheet of the workbook. `importable=False` sheets are exported for reference only; an
    `optional` importable sheet may be missing from an upload (a file downloaded before the
    sheet existed): it then reads as having no rows."""

    name: str
    columns: Sequence[Column]
    importable: bool = True
    help: Any = ""
    optional: bool = False

    @property
    def titles(self) -> list[str]:
        return [c.title for c in self.columns]


@dataclass(frozen=True)
class WorkbookSpec:
    sheets: Sequence[SheetSpec]
    instructions: Sequence[Any] = ()

    def sheet(self, name: str) -> SheetSpec:
        return next(s for s in self.sheets if s.name == name)


@dataclass
class Row:
    """A data row: `number` as Excel shows it, converted values by column key (None = empty
    or unreadable; `bad` holds the keys whose cell already has an error)."""

    number: int
    values: dict[str, Any]
    bad: set[str] = field(default_factory=set)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


@dataclass
class ReadResult:
    sheets: dict[str, list[Row]]
    errors: list[RowError]

    def rows(self, sheet: str) -> list[Row]:
        return self.sheets.get(sheet, [])


class ErrorList(list):
    """The errors of an import, in row order once `sorted()`."""

    def add(self, row: int | None, column: Column | str, reason: Any, sheet: str = "") -> None:
        title = column.title if isinstance(column, Column) else column
        self.append(RowError(row, str(title), str(reason), sheet))


# ------------------------------------------------------------------------------------ writing


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _cell_value(column: Column, value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = printable(value)
    if column.kind == DATETIME and isinstance(value, dt.datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if column.kind == DATE and isinstance(value, dt.datetime):
        return value.date()
    if column.kind == DATE and isinstance(value, dt.date):
        return value
    if column.kind == NUMBER and isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if column.kind == NUMBER and isinstance(value, Decimal) and value.is_finite():
        # A real number cell (Excel keeps 15 significant digits: amounts and percentages fit).
        return int(value) if value == value.to_integral_value() else float(value)
    return printable(str(value))


def write_workbook(
    spec: WorkbookSpec, rows: Mapping[str, Iterable[Mapping[str, Any]]] | None = None
) -> bytes:
    """The workbook of `spec` with `rows[sheet name]` (dicts by column key) as its data.
    Without rows it is the empty import template."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    rows = rows or {}
    book = Workbook()
    book.remove(book.active)
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1F4E79")
    lists_sheet = None
    for sheet_spec in spec.sheets:
        sheet = book.create_sheet(sheet_spec.name)
        sheet.append(sheet_spec.titles)
        for index, column in enumerate(sheet_spec.columns, start=1):
            cell = sheet.cell(row=1, column=index)
            cell.font = header_font
            cell.fill = header_fill
            cell.alignment = Alignment(vertical="center")
            letter = _column_letter(index)
            dimension = sheet.column_dimensions[letter]
            dimension.width = column.width
            # Column style: what users type later stays text (leading zeros, 18-digit NIPs).
            dimension.number_format = (EXCEL_DATE_FORMAT if column.kind == DATE
                                       else EXCEL_DATETIME_FORMAT if column.kind == DATETIME
                                       else (column.number_format or "General") if column.kind == NUMBER
                                       else "@")
        row_number = 1  # the header; counted here because sheet.max_row scans every cell
        for values in rows.get(sheet_spec.name, ()):
            line = [_cell_value(c, values.get(c.key)) for c in sheet_spec.columns]
            sheet.append(line)
            row_number += 1
            for index, (column, value) in enumerate(zip(sheet_spec.columns, line, strict=True), 1):
                if value is None:
                    continue
                cell = sheet.cell(row=row_number, column=index)
                if column.kind == DATE:
                    cell.number_format = EXCEL_DATE_FORMAT
                elif column.kind == DATETIME and isinstance(value, dt.datetime):
                    cell.number_format = EXCEL_DATETIME_FORMAT
                elif column.kind == NUMBER and not isinstance(value, str):
                    cell.number_format = column.number_format or "General"
                else:
                    # Never a formula, whatever the text starts with.
                    cell.data_type = "s"
                    cell.number_format = "@"
        sheet.freeze_panes = "A2"
        if not sheet_spec.importable:
            sheet.sheet_properties.tabColor = "999999"
            continue
        for index, column in enumerate(sheet_spec.columns, start=1):
            if column.kind != CHOICE or not column.choices:
                continue
            values = [str(v) for v, _label in column.choices]
            inline = '"' + ",".join(values) + '"'
            if len(inline) <= 255:
                formula = inline
            else:  # Excel limits inline lists to 255 characters: list them on a hidden sheet.
                if lists_sheet is None:
                    lists_sheet = book.create_sheet(LISTS_SHEET)
                    lists_sheet.sheet_state = "hidden"
                list_col = lists_sheet.max_column + (1 if lists_sheet.max_row > 1 else 0)
                for r, value in enumerate(values, start=1):
                    lists_sheet.cell(row=r, column=list_col, value=value).data_type = "s"
                list_letter = _column_letter(list_col)
                formula = f"'{LISTS_SHEET}'!${list_letter}$1:${list_letter}${len(values)}"
            validation = DataValidation(type="list", formula1=formula, allow_blank=not column.required)
            validation.error = _("Choose a value from the list.")
            validation.errorTitle = str(column.title)
            validation.prompt = str(column.help or "")[:255]
            validation.showErrorMessage = True
            letter = _column_letter(index)
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(validation)
    _write_instructions(book, spec)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_instructions(book, spec: WorkbookSpec) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(INSTRUCTIONS_SHEET)
    bold = Font(bold=True)
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 26
    sheet.column_dimensions["C"].width = 12
    sheet.column_dimensions["D"].width = 90
    sheet.append([str(_("Instructions"))])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in spec.instructions:
        sheet.append([str(line)])
    sheet.append([_(
        "Cells that are formulas, or text starting with =, +, - or @, are refused "
        "(formula injection), except where a column says otherwise."
    )])
    sheet.append([])
    sheet.append([_("Sheet"), _("Column"), _("Required"), _("Description")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for sheet_spec in spec.sheets:
        if sheet_spec.help:
            sheet.append([sheet_spec.name, "", "", str(sheet_spec.help)])
        for column in sheet_spec.columns:
            description = str(column.help or "")
            if column.kind == DATE:
                description = " ".join([description, _("Date, e.g. 2025-01-31.")]).strip()
            if column.max_length:
                limit = _("At most %(max)d characters.") % {"max": column.max_length}
                description = " ".join([description, limit]).strip()
            required = _("yes") if column.required and sheet_spec.importable else ""
            sheet.append([sheet_spec.name, str(column.title), required, description])
            if column.kind == CHOICE:
                for value, label in column.choices:
                    sheet.append(["", "", "", f"{value} = {label}"])
    for row in sheet.iter_rows(min_row=2):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# ------------------------------------------------------------------------------------ reading


def _normalize_title(value: Any) -> str:
    return " ".join(str(value or "").split()).casefold()


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_upload(data: bytes, max_bytes: int | None = None) -> zipfile.ZipFile:
    """Refuse what is not a reasonably sized xlsx before any real parsing."""
    max_bytes = settings.SINERGI_MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    if not data:
        raise SpreadsheetError(_("The file is empty."))
    if len(data) > max_bytes:
        raise SpreadsheetError(
            _("The file is too big (%(size)s); the limit is %(limit)s.")
            % {"size": _megabytes(len(data)), "limit": _megabytes(max_bytes)}
        )
    not_xlsx = SpreadsheetError(
        _("This is not an Excel workbook (.xlsx). Save the file as \"Excel Workbook (.xlsx)\" "
          "and upload it again.")
    )
    if not data.startswith(b"PK"):
        raise not_xlsx
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise not_xlsx from None
    if "xl/workbook.xml" not in names:
        raise not_xlsx
    if sum(info.file_size for info in archive.infolist()) > max_bytes * MAX_EXPANSION:
        raise SpreadsheetError(_("The workbook is too big once unpacked."))
    return archive


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> worksheet part inside the zip (regexes over small parts that
    calamine has already parsed, so they are well-formed)."""
    import html

    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for tag in _REL_TAG.findall(rels):
        attrs = dict(_ATTR.findall(tag))
        target = attrs.get(b"Target", b"").decode()
        target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[attrs.get(b"Id", b"").decode()] = target
    paths = {}
    for tag in _SHEET_TAG.findall(workbook):
        attrs = {k.split(b":")[-1]: v for k, v in _ATTR.findall(tag)}
        name = html.unescape(attrs.get(b"name", b"").decode())
        paths[name] = targets.get(attrs.get(b"id", b"").decode(), "")
    return paths


def formula_cells(xml: bytes) -> list[tuple[int, int]]:
    """(row, column) numbers, 1-based, of the cells holding a formula in a worksheet's XML."""
    if not _may_hold_formula(xml):  # the usual case: nothing to locate
        return []
    found = []
    for cell in _CELL.finditer(xml):
        body = cell.group(2)
        if not body or not _FORMULA.search(body):
            continue
        ref = _REF.search(cell.group(1))
        if ref is None:
            continue
        col = 0
        for ch in ref.group(1).decode():
            col = col * 26 + ord(ch) - 64
        found.append((int(ref.group(2)), col))
    return found


def _sheet_xml(archive: zipfile.ZipFile, paths: Mapping[str, str], names: Sequence[str]) -> list[bytes]:
    """The worksheet XML of each sheet named (b"" when the workbook does not say where it is)."""
    parts = []
    for name in names:
        try:
            parts.append(archive.read(paths[name]) if paths.get(name) else b"")
        except KeyError:
            parts.append(b"")
    return parts


# A prefix bound to the worksheet namespace (transitional or strict), declared on the root.
_MAIN_PREFIX = re.compile(
    rb"""xmlns:([\w.-]+)\s*=\s*["'](?:http://schemas\.openxmlformats\.org/spreadsheetml/2006/main"""
    rb"""|http://purl\.oclc\.org/ooxml/spreadsheetml/main)["']""")


def _may_hold_formula(xml: bytes) -> bool:
    """False when the sheet has no formula element (<f ...>, or <x:f ...> where the root
    element binds x to the worksheet namespace): substring scans, much faster than the pattern
    over a large sheet, that stop at the few look-alikes (<formula1> of a drop-down list)
    instead of matching them."""
    root = xml[:xml.find(b">", xml.find(b"worksheet")) + 1]
    for probe in (b"<f", *(b"<" + prefix + b":f" for prefix in _MAIN_PREFIX.findall(root))):
        at, after = xml.find(probe), len(probe)
        while at != -1:
            if xml[at + after:at + after + 1] in (b">", b" ", b"/", b"\t", b"\n", b"\r"):
                return True
            at = xml.find(probe, at + after)
    return False


class _Bad:
    """The value of a cell that could not be read (its error is in the import's list)."""

    def __repr__(self) -> str:
        return "BAD"


BAD = _Bad()


@dataclass
class SheetTable:
    """An importable sheet as read, before its cells are converted: where each column of the
    spec is, the lines below the header row, and the formula cells. read_workbook converts
    every row into a `Row`; an import of tens of thousands of rows may instead read the cells
    it needs itself (`rows()` and `cell_reader()`): the same conversions and messages, without
    an object per row."""

    spec: SheetSpec
    positions: dict[str, int]
    lines: list[list[Any]]
    formulas: frozenset[tuple[int, int]]

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number as Excel shows it, the line padded to the spec's columns) for each row
        with a value, or a formula, in a column that is read (not `ignored`)."""
        indexes = [self.positions[c.key] for c in self.spec.columns
                   if not c.ignored and c.key in self.positions]
        if not indexes:
            return
        width = max(indexes) + 1
        first, formulas = indexes[0], self.formulas
        for number, line in enumerate(self.lines, start=2):
            if len(line) < width:
                line = [*line, *([None] * (width - len(line)))]
            value = line[first]
            if (value is None or (type(value) is str and not value.strip())) and not (
                formulas and any((number, i + 1) in formulas for i in indexes)
            ) and all(_is_empty(line[i]) for i in indexes):
                continue
            yield number, line

    def cell_reader(self, key: str, errors: ErrorList) -> Callable[[int, list[Any]], Any]:
        """A function (row number, line) -> the cell of column `key` converted as
        read_workbook converts it, or BAD after adding its error to `errors`. The usual cells
        (a number in a NUMBER column, plain text in a TEXT column) are taken in the function
        itself; the others go through the column's converter."""
        column = next(c for c in self.spec.columns if c.key == key)
        index, convert_cell = self.positions[key], _converter(column)
        formulas, sheet = self.formulas, self.spec.name

        def read(number: int, line: list[Any]) -> Any:
            try:
                if formulas and (number, index + 1) in formulas:
                    raise ValueError(formula_refused())
                return convert_cell(line[index])
            except ValueError as exc:
                errors.add(number, column, exc, sheet)
                return BAD

        if formulas:
            return read
        if column.kind == NUMBER:
            def read_number(number: int, line: list[Any]) -> Any:
                raw = line[index]
                kind = type(raw)
                return raw if kind is float or kind is int else read(number, line)
            return read_number
        if column.kind == TEXT and column.safe_pattern is None:
            limit = column.max_length if column.max_length is not None else float("inf")

            empty = BAD if column.required else ""  # what an empty cell reads as

            def read_text(number: int, line: list[Any]) -> Any:
                raw = line[index]
                if type(raw) is str:
                    if raw == "" and empty is not BAD:
                        return empty
                    value = raw.strip()
                    if (value and len(value) <= limit and not value.startswith(FORMULA_PREFIXES)
                            and not unprintable(value)):
                        return value
                return read(number, line)
            return read_text
        return read


def formula_refused() -> str:
    return _("Formulas are not accepted: type (or paste as values) the value itself.")


def no_data_rows() -> SpreadsheetError:
    return SpreadsheetError(_("The file contains no data rows: fill the template below its header."))


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a large import: reading and checking tens of
    thousands of rows allocates millions of small objects, each allocation burst triggering a
    collection that walks every live object (most of the import's own data); none of them
    form cycles, so reference counting frees them as usual. Collection resumes afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_tables(data: bytes, spec: WorkbookSpec, *, max_bytes: int | None = None) -> dict[str, SheetTable]:
    """Open the upload `data` and match the header of every importable sheet of `spec`:
    {sheet name: SheetTable}. Raises SpreadsheetError when the file as a whole is unusable
    (not an xlsx, too big, a sheet missing, a header that does not match, too many rows)."""
    from python_calamine import CalamineError, CalamineWorkbook

    archive = check_upload(data, max_bytes)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
    except (CalamineError, ValueError, OSError):
        raise SpreadsheetError(
            _("The workbook could not be read. Open it in Excel, save it as .xlsx and try again.")
        ) from None
    importable = [s for s in spec.sheets if s.importable and (s.name in names or not s.optional)]
    missing = [s for s in spec.sheets if s.importable and s not in importable]
    sheet_names = []  # the name in the file of each importable sheet
    for sheet_spec in importable:
        name = sheet_spec.name
        if name not in names:
            # A renamed sheet is fine when the template has a single importable sheet.
            candidates = [n for n in names if n not in (INSTRUCTIONS_SHEET, LISTS_SHEET)]
            if len(importable) == 1 and candidates:
                name = candidates[0]
            else:
                raise SpreadsheetError(
                    _("The workbook has no sheet named \"%(sheet)s\". Start from the template.")
                    % {"sheet": sheet_spec.name}
                )
        sheet_names.append(name)
    # The formula scan reads the sheets' XML itself (calamine gives the cached values only).
    # Unpacking it (zlib, which lets other threads run) overlaps calamine's parsing (which
    # does not) in a worker thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        unpacked = pool.submit(_sheet_xml, archive, _sheet_paths(archive), sheet_names)
        read = []
        for name in sheet_names:
            try:
                read.append(book.get_sheet_by_name(name).to_python(skip_empty_area=False))
            except (CalamineError, ValueError):
                raise SpreadsheetError(
                    _("The sheet \"%(sheet)s\" could not be read.") % {"sheet": name}
                ) from None
        try:
            parts = unpacked.result()
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):
            raise SpreadsheetError(
                _("The workbook could not be read. Open it in Excel, save it as .xlsx and try again.")
            ) from None
    tables: dict[str, SheetTable] = {}
    for sheet_spec, table, xml in zip(importable, read, parts, strict=True):
        positions = _match_header(table, sheet_spec)
        tables[sheet_spec.name] = SheetTable(sheet_spec, positions, table[1:], frozenset(formula_cells(xml)))
    for sheet_spec in missing:  # optional and not in the file: no rows
        positions = {column.key: index for index, column in enumerate(sheet_spec.columns)}
        tables[sheet_spec.name] = SheetTable(sheet_spec, positions, [], frozenset())
    return tables


def read_workbook(data: bytes, spec: WorkbookSpec, *, max_bytes: int | None = None) -> ReadResult:
    """Read and convert every importable sheet of `spec` from the upload `data`.

    Raises SpreadsheetError when the file as a whole is unusable; cell problems are returned
    as `errors` with the rows (a bad cell reads as None)."""
    tables = read_tables(data, spec, max_bytes=max_bytes)
    result = ReadResult(sheets={}, errors=ErrorList())
    for name, table in tables.items():
        result.sheets[name] = _read_sheet(table, result.errors)
    if not any(result.sheets.values()):
        raise no_data_rows()
    return result


def _match_header(table: list[list[Any]], spec: SheetSpec) -> dict[str, int]:
    """{column key: index} from the header row; SpreadsheetError when it does not match."""
    header = [_normalize_title(v) for v in (table[0] if table else [])]
    wanted = {_normalize_title(c.title): c for c in spec.columns}
    positions: dict[str, int] = {}
    unknown, duplicated = [], []
    for index, title in enumerate(header):
        if not title:
            continue
        column = wanted.get(title)
        if column is None:
            unknown.append(str(table[0][index]).strip())
        elif column.key in positions:
            duplicated.append(column.title)
        else:
            positions[column.key] = index
    missing = [c.title for c in spec.columns if c.key not in positions and not c.optional]
    if missing or unknown or duplicated:
        parts = []
        if missing:
            parts.append(_("missing: %(columns)s") % {"columns": ", ".join(missing)})
        if unknown:
            parts.append(_("unknown: %(columns)s") % {"columns": ", ".join(unknown)})
        if duplicated:
            parts.append(_("repeated: %(columns)s") % {"columns": ", ".join(duplicated)})
        raise SpreadsheetError(
            _("The header row of sheet \"%(sheet)s\" does not match the template (%(problems)s). "
              "Row 1 must hold the column titles: %(expected)s.")
            % {"sheet": spec.name, "problems": "; ".join(parts), "expected": ", ".join(spec.titles)}
        )
    if len(table) - 1 > MAX_ROWS:
        raise SpreadsheetError(
            _("The sheet \"%(sheet)s\" has more than %(max)d rows; split the file.")
            % {"sheet": spec.name, "max": MAX_ROWS}
        )
    return positions


def _read_sheet(table: SheetTable, errors: ErrorList) -> list[Row]:
    """Convert each non-empty row of the table into a Row (a bad cell reads as None, its key
    in `bad`, its error in `errors`)."""
    readers = [(c.key, table.cell_reader(c.key, errors)) for c in table.spec.columns
               if not c.ignored and c.key in table.positions]
    rows = []
    for number, line in table.rows():
        values: dict[str, Any] = {}
        row = Row(number=number, values=values)
        for key, read in readers:
            value = read(number, line)
            if value is BAD:
                values[key] = None
                row.bad.add(key)
            else:
                values[key] = value
        rows.append(row)
    return rows


def _converter(column: Column):
    """`convert` for one column, with the usual cells (a number in a NUMBER column, plain
    text in a TEXT column, a code in a CHOICE column) handled without the general path;
    anything else goes through `convert`, so the result is the same."""
    if column.kind == NUMBER:
        def number(raw: Any) -> Any:
            kind = type(raw)
            return raw if kind is float or kind is int else convert(column, raw)
        return number
    if column.kind == CHOICE:
        codes: dict[str, Any] = {}
        for value, _label in column.choices:
            codes.setdefault(str(value).casefold(), value)

        def choice(raw: Any) -> Any:
            if type(raw) is str and (wanted := raw.strip().casefold()):
                found = codes.get(wanted, codes)
                if found is not codes:
                    return found
            return convert(column, raw)
        return choice
    if column.kind == TEXT and column.safe_pattern is None:
        limit = column.max_length

        def text(raw: Any) -> Any:
            if type(raw) is str:
                value = raw.strip()
                if value and not value.startswith(FORMULA_PREFIXES) and (
                        limit is None or len(value) <= limit) and not unprintable(value):
                    return value
            return convert(column, raw)
        return text
    return lambda raw: convert(column, raw)


def convert(column: Column, raw: Any) -> Any:
    """One cell's value as the column wants it; ValueError (user's language) when it cannot."""
    if _is_empty(raw):
        if column.required:
            raise ValueError(_("This column is required."))
        return None if column.kind != TEXT else ""
    if column.kind == DATE:
        return _to_date(raw)
    if column.kind == NUMBER and isinstance(raw, int | float) and not isinstance(raw, bool):
        return raw
    text = _to_text(raw)
    try:
        validate_text(text)
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from None
    if column.kind == CHOICE:
        return _to_choice(column, text)
    if text.startswith(FORMULA_PREFIXES) and not (
        column.safe_pattern is not None and column.safe_pattern.fullmatch(text)
    ):
        raise ValueError(
            _("A value may not start with =, +, - or @ (it could run as a formula). "
              "Remove that character.")
        )
    if column.max_length is not None and len(text) > column.max_length:
        raise ValueError(
            _("At most %(max)d characters; this value has %(length)d.")
            % {"max": column.max_length, "length": len(text)}
        )
    return text


def _to_text(raw: Any) -> str:
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, bool):
        raise ValueError(_("Expected text, found TRUE/FALSE."))
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        if raw.is_integer():
            if abs(raw) >= 10**EXACT_DIGITS:
                raise ValueError(
                    _("Excel keeps only 15 digits of a number, so this value is already damaged. "
                      "Format the column as Text and type the value again.")
                )
            return str(int(raw))
        return repr(raw)
    if isinstance(raw, dt.date | dt.datetime | dt.time | dt.timedelta):
        raise ValueError(
            _("Excel turned this value into a date or time. Format the column as Text and type "
              "the value again.")
        )
    return str(raw).strip()


def _to_date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        if raw.time() != dt.time(0, 0):
            raise ValueError(_("Expected a date without a time."))
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        for fmt in DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    raise ValueError(_("Not a date. Write a date such as 2025-01-31 (or 31/01/2025)."))


def _to_choice(column: Column, text: str) -> str:
    wanted = text.casefold()
    for value, _label in column.choices:  # codes first: no translation lookup per cell
        if wanted == str(value).casefold():
            return value
    for value, label in column.choices:
        if wanted == str(label).casefold():
            return value
    with translation.override("en"):  # the English label is accepted in any language
        for value, label in column.choices:
            if wanted == str(label).casefold():
                return value
    raise ValueError(
        _("Unknown value \"%(value)s\"; choose one of: %(choices)s.")
        % {"value": text[:50], "choices": ", ".join(str(v) for v, _label in column.choices)}
    )


class ImportOutcome:
    """What every import result shares (mixed into the apps' result dataclasses, which have an
    `errors: list[RowError]` field): refused as a whole, or row by row."""

    errors: list[RowError]

    @classmethod
    def refused(cls, reason: Any):
        """A result refusing the whole file for `reason` (no row)."""
        return cls(errors=[RowError(None, "", str(reason))])

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def file_errors(self) -> list[RowError]:
        return [e for e in self.errors if e.row is None]

    @property
    def row_errors(self) -> list[RowError]:
        return [e for e in self.errors if e.row is not None]
