"""The annual plan (Renja) of a government as an xlsx workbook: download it, edit it, upload it.

`export_plan(user, government, year, unit=None)` writes the workbook (with no activities it is
the empty template); `import_plan(data, actor, government, year)` checks every row of an upload
and, unless a row has an error, writes everything in one transaction.

Workbook (the column titles are stable and not translated; "Petunjuk" describes every column):

- "Kegiatan": one row per activity (sub kegiatan): ID, version, unit code, sub kegiatan code,
  name, location (region code), pagu, funding source, priorities, cumulative physical target %
  and cumulative financial target Rp at the end of TW I–IV.
- "Indikator": output indicators: indicator ID, the activity (its ID, or the label of a new
  row), indicator, measure unit, annual target.
- "Tahapan": milestones of multi-stage activities (SSK M1–M4 ...): milestone ID, the activity
  (as in "Indikator"), order, name, planned and achieved dates, evidence. Optional on upload (a
  file downloaded before the sheet existed has none).
- "Prioritas" (reference only, not read): the priorities that may be named, with their notation.

Decisions:

- **Identity.** A row with a number in "ID Kegiatan" is that stored activity (it must belong to
  the government and year of the upload). A row without a number is matched to the stored
  activity of the same government and year with the same unit code, sub kegiatan code, name
  (spacing and letter case ignored) and location; when there is none, the row creates an
  activity. "ID Kegiatan" may hold a label that is not a number (e.g. "baru-1") for a new row:
  the "Indikator" sheet refers to the activity by that label. So an export re-imported is
  matched exactly by ID, and a new row imported twice is created once.
- **Priorities** are written `<framework name> <number>`, several separated by ";", e.g.
  "Asta Cita 4; RPJMD Kutai Timur M2.1" (letter case ignored). National frameworks and the
  government's own are searched; when two frameworks share a name, the one whose years cover the
  plan year is taken. The cell holds the complete alignment: an empty cell removes it.
- **Targets**: an empty quarter leaves the stored target of that quarter as it is (nothing is
  deleted); a quarter needs both its physical and financial target. The whole set (stored and
  new) is checked with planning.rules.cumulative_problems against the new pagu.
- **Indicators**: a row with an "ID Indikator" is that stored indicator of its activity (so a
  renamed indicator is updated); one without is matched within its activity by name (letter
  case ignored), or else created; milestones likewise ("ID Tahapan", else the name).
  Indicators, milestones and activities missing from the file are kept: the import never
  deletes.
- **Stale edits**: the export writes a version token per activity (the activity's version and a
  digest of its targets', indicators' and milestones' versions). A row that would change an activity whose
  token has moved since the download is refused; a row equal to the stored data is not (so
  re-importing a file changes nothing, and records no audit event).

Writes go through core.services, each row scope-checked and audited (source "import" when the
page calls it): new activities, targets and indicators with bulk_create_objects (a new
activity's priorities are linked right after and recorded as a second audit event of that
activity), changed targets, indicators and activity fields with bulk_update_objects, and
activities whose priorities change with update_object (the many-to-many set is audited and
bumps the version there). planning.services.set_quarter_targets is per activity and per row,
so the import checks each activity's whole set with the same rule (rules.cumulative_problems)
and writes the targets in bulk under deferred_cumulative_check, then checks every touched
activity's stored set once more before the transaction commits.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.core.models import AuditAction, AuditEvent, AuditSource
from sinergi.core.numbers import parse_number
from sinergi.core.paths import is_in_subtree
from sinergi.core.scope import scoped
from sinergi.core.services import (
    Actor,
    StaleEditError,
    bulk_create_objects,
    bulk_update_objects,
    update_object,
)
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
    read_workbook,
    write_workbook,
)
from sinergi.planning import rules
from sinergi.planning.choices import QUARTERS, FundingSource, NomenclatureLevel
from sinergi.planning.forms import plannable_units
from sinergi.planning.models import (
    Activity,
    Indicator,
    Milestone,
    NomenclatureItem,
    Priority,
    QuarterTarget,
    deferred_cumulative_check,
)
from sinergi.regions.models import Government, Region, Unit

ROMAN = rules.ROMAN
# A number as typed: digits with dots/commas, optionally Rp, a sign or a % sign. Such text may
# start with "-" (a negative amount cannot run as a formula; it is then refused as negative).
NUMBER_PATTERN = re.compile(r"-?\s*(?:Rp\.?\s*)?-?[\d.,\s]+%?", re.IGNORECASE)
PRIORITY_SEPARATOR = re.compile(r"[;\n]")
TOKEN_PATTERN = re.compile(r"v\d+-[0-9a-f]{6}")
ID_PATTERN = re.compile(r"[0-9]{1,18}")
MAX_NUMBER = Decimal(10) ** 16  # amounts have 18 digits, 2 of them decimals

# ------------------------------------------------------------------------------ workbook layout

KEGIATAN, INDIKATOR, TAHAPAN, PRIORITAS = "Kegiatan", "Indikator", "Tahapan", "Prioritas"

ID = Column("id", "ID Kegiatan", max_length=40, width=12, help=gettext_lazy(
    "The Sinergi number of a stored activity (as downloaded): do not change it. Empty for a new "
    "activity; a new activity that has indicators in the sheet \"Indikator\" gets a label of your "
    "choice here instead (not a number, e.g. baru-1)."))
VERSION = Column("version", "Versi", max_length=40, width=12, help=gettext_lazy(
    "Written by the download; do not change it. A row that would change an activity edited in "
    "Sinergi after the download is refused. Empty for a new activity."))
UNIT = Column("unit", "Kode Unit", required=True, max_length=40, width=14, kind=CHOICE,
              help=gettext_lazy("Code of the unit (OPD) whose activity it is; a unit you may plan for."))
CODE = Column("nomenclature", "Kode Sub Kegiatan", required=True, max_length=20, width=20,
              help=gettext_lazy("Code of the sub kegiatan in the nomenclature, U.BB.PP.L.KK.SSSS, e.g. "
                                "1.01.01.2.01.0001."))
NAME = Column("name", "Nama Kegiatan", max_length=500, width=45, help=gettext_lazy(
    "Optional; empty: the name of the sub kegiatan."))
LOCATION = Column("location", "Kode Lokasi", max_length=20, width=12, help=gettext_lazy(
    "Optional: Kemendagri code of a region inside the government, e.g. 64.08.01."))
BUDGET = Column("budget", "Pagu (Rp)", required=True, width=18,
                safe_pattern=NUMBER_PATTERN, help=gettext_lazy("Budget ceiling in Rupiah, 0 or more."))
FUNDING = Column("funding_source", "Sumber Dana", kind=CHOICE, choices=FundingSource.choices, width=12,
                 help=gettext_lazy("One of the values listed below; empty: APBD."))
PRIORITIES = Column("priorities", "Prioritas", max_length=2000, width=32, help=gettext_lazy(
    "Priorities the activity is aligned to: framework name and number, several separated by ; "
    "(e.g. Asta Cita 4; RPJMD M2.1). The sheet \"Prioritas\" lists them. Empty: none."))
PHYSICAL = {q: Column(f"physical_{q}", f"Target Fisik TW {ROMAN[q]} (%)", width=11,
                      safe_pattern=NUMBER_PATTERN, help=gettext_lazy(
                          "Cumulative physical target at the end of the quarter, 0 to 100 %, "
                          "never below an earlier quarter."))
            for q in QUARTERS}
FINANCIAL = {q: Column(f"financial_{q}", f"Target Keuangan TW {ROMAN[q]} (Rp)", width=16,
                       safe_pattern=NUMBER_PATTERN, help=gettext_lazy(
                           "Cumulative financial target at the end of the quarter in Rupiah, at "
                           "most the pagu, never below an earlier quarter."))
             for q in QUARTERS}
ACTIVITY_COLUMNS = [ID, VERSION, UNIT, CODE, NAME, LOCATION, BUDGET, FUNDING, PRIORITIES,
                    *PHYSICAL.values(), *FINANCIAL.values()]

IND_ID = Column("id", "ID Indikator", max_length=40, width=12, help=gettext_lazy(
    "The Sinergi number of a stored indicator (as downloaded): do not change it. Empty for a new "
    "indicator, which is then matched by name within its activity."))
IND_ACTIVITY = Column("activity", "ID Kegiatan", required=True, max_length=40, width=12, help=gettext_lazy(
    "The \"ID Kegiatan\" of the activity's row in the sheet \"Kegiatan\" (its number, or the "
    "label of a new row)."))
IND_INFO = Column("info", "Sub Kegiatan (info)", max_length=1000, width=40, help=gettext_lazy(
    "For reading only; not imported."))
IND_NAME = Column("name", "Indikator", required=True, max_length=300, width=45)
IND_MEASURE = Column("measure_unit", "Satuan", required=True, max_length=50, width=12,
                     help=gettext_lazy("E.g. dokumen, orang, km, %."))
IND_TARGET = Column("annual_target", "Target Tahunan", required=True, width=14,
                    safe_pattern=NUMBER_PATTERN, help=gettext_lazy("Annual target, 0 or more."))
INDICATOR_COLUMNS = [IND_ID, IND_ACTIVITY, IND_INFO, IND_NAME, IND_MEASURE, IND_TARGET]

MS_ID = Column("id", "ID Tahapan", max_length=40, width=12, help=gettext_lazy(
    "The Sinergi number of a stored milestone (as downloaded): do not change it. Empty for a new "
    "milestone, which is then matched by name within its activity."))
MS_ORDER = Column("order", "Urutan", required=True, max_length=5, width=8, help=gettext_lazy(
    "The milestone's place in the activity's schedule: 1, 2, 3 ..."))
MS_NAME = Column("name", "Tahapan", required=True, max_length=200, width=40,
                 help=gettext_lazy("E.g. M1 Penyusunan dokumen perencanaan."))
MS_PLANNED = Column("planned_date", "Rencana Selesai", kind=DATE, width=14,
                    help=gettext_lazy("The day the milestone is planned to be reached."))
MS_ACHIEVED = Column("achieved_date", "Tercapai", kind=DATE, width=14,
                     help=gettext_lazy("The day it was reached; empty while it is not."))
MS_EVIDENCE = Column("evidence", "Bukti", max_length=2000, width=40,
                     help=gettext_lazy("What shows the milestone was reached."))
MILESTONE_COLUMNS = [MS_ID, IND_ACTIVITY, IND_INFO, MS_ORDER, MS_NAME, MS_PLANNED, MS_ACHIEVED, MS_EVIDENCE]
MILESTONE_FIELDS = ("order", "name", "planned_date", "achieved_date", "evidence")

PRIORITY_COLUMNS = [
    Column("notation", "Notasi", width=30),
    Column("framework", "Kerangka", width=30),
    Column("years", "Periode", width=12),
    Column("number", "Nomor", width=8),
    Column("title", "Uraian", width=90),
]

MONEY_KEYS = {"budget", *(c.key for c in FINANCIAL.values()), "annual_target"}
PERCENT_KEYS = {c.key for c in PHYSICAL.values()}

INSTRUCTIONS = [
    gettext_lazy("One row per activity (sub kegiatan) in the sheet \"Kegiatan\", its output "
                 "indicators in the sheet \"Indikator\". Do not change the header rows."),
    gettext_lazy("A row with a number in \"ID Kegiatan\" updates that activity. A row without one "
                 "updates the activity of this government and year with the same unit code, sub "
                 "kegiatan code, name and location, or else creates a new activity."),
    gettext_lazy("Priorities: the framework name and the number of the priority, e.g. \"Asta Cita "
                 "4\"; several are separated by a semicolon: \"Asta Cita 4; RPJMD M2.1\". The sheet "
                 "\"Prioritas\" lists every priority with its notation. The cell holds all the "
                 "priorities of the activity: an empty cell removes them."),
    gettext_lazy("Targets are cumulative: the value at the end of TW II includes TW I. Physical "
                 "targets lie between 0 and 100 %, financial targets between 0 and the pagu, and "
                 "neither may decrease from one quarter to the next. An empty quarter leaves its "
                 "stored target as it is."),
    gettext_lazy("Type numbers as numbers (1500000 or 12.5); text such as \"Rp 1.500.000\" or "
                 "\"12,5\" is read too."),
    gettext_lazy("In the sheet \"Indikator\", a row with an \"ID Indikator\" updates that indicator; "
                 "a row without one updates the activity's indicator of the same name, or else adds "
                 "an indicator."),
    gettext_lazy("In the sheet \"Tahapan\", the milestones of multi-stage activities (e.g. SSK "
                 "M1–M4), matched like indicators: by \"ID Tahapan\", or else by name within the "
                 "activity. Dates as dates (or 31/03/2025)."),
    gettext_lazy("Nothing is deleted: activities, indicators and milestones missing from the file "
                 "are kept."),
    gettext_lazy("The whole file is checked first: if any row has an error, nothing is saved and "
                 "every error is listed with its sheet, row and column."),
]


def _book(units: Iterable[Unit] = (), extra: Iterable[str] = ()) -> WorkbookSpec:
    unit_choices = [(u.code, u.name) for u in units]
    activity_columns = [replace(UNIT, choices=unit_choices) if c is UNIT else c for c in ACTIVITY_COLUMNS]
    return WorkbookSpec(
        [
            SheetSpec(KEGIATAN, activity_columns),
            SheetSpec(INDIKATOR, INDICATOR_COLUMNS, help=gettext_lazy(
                "Output indicators, one row per indicator of an activity.")),
            SheetSpec(TAHAPAN, MILESTONE_COLUMNS, help=gettext_lazy(
                "Milestones, one row per stage of an activity's schedule.")),
            SheetSpec(PRIORITAS, PRIORITY_COLUMNS, importable=False, help=gettext_lazy(
                "For reference: the priorities an activity of this plan may name.")),
        ],
        instructions=[*extra, *INSTRUCTIONS],
    )


# Reading: the unit code is plain text (its own error message), not the drop-down's choice.
READ_BOOK = WorkbookSpec([
    SheetSpec(KEGIATAN, [replace(UNIT, kind=TEXT) if c is UNIT else c for c in ACTIVITY_COLUMNS]),
    SheetSpec(INDIKATOR, INDICATOR_COLUMNS),
    SheetSpec(TAHAPAN, MILESTONE_COLUMNS, optional=True),  # not in files downloaded before it existed
])


# ------------------------------------------------------------------------------ helpers


def _as_id(text: Any) -> int | None:
    """The number in an ID cell, or None when it holds no number (empty, or a label)."""
    text = str(text or "").strip()
    return int(text) if ID_PATTERN.fullmatch(text) else None


def _fold(text: Any) -> str:
    return " ".join(str(text or "").split()).casefold()


def _norm(text: Any) -> str:
    return " ".join(str(text or "").split())


def priority_label(priority: Priority) -> str:
    return f"{priority.framework.name} {priority.number}"


def version_token(activity: Activity) -> str:
    """The activity's version plus a digest of its targets', indicators' and milestones' versions
    (prefetched `quarter_targets`, `indicators`, `milestones`): any saved change to the activity
    or one of them moves it."""
    parts = sorted(f"t{t.quarter}:{t.pk}:{t.version}" for t in activity.quarter_targets.all())
    parts += sorted(f"i{i.pk}:{i.version}" for i in activity.indicators.all())
    parts += sorted(f"m{m.pk}:{m.version}" for m in activity.milestones.all())
    digest = hashlib.sha256(",".join(parts).encode()).hexdigest()[:6]
    return f"v{activity.version}-{digest}"


def _activities(government: Government, year: int):
    return (
        Activity.objects.filter(government=government, year=year)
        .select_related("unit", "nomenclature", "location")
        .prefetch_related(
            Prefetch("priorities", queryset=Priority.objects.select_related("framework")),
            "quarter_targets", "indicators", "milestones",
        )
    )


def _plan_priorities(government: Government, year: int) -> list[Priority]:
    return list(
        Priority.objects.filter(
            Q(framework__government__isnull=True) | Q(framework__government=government),
            framework__start_year__lte=year, framework__end_year__gte=year,
        ).select_related("framework").order_by("framework__kind", "framework__name", "order", "number")
    )


def _target_column(problem: rules.TargetProblem) -> Column:
    return (PHYSICAL if problem.field == "physical" else FINANCIAL)[problem.quarter]


def _number_cell(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value)


# ------------------------------------------------------------------------------ export


def export_plan(user: Any, government: Government, year: int, unit: Unit | None = None) -> bytes:
    """The plan of `government` for `year` as far as `user` may see it (narrowed to `unit` and
    its sub-units when given). With no activities it is the empty template."""
    activities = scoped(_activities(government, year), user)
    if unit is not None:
        activities = activities.filter(unit__path__subtree=unit.path)
    activities = activities.order_by("unit__code", "nomenclature_id", "id")
    activity_rows, indicator_rows, milestone_rows = [], [], []
    for activity in activities:
        targets = {t.quarter: t for t in activity.quarter_targets.all()}
        row = {
            "id": str(activity.pk), "version": version_token(activity), "unit": activity.unit.code,
            "nomenclature": activity.nomenclature_id, "name": activity.name,
            "location": activity.location_id or "", "budget": _number_cell(activity.budget),
            "funding_source": activity.funding_source,
            "priorities": "; ".join(sorted(priority_label(p) for p in activity.priorities.all())),
        }
        for q in QUARTERS:
            target = targets.get(q)
            row[f"physical_{q}"] = _number_cell(target.physical) if target else None
            row[f"financial_{q}"] = _number_cell(target.financial) if target else None
        activity_rows.append(row)
        for indicator in sorted(activity.indicators.all(), key=lambda i: i.pk):
            indicator_rows.append({
                "id": str(indicator.pk), "activity": str(activity.pk),
                "info": f"{activity.nomenclature_id} {activity.display_name}",
                "name": indicator.name, "measure_unit": indicator.measure_unit,
                "annual_target": _number_cell(indicator.annual_target),
            })
        for milestone in activity.milestones.all():  # in their order
            milestone_rows.append({
                "id": str(milestone.pk), "activity": str(activity.pk),
                "info": f"{activity.nomenclature_id} {activity.display_name}",
                **{name: getattr(milestone, name) for name in MILESTONE_FIELDS},
            })
    priority_rows = [
        {"notation": priority_label(p), "framework": p.framework.name,
         "years": f"{p.framework.start_year}–{p.framework.end_year}", "number": p.number, "title": p.title}
        for p in _plan_priorities(government, year)
    ]
    units = plannable_units(user).filter(government=government).order_by("code")
    if unit is not None:
        units = units.filter(path__subtree=unit.path)
    heading = [
        _("Plan (Renja) of %(government)s, fiscal year %(year)d.") % {"government": government,
                                                                      "year": year},
        _("Upload it on the page of the same government and year."),
    ]
    data = write_workbook(_book(units, heading), {
        KEGIATAN: activity_rows, INDIKATOR: indicator_rows, TAHAPAN: milestone_rows, PRIORITAS: priority_rows,
    })
    return _numbers_as_numbers(data)


def _numbers_as_numbers(data: bytes) -> bytes:
    """write_workbook writes every value as text: make the amounts and percentages real numbers
    (summable in Excel) and let typed values in those columns be numbers too."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    book = load_workbook(io.BytesIO(data))
    for sheet in (book[KEGIATAN], book[INDIKATOR]):
        titles = {cell.value: cell.column for cell in sheet[1]}
        columns = ACTIVITY_COLUMNS if sheet.title == KEGIATAN else INDICATOR_COLUMNS
        for column in columns:
            if column.key not in MONEY_KEYS | PERCENT_KEYS:
                continue
            index = titles[column.title]
            sheet.column_dimensions[get_column_letter(index)].number_format = "General"
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if cell.value in (None, ""):
                    continue
                value = Decimal(str(cell.value))
                cell.value = int(value) if value == value.to_integral_value() else float(value)
                if column.key in MONEY_KEYS:
                    cell.number_format = "#,##0" if isinstance(cell.value, int) else "#,##0.00"
                else:
                    cell.number_format = "General"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------ import: results


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class PlanImportResult(ImportOutcome):
    errors: list[RowError] = field(default_factory=list)
    activities: Tally = field(default_factory=Tally)
    targets: Tally = field(default_factory=Tally)
    indicators: Tally = field(default_factory=Tally)
    milestones: Tally = field(default_factory=Tally)
    applied: bool = False


    @property
    def summary(self) -> list[tuple[str, Tally]]:
        return [(_("Activities"), self.activities), (_("Quarterly targets"), self.targets),
                (_("Indicators"), self.indicators), (_("Milestones"), self.milestones)]


