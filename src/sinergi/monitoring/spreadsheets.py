"""The quarterly realization of a unit as an xlsx workbook: download it, fill it, upload it.

`export_realization(user, unit, year, quarter, subunits=True)` writes the workbook: one row per
activity of the unit (and of its sub-units, like the entry page, unless `subunits=False`) that
the user may see, pre-filled with the stored draft, so the same file is the template and the
export. `import_realization(data, actor, unit, year, quarter, ...)` checks every row of an
upload and writes nothing unless every row is right.

Workbook (column titles are stable and not translated; "Petunjuk" describes every column):

- "Realisasi": read-only context (ID Kegiatan, Versi, Kode Unit, Kode/Nama Sub Kegiatan, Pagu,
  Tahun, TW, the quarter's targets, the previous quarter's cumulative realization, status) and
  the columns to fill: cumulative physical %, cumulative financial Rp, "Melebihi Pagu" (Ya/Tidak:
  confirms a financial realization above the pagu) and Kendala.
- "Keluaran": one row per output indicator of those activities: ID Indikator, ID Kegiatan,
  context, and the cumulative output realized to fill.

Decisions:

- **Scope.** Rows name activities by ID. An activity must belong to the unit's subtree (or the
  unit itself with `subunits=False`), the year of the page, and be one whose realization the
  user may write (core.scope, Action.CHANGE); otherwise the row is refused with the same
  message, so that the file reveals nothing about activities the user cannot see.
- **Unchanged rows** (values equal to the stored ones, whatever their state or version) are
  skipped: re-importing a file writes nothing and records no audit event. An empty row (no
  physical and no financial figure) of an activity with no realization is skipped too.
- **Changed rows** must be editable (draft or returned, and a step the user's role may take,
  monitoring.rules), and not stale: "Versi" holds the realization's version at the download
  (empty when there was none); a realization saved since (its figures or its outputs) refuses
  the row. Physical 0–100 %, financial ≥ 0 and not above the pagu unless "Melebihi Pagu" is Ya,
  cumulative figures not below the stored earlier quarters nor above the stored later ones
  (monitoring.rules.cumulative_problems), outputs ≥ 0 and cumulative per indicator.
- **Outputs.** A "Keluaran" row sets that indicator's output; an empty value removes it. Rows
  left out of the sheet leave their outputs as they are. An output needs the activity's
  realization (in the file or stored). The stale check reads "Versi" of the activity's row in
  "Realisasi" (the realization's version also moves when its outputs change); an output
  changed without that row has no version to compare and is not checked for staleness.
- **Numbers** are real number cells in the download (core.spreadsheets NUMBER columns); typed
  text such as "Rp 1.500.000" or "12,5" is read with core.numbers.parse_number.
- **Reading** (core.spreadsheets.read_tables): the header is matched and each row read where
  it lies. A usual sheet (every ID as text of a known activity, once; figures as number cells
  at 2 decimals in range or both empty; no formula) is read column by column (_usual_rows);
  any other through the cell readers, row by row, which convert and report as read_workbook
  does (tests show both give the same rows). The cyclic garbage collector is paused meanwhile
  (gc_paused).
- **Two passes.** The quick pass reads the stored realizations of the file's quarter only and
  leaves the cumulative rule across quarters to the writes: insert_checked_drafts checks it in
  the database over the rows it wrote, save_drafts under lock. Anything to report (an error,
  a write refused) or a dry run hands over to the careful pass, in a new transaction, which
  reads every stored quarter and reports each bad row at once.
- **Writes** happen in the transaction that read the stored realizations under lock (SQLite:
  IMMEDIATE; PostgreSQL: SELECT ... FOR UPDATE, the other quarters locked too), so the rows are
  written over exactly what they were checked against. New rows without outputs (a quarter's
  first upload) are written from their values by monitoring.services.insert_checked_drafts
  (core.services.bulk_insert_values: executemany, the audit events built by the database from
  the rows just written); updates and outputs go through monitoring.services.save_drafts (the
  entry page's service), in chunks of CHUNK activities. With `submit=True` the file's draft
  and returned realizations are then submitted through services.transition (the period must
  be open), in the same transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Container, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from itertools import repeat
from operator import truediv
from typing import Any, NamedTuple

from django.core.exceptions import EmptyResultSet, PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.core.numbers import parse_number
from sinergi.core.queries import driver_rows, to_decimal
from sinergi.core.scope import Action, scoped
from sinergi.core.services import Actor, StaleEditError
from sinergi.core.spreadsheets import (
    BAD,
    CHOICE,
    FORMULA_PREFIXES,
    NUMBER,
    PERCENT_FORMAT,
    RUPIAH_FORMAT,
    Column,
    ErrorList,
    ImportOutcome,
    RowError,
    SheetSpec,
    SheetTable,
    SpreadsheetError,
    WorkbookSpec,
    gc_paused,
    no_data_rows,
    read_tables,
    write_workbook,
)
from sinergi.core.text import UNPRINTABLE
from sinergi.monitoring import rules, services
from sinergi.monitoring.choices import EDITABLE_STATES, RealizationStatus
from sinergi.monitoring.models import Realization, RealizationOutput
from sinergi.planning.models import Activity, Indicator, NomenclatureItem, QuarterTarget
from sinergi.planning.spreadsheets import NUMBER_PATTERN
from sinergi.regions.models import Unit

REALISASI, KELUARAN = "Realisasi", "Keluaran"
YES, NO = "Ya", "Tidak"
CHUNK = 2000  # activities per save_drafts call (its lookups use IN lists)
CENTS = Decimal("0.01")
MAX_MONEY = Decimal(10) ** 16
MAX_PROBLEMS = 5000

# ------------------------------------------------------------------------------ workbook layout

_INFO = gettext_lazy("For reading only; not imported.")
ID = Column("id", "ID Kegiatan", required=True, max_length=20, width=11, help=gettext_lazy(
    "The Sinergi number of the activity: do not change it."))
VERSION = Column("version", "Versi", max_length=20, width=8, help=gettext_lazy(
    "The version of the realization when the file was downloaded (empty: none yet); do not "
    "change it. A row that changes a realization saved in Sinergi after the download is refused."))
UNIT = Column("unit", "Kode Unit", max_length=40, width=12, help=_INFO)
CODE = Column("code", "Kode Sub Kegiatan", max_length=40, width=19, help=_INFO)
NAME = Column("name", "Nama Kegiatan", max_length=1000, width=40, help=_INFO)
BUDGET = Column("budget", "Pagu (Rp)", kind=NUMBER, number_format=RUPIAH_FORMAT, width=16,
                help=_INFO)
YEAR = Column("year", "Tahun", kind=NUMBER, width=7, help=_INFO)
QUARTER = Column("quarter", "TW", kind=NUMBER, width=5, help=gettext_lazy(
    "The quarter (1 to 4); it must be the quarter of the upload page."))
TARGET_PHYSICAL = Column("target_physical", "Target Fisik TW (%)", kind=NUMBER,
                         number_format=PERCENT_FORMAT, width=11, help=_INFO)
TARGET_FINANCIAL = Column("target_financial", "Target Keuangan TW (Rp)", kind=NUMBER,
                          number_format=RUPIAH_FORMAT, width=16, help=_INFO)
PREVIOUS_PHYSICAL = Column("previous_physical", "Realisasi Fisik TW Sebelumnya (%)", kind=NUMBER,
                           number_format=PERCENT_FORMAT, width=12, help=_INFO)
PREVIOUS_FINANCIAL = Column("previous_financial", "Realisasi Keuangan TW Sebelumnya (Rp)",
                            kind=NUMBER, number_format=RUPIAH_FORMAT, width=16, help=_INFO)
STATUS = Column("status", "Status", max_length=40, width=11, help=gettext_lazy(
    "For reading only: submitted and verified realizations cannot be changed."))
PHYSICAL = Column("physical", "Realisasi Fisik Kumulatif (%)", kind=NUMBER,
                  number_format=PERCENT_FORMAT, width=13,
                  safe_pattern=NUMBER_PATTERN, help=gettext_lazy(
                      "Cumulative physical progress at the end of the quarter, 0 to 100 %, never "
                      "below an earlier quarter."))
FINANCIAL = Column("financial", "Realisasi Keuangan Kumulatif (Rp)", kind=NUMBER,
                   number_format=RUPIAH_FORMAT, width=17,
                   safe_pattern=NUMBER_PATTERN, help=gettext_lazy(
                       "Cumulative money spent at the end of the quarter in Rupiah, 0 or more, "
                       "never below an earlier quarter."))
OVER_BUDGET = Column("over_budget", "Melebihi Pagu Dikonfirmasi", kind=CHOICE,
                     choices=[(YES, YES), (NO, NO)], width=12, help=gettext_lazy(
                         "Ya confirms that a financial realization above the pagu is correct; "
                         "empty means Tidak."))
PROBLEMS = Column("problems", "Kendala", max_length=MAX_PROBLEMS, width=40, help=gettext_lazy(
    "Problems met (kendala); may be empty."))
REALISASI_COLUMNS = [ID, VERSION, UNIT, CODE, NAME, BUDGET, YEAR, QUARTER, TARGET_PHYSICAL,
                     TARGET_FINANCIAL, PREVIOUS_PHYSICAL, PREVIOUS_FINANCIAL, STATUS, PHYSICAL,
                     FINANCIAL, OVER_BUDGET, PROBLEMS]

IND_ID = Column("id", "ID Indikator", required=True, max_length=20, width=11, help=gettext_lazy(
    "The Sinergi number of the indicator: do not change it."))
IND_ACTIVITY = Column("activity", "ID Kegiatan", max_length=20, width=11, help=_INFO)
IND_INFO = Column("info", "Sub Kegiatan", max_length=1000, width=40, help=_INFO)
IND_NAME = Column("name", "Indikator", max_length=1000, width=36, help=_INFO)
IND_MEASURE = Column("measure_unit", "Satuan", max_length=100, width=10, help=_INFO)
IND_TARGET = Column("annual_target", "Target Tahunan", kind=NUMBER, width=11, help=_INFO)
IND_PREVIOUS = Column("previous", "Realisasi TW Sebelumnya", kind=NUMBER, width=12, help=_INFO)
IND_VALUE = Column("value", "Realisasi Keluaran Kumulatif", kind=NUMBER, width=14,
                   safe_pattern=NUMBER_PATTERN, help=gettext_lazy(
                       "Cumulative output realized at the end of the quarter in the indicator's "
                       "unit, 0 or more; empty: no output."))
KELUARAN_COLUMNS = [IND_ID, IND_ACTIVITY, IND_INFO, IND_NAME, IND_MEASURE, IND_TARGET, IND_PREVIOUS,
                    IND_VALUE]

INSTRUCTIONS = [
    gettext_lazy("One row per activity in the sheet \"Realisasi\", one row per output indicator in "
                 "the sheet \"Keluaran\". Fill in the columns Realisasi Fisik Kumulatif, Realisasi "
                 "Keuangan Kumulatif, Melebihi Pagu Dikonfirmasi, Kendala and Realisasi Keluaran "
                 "Kumulatif; the other columns are for reading only. Do not change the header rows."),
    gettext_lazy("Figures are cumulative from the start of the year: the value at the end of TW II "
                 "includes TW I, and may not be lower than that of an earlier quarter."),
    gettext_lazy("A financial realization above the pagu is refused unless Melebihi Pagu "
                 "Dikonfirmasi is Ya."),
    gettext_lazy("Submitted and verified realizations cannot be changed; rows equal to the stored "
                 "data are skipped, so uploading the same file twice changes nothing."),
    gettext_lazy("The whole file is checked first: if any row has an error, nothing is saved and "
                 "every error is listed with its sheet, row and column."),
]

INFO_COLUMNS = {id(c) for c in (UNIT, CODE, NAME, BUDGET, TARGET_PHYSICAL, TARGET_FINANCIAL,
                                 PREVIOUS_PHYSICAL, PREVIOUS_FINANCIAL, STATUS, IND_ACTIVITY, IND_INFO,
                                 IND_NAME, IND_MEASURE, IND_TARGET, IND_PREVIOUS)}
# Reading: the context columns must be there but are not converted (nor trusted).
READ_BOOK = WorkbookSpec([
    SheetSpec(name, [replace(c, ignored=True) if id(c) in INFO_COLUMNS else c for c in spec_columns])
    for name, spec_columns in ((REALISASI, REALISASI_COLUMNS), (KELUARAN, KELUARAN_COLUMNS))
])


def _book(heading: Sequence[str] = ()) -> WorkbookSpec:
    return WorkbookSpec(
        [SheetSpec(REALISASI, REALISASI_COLUMNS, help=gettext_lazy(
            "The cumulative realization of each activity at the end of the quarter.")),
         SheetSpec(KELUARAN, KELUARAN_COLUMNS, help=gettext_lazy(
             "The cumulative output realized per indicator."))],
        instructions=[*heading, *INSTRUCTIONS],
    )


# ------------------------------------------------------------------------------ shared lookups


def activities_for(user: Any, unit: Unit, year: int, subunits: bool = True,
                   action: Action = Action.VIEW):
    """The year's activities of the unit (and of its sub-units) that `user` may see (or write
    the realizations of, with Action.CHANGE), in the entry page's order."""
    own = Activity.objects.filter(unit__path__subtree=unit.path) if subunits else \
        Activity.objects.filter(unit=unit)
    own = own.filter(year=year)
    if user is not None:  # None: the system itself (CLI, benchmarks) sees everything
        own = scoped(own, user, action)
    return own.order_by("unit__path", "nomenclature_id", "id")


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def filename(unit: Unit, year: int, quarter: int) -> str:
    code = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in unit.code)
    return f"realisasi-{code}-{year}-tw{quarter}.xlsx"


