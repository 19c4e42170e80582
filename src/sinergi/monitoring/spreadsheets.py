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
  text such as "Rp 1.500.000" or "12,5" is read with planning.spreadsheets.parse_number.
- **Writes** go through monitoring.services.save_drafts (the entry page's service: workflow
  table, audit event per written row, version check under lock), in chunks of CHUNK activities
  inside one transaction. The planner has already checked every rule with pure functions and a
  fixed number of queries, so a refusal there is only a race (reported as a file error).
  With `submit=True` the file's draft and returned realizations are then submitted through
  services.transition (the period must be open), in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.core.scope import Action, scoped
from sinergi.core.services import Actor, StaleEditError
from sinergi.core.spreadsheets import (
    CHOICE,
    NUMBER,
    Column,
    ErrorList,
    ImportOutcome,
    RowError,
    SheetSpec,
    SpreadsheetError,
    WorkbookSpec,
    read_workbook,
    write_workbook,
)
from sinergi.monitoring import rules, services
from sinergi.monitoring.choices import EDITABLE_STATES, RealizationStatus
from sinergi.monitoring.models import Realization, RealizationOutput
from sinergi.planning.models import Activity, Indicator, NomenclatureItem, QuarterTarget
from sinergi.planning.spreadsheets import NUMBER_PATTERN, parse_number
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
BUDGET = Column("budget", "Pagu (Rp)", kind=NUMBER, width=16, help=_INFO)
YEAR = Column("year", "Tahun", kind=NUMBER, width=7, help=_INFO)
QUARTER = Column("quarter", "TW", kind=NUMBER, width=5, help=gettext_lazy(
    "The quarter (1 to 4); it must be the quarter of the upload page."))
TARGET_PHYSICAL = Column("target_physical", "Target Fisik TW (%)", kind=NUMBER, width=11, help=_INFO)
TARGET_FINANCIAL = Column("target_financial", "Target Keuangan TW (Rp)", kind=NUMBER, width=16,
                          help=_INFO)
PREVIOUS_PHYSICAL = Column("previous_physical", "Realisasi Fisik TW Sebelumnya (%)", kind=NUMBER,
                           width=12, help=_INFO)
PREVIOUS_FINANCIAL = Column("previous_financial", "Realisasi Keuangan TW Sebelumnya (Rp)",
                            kind=NUMBER, width=16, help=_INFO)
STATUS = Column("status", "Status", max_length=40, width=11, help=gettext_lazy(
    "For reading only: submitted and verified realizations cannot be changed."))
PHYSICAL = Column("physical", "Realisasi Fisik Kumulatif (%)", kind=NUMBER, width=13,
                  safe_pattern=NUMBER_PATTERN, help=gettext_lazy(
                      "Cumulative physical progress at the end of the quarter, 0 to 100 %, never "
                      "below an earlier quarter."))