# ------------------------------------------------------------------------------ import: planning


@dataclass
class _IndicatorPlan:
    number: int
    name: str
    measure_unit: str
    annual_target: Decimal
    existing: Indicator | None = None


class _PartTexts(NamedTuple):
    """What the import says of a sheet of the activities' parts (indicators, milestones)."""

    repeated: Any  # %(row)d
    unknown: Any  # %(id)s
    claimed: Any  # %(id)s, %(row)d
    ambiguous: Any  # %(count)d


INDICATOR_TEXTS = _PartTexts(
    gettext_lazy("The activity already has this indicator in row %(row)d."),
    gettext_lazy("%(id)s is not an indicator of this activity. Leave the cell empty for a new indicator."),
    gettext_lazy("The indicator %(id)s is already in row %(row)d."),
    gettext_lazy("The activity has %(count)d indicators of this name: give the ID of the one this row "
                 "updates."))
MILESTONE_TEXTS = _PartTexts(
    gettext_lazy("The activity already has this milestone in row %(row)d."),
    gettext_lazy("%(id)s is not a milestone of this activity. Leave the cell empty for a new milestone."),
    gettext_lazy("The milestone %(id)s is already in row %(row)d."),
    gettext_lazy("The activity has %(count)d milestones of this name: give the ID of the one this row "
                 "updates."))