# ------------------------------------------------------------------------------ export


def export_realization(user: Any, unit: Unit, year: int, quarter: int, subunits: bool = True) -> bytes:
    """The workbook of the unit's quarter, pre-filled with what is stored (a few queries)."""
    rows, indicator_rows = realization_rows(user, unit, year, quarter, subunits)
    return write_realization(unit, year, quarter, rows, indicator_rows)


def write_realization(unit: Unit, year: int, quarter: int, rows: list[dict],
                      indicator_rows: list[dict]) -> bytes:
    heading = [_("Realization of %(unit)s, %(quarter)s %(year)d.")
               % {"unit": unit, "quarter": rules.quarter_label(quarter), "year": year},
               _("Upload it on the import page of the same unit, year and quarter.")]
    return write_workbook(_book(heading), {REALISASI: rows, KELUARAN: indicator_rows})


def realization_rows(user: Any, unit: Unit, year: int, quarter: int,
                     subunits: bool = True) -> tuple[list[dict], list[dict]]:
    """The rows of the sheets "Realisasi" and "Keluaran" (dicts by column key)."""
    activities = list(activities_for(user, unit, year, subunits).select_related("unit", "nomenclature"))
    ids = {a.pk for a in activities}
    base = Realization.objects.filter(activity__in=activities_for(user, unit, year, subunits).values("pk"))
    current, previous = {}, {}
    for r in base.filter(quarter__in=(quarter - 1, quarter)):
        (current if r.quarter == quarter else previous)[r.activity_id] = r
    targets = {t.activity_id: t for t in QuarterTarget.objects.filter(
        activity__in=activities_for(user, unit, year, subunits).values("pk"), quarter=quarter)}
    outputs: dict[tuple[int, int], Decimal] = {}
    for q, indicator_id, value in RealizationOutput.objects.filter(
            realization__in=base.filter(quarter__in=(quarter - 1, quarter)).values("pk"),
    ).values_list("realization__quarter", "indicator_id", "value"):
        outputs[(q, indicator_id)] = value
    indicators = [i for i in Indicator.objects.filter(
        activity__in=activities_for(user, unit, year, subunits).values("pk")).order_by("activity_id", "id")
        if i.activity_id in ids]
    by_id = {a.pk: a for a in activities}
    labels = dict(RealizationStatus.choices)
    rows = []
    for a in activities:
        r, p, t = current.get(a.pk), previous.get(a.pk), targets.get(a.pk)
        rows.append({
            "id": str(a.pk), "version": str(r.version) if r else "", "unit": a.unit.code,
            "code": a.nomenclature_id, "name": a.display_name, "budget": _number(a.budget),
            "year": year, "quarter": quarter,
            "target_physical": _number(t.physical) if t else None,
            "target_financial": _number(t.financial) if t else None,
            "previous_physical": _number(p.physical) if p else None,
            "previous_financial": _number(p.financial) if p else None,
            "status": str(labels[r.status]) if r else "",
            "physical": _number(r.physical) if r else None,
            "financial": _number(r.financial) if r else None,
            "over_budget": (YES if r.over_budget_confirmed else NO) if r else None,
            "problems": r.problems if r else "",
        })
    indicator_rows = []
    for i in indicators:
        a = by_id[i.activity_id]
        indicator_rows.append({
            "id": str(i.pk), "activity": str(a.pk), "info": f"{a.nomenclature_id} {a.display_name}",
            "name": i.name, "measure_unit": i.measure_unit, "annual_target": _number(i.annual_target),
            "previous": _number(outputs.get((quarter - 1, i.pk))),
            "value": _number(outputs.get((quarter, i.pk))),
        })
    return rows, indicator_rows