FINANCIAL = Column("financial", "Realisasi Keuangan Kumulatif (Rp)", kind=NUMBER, width=17,
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



class _Stored(NamedTuple):
    """A stored realization, as read for the comparison (no model instance)."""

    physical: Decimal
    financial: Decimal
    problems: str
    over_budget_confirmed: bool
    status: str
    version: int


@dataclass
class _Planned:
    number: int
    activity_id: int
    values: services.Values | None
    version: int | None
    current: _Stored | None
    changed: bool = False
    outputs: dict[int, Decimal | None] | None = None
    output_rows: dict[int, int] = field(default_factory=dict)


def _as_int(text: Any) -> int | None:
    text = str(text if text is not None else "").strip()
    if text.endswith(".0"):
        text = text[:-2]
    return int(text) if text.isdigit() and len(text) <= 18 else None


def _amount(value: Any) -> Decimal | None:
    """A NUMBER cell as a Decimal with 2 decimals (None when empty); ValueError when not a number."""
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        number = Decimal(repr(value))
        rounded = number.quantize(CENTS)
        if abs(rounded - number) > Decimal("0.000001"):
            raise ValueError(_("At most 2 decimals."))
        return rounded
    return parse_number(value)


class _Reader:
    """Collects row errors while converting cells."""

    def __init__(self, errors: ErrorList) -> None:
        self.errors = errors

    def amount(self, row, column: Column, sheet: str) -> tuple[bool, Decimal | None]:
        if column.key in row.bad:
            return False, None
        try:
            value = _amount(row.get(column.key))
        except (ValueError, InvalidOperation) as exc:
            self.errors.add(row.number, column, exc, sheet)
            return False, None
        if value is not None and value < 0:
            self.errors.add(row.number, column, _("A realization cannot be negative."), sheet)
            return False, None
        if value is not None and value >= MAX_MONEY:
            self.errors.add(row.number, column, _("The number is too large."), sheet)
            return False, None
        return True, value


def import_realization(data: bytes, actor: Actor, unit: Unit, year: int, quarter: int, *,
                       subunits: bool = True, submit: bool = False, dry_run: bool = False) -> ImportResult:
    """Check the uploaded workbook as a whole and, unless a row has an error (or `dry_run`),
    save the changed rows as drafts (and submit them with `submit`). Never raises for the
    user's mistakes: they come back as the result's errors."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter {quarter} is not 1 to 4")  # the page's own argument
    try:
        read = read_workbook(data, READ_BOOK)
    except SpreadsheetError as exc:
        return ImportResult.refused(str(exc))
    errors = ErrorList(read.errors)
    user = actor.user
    role = services.actor_role(actor)
    # Plain values, a fixed number of queries: model instances only for the rows to write.
    allowed = activities_for(user, unit, year, subunits, Action.CHANGE).order_by()
    allowed_ids = allowed.values("pk")
    budgets: dict[int, Decimal] = dict(allowed.values_list("pk", "budget"))
    stored: dict[int, dict[int, _Stored]] = {}
    for activity_id, q, *rest in Realization.objects.filter(activity__in=allowed_ids).values_list(
            "activity_id", "quarter", *_Stored._fields):
        stored.setdefault(activity_id, {})[q] = _Stored(*rest)
    indicators: dict[int, int] = {}  # indicator -> its activity
    stored_outputs: dict[int, dict[int, dict[int, Decimal]]] = {}  # activity -> quarter -> {ind: v}
    if read.rows(KELUARAN):
        indicators = dict(Indicator.objects.filter(activity__in=allowed_ids).values_list("pk", "activity_id"))
        for activity_id, q, indicator_id, value in RealizationOutput.objects.filter(
                realization__activity__in=allowed_ids,
        ).values_list("realization__activity_id", "realization__quarter", "indicator_id", "value"):
            stored_outputs.setdefault(activity_id, {}).setdefault(q, {})[indicator_id] = value

    reader = _Reader(errors)
    unknown = _("No activity %(id)s of %(unit)s in %(year)d whose realization you may enter.")
    planned: dict[int, _Planned] = {}
    seen: dict[int, int] = {}
    result = ImportResult()
    for row in read.rows(REALISASI):
        n = row.number
        activity_id = _as_int(row.get("id")) if "id" not in row.bad else None
        if activity_id is None:
            if "id" not in row.bad:
                errors.add(n, ID, _("Not an activity number: do not change this column."), REALISASI)
            continue
        if activity_id not in budgets:
            errors.add(n, ID, unknown % {"id": activity_id, "unit": unit, "year": year}, REALISASI)
            continue
        if activity_id in seen:
            errors.add(n, ID, _("This activity is already in row %(row)d of this file.")
                       % {"row": seen[activity_id]}, REALISASI)
            continue
        seen[activity_id] = n
        ok = True
        row_quarter = row.get("quarter")
        if row_quarter not in (None, "") and _as_int(row_quarter) != quarter:
            errors.add(n, QUARTER, _("This file is for TW %(quarter)d: the row says %(value)s.")
                       % {"quarter": quarter, "value": row_quarter}, REALISASI)
            ok = False
        row_year = row.get("year")
        if row_year not in (None, "") and _as_int(row_year) != year:
            errors.add(n, YEAR, _("This file is for %(year)d: the row says %(value)s.")
                       % {"year": year, "value": row_year}, REALISASI)
            ok = False
        good_p, physical = reader.amount(row, PHYSICAL, REALISASI)
        good_f, financial = reader.amount(row, FINANCIAL, REALISASI)
        ok = ok and good_p and good_f and "over_budget" not in row.bad and "problems" not in row.bad
        if physical is not None and physical > 100:
            errors.add(n, PHYSICAL, _("Physical progress is at most 100 %."), REALISASI)
            ok = False
        current = stored.get(activity_id, {}).get(quarter)
        version_text = row.get("version") or ""
        version = _as_int(version_text)
        if "version" in row.bad or (version_text and version is None):
            errors.add(n, VERSION, _("Not a version number: do not change this column."), REALISASI)
            ok = False
        if not ok:
            continue
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
        values = services.Values(physical, financial, (row.get("problems") or "").strip(),
                                 row.get("over_budget") == YES)
        planned[activity_id] = _Planned(n, activity_id, values, version, current)

    # Outputs per indicator ("Keluaran").
    output_rows: dict[int, int] = {}
    for row in read.rows(KELUARAN):
        n = row.number
        indicator_id = _as_int(row.get("id")) if "id" not in row.bad else None
        activity_id = indicators.get(indicator_id) if indicator_id is not None else None
        if activity_id is None:
            if "id" not in row.bad:
                errors.add(n, IND_ID, _("No indicator %(id)s of an activity in this file's scope.")
                           % {"id": row.get("id")}, KELUARAN)
            continue
        if indicator_id in output_rows:
            errors.add(n, IND_ID, _("This indicator is already in row %(row)d of this file.")
                       % {"row": output_rows[indicator_id]}, KELUARAN)
            continue
        output_rows[indicator_id] = n
        good, value = reader.amount(row, IND_VALUE, KELUARAN)
        if not good:
            continue
        before = stored_outputs.get(activity_id, {}).get(quarter, {}).get(indicator_id)
        if before == value:
            continue
        item = planned.get(activity_id)
        current = stored.get(activity_id, {}).get(quarter)
        if item is None:
            item = planned[activity_id] = _Planned(n, activity_id, None, None, current)
            item.version = current.version if current is not None else None
            item.number = -n  # no row in "Realisasi": report at the "Keluaran" row
        if item.values is None and current is None:
            errors.add(n, IND_VALUE, _("Enter the physical and financial realization of the activity "
                                       "first (sheet \"Realisasi\")."), KELUARAN)
            continue
        if item.outputs is None:
            item.outputs = dict(stored_outputs.get(activity_id, {}).get(quarter, {}))
        item.outputs[indicator_id] = value
        item.output_rows[indicator_id] = n

    # Rules across the row and the stored quarters; stale and locked rows.
    for activity_id, item in planned.items():
        current = item.current
        outputs_changed = item.outputs is not None
        if item.values is None and not outputs_changed:
            result.skipped += 1
            continue
        values = item.values
        if values is None:  # outputs only: the stored figures stay
            values = services.Values(current.physical, current.financial, current.problems,
                                     current.over_budget_confirmed)
            item.values = values
        changed = outputs_changed or current is None or any(
            getattr(current, k) != v for k, v in values.as_changes().items())
        if not changed:
            result.unchanged += 1
            continue
        item.changed = True
        sheet, number = (REALISASI, item.number) if item.number > 0 else (KELUARAN, -item.number)
        where = PHYSICAL if sheet == REALISASI else IND_VALUE
        if current is not None and current.status not in EDITABLE_STATES:
            errors.add(number, where, _("This realization is %(state)s: it cannot be changed.")
                       % {"state": rules.state_label(current.status)}, sheet)
            continue
        try:
            rules.next_state(rules.Step.SAVE, current.status if current else rules.NEW, role)
        except rules.TransitionRefused as exc:
            errors.add(number, where, exc.message, sheet)
            continue
        if sheet == REALISASI and (current.version if current else None) != item.version:
            errors.add(number, VERSION, _(
                "This realization was changed in Sinergi after the file was downloaded (version "
                "%(old)s, now %(new)s). Download the file again and enter your changes there.")
                % {"old": item.version or "–", "new": current.version if current else "–"}, REALISASI)
            continue
        if sheet == REALISASI:
            budget_problem = rules.over_budget_problem(values.financial, budgets[activity_id],
                                                       values.over_budget_confirmed)
            if budget_problem:
                errors.add(number, FINANCIAL, budget_problem, REALISASI)
            series = {q: (r.physical, r.financial) for q, r in stored.get(activity_id, {}).items()}
            series[quarter] = (values.physical, values.financial)
            for p in rules.cumulative_problems(series):
                prefix = "" if p.quarter == quarter else f"{rules.quarter_label(p.quarter)}: "
                errors.add(number, PHYSICAL if p.field == "physical" else FINANCIAL,
                           prefix + p.message, REALISASI)
        if item.outputs is not None:
            rows = item.output_rows
            series_o = {q: dict(v) for q, v in stored_outputs.get(activity_id, {}).items()}
            series_o[quarter] = {i: v for i, v in item.outputs.items() if v is not None}
            for p in rules.output_problems(series_o):
                row_n = rows.get(p.field)
                if row_n is None:
                    continue
                prefix = "" if p.quarter == quarter else f"{rules.quarter_label(p.quarter)}: "
                errors.add(row_n, IND_VALUE, prefix + p.message, KELUARAN)

    if errors:
        result.errors = sorted(errors, key=lambda e: (e.sheet != REALISASI, e.row or 0, e.column))
        return result
    changes = [item for item in planned.values() if item.changed]
    result.created = sum(1 for item in changes if item.current is None)
    result.updated = len(changes) - result.created
    if dry_run:
        return result
    # New rows without outputs (the bulk of a quarter's first upload) are written from their
    # values; the others (updates, outputs) through save_drafts.
    new = [item for item in changes if item.current is None and item.outputs is None]
    others = [item for item in changes if item.current is not None or item.outputs is not None]
    try:
        with transaction.atomic():
            # Everything above was checked against `stored`: under lock, it must still be so.
            _ensure_unchanged(allowed_ids, {item.activity_id for item in changes}, stored)
            labels = _labels(allowed_ids) if new else {}
            for start in range(0, len(new), CHUNK):
                services.insert_checked_drafts(actor, quarter, [
                    (item.activity_id, labels[item.activity_id], item.values)
                    for item in new[start:start + CHUNK]])
            objects = _activities([item.activity_id for item in others])
            entries = [services.Entry(objects[item.activity_id], quarter, item.values, item.version,
                                      outputs=item.outputs) for item in others]
            for start in range(0, len(entries), CHUNK):
                # Every value was checked above with the model's rules (ranges, cents, the
                # budget flag): save_drafts does not check them a second time.
                services.save_drafts(actor, entries[start:start + CHUNK], validated=True)
            if submit:
                result.submitted = _submit(actor, [item.activity_id for item in planned.values()
                                                   if item.values is not None], quarter)
    except PermissionDenied:
        return ImportResult.refused(_("You may not enter the realization of these activities."))
    except ValidationError as exc:
        return ImportResult.refused(" ".join(str(m) for m in exc.messages))
    result.applied = True
    return result


def _ensure_unchanged(activities: Any, changed: set[int], stored: dict[int, dict[int, _Stored]]) -> None:
    """Lock the stored realizations of `activities` (a queryset of ids: the import's scope) and
    refuse (StaleEditError) when one of the `changed` activities has a realization created,
    changed or removed since `stored` was read: the import's checks (versions, workflow, the
    cumulative rule) were made on `stored` and hold only while it is current."""
    now = {
        row for row in Realization.objects.select_for_update().filter(activity__in=activities)
        .values_list("activity_id", "quarter", "version").order_by()
        if row[0] in changed
    }
    then = {(a, q, row.version) for a in changed for q, row in stored.get(a, {}).items()}
    if now != then:
        raise StaleEditError()


def _labels(activities: Any) -> dict[int, str]:
    """str() of each activity of the queryset (Activity.label), read as values in one query."""
    return {
        pk: Activity.label(year, code, name or item_name or "")
        for pk, year, code, name, item_name in Activity.objects.filter(pk__in=activities).values_list(
            "pk", "year", "nomenclature_id", "name", "nomenclature__name").order_by()
    }


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