@dataclass
class _MilestonePlan:
    number: int
    values: dict[str, Any]  # MILESTONE_FIELDS
    existing: Milestone | None = None

    @property
    def changed(self) -> bool:
        return self.existing is None or any(getattr(self.existing, k) != v for k, v in self.values.items())


@dataclass
class _ActivityPlan:
    row: Row
    label: str                       # the "ID Kegiatan" cell as text
    existing: Activity | None
    values: dict[str, Any]           # unit, nomenclature, name, location, budget, funding_source
    priorities: list[Priority]
    targets: dict[int, tuple[Decimal, Decimal]]
    indicators: list[_IndicatorPlan] = field(default_factory=list)
    milestones: list[_MilestonePlan] = field(default_factory=list)
    changes: dict[str, Any] = field(default_factory=dict)
    priorities_changed: bool = False
    created: Activity | None = None

    @property
    def activity(self) -> Activity:
        return self.existing if self.existing is not None else self.created

    def key(self) -> tuple:
        v = self.values
        return (v["unit"].pk, v["nomenclature"].code, _fold(v["name"]),
                v["location"].code if v["location"] else "")


def _stored_key(activity: Activity) -> tuple:
    return (activity.unit_id, activity.nomenclature_id, _fold(activity.name), activity.location_id or "")