# ------------------------------------------------------------------------------ import


@dataclass
class ImportResult(ImportOutcome):
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    submitted: int = 0

    @property
    def wrote(self) -> bool:
        """Something was created, updated or submitted: only then does the page say "imported"."""
        return bool(self.created or self.updated or self.submitted)



class _Stored(NamedTuple):
    """A stored realization, as read for the comparison (no model instance)."""

    physical: Decimal
    financial: Decimal
    problems: str
    over_budget_confirmed: bool
    status: str
    version: int


# (physical %, financial Rp, problems, over budget confirmed), figures at 2 decimals
_Figures = tuple[Decimal, Decimal, str, bool]


class _Planned:
    """One activity of the file: its row, what the file says and what is stored."""

    __slots__ = ("activity_id", "changed", "current", "number", "output_rows", "outputs", "values",
                 "version")

    def __init__(self, number: int, activity_id: int, values: _Figures | None, version: int | None,
                 current: _Stored | None) -> None:
        self.number, self.activity_id, self.values = number, activity_id, values
        self.version, self.current, self.changed = version, current, False
        self.outputs: dict[int, Decimal | None] | None = None
        self.output_rows: dict[int, int] = {}


def _as_int(text: Any) -> int | None:
    text = str(text if text is not None else "").strip()
    if text.endswith(".0"):
        text = text[:-2]
    return int(text) if text.isdecimal() and len(text) <= 18 else None