class _Priorities:
    """Priority notation -> Priority, for national frameworks and the government's own."""

    def __init__(self, government: Government, year: int) -> None:
        self.year = year
        self.by_label: dict[str, list[Priority]] = defaultdict(list)
        for priority in Priority.objects.filter(
            Q(framework__government__isnull=True) | Q(framework__government=government)
        ).select_related("framework"):
            self.by_label[_fold(priority_label(priority))].append(priority)

    def find(self, label: str) -> tuple[Priority | None, str]:
        found = self.by_label.get(_fold(label), [])
        if len(found) > 1:
            found = [p for p in found if p.framework.start_year <= self.year <= p.framework.end_year]
        if len(found) == 1:
            return found[0], ""
        if not found:
            return None, _("Unknown priority \"%(label)s\": write the framework name and the number "
                           "as in the sheet \"Prioritas\" (e.g. Asta Cita 4).") % {"label": label}
        return None, _("\"%(label)s\" names priorities of several frameworks of the same name "
                       "covering %(year)d.") % {"label": label, "year": self.year}


class _Planner:
    def __init__(self, actor: Actor, government: Government, year: int, errors: ErrorList) -> None:
        self.actor, self.government, self.year, self.errors = actor, government, year, errors
        user = actor.user
        self.units = {u.code: u for u in Unit.objects.filter(government=government)}
        writable = plannable_units(user) if user is not None else Unit.objects.all()
        self.writable = set(writable.filter(government=government).values_list("pk", flat=True))
        self.kegiatan_rows: list[Row] = []

    def error(self, number: int, column: Column | str, reason: Any, sheet: str = KEGIATAN) -> None:
        self.errors.add(number, column, reason, sheet)

    # -------------------------------------------------------------- the "Kegiatan" sheet

    def plan(self, rows: list[Row], indicator_rows: list[Row],
             milestone_rows: list[Row] = ()) -> list[_ActivityPlan]:
        ids = {pk for r in rows if (pk := _as_id(r.get("id"))) is not None}
        visible: Iterable[Activity] = []
        if ids:
            user_activities = Activity.objects.all()
            if self.actor.user is not None:
                user_activities = scoped(user_activities, self.actor.user)
            visible = user_activities.filter(pk__in=ids).select_related(
                "unit", "government").prefetch_related(
                Prefetch("priorities", queryset=Priority.objects.select_related("framework")),
                "quarter_targets", "indicators", "milestones",
            )
        by_id = {a.pk: a for a in visible}
        stored = list(_activities(self.government, self.year))
        by_key: dict[tuple, list[Activity]] = defaultdict(list)
        for activity in stored:
            by_key[_stored_key(activity)].append(activity)
        codes = {r["nomenclature"] for r in rows if r.get("nomenclature")}
        nomenclature = {n.code: n for n in NomenclatureItem.objects.filter(code__in=codes)}
        locations = {r["location"] for r in rows if r.get("location")}
        regions = {r.code: r for r in Region.objects.filter(code__in=locations)}
        priorities = _Priorities(self.government, self.year)

        plans: list[_ActivityPlan] = []
        seen_ids: dict[int, int] = {}
        seen_labels: dict[str, int] = {}
        for row in rows:
            plan = self._plan_row(row, by_id, nomenclature, regions, priorities, seen_ids, seen_labels)
            if plan is not None:
                plans.append(plan)
        self._match_without_id(plans, by_key)
        self._plan_indicators(plans, indicator_rows)
        self._plan_milestones(plans, milestone_rows)
        for plan in plans:
            self._changes(plan)
        return plans

    def _plan_row(self, row, by_id, nomenclature, regions, priorities, seen_ids, seen_labels):
        number, ok = row.number, not row.bad
        label = (row.get("id") or "").strip()
        existing = None
        pk = _as_id(label)
        if pk is None and label[:1].isdigit():
            self.error(number, ID, _("An ID is a number of at most 18 digits; a label for a new "
                                     "activity starts with a letter."))
            return None
        if pk is not None:
            if pk in seen_ids:
                self.error(number, ID, _("The activity %(id)s is already in row %(row)d of this file.")
                           % {"id": pk, "row": seen_ids[pk]})
                return None
            seen_ids[pk] = number
            existing = by_id.get(pk)
            if existing is None:
                self.error(number, ID, _("There is no activity %(id)s (or you may not see it). Leave "
                                         "the cell empty for a new activity.") % {"id": pk})
                return None
            if existing.government_id != self.government.pk or existing.year != self.year:
                self.error(number, ID, _("The activity %(id)s belongs to %(government)s, %(year)d, not "
                                         "to the plan uploaded here (%(this)s, %(this_year)d).")
                           % {"id": pk, "government": existing.government, "year": existing.year,
                              "this": self.government, "this_year": self.year})
                return None
            if existing.unit_id not in self.writable:
                self.error(number, ID, _("You may not change the activity %(id)s (unit %(unit)s).")
                           % {"id": pk, "unit": existing.unit.code})
                return None
        elif label:
            if label.casefold() in seen_labels:
                self.error(number, ID, _("The label \"%(label)s\" is already in row %(row)d of this "
                                         "file.") % {"label": label, "row": seen_labels[label.casefold()]})
                ok = False
            else:
                seen_labels[label.casefold()] = number
        if existing is not None:
            token = (row.get("version") or "").strip()
            if token and not TOKEN_PATTERN.fullmatch(token):
                self.error(number, VERSION, _("Not a version written by Sinergi; copy it from the "
                                              "download or leave it empty."))
                ok = False

        unit = None
        unit_code = row.get("unit") or ""
        if unit_code:
            unit = self.units.get(unit_code) or next(
                (u for c, u in self.units.items() if c.casefold() == unit_code.casefold()), None)
            if unit is None:
                self.error(number, UNIT, _("Unknown unit code \"%(code)s\" in %(government)s.")
                           % {"code": unit_code, "government": self.government})
                ok = False
            elif unit.pk not in self.writable:
                self.error(number, UNIT, _("You may not plan activities of the unit %(code)s.")
                           % {"code": unit.code})
                ok = False

        item = None
        code = row.get("nomenclature") or ""
        if code:
            item = nomenclature.get(code)
            if item is None:
                self.error(number, CODE, _("Unknown sub kegiatan code \"%(code)s\": it is not in the "
                                           "nomenclature.") % {"code": code})
                ok = False
            elif item.level != NomenclatureLevel.SUB_KEGIATAN:
                self.error(number, CODE, _("%(code)s is a %(level)s, not a sub kegiatan (a code such "
                                           "as %(example)s).")
                           % {"code": code, "level": item.get_level_display(),
                              "example": rules.EXAMPLE_CODE})
                ok = False

        location = None
        location_code = row.get("location") or ""
        if location_code:
            location = regions.get(location_code)
            if location is None:
                self.error(number, LOCATION, _("Unknown region code \"%(code)s\".") % {"code": location_code})
                ok = False
            elif not is_in_subtree(location.code, self.government.region_id):
                self.error(number, LOCATION, _("%(region)s lies outside %(government)s.")
                           % {"region": f"{location.code} {location.name}", "government": self.government})
                ok = False

        budget = self._number(row, BUDGET)
        if budget is not None and budget < 0:
            self.error(number, BUDGET, _("The pagu cannot be negative."))
            ok = False
        elif budget is None:
            ok = False

        chosen: list[Priority] = []
        for part in PRIORITY_SEPARATOR.split(row.get("priorities") or ""):
            if not part.strip():
                continue
            priority, reason = priorities.find(part.strip())
            if priority is None:
                self.error(number, PRIORITIES, reason)
                ok = False
            elif priority not in chosen:
                chosen.append(priority)

        targets: dict[int, tuple[Decimal, Decimal]] = {}
        for q in QUARTERS:
            physical = self._number(row, PHYSICAL[q])
            financial = self._number(row, FINANCIAL[q])
            if physical is None and financial is None:
                if PHYSICAL[q].key in row.bad or FINANCIAL[q].key in row.bad:
                    ok = False
                continue
            if physical is None or financial is None:
                missing = PHYSICAL[q] if physical is None else FINANCIAL[q]
                if missing.key not in row.bad:
                    self.error(number, missing, _("Give both the physical and the financial target of "
                                                  "%(quarter)s, or neither.")
                               % {"quarter": rules.quarter_label(q)})
                ok = False
                continue
            targets[q] = (physical, financial)
        if budget is not None and budget >= 0:
            merged = {t.quarter: (t.physical, t.financial)
                      for t in (existing.quarter_targets.all() if existing else ())}
            merged.update(targets)
            for problem in rules.cumulative_problems(merged, budget):
                self.error(number, _target_column(problem), problem.message)
                ok = False
        if not ok:
            return None
        values = {"unit": unit, "nomenclature": item, "name": _norm(row.get("name")), "location": location,
                  "budget": budget, "funding_source": row.get("funding_source") or FundingSource.APBD}
        return _ActivityPlan(row, label, existing, values, chosen, targets)

    def _number(self, row: Row, column: Column) -> Decimal | None:
        text = row.get(column.key)
        if text in (None, ""):
            return None
        try:
            value = parse_number(text)
            if abs(value) >= MAX_NUMBER:
                raise ValueError(_("Too large: at most 16 digits before the decimal point."))
            return value
        except ValueError as exc:
            self.error(row.number, column, exc)
            row.bad.add(column.key)
            return None

    def _match_without_id(self, plans: list[_ActivityPlan], by_key: dict[tuple, list[Activity]]) -> None:
        """Rows without an ID take the stored activity with their identity. A row without an ID
        whose identity another row of the file also has, or that would take the activity another
        row names by its ID, is a duplicate (rows with IDs may share an identity: stored data
        may)."""
        rows_by_key: dict[tuple, list[_ActivityPlan]] = defaultdict(list)
        for plan in plans:
            rows_by_key[plan.key()].append(plan)
        claimed = {p.existing.pk: p.row.number for p in plans if p.existing is not None}
        dropped: set[int] = set()
        for plan in plans:
            if plan.existing is not None:
                continue
            number = plan.row.number
            others = [o.row.number for o in rows_by_key[plan.key()] if o is not plan
                      and (o.existing is not None or o.row.number < number)]
            if others:
                self._duplicate(number, min(others))
                dropped.add(number)
                continue
            matches = by_key.get(plan.key(), [])
            if len(matches) > 1:
                self.error(number, ID, _("%(count)d stored activities have this unit, sub kegiatan, "
                                         "name and location: give the ID of the one this row "
                                         "updates.") % {"count": len(matches)})
                dropped.add(number)
            elif matches and matches[0].pk in claimed:
                self._duplicate(number, claimed[matches[0].pk])
                dropped.add(number)
            elif matches:
                claimed[matches[0].pk] = number
                plan.existing = matches[0]
        plans[:] = [p for p in plans if p.row.number not in dropped]

    def _duplicate(self, number: int, other: int) -> None:
        self.error(number, ID, _("Duplicate: row %(row)d of this file is the same activity (unit, "
                                 "sub kegiatan, name and location).") % {"row": other})

    # -------------------------------------------------------------- the "Indikator" sheet

    def _plan_indicators(self, plans: list[_ActivityPlan], rows: list[Row]) -> None:
        def target(row: Row) -> Decimal | None:
            value = self._number(row, IND_TARGET)
            if value is not None and value < 0:
                self.error(row.number, IND_TARGET, _("A target cannot be negative."), INDIKATOR)
                return None
            return value

        for row, plan, existing, value in self._match_parts(
                self._rows_by_activity(plans, rows, INDIKATOR), target, lambda a: a.indicators.all(),
                IND_ID, IND_NAME, INDIKATOR, INDICATOR_TEXTS):
            plan.indicators.append(_IndicatorPlan(row.number, _norm(row["name"]), _norm(row["measure_unit"]),
                                                  value, existing))

    def _plan_milestones(self, plans: list[_ActivityPlan], rows: list[Row]) -> None:
        def values(row: Row) -> dict[str, Any] | None:
            order = (row.get("order") or "").strip().removesuffix(".0")
            if not order.isdecimal() or not 1 <= int(order) <= 999:
                self.error(row.number, MS_ORDER, _("The order is a whole number from 1 to 999."), TAHAPAN)
                return None
            return {"order": int(order), "name": _norm(row["name"]),
                    "planned_date": row.get("planned_date"), "achieved_date": row.get("achieved_date"),
                    "evidence": (row.get("evidence") or "").strip()}

        for row, plan, existing, value in self._match_parts(
                self._rows_by_activity(plans, rows, TAHAPAN), values, lambda a: a.milestones.all(),
                MS_ID, MS_NAME, TAHAPAN, MILESTONE_TEXTS):
            plan.milestones.append(_MilestonePlan(row.number, value, existing))

    def _rows_by_activity(self, plans: list[_ActivityPlan], rows: list[Row],
                          sheet: str) -> list[tuple[Row, _ActivityPlan]]:
        """The rows of a sheet of the activities' parts (indicators, milestones), each with the
        plan of the activity its "ID Kegiatan" names (a stored number or a new row's label)."""
        by_label: dict[str, _ActivityPlan] = {}
        for plan in plans:
            if plan.label:
                by_label[plan.label.casefold()] = plan
            if plan.existing is not None:
                by_label.setdefault(str(plan.existing.pk), plan)
        failed_labels = set()
        for row in self.kegiatan_rows:
            label = (row.get("id") or "").strip().casefold()
            if label and label not in by_label:
                failed_labels.add(label)
        resolved = []
        for row in rows:
            if row.bad:
                continue
            label = (row.get("activity") or "").strip()
            plan = by_label.get(label.casefold())
            if plan is None:
                if label.casefold() not in failed_labels:  # else its row's own error says why
                    self.error(row.number, IND_ACTIVITY, _("No row of the sheet \"Kegiatan\" has the ID "
                                                           "\"%(label)s\".") % {"label": label}, sheet)
                continue
            resolved.append((row, plan))
        return resolved

    def _match_parts(self, resolved: list[tuple[Row, _ActivityPlan]], read: Callable[[Row], Any],
                     stored_parts: Callable[[Activity], Iterable[Any]], id_column: Column,
                     name_column: Column, sheet: str, texts: _PartTexts) -> list[tuple]:
        """Each row's stored part of its activity — by its ID, or else by name (letter case
        ignored) — or None for a new part: (row, plan, stored part or None, read(row)), rows
        whose `read` fails (None, its error added) left out."""
        read_rows = [(row, plan, value) for row, plan in resolved if (value := read(row)) is not None]
        # Rows with an ID first, so that a renamed part is not also matched by name.
        read_rows.sort(key=lambda item: (not (item[0].get("id") or "").strip(), item[0].number))
        names: dict[tuple, int] = {}
        claimed: dict[int, int] = {}
        matched = []
        for row, plan, value in read_rows:
            key = (id(plan), _fold(_norm(row["name"])))
            if key in names:
                self.error(row.number, name_column, texts.repeated % {"row": names[key]}, sheet)
                continue
            names[key] = row.number
            stored = list(stored_parts(plan.existing)) if plan.existing is not None else []
            part_id = (row.get("id") or "").strip()
            if part_id:
                existing = next((p for p in stored if str(p.pk) == part_id), None)
                if existing is None:
                    self.error(row.number, id_column, texts.unknown % {"id": part_id}, sheet)
                    continue
                if existing.pk in claimed:
                    self.error(row.number, id_column,
                               texts.claimed % {"id": part_id, "row": claimed[existing.pk]}, sheet)
                    continue
            else:
                same = [p for p in stored if _fold(p.name) == key[1] and p.pk not in claimed]
                if len(same) > 1:
                    self.error(row.number, name_column, texts.ambiguous % {"count": len(same)}, sheet)
                    continue
                existing = same[0] if same else None
            if existing is not None:
                claimed[existing.pk] = row.number
            matched.append((row, plan, existing, value))
        return matched

    # -------------------------------------------------------------- what changes

    def _changes(self, plan: _ActivityPlan) -> None:
        existing = plan.existing
        if existing is None:
            return
        v = plan.values
        wanted = {"unit": (v["unit"].pk, existing.unit_id),
                  "nomenclature": (v["nomenclature"].code, existing.nomenclature_id),
                  "name": (v["name"], existing.name),
                  "location": (v["location"].code if v["location"] else None, existing.location_id),
                  "budget": (v["budget"], existing.budget),
                  "funding_source": (v["funding_source"], existing.funding_source)}
        plan.changes = {name: v[name] for name, (new, old) in wanted.items() if new != old}
        plan.priorities_changed = ({p.pk for p in plan.priorities}
                                   != {p.pk for p in existing.priorities.all()})
        if not self._touches(plan):
            return
        token = (plan.row.get("version") or "").strip()
        if token and token != version_token(existing):
            self.error(plan.row.number, VERSION, _(
                "This activity was changed in Sinergi after the file was downloaded (version "
                "%(file)s, now %(now)s). Download the plan again and make your changes there.")
                % {"file": token, "now": version_token(existing)})

    @staticmethod
    def _touches(plan: _ActivityPlan) -> bool:
        if plan.existing is None or plan.changes or plan.priorities_changed:
            return True
        stored = {t.quarter: t for t in plan.existing.quarter_targets.all()}
        for q, (physical, financial) in plan.targets.items():
            t = stored.get(q)
            if t is None or (t.physical, t.financial) != (physical, financial):
                return True
        return any(i.existing is None or (i.existing.measure_unit, i.existing.annual_target, i.existing.name)
                   != (i.measure_unit, i.annual_target, i.name) for i in plan.indicators) or any(
            m.changed for m in plan.milestones)


# ------------------------------------------------------------------------------ import: entry


def _error_order(error: RowError) -> tuple:
    return (error.row is not None, error.sheet != KEGIATAN, error.row or 0, error.column, error.reason)


def import_plan(data: bytes, actor: Actor, government: Government, year: int, *,
                dry_run: bool = False) -> PlanImportResult:
    """Check the uploaded plan of `government` for `year`; unless a row has an error (or
    `dry_run`), create and update activities, targets, indicators and priority alignments in
    one transaction."""
    user = actor.user
    if user is not None and not plannable_units(user).filter(government=government).exists():
        return PlanImportResult.refused(
            _("You may not plan activities of %(government)s.") % {"government": government})
    try:
        read = read_workbook(data, READ_BOOK)
    except SpreadsheetError as exc:
        return PlanImportResult.refused(str(exc))
    errors = ErrorList(read.errors)
    planner = _Planner(actor, government, year, errors)
    planner.kegiatan_rows = read.rows(KEGIATAN)
    plans = planner.plan(read.rows(KEGIATAN), read.rows(INDIKATOR), read.rows(TAHAPAN))
    result = PlanImportResult()
    if errors:
        result.errors = sorted(errors, key=_error_order)
        return result
    _tally(plans, result)
    if dry_run:
        return result
    try:
        with transaction.atomic():
            _apply(plans, actor, errors, year)
            if errors:
                raise _Rollback
    except _Rollback:
        result.errors = sorted(errors, key=_error_order)
        return result
    except StaleEditError:
        result.errors = [RowError(None, "", _(
            "Some of these activities were changed while the file was being imported. Nothing was "
            "saved: download the plan again."))]
        return result
    except (ValidationError, PermissionDenied, IntegrityError) as exc:
        message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        result.errors = [RowError(None, "", _("The plan could not be saved: %(reason)s")
                                  % {"reason": message or _("permission denied")})]
        return result
    result.applied = True
    return result