def _other(value: Any, wanted: int) -> bool:
    """Whether a Tahun/TW cell says something else than `wanted` (empty says nothing)."""
    if value is None or value == "":
        return False
    if type(value) is int or type(value) is float:
        return value != wanted
    return _as_int(value) != wanted


def _amount(value: Any) -> Decimal | None:
    """A NUMBER cell as a Decimal with 2 decimals (None when empty); ValueError when not a
    number, negative, too large or with more than 2 decimals."""
    kind = type(value)
    if kind is float:
        number = Decimal(repr(value))
    elif kind is int:
        number = Decimal(value)
    elif value is None or value == "":
        return None
    else:
        number = parse_number(value)
    if number < 0:
        raise ValueError(_("A realization cannot be negative."))
    if number >= MAX_MONEY:
        raise ValueError(_("The number is too large."))
    rounded = number.quantize(CENTS)
    if rounded != number and abs(rounded - number) > Decimal("0.000001"):
        raise ValueError(_("At most 2 decimals."))
    return rounded


def _amount_reader(table, key: str, errors: ErrorList):
    """(row number, line) -> the cell of `key` as _amount reads it, or BAD (error added). A
    number cell that is already right is taken here, the rest through the cell reader."""
    read = table.cell_reader(key, errors)
    index = table.positions[key]
    column = next(c for c in table.spec.columns if c.key == key)
    sheet = table.spec.name

    def amount(number: int, line: list) -> Any:
        raw = line[index]
        if type(raw) is float and not table.formulas:
            value = Decimal(repr(raw))
            rounded = value.quantize(CENTS)
            if rounded == value and 0 <= rounded < MAX_MONEY:
                return rounded
        value = read(number, line)
        if value is BAD:
            return BAD
        try:
            return _amount(value)
        except (ValueError, InvalidOperation) as exc:
            errors.add(number, column, exc, sheet)
            return BAD

    return amount


# The figures read column by column are at most this (then 2 decimals are exact in a float).
_USUAL_MONEY = 10 ** 13


@functools.cache
def _percents() -> list[Decimal]:
    """Every physical progress from 0.00 to 100.00 %, by its hundredths."""
    return [Decimal(cents).scaleb(-2) for cents in range(10001)]


def _usual_figures(cells: list, top: int) -> list[Decimal | None] | None:
    """A column of figures when each is a number cell in 0..top at 2 decimals, or empty: the
    Decimals at 2 decimals (None for empty), else None."""
    kinds = set(map(type, cells))
    if not kinds <= {float, int, str}:
        return None
    numbers = cells
    if str in kinds:
        if {c for c in cells if type(c) is str} != {""}:
            return None
        numbers = [c for c in cells if type(c) is not str]
    try:
        if numbers and (min(numbers) < 0 or max(numbers) > top):
            return None
        cents = [round(c * 100) for c in numbers]
    except (ValueError, OverflowError):  # not a finite number
        return None
    # At most 2 decimals: the float is the one nearest its hundredths (exact below top).
    if list(map(truediv, cents, repeat(100))) != numbers:
        return None
    if top <= 100:
        figures = list(map(_percents().__getitem__, cents))
    else:
        figures = list(map(Decimal.scaleb, map(Decimal, cents), repeat(-2)))
    if str in kinds:
        found = iter(figures)
        return [None if c == "" else next(found) for c in cells]
    return figures