class _Rollback(Exception):
    pass


def _tally(plans: list[_ActivityPlan], result: PlanImportResult) -> None:
    for plan in plans:
        if plan.existing is None:
            result.activities.created += 1
        elif plan.changes or plan.priorities_changed:
            result.activities.updated += 1
        else:
            result.activities.unchanged += 1
        stored = {t.quarter: t for t in plan.existing.quarter_targets.all()} if plan.existing else {}
        for q, values in plan.targets.items():
            target = stored.get(q)
            if target is None:
                result.targets.created += 1
            elif (target.physical, target.financial) != values:
                result.targets.updated += 1
            else:
                result.targets.unchanged += 1
        for indicator in plan.indicators:
            existing = indicator.existing
            if existing is None:
                result.indicators.created += 1
            elif (existing.name, existing.measure_unit, existing.annual_target) != (
                    indicator.name, indicator.measure_unit, indicator.annual_target):
                result.indicators.updated += 1
            else:
                result.indicators.unchanged += 1
        for milestone in plan.milestones:
            if milestone.existing is None:
                result.milestones.created += 1
            elif milestone.changed:
                result.milestones.updated += 1
            else:
                result.milestones.unchanged += 1


def _apply(plans: list[_ActivityPlan], actor: Actor, errors: ErrorList, year: int) -> None:
    """Write the plan (inside the caller's transaction). Order matters for the pagu rule: an
    activity whose pagu rises is updated before its targets, one whose pagu falls after them."""
    new = [p for p in plans if p.existing is None]
    for plan in new:
        v = plan.values
        plan.created = Activity(
            unit=v["unit"], year=year, nomenclature=v["nomenclature"], name=v["name"],
            location=v["location"], budget=v["budget"], funding_source=v["funding_source"],
        )
    _create_activities(new, actor)
    changed = [p for p in plans if p.existing is not None and (p.changes or p.priorities_changed)]
    falling = [p for p in changed if p.values["budget"] < p.existing.budget]
    _update_activities([p for p in changed if p.values["budget"] >= p.existing.budget], actor, errors)
    if errors:
        raise _Rollback

    creates, updates = [], []
    for plan in plans:
        stored = {t.quarter: t for t in plan.existing.quarter_targets.all()} if plan.existing else {}
        for q, (physical, financial) in sorted(plan.targets.items()):
            target = stored.get(q)
            if target is None:
                creates.append(QuarterTarget(activity=plan.activity, quarter=q, physical=physical,
                                             financial=financial))
            elif (target.physical, target.financial) != (physical, financial):
                updates.append((target, {"physical": physical, "financial": financial}, target.version))
    with deferred_cumulative_check():
        bulk_create_objects(actor, creates)
        bulk_update_objects(actor, updates, select_related=("activity__unit",))

    _update_activities(falling, actor, errors)
    if errors:
        raise _Rollback

    indicator_creates, indicator_updates = [], []
    for plan in plans:
        for item in plan.indicators:
            values = {"name": item.name, "measure_unit": item.measure_unit,
                      "annual_target": item.annual_target}
            if item.existing is None:
                indicator_creates.append(Indicator(activity=plan.activity, **values))
            elif any(getattr(item.existing, k) != v for k, v in values.items()):
                indicator_updates.append((item.existing, values, item.existing.version))
    bulk_create_objects(actor, indicator_creates)
    bulk_update_objects(actor, indicator_updates, select_related=("activity__unit",))
    milestones = [(plan, item) for plan in plans for item in plan.milestones if item.changed]
    bulk_create_objects(actor, [Milestone(activity=plan.activity, **item.values)
                                for plan, item in milestones if item.existing is None])
    bulk_update_objects(actor, [(item.existing, item.values, item.existing.version)
                                for _plan, item in milestones if item.existing is not None],
                        select_related=("activity__unit",))

    # The whole set once more as stored (a concurrent writer of the same activities included).
    touched = {p.activity.pk: p for p in plans}
    stored_targets: dict[int, dict[int, tuple]] = defaultdict(dict)
    for t in QuarterTarget.objects.filter(activity_id__in=list(touched)):
        stored_targets[t.activity_id][t.quarter] = (t.physical, t.financial)
    budgets = dict(Activity.objects.filter(pk__in=list(touched)).values_list("pk", "budget"))
    for pk, targets in stored_targets.items():
        for problem in rules.cumulative_problems(targets, budgets[pk]):
            errors.add(touched[pk].row.number, _target_column(problem), problem.message, KEGIATAN)