def _usual_rows(table: SheetTable, quarter: int, year: int,
                activity_ids: Container[int]) -> list[tuple] | None:
    """The rows of the "Realisasi" sheet read column by column, when every line is a usual
    row: an ID of an activity of `activity_ids` as text of digits, once in the sheet; a version
    as text of digits or empty; TW and Tahun empty or this file's; the figures number cells at 2
    decimals in range, or both empty; Melebihi Pagu Ya, Tidak or empty; a Kendala of plain
    text; and no formula in the sheet. Each row (number, activity id, version, physical,
    financial, over budget, problems); None when a line is not usual: the import then reads the
    sheet cell by cell, with the cell readers' conversions and messages."""
    lines, at = table.lines, table.positions
    if table.formulas or not lines or min(map(len, lines)) <= max(at.values()):
        return None

    def column(key: str) -> list:
        index = at[key]
        return [line[index] for line in lines]

    ids, versions = column("id"), column("version")
    if (set(map(type, ids)) != {str} or not all(map(str.isdecimal, ids)) or max(map(len, ids)) > 18
            or set(map(type, versions)) != {str} or max(map(len, versions)) > 18
            or not all(map(str.isdecimal, filter(None, versions)))):
        return None
    numbers = list(map(int, ids))
    if len(set(numbers)) != len(numbers) or not all(map(activity_ids.__contains__, numbers)):
        return None
    for key, wanted in (("quarter", quarter), ("year", year)):
        cells = column(key)
        if not set(map(type, cells)) <= {str, float, int} or not set(cells) <= {"", wanted}:
            return None
    over_budget = column("over_budget")
    problems = column("problems")
    if (not set(over_budget) <= {NO, YES, ""} or set(map(type, problems)) != {str}
            or max(map(len, problems)) > MAX_PROBLEMS):
        return None
    problems = list(map(str.strip, problems))
    if any(text.startswith(FORMULA_PREFIXES) for text in problems) or any(map(UNPRINTABLE.search, problems)):
        return None  # the careful reader reports each such cell
    physical = _usual_figures(column("physical"), 100)
    financial = _usual_figures(column("financial"), _USUAL_MONEY)
    if physical is None or financial is None:
        return None
    return list(zip(range(2, len(lines) + 2), numbers, [int(v) if v else None for v in versions],
                    physical, financial, [v or None for v in over_budget], problems, strict=True))


def _checked_cells(n: int, cells: list, quarter: int, year: int, errors: ErrorList) -> tuple | None:
    """The cells of a "Realisasi" row read by the cell readers (ID, Versi, TW, Tahun, physical,
    financial, Melebihi Pagu, Kendala), checked: (version, physical, financial, over budget,
    problems), or None when the row has an error (added to `errors`)."""
    _id, version_text, row_quarter, row_year, physical, financial, over_budget, problems = cells
    ok = True
    if row_quarter is BAD:
        ok = False
    elif _other(row_quarter, quarter):
        errors.add(n, QUARTER, _("This file is for TW %(quarter)d: the row says %(value)s.")
                   % {"quarter": quarter, "value": row_quarter}, REALISASI)
        ok = False
    if row_year is BAD:
        ok = False
    elif _other(row_year, year):
        errors.add(n, YEAR, _("This file is for %(year)d: the row says %(value)s.")
                   % {"year": year, "value": row_year}, REALISASI)
        ok = False
    if physical is BAD or financial is BAD or over_budget is BAD or problems is BAD:
        ok = False
    elif physical is not None and physical > 100:
        errors.add(n, PHYSICAL, _("Physical progress is at most 100 %."), REALISASI)
        ok = False
    version = None
    if version_text is BAD:
        ok = False
    elif version_text:
        version = _as_int(version_text)
        if version is None:
            errors.add(n, VERSION, _("Not a version number: do not change this column."), REALISASI)
            ok = False
    return (version, physical, financial, over_budget, problems) if ok else None


def _read_cell_by_cell(table: SheetTable, quarter: int, year: int, activity_ids: Container[int], unit: Unit,
                       errors: ErrorList) -> list[tuple]:
    """The rows of the "Realisasi" sheet through the cell readers (read_workbook's conversions
    and messages), each checked: (number, activity id, version, physical, financial, over
    budget, problems) as _usual_rows gives them; a row with an error (added to `errors`) as
    (None, ...) so that it still counts as a data row."""
    readers = [  # in the order _checked_cells reads them
        *(table.cell_reader(key, errors) for key in ("id", "version", "quarter", "year")),
        _amount_reader(table, "physical", errors), _amount_reader(table, "financial", errors),
        table.cell_reader("over_budget", errors), table.cell_reader("problems", errors)]
    unknown = _("No activity %(id)s of %(unit)s in %(year)d whose realization you may enter.")
    rows: list[tuple] = []
    seen: dict[int, int] = {}
    refused = (None,) * 7
    for n, line in table.rows():
        cells = [read(n, line) for read in readers]
        activity_id = None if cells[0] is BAD else _as_int(cells[0])
        if activity_id is None:
            if cells[0] is not BAD:
                errors.add(n, ID, _("Not an activity number: do not change this column."), REALISASI)
        elif activity_id not in activity_ids:
            errors.add(n, ID, unknown % {"id": activity_id, "unit": unit, "year": year}, REALISASI)
        elif activity_id in seen:
            errors.add(n, ID, _("This activity is already in row %(row)d of this file.")
                       % {"row": seen[activity_id]}, REALISASI)
        else:
            seen[activity_id] = n
            checked = _checked_cells(n, cells, quarter, year, errors)
            if checked is not None:
                version, physical, financial, over_budget, problems = checked
                rows.append((n, activity_id, version, physical, financial, over_budget, problems))
                continue
        rows.append(refused)
    return rows