def _create_activities(new: list[_ActivityPlan], actor: Actor) -> None:
    if not new:
        return
    for plan in new:
        plan.created.sync_government()
    bulk_create_objects(actor, [p.created for p in new])
    through = Activity.priorities.through
    links = [through(activity_id=p.created.pk, priority_id=priority.pk)
             for p in new for priority in p.priorities]
    through.objects.bulk_create(links)
    # The alignment is a second write of each new activity that has priorities: audit it.
    content_type = ContentType.objects.get_for_model(Activity)
    AuditEvent.objects.bulk_create([
        AuditEvent(actor=actor.user, actor_label=actor.label, action=AuditAction.UPDATE,
                   source=actor.source, content_type=content_type, object_id=str(p.created.pk),
                   object_repr=str(p.created)[:300], before={"priorities": []},
                   after={"priorities": sorted(priority.pk for priority in p.priorities)},
                   note="import: priorities")
        for p in new if p.priorities
    ])


def _update_activities(plans: list[_ActivityPlan], actor: Actor, errors: ErrorList) -> None:
    """Field changes only: one batch (bulk_update_objects); with a new priority alignment: one
    update_object each (the many-to-many set is audited and bumps the version there). The
    expected version is the one read when the file was checked."""
    batch = [p for p in plans if not p.priorities_changed]
    try:
        with transaction.atomic():
            bulk_update_objects(actor, [(p.existing, dict(p.changes), p.existing.version) for p in batch],
                                select_related=("unit",))
    except StaleEditError:
        raise
    except ValidationError:
        for plan in batch:  # find the rows at fault, each on its own
            _update_activity(plan, actor, errors)
    for plan in plans:
        if plan.priorities_changed:
            _update_activity(plan, actor, errors)


def _update_activity(plan: _ActivityPlan, actor: Actor, errors: ErrorList) -> None:
    m2m = {"priorities": [p.pk for p in plan.priorities]} if plan.priorities_changed else None
    try:
        with transaction.atomic():
            update_object(actor, plan.existing, dict(plan.changes), expected_version=plan.existing.version,
                          m2m=m2m)
    except StaleEditError:
        raise
    except ValidationError as exc:
        titles = {"unit": UNIT, "nomenclature": CODE, "name": NAME, "location": LOCATION,
                  "budget": BUDGET, "funding_source": FUNDING}
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                for message in messages:
                    errors.add(plan.row.number, titles.get(name, ""), message, KEGIATAN)
        else:
            for message in exc.messages:
                errors.add(plan.row.number, "", message, KEGIATAN)


def import_actor(user: Any) -> Actor:
    return Actor(user=user, source=AuditSource.IMPORT)