def import_realization(data: bytes, actor: Actor, unit: Unit, year: int, quarter: int, *,
                       subunits: bool = True, submit: bool = False, dry_run: bool = False) -> ImportResult:
    """Check the uploaded workbook as a whole and, unless a row has an error (or `dry_run`),
    save the changed rows as drafts (and submit them with `submit`). Never raises for the
    user's mistakes: they come back as the result's errors.

    The stored realizations are read under lock in the transaction that writes (SQLite:
    IMMEDIATE; PostgreSQL: SELECT ... FOR UPDATE), so what the rows were checked against is
    what they are written over; a realization created meanwhile by someone else makes the
    write fail as a whole (reported as a changed file, nothing written)."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter {quarter} is not 1 to 4")  # the page's own argument
    with gc_paused():
        return _import_file(data, actor, unit, year, quarter, subunits=subunits, submit=submit,
                            dry_run=dry_run)


def _import_file(data: bytes, actor: Actor, unit: Unit, year: int, quarter: int, *, subunits: bool,
                 submit: bool, dry_run: bool) -> ImportResult:
    try:
        tables = read_tables(data, READ_BOOK)
    except SpreadsheetError as exc:
        return ImportResult.refused(str(exc))
    try:
        try:
            with transaction.atomic():
                return _import(tables, actor, unit, year, quarter, subunits=subunits, submit=submit,
                               dry_run=dry_run, careful=False)
        except _Recheck:
            with transaction.atomic():
                return _import(tables, actor, unit, year, quarter, subunits=subunits, submit=submit,
                               dry_run=dry_run, careful=True)
    except SpreadsheetError as exc:
        return ImportResult.refused(str(exc))
    except PermissionDenied:
        return ImportResult.refused(_("You may not enter the realization of these activities."))
    except IntegrityError:  # a realization of the file's quarter created by someone else meanwhile
        return ImportResult.refused(StaleEditError().messages[0])
    except ValidationError as exc:
        return ImportResult.refused(" ".join(str(m) for m in exc.messages))


class _Recheck(Exception):
    """The quick pass of an import cannot finish alone (an error to report, a dry run, or a
    write refused): its transaction is rolled back and the careful pass runs."""


def _import(tables, actor: Actor, unit: Unit, year: int, quarter: int, *, subunits: bool, submit: bool,
            dry_run: bool, careful: bool) -> ImportResult:
    """Check and write the file in one transaction. The quick pass (`careful=False`) reads the
    stored realizations of the file's quarter only and leaves the cumulative rule across
    quarters to the writes (checked by the database over the rows written, or by save_drafts
    under lock); it hands over (_Recheck) as soon as there is something to report. The careful
    pass reads every stored quarter and checks every rule here, so that each bad row is
    reported at once."""
    errors = ErrorList()
    role = services.actor_role(actor)
    activity_rows, output_lines = tables[REALISASI], list(tables[KELUARAN].rows())
    # Plain values read as the driver returns them, a fixed number of queries.
    allowed = activities_for(actor.user, unit, year, subunits, Action.CHANGE).order_by()
    allowed_ids = allowed.values("pk")
    budgets = {pk: Decimal(budget) if type(budget) is int else to_decimal(budget)
               for pk, budget in driver_rows(allowed.values_list("pk", "budget"))}
    stored: dict[int, dict[int, _Stored]] = {}
    locked = Realization.objects.select_for_update().filter(activity__in=allowed_ids).order_by()
    if not careful:
        _lock(locked.exclude(quarter=quarter))  # the other quarters: locked, not read
        locked = locked.filter(quarter=quarter)
    for activity_id, q, physical, financial, problems, over, status, version in driver_rows(
            locked.values_list("activity_id", "quarter", *_Stored._fields)):
        by_quarter = stored.get(activity_id)
        if by_quarter is None:
            by_quarter = stored[activity_id] = {}
        by_quarter[q] = _Stored(
            Decimal(repr(physical)) if type(physical) is float else to_decimal(physical),
            Decimal(financial) if type(financial) is int else to_decimal(financial),
            problems, bool(over), status, version)
    indicators: dict[int, int] = {}  # indicator -> its activity
    stored_outputs: dict[int, dict[int, dict[int, Decimal]]] = {}  # activity -> quarter -> {ind: v}
    if output_lines:
        indicators = dict(Indicator.objects.filter(activity__in=allowed_ids).values_list("pk", "activity_id"))
        for activity_id, q, indicator_id, value in RealizationOutput.objects.filter(
                realization__activity__in=allowed_ids,
        ).values_list("realization__activity_id", "realization__quarter", "indicator_id", "value"):
            stored_outputs.setdefault(activity_id, {}).setdefault(q, {})[indicator_id] = value

    planned: dict[int, _Planned] = {}
    usual = _usual_rows(activity_rows, quarter, year, budgets)
    if usual is None:
        usual = _read_cell_by_cell(activity_rows, quarter, year, budgets, unit, errors)
    count = len(output_lines) + len(usual)
    nothing: dict[int, _Stored] = {}
    for n, activity_id, version, physical, financial, over_budget, problems in usual:
        if n is None:  # a line with an error (already in the list)
            continue
        current = stored.get(activity_id, nothing).get(quarter)
        if physical is None and financial is None:
            if current is not None:
                errors.add(n, PHYSICAL, _("A stored realization cannot be removed by an import: fill "
                                          "in the physical and financial realization."), REALISASI)
            else:
                planned[activity_id] = _Planned(n, activity_id, None, version, None)
            continue
        if physical is None or financial is None:
            errors.add(n, PHYSICAL if physical is None else FINANCIAL,
                       _("Fill in both the physical and the financial realization."), REALISASI)
            continue
        figures = (physical, financial, problems or "", over_budget == YES)
        planned[activity_id] = _Planned(n, activity_id, figures, version, current)
    if count == 0:
        raise no_data_rows()

    # Outputs per indicator ("Keluaran").
    output_sheet = tables[KELUARAN]
    read_indicator, read_value = output_sheet.cell_reader("id", errors), _amount_reader(output_sheet, "value",
                                                                                        errors)
    output_rows: dict[int, int] = {}
    for n, line in output_lines:
        raw_id = read_indicator(n, line)
        if raw_id is BAD:
            continue
        indicator_id = _as_int(raw_id)
        activity_id = indicators.get(indicator_id) if indicator_id is not None else None
        if activity_id is None:
            errors.add(n, IND_ID, _("No indicator %(id)s of an activity in this file's scope.")
                       % {"id": raw_id}, KELUARAN)
            continue
        if indicator_id in output_rows:
            errors.add(n, IND_ID, _("This indicator is already in row %(row)d of this file.")
                       % {"row": output_rows[indicator_id]}, KELUARAN)
            continue
        output_rows[indicator_id] = n
        value = read_value(n, line)
        if value is BAD:
            continue
        before = stored_outputs.get(activity_id, {}).get(quarter, {}).get(indicator_id)
        if before == value:
            continue
        item = planned.get(activity_id)
        current = stored.get(activity_id, {}).get(quarter)
        if item is None:
            item = planned[activity_id] = _Planned(-n, activity_id, None, None, current)
            item.version = current.version if current is not None else None  # no row in "Realisasi"
        if item.values is None and current is None:
            errors.add(n, IND_VALUE, _("Enter the physical and financial realization of the activity "
                                       "first (sheet \"Realisasi\")."), KELUARAN)
            continue
        if item.outputs is None:
            item.outputs = dict(stored_outputs.get(activity_id, {}).get(quarter, {}))
        item.outputs[indicator_id] = value
        item.output_rows[indicator_id] = n

    result = ImportResult()
    _check_rules(planned, stored, stored_outputs, budgets, quarter, role, errors, result, cumulative=careful)
    if errors or (dry_run and not careful):
        if not careful:
            raise _Recheck
        result.errors = sorted(errors, key=lambda e: (e.sheet != REALISASI, e.row or 0, e.column))
        return result
    changes = [item for item in planned.values() if item.changed]
    result.created = sum(1 for item in changes if item.current is None)
    result.updated = len(changes) - result.created
    if dry_run:
        return result
    # New rows without outputs (the bulk of a quarter's first upload) are written from their
    # values; the others (updates, outputs) through save_drafts, which locks and checks again.
    new = [(item.activity_id, *item.values) for item in changes
           if item.current is None and item.outputs is None]
    others = [item for item in changes if item.current is not None or item.outputs is not None]
    objects = _activities([item.activity_id for item in others])
    entries = [services.Entry(objects[item.activity_id], quarter, services.Values(*item.values), item.version,
                              outputs=item.outputs) for item in others]
    try:
        services.insert_checked_drafts(actor, quarter, new)
        for start in range(0, len(entries), CHUNK):
            # Every value was checked above with the model's rules (ranges, cents, the budget
            # flag): save_drafts does not check them a second time.
            services.save_drafts(actor, entries[start:start + CHUNK], validated=True)
    except ValidationError:
        if not careful:
            raise _Recheck from None
        raise
    if submit:
        result.submitted = _submit(actor, [item.activity_id for item in planned.values()
                                           if item.values is not None], quarter)
    result.applied = True
    return result


def _check_rules(planned: dict[int, _Planned], stored: dict[int, dict[int, _Stored]],
                 stored_outputs: dict[int, dict[int, dict[int, Decimal]]], budgets: dict[int, Decimal | None],
                 quarter: int, role: Any, errors: ErrorList, result: ImportResult, *,
                 cumulative: bool) -> None:
    """The rules across each row and the stored quarters: unchanged rows, locked and stale
    rows, the budget flag, cumulative figures (unless not `cumulative`: the stored quarters
    are then the file's quarter only) and outputs. Marks the rows to write `changed`."""
    refusals: dict[str, str | None] = {}  # the SAVE step from each state for this role

    def refusal(state: str) -> str | None:
        if state not in refusals:
            try:
                rules.next_state(rules.Step.SAVE, state, role)
                refusals[state] = None
            except rules.TransitionRefused as exc:
                refusals[state] = exc.message
        return refusals[state]

    for activity_id, item in planned.items():
        current = item.current
        outputs_changed = item.outputs is not None
        if item.values is None and not outputs_changed:
            result.skipped += 1
            continue
        values = item.values
        if values is None:  # outputs only: the stored figures stay
            values = item.values = (current.physical.quantize(CENTS), current.financial.quantize(CENTS),
                                    current.problems, current.over_budget_confirmed)
        if not outputs_changed and current is not None and values == current[:4]:
            result.unchanged += 1
            continue
        item.changed = True
        sheet, number = (REALISASI, item.number) if item.number > 0 else (KELUARAN, -item.number)
        where = PHYSICAL if sheet == REALISASI else IND_VALUE
        if current is not None and current.status not in EDITABLE_STATES:
            errors.add(number, where, _("This realization is %(state)s: it cannot be changed.")
                       % {"state": rules.state_label(current.status)}, sheet)
            continue
        message = refusal(current.status if current else rules.NEW)
        if message is not None:
            errors.add(number, where, message, sheet)
            continue
        if sheet == REALISASI and (current.version if current else None) != item.version:
            errors.add(number, VERSION, _(
                "This realization was changed in Sinergi after the file was downloaded (version "
                "%(old)s, now %(new)s). Download the file again and enter your changes there.")
                % {"old": item.version or "–", "new": current.version if current else "–"}, REALISASI)
            continue
        if sheet == REALISASI:
            physical, financial, _problems, confirmed = values
            budget = budgets[activity_id]
            if budget is not None and financial > budget and not confirmed:
                errors.add(number, FINANCIAL, rules.over_budget_problem(financial, budget, confirmed),
                           REALISASI)
            quarters = stored.get(activity_id) if cumulative else None  # None: nothing to compare
            if quarters and not _non_decreasing(quarters, quarter, physical, financial):
                series = {q: (r.physical, r.financial) for q, r in quarters.items()}
                series[quarter] = (physical, financial)
                for p in rules.cumulative_problems(series):
                    prefix = "" if p.quarter == quarter else f"{rules.quarter_label(p.quarter)}: "
                    errors.add(number, PHYSICAL if p.field == "physical" else FINANCIAL,
                               prefix + p.message, REALISASI)
        if outputs_changed:
            rows = item.output_rows
            series_o = {q: dict(v) for q, v in stored_outputs.get(activity_id, {}).items()}
            series_o[quarter] = {i: v for i, v in item.outputs.items() if v is not None}
            for p in rules.output_problems(series_o):
                row_n = rows.get(p.field)
                if row_n is None:
                    continue
                prefix = "" if p.quarter == quarter else f"{rules.quarter_label(p.quarter)}: "
                errors.add(row_n, IND_VALUE, prefix + p.message, KELUARAN)


def _non_decreasing(quarters: dict[int, _Stored], quarter: int, physical: Decimal,
                    financial: Decimal) -> bool:
    """Whether the stored quarters with this quarter's new figures are a series that
    rules.cumulative_problems has nothing to say about (the usual case, decided without it)."""
    if len(quarters) == 1 and (before := quarters.get(quarter - 1)) is not None:
        # The usual case: one earlier quarter stored (the figures are in range already).
        return 0 <= before.physical <= physical and 0 <= before.financial <= financial
    last_p = last_f = Decimal(0)
    for q in (1, 2, 3, 4):
        if q == quarter:
            p, f = physical, financial
        else:
            row = quarters.get(q)
            if row is None:
                continue
            p, f = row.physical, row.financial
        if p is None or f is None or p < last_p or f < last_f or p > 100:
            return False
        last_p, last_f = p, f
    return True


def _lock(rows) -> None:
    """Lock these realizations (SELECT ... FOR UPDATE where the database has it; SQLite's
    write transactions are exclusive already) without reading them into Python."""
    if not connection.features.has_select_for_update:
        return
    try:
        sql, params = rows.values("pk").query.sql_with_params()
    except EmptyResultSet:  # nothing in scope
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) locked", params)  # noqa: S608 (Django's SQL)


def _activities(ids: list[int]) -> dict[int, Activity]:
    """The activities by id with what the scope check, Realization.clean() and the audit's
    str() read, and no more: their units and nomenclature items are read once each and shared
    (a plan has far fewer of them than activities)."""
    activities = Activity.objects.only(
        "id", "year", "name", "budget", "government_id", "unit_id", "nomenclature_id").in_bulk(ids)
    units = Unit.objects.only("id", "path", "government_id").in_bulk(
        {a.unit_id for a in activities.values()})
    items = NomenclatureItem.objects.only("code", "name").in_bulk(
        {a.nomenclature_id for a in activities.values() if a.nomenclature_id})
    unit_field, item_field = Activity._meta.get_field("unit"), Activity._meta.get_field("nomenclature")
    for activity in activities.values():
        unit_field.set_cached_value(activity, units[activity.unit_id])
        if activity.nomenclature_id:
            item_field.set_cached_value(activity, items[activity.nomenclature_id])
    return activities


def _submit(actor: Actor, activity_ids: list[int], quarter: int) -> int:
    """Submit the draft and returned realizations of these activities (services.transition)."""
    count = 0
    for start in range(0, len(activity_ids), CHUNK):
        rows = Realization.objects.filter(
            activity_id__in=activity_ids[start:start + CHUNK], quarter=quarter,
            status__in=EDITABLE_STATES)
        done = services.transition(actor, rules.Step.SUBMIT, [(r, None) for r in rows])
        count += len(done)
    return count
