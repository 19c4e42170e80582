"""The official quarterly evaluation form (Permendagri 86/2017): *Evaluasi terhadap hasil Renja
Perangkat Daerah* per unit and *Evaluasi terhadap hasil RKPD* per government, as data
(`renja_form`, `rkpd_form`), as xlsx (`write_xlsx`) and as PDF (`render_form_pdf`), ready to
sign.

Layout (one row per line, grouped by the nomenclature: urusan → bidang urusan → program →
kegiatan → sub kegiatan; the columns are those of the regulation's form without the Renstra /
RPJMD columns, which Sinergi does not hold):

    No | Kode | Urusan/Bidang/Program/Kegiatan/Sub Kegiatan | Indikator | Satuan |
    Target tahun n (K, Rp) | Realisasi TW I, II, III, IV (K, Rp each) |
    Realisasi s.d. TW n (K, Rp) | Tingkat capaian (%) (K, Rp) | Kriteria |
    Perangkat Daerah penanggung jawab | Kendala / keterangan

What each figure is:
- Only *reported* realization counts (submitted or verified, monitoring.choices.
  REPORTED_STATES), as everywhere in monitoring: drafts and returned figures are not shown —
  they are not yet the unit's statement, and a signed form must not print them.
- Sinergi stores cumulative values. The realization *in* a quarter is its cumulative value
  minus the last reported cumulative value before it (0 at the start of the year); a quarter
  without a report is blank, and the next report's gain covers the gap. Quarters after the
  evaluated one are blank. The cumulative realization to the evaluated quarter is the last
  reported cumulative value (it equals the sum of the quarter columns); nothing reported
  counts as 0.
- K (kinerja) of a sub kegiatan is its output indicator (Indicator: name, unit of measure,
  annual target; realized output per RealizationOutput). Achievement = cumulative ÷ annual
  target × 100 (monitoring.achievement). With several indicators each gets its own line and
  the sub kegiatan's K achievement is their mean. Without an indicator, K is the physical
  progress in % against the annual physical target (the TW IV target, 100 % without one) —
  the figure the monitoring pages use.
- Rp: the annual target is the budget (pagu, the Renja's *anggaran*); the Rp achievement is
  the cumulative realization ÷ pagu (absorption).
- Program, kegiatan and total lines: Rp figures are sums; the K achievement is the
  budget-weighted mean of the sub kegiatan's K achievements (achievement.Rollup: Σ pagu ×
  capaian ÷ Σ pagu over the sub kegiatan that have a K target), so a Rp 2 billion activity
  weighs more than a Rp 20 million one; K targets/realizations in different units of measure
  are not summed (blank). Urusan and bidang lines are headings. The "rata-rata capaian
  kinerja" at the bottom is the total's K achievement, with its band (kriteria).
- The signature block: place (the government's region name, e.g. "Kutai Timur" — Sinergi
  does not record the seat (ibu kota); the view accepts ?place=) and date (Indonesian long
  date, default today in the government's time zone), the position and the official holding
  it on that date (regions.services.holders_on, the one exercising the office first; Plt./Pj.
  shown in the title), name and NIP — blank lines to fill in by hand when nobody holds it.
  Renja: prepared ("Disusun oleh,") by the unit head (Position.is_unit_head), evaluated
  ("Dievaluasi oleh,") by the head of the planning agency (Bappeda/Bapperida: a unit whose
  code starts with BAPP or whose name contains "Perencanaan Pembangunan"), bottom left — not a
  second time on the planning agency's own Renja. RKPD: prepared by the head of the planning
  agency, acknowledged ("Mengetahui,") by the regional head (Bupati/Wali Kota/Gubernur) bottom
  left; without a planning agency the regional head signs alone.

The form's wording is the regulation's Indonesian, on purpose not translated.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from copy import copy
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils import formats, numberformat, translation
from django.utils.text import slugify

from sinergi.core.pdf import render_pdf
from sinergi.core.scope import scoped
from sinergi.core.text import printable
from sinergi.monitoring import achievement
from sinergi.monitoring.achievement import Band, Item, Rollup
from sinergi.monitoring.choices import REPORTED_STATES
from sinergi.monitoring.models import Realization, RealizationOutput
from sinergi.planning.models import Activity, Indicator, NomenclatureItem, QuarterTarget
from sinergi.planning.rules import ROMAN, parse_code
from sinergi.regions.choices import PositionGrade, RegionLevel
from sinergi.regions.models import Government, Position, Unit
from sinergi.regions.rules import pangkat_line
from sinergi.regions.services import holders_on

RENJA = "renja"
RKPD = "rkpd"
ZERO = Decimal(0)
HUNDRED = Decimal(100)
PHYSICAL_INDICATOR = "Persentase progres fisik"
TEMPLATE = "reports/evaluation_form.typ"


class Kind:
    """What a line of the form is."""

    URUSAN = "urusan"
    BIDANG = "bidang"
    PROGRAM = "program"
    KEGIATAN = "kegiatan"
    SUB_KEGIATAN = "sub_kegiatan"
    INDICATOR = "indicator"  # a further indicator of the sub kegiatan above
    TOTAL = "total"


GROUP_KINDS = (Kind.URUSAN, Kind.BIDANG, Kind.PROGRAM, Kind.KEGIATAN)
HEADING_KINDS = (Kind.URUSAN, Kind.BIDANG)  # code and name only


@dataclass
class Line:
    """One row of the form. Quarter lists hold the realization *in* TW I–IV (None = blank);
    achievements are unrounded percentages (round for presentation only)."""

    kind: str
    code: str = ""
    name: str = ""
    number: int | None = None
    indicator: str = ""
    measure_unit: str = ""
    target_k: Decimal | None = None
    target_rp: Decimal | None = None
    quarter_k: list[Decimal | None] = field(default_factory=lambda: [None] * 4)
    quarter_rp: list[Decimal | None] = field(default_factory=lambda: [None] * 4)
    cumulative_k: Decimal | None = None
    cumulative_rp: Decimal | None = None
    achievement_k: Decimal | None = None
    achievement_rp: Decimal | None = None
    band: Band | None = None
    unit: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Signature:
    place: str
    day: dt.date
    title: str  # the position with its capacity: "Plt. Kepala Bappeda"
    name: str  # "" when nobody holds the position on `day`
    nip: str  # grouped "19800101 200501 1 001", "" when unknown
    caption: str = ""  # what the signatory does: "Disusun oleh,", "Dievaluasi oleh,", "Mengetahui,"
    pangkat: str = ""  # "Pembina Utama Muda (IV/c)" from the official's golongan

    @property
    def place_date(self) -> str:
        return f"{self.place}, {indonesian_date(self.day)}"


@dataclass
class EvaluationForm:
    kind: str  # RENJA or RKPD
    government: Government
    unit: Unit | None
    year: int
    quarter: int
    title_lines: list[str]
    lines: list[Line]
    total: Line
    signature: Signature  # who prepared the form (bottom right, with place and date)
    countersignature: Signature | None = None  # who evaluates or acknowledges it (bottom left)

    @property
    def title(self) -> str:
        return " ".join(self.title_lines)

    @property
    def average(self) -> Decimal | None:
        """Rata-rata capaian kinerja: the total's budget-weighted K achievement."""
        return self.total.achievement_k

    @property
    def band(self) -> Band | None:
        return self.total.band

    @property
    def document_label(self) -> str:
        return "Renja Perangkat Daerah" if self.kind == RENJA else "RKPD"

    @property
    def filename_stem(self) -> str:
        if self.kind == RENJA:
            subject = slugify(self.unit.code) or str(self.unit.pk)
        else:
            subject = self.government.region_id
        return f"evaluasi-{self.kind}-{subject}-{self.year}-tw{self.quarter}"


# ---------------------------------------------------------------------------- formatting


def indonesian_date(day: dt.date) -> str:
    """`10 Oktober 2025`: the form is an Indonesian document whatever the user's language."""
    with translation.override("id"):
        return formats.date_format(day, "j F Y")


def number(value: Decimal | None, decimals: int = 0) -> str:
    """`1.234.567`, `85,50`; blank for None."""
    if value is None:
        return ""
    quantized = Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return numberformat.format(quantized, ",", decimals, grouping=3, thousand_sep=".", force_grouping=True)


def k_number(value: Decimal | None) -> str:
    """A K figure: whole numbers without decimals (`4`), others with two (`2,50`)."""
    if value is None:
        return ""
    return number(value, 0 if Decimal(value) == Decimal(value).to_integral_value() else 2)


def percent_number(value: Decimal | None) -> str:
    return number(achievement.round_percent(value), 2) if value is not None else ""


def grouped_nip(nip: str | None) -> str:
    """`198001012005011001` -> `19800101 200501 1 001`, as signature blocks print it."""
    if not nip:
        return ""
    if len(nip) != 18:
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def region_label(government: Government) -> str:
    """`Kabupaten Kutai Timur`, `Provinsi Kalimantan Tengah`."""
    region = government.region
    return f"Provinsi {region.name}" if region.level == RegionLevel.PROVINCE else region.name


def letterhead_place(government: Government) -> str:
    """The town of the government's letters' date line (documents.naskah: its letterhead
    settings, else the region's name)."""
    from sinergi.documents.naskah import letterhead_of

    return letterhead_of(government).place


def default_place(government: Government) -> str:
    """The region's name without its kind ("Kutai Timur", "Samarinda")."""
    from sinergi.documents.naskah import default_place as region_place

    return region_place(government)


def local_today(government: Government) -> dt.date:
    return dt.datetime.now(ZoneInfo(government.time_zone or "Asia/Jakarta")).date()


# ---------------------------------------------------------------------------- building


def _series(cumulative: dict[int, Decimal], quarter: int) -> tuple[list[Decimal | None], Decimal | None]:
    """Quarterly gains TW I–IV (None where not reported or after `quarter`) and the last
    reported cumulative value up to `quarter` (None when none)."""
    gains: list[Decimal | None] = [None] * 4
    previous = ZERO
    last = None
    for q in range(1, quarter + 1):
        if q in cumulative:
            gains[q - 1] = cumulative[q] - previous
            previous = last = cumulative[q]
    return gains, last


def _ancestors(code: str) -> list[str]:
    """The nomenclature codes above a sub kegiatan, urusan first."""
    chain = []
    parent = parse_code(code).parent
    while parent:
        chain.append(parent)
        parent = parse_code(parent).parent
    return chain[::-1]


def _group_kind(code: str) -> str:
    return {1: Kind.URUSAN, 2: Kind.BIDANG, 3: Kind.PROGRAM, 5: Kind.KEGIATAN}[len(code.split("."))]


@dataclass
class _Group:
    rollup: Rollup = field(default_factory=Rollup)
    quarter_rp: list[Decimal | None] = field(default_factory=lambda: [None] * 4)

    def add(self, rollup: Rollup, quarter_rp: list[Decimal | None]) -> None:
        self.rollup = self.rollup + rollup
        for i, value in enumerate(quarter_rp):
            if value is not None:
                self.quarter_rp[i] = (self.quarter_rp[i] or ZERO) + value

    def line(self, kind: str, code: str = "", name: str = "") -> Line:
        r = self.rollup
        return Line(
            kind=kind,
            code=code,
            name=name,
            target_rp=r.budget,
            quarter_rp=list(self.quarter_rp),
            cumulative_rp=r.financial,
            achievement_k=r.physical_achievement,
            achievement_rp=r.financial_achievement,
            band=r.band(),
        )


def _activity_lines(
    activity: Activity,
    quarter: int,
    indicators: list[Indicator],
    annual_physical: Decimal | None,
    reports: dict[int, Realization],
    outputs: dict[tuple[int, int], Decimal],
) -> tuple[list[Line], Rollup]:
    financial = {q: r.financial for q, r in reports.items()}
    quarter_rp, cumulative_rp = _series(financial, quarter)
    cumulative_rp = cumulative_rp if cumulative_rp is not None else ZERO
    main = Line(
        kind=Kind.SUB_KEGIATAN,
        code=activity.nomenclature_id,
        name=activity.display_name,
        target_rp=activity.budget,
        quarter_rp=quarter_rp,
        cumulative_rp=cumulative_rp,
        achievement_rp=achievement.absorption(cumulative_rp, activity.budget),
        unit=activity.unit.name,
    )
    if quarter in reports:
        main.notes = reports[quarter].problems.strip()
    else:
        main.notes = f"Triwulan {ROMAN[quarter]} belum dilaporkan"
    k_lines: list[Line] = []
    if not indicators:
        target = annual_physical if annual_physical is not None else HUNDRED
        physical = {q: r.physical for q, r in reports.items()}
        gains, cumulative = _series(physical, quarter)
        cumulative = cumulative if cumulative is not None else ZERO
        main.indicator, main.measure_unit, main.target_k = PHYSICAL_INDICATOR, "%", target
        main.quarter_k, main.cumulative_k = gains, cumulative
        main.achievement_k = achievement.physical_achievement(cumulative, target)
    else:
        scores = []
        for indicator in indicators:
            values = {
                q: outputs[(r.pk, indicator.pk)]
                for q, r in reports.items()
                if (r.pk, indicator.pk) in outputs
            }
            gains, cumulative = _series(values, quarter)
            cumulative = cumulative if cumulative is not None else ZERO
            score = achievement.achievement(cumulative, indicator.annual_target)
            if score is not None:
                scores.append(score)
            k_lines.append(
                Line(
                    kind=Kind.INDICATOR,
                    indicator=indicator.name,
                    measure_unit=indicator.measure_unit,
                    target_k=indicator.annual_target,
                    quarter_k=gains,
                    cumulative_k=cumulative,
                    achievement_k=score,
                    band=achievement.band(score),
                )
            )
        main.achievement_k = sum(scores, ZERO) / len(scores) if scores else None
        if len(k_lines) == 1:  # one indicator: on the sub kegiatan's own line
            only = k_lines.pop()
            main.indicator, main.measure_unit, main.target_k = (
                only.indicator,
                only.measure_unit,
                only.target_k,
            )
            main.quarter_k, main.cumulative_k = only.quarter_k, only.cumulative_k
    main.band = achievement.band(main.achievement_k)
    item = Item(
        budget=activity.budget,
        physical=main.achievement_k,
        physical_target=HUNDRED if main.achievement_k is not None else None,
        financial=cumulative_rp,
        financial_target=activity.budget,
    )
    return [main, *k_lines], Rollup.of(item)


def build_lines(activities: QuerySet[Activity], quarter: int) -> tuple[list[Line], Line]:
    """The form's lines for `activities` as of the end of `quarter`, and the total line.
    A fixed number of queries (7) whatever the number of activities."""
    rows = list(
        activities.select_related("nomenclature", "unit").order_by("nomenclature_id", "unit__name", "id")
    )
    ids = activities.values("id")
    indicators: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in Indicator.objects.filter(activity__in=ids).order_by("activity_id", "id"):
        indicators[indicator.activity_id].append(indicator)
    annual = dict(
        QuarterTarget.objects.filter(activity__in=ids, quarter=4).values_list("activity_id", "physical")
    )
    reported = Realization.objects.filter(activity__in=ids, quarter__lte=quarter, status__in=REPORTED_STATES)
    reports: dict[int, dict[int, Realization]] = defaultdict(dict)
    for r in reported.only("id", "activity_id", "quarter", "physical", "financial", "problems"):
        reports[r.activity_id][r.quarter] = r
    outputs = {
        (realization_id, indicator_id): value
        for realization_id, indicator_id, value in RealizationOutput.objects.filter(
            realization__in=reported.values("id")
        ).values_list("realization_id", "indicator_id", "value")
    }
    chains = {a.nomenclature_id: _ancestors(a.nomenclature_id) for a in rows}
    names = dict(
        NomenclatureItem.objects.filter(
            code__in={code for chain in chains.values() for code in chain}
        ).values_list("code", "name")
    )

    groups: dict[str, _Group] = defaultdict(_Group)
    total = _Group()
    per_activity = []
    for activity in rows:
        lines, rollup = _activity_lines(
            activity,
            quarter,
            indicators.get(activity.pk, []),
            annual.get(activity.pk),
            reports.get(activity.pk, {}),
            outputs,
        )
        per_activity.append((activity, lines))
        for code in chains[activity.nomenclature_id]:
            groups[code].add(rollup, lines[0].quarter_rp)
        total.add(rollup, lines[0].quarter_rp)

    result: list[Line] = []
    open_chain: list[str] = []
    for counter, (activity, lines) in enumerate(per_activity, start=1):
        chain = chains[activity.nomenclature_id]
        for depth, code in enumerate(chain):
            if depth < len(open_chain) and open_chain[depth] == code:
                continue
            kind = _group_kind(code)
            if kind in HEADING_KINDS:
                result.append(Line(kind=kind, code=code, name=names.get(code, "")))
            else:
                result.append(groups[code].line(kind, code, names.get(code, "")))
            open_chain = [*open_chain[:depth], code]
        lines[0].number = counter
        result.extend(lines)
    return result, total.line(Kind.TOTAL, name="Jumlah")


# ---------------------------------------------------------------------------- signature

PREPARED, EVALUATED, ACKNOWLEDGED = "Disusun oleh,", "Dievaluasi oleh,", "Mengetahui,"


def _signature(
    government: Government, position: Position | None, fallback_title: str, day: dt.date, place: str | None,
    caption: str = "",
) -> Signature:
    place = place or letterhead_place(government)
    if position is None:
        return Signature(place, day, fallback_title, "", "", caption)
    holders = holders_on(position, day)
    if not holders:
        return Signature(place, day, position.title, "", "", caption)
    term = holders[0]
    return Signature(place, day, term.capacity_title, term.official.full_name, grouped_nip(term.official.nip),
                     caption, pangkat_line(term.official.golongan))


def unit_head_position(unit: Unit) -> Position | None:
    return Position.objects.filter(unit=unit, is_unit_head=True).order_by("order", "id").first()


def planning_head_position(government: Government) -> Position | None:
    """The head of the planning agency (Bappeda/Bapperida: a unit coded BAPP… or named
    "… Perencanaan Pembangunan …")."""
    agency = Q(unit__code__istartswith="BAPP") | Q(unit__name__icontains="Perencanaan Pembangunan")
    heads = Position.objects.filter(agency, government=government, is_unit_head=True)
    return heads.order_by("order", "id").first()


def regional_head_position(government: Government) -> Position | None:
    return (
        Position.objects.filter(government=government, unit__isnull=True, grade=PositionGrade.REGIONAL_HEAD)
        .order_by("order", "id")
        .first()
    )


def regional_head_title(government: Government) -> str:
    """`Bupati Kutai Timur`, `Wali Kota Samarinda`, `Gubernur Kalimantan Timur`."""
    region = government.region
    if region.level == RegionLevel.PROVINCE:
        return f"Gubernur {region.name}"
    kind = "Wali Kota" if region.name.startswith("Kota ") else "Bupati"
    return f"{kind} {default_place(government)}"


# ---------------------------------------------------------------------------- the forms


def _check(year: int, quarter: int) -> None:
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"a quarter is 1 to 4, not {quarter!r}")
    if not 2000 <= year <= 2100:
        raise ValueError(f"not a fiscal year: {year!r}")


def renja_form(
    unit: Unit, year: int, quarter: int, *, user=None, day: dt.date | None = None, place: str | None = None
) -> EvaluationForm:
    """The Renja evaluation of `unit` (with its sub-units' activities: a Bagian's sub kegiatan
    belong to its Sekretariat's Renja, each line naming the unit responsible) for the quarter.
    With `user`, only the activities the user may see."""
    _check(year, quarter)
    government = Government.objects.select_related("region__parent").get(pk=unit.government_id)
    activities = Activity.objects.filter(year=year, unit__path__subtree=unit.path)
    if user is not None:
        activities = scoped(activities, user)
    lines, total = build_lines(activities, quarter)
    day = day or local_today(government)
    head, planning = unit_head_position(unit), planning_head_position(government)
    return EvaluationForm(
        kind=RENJA,
        government=government,
        unit=unit,
        year=year,
        quarter=quarter,
        title_lines=[
            "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH",
            f"{unit.name} {region_label(government)}".upper(),
            f"TRIWULAN {ROMAN[quarter]} TAHUN {year}",
        ],
        lines=lines,
        total=total,
        signature=_signature(government, head, f"Kepala {unit.name}", day, place, PREPARED),
        # The planning agency evaluates every Renja (not its own a second time).
        countersignature=None if planning is not None and planning == head else _signature(
            government, planning, "Kepala Bappeda", day, place, EVALUATED),
    )


def rkpd_form(
    government: Government,
    year: int,
    quarter: int,
    *,
    user=None,
    day: dt.date | None = None,
    place: str | None = None,
) -> EvaluationForm:
    """The RKPD evaluation of the government for the quarter (with `user`: the activities the
    user may see, as on the summary page)."""
    _check(year, quarter)
    government = Government.objects.select_related("region__parent").get(pk=government.pk)
    activities = Activity.objects.filter(government=government, year=year)
    if user is not None:
        activities = scoped(activities, user)
    lines, total = build_lines(activities, quarter)
    day = day or local_today(government)
    planning, regional_head = planning_head_position(government), regional_head_position(government)
    return EvaluationForm(
        kind=RKPD,
        government=government,
        unit=None,
        year=year,
        quarter=quarter,
        title_lines=[
            "EVALUASI TERHADAP HASIL RKPD",
            region_label(government).upper(),
            f"TRIWULAN {ROMAN[quarter]} TAHUN {year}",
        ],
        lines=lines,
        total=total,
        signature=_signature(government, planning or regional_head, "Kepala Bappeda", day, place, PREPARED),
        # The regional head acknowledges it (unless they had to sign it themselves).
        countersignature=None if planning is None and regional_head is not None else _signature(
            government, regional_head, regional_head_title(government), day, place, ACKNOWLEDGED),
    )


# ---------------------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    key: str
    kind: str  # "text", "k", "rp", "pct", "no"
    xlsx_width: float
    pdf_width: str  # a Typst length or fraction


def _columns() -> list[Column]:
    cols = [
        Column("number", "no", 5, "0.55cm"),
        Column("code", "text", 19, "1.95cm"),
        Column("name", "text", 42, "1fr"),
        Column("indicator", "text", 28, "2.3cm"),
        Column("measure_unit", "text", 9, "0.95cm"),
        Column("target_k", "k", 9, "0.8cm"),
        Column("target_rp", "rp", 16, "1.5cm"),
    ]
    for q in range(1, 5):
        cols += [Column(f"q{q}_k", "k", 9, "0.8cm"), Column(f"q{q}_rp", "rp", 16, "1.5cm")]
    cols += [
        Column("cumulative_k", "k", 9, "0.8cm"),
        Column("cumulative_rp", "rp", 16, "1.5cm"),
        Column("achievement_k", "pct", 10, "0.95cm"),
        Column("achievement_rp", "pct", 10, "0.95cm"),
        Column("band", "text", 13, "1.5cm"),
        Column("unit", "text", 26, "1.9cm"),
        Column("notes", "text", 32, "2.3cm"),
    ]
    return cols


COLUMNS = _columns()
HEADER_ROWS = 4  # three rows of titles and one of column numbers


@dataclass(frozen=True)
class HeaderCell:
    row: int  # 0-based within the header
    col: int  # 0-based
    text: str
    rowspan: int = 1
    colspan: int = 1


def header_cells(form: EvaluationForm) -> list[HeaderCell]:
    q = ROMAN[form.quarter]
    plan = "Renja Perangkat Daerah" if form.kind == RENJA else "RKPD"
    cells = [
        HeaderCell(0, 0, "No", 3),
        HeaderCell(0, 1, "Kode", 3),
        HeaderCell(0, 2, "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan/Sub Kegiatan", 3),
        HeaderCell(0, 3, "Indikator Kinerja Program (outcome)/Kegiatan (output)", 3),
        HeaderCell(0, 4, "Satuan", 3),
        HeaderCell(0, 5, f"Target Kinerja dan Anggaran {plan} Tahun {form.year}", 2, 2),
        HeaderCell(0, 7, "Realisasi Kinerja dan Anggaran pada Triwulan", 1, 8),
        HeaderCell(0, 15, f"Realisasi Capaian Kinerja dan Anggaran s.d. Triwulan {q}", 2, 2),
        HeaderCell(0, 17, f"Tingkat Capaian Kinerja dan Realisasi Anggaran s.d. Triwulan {q} (%)", 2, 2),
        HeaderCell(0, 19, "Kriteria Capaian Kinerja", 3),
        HeaderCell(0, 20, "Perangkat Daerah Penanggung Jawab", 3),
        HeaderCell(0, 21, "Kendala / Keterangan", 3),
    ]
    cells += [HeaderCell(1, 7 + 2 * i, ROMAN[i + 1], 1, 2) for i in range(4)]
    cells += [HeaderCell(2, col, "K" if col % 2 else "Rp") for col in range(5, 19)]
    cells += [HeaderCell(3, col, str(col + 1)) for col in range(len(COLUMNS))]
    return cells


def line_values(line: Line) -> list:
    """The line's 22 cell values, raw (Decimal, int, str or None)."""
    values = [
        line.number,
        line.code,
        line.name,
        line.indicator,
        line.measure_unit,
        line.target_k,
        line.target_rp,
    ]
    for k, rp in zip(line.quarter_k, line.quarter_rp, strict=True):
        values += [k, rp]
    values += [
        line.cumulative_k,
        line.cumulative_rp,
        achievement.round_percent(line.achievement_k),
        achievement.round_percent(line.achievement_rp),
        line.band.label_id if line.band else None,
        line.unit,
        line.notes,
    ]
    return values


def _formatted(column: Column, value) -> str:
    if value is None:
        return ""
    if column.kind == "rp":
        return number(value, 0)
    if column.kind == "k":
        return k_number(value)
    if column.kind == "pct":
        return number(value, 2)
    return str(value)


def closing_rows(form: EvaluationForm) -> list[tuple[str, str]]:
    """The rows under the table: the average achievement and its band, then the factors and
    follow-up the unit writes by hand (blank)."""
    plan = "Renja Perangkat Daerah" if form.kind == RENJA else "RKPD"
    return [
        ("Rata-rata capaian kinerja (%)", percent_number(form.average)),
        ("Predikat kinerja", form.band.label_id if form.band else ""),
        ("Faktor pendorong keberhasilan pencapaian", ""),
        ("Faktor penghambat pencapaian kinerja", ""),
        ("Tindak lanjut yang diperlukan dalam triwulan berikutnya", ""),
        (f"Tindak lanjut yang diperlukan dalam {plan} berikutnya", ""),
    ]


# ---------------------------------------------------------------------------- xlsx

XLSX_FORMATS = {"rp": "#,##0", "k": "#,##0.00", "pct": "0.00", "no": "0"}


def _put(sheet, row: int, col: int, value):
    """Write a cell; text is always a string cell, never a formula (a kendala that starts
    with "=" stays text), as core.spreadsheets does."""
    if isinstance(value, str):
        value = printable(value)
    cell = sheet.cell(row, col, value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def write_xlsx(form: EvaluationForm) -> bytes:
    """The form as an xlsx: A4 landscape fitted to the page width, the table's header rows
    repeated on every printed page, merged multi-level headers, numbers as numbers with
    number formats, frozen panes, the signature block below."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = f"TW {ROMAN[form.quarter]} {form.year}"
    width = len(COLUMNS)
    last = get_column_letter(width)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)
    grey = PatternFill("solid", fgColor="D9D9D9")
    wrap_center = Alignment(horizontal="center", vertical="center", wrap_text=True)

    for i, text in enumerate(form.title_lines, start=1):
        sheet.merge_cells(f"A{i}:{last}{i}")
        cell = _put(sheet, i, 1, text)
        cell.font = Font(bold=True, size=12)
        cell.alignment = Alignment(horizontal="center")
    top = len(form.title_lines) + 2  # first header row
    for h in header_cells(form):
        row, col = top + h.row, h.col + 1
        if h.rowspan > 1 or h.colspan > 1:
            sheet.merge_cells(
                start_row=row, start_column=col, end_row=row + h.rowspan - 1, end_column=col + h.colspan - 1
            )
        _put(sheet, row, col, h.text)
    for row in range(top, top + HEADER_ROWS):
        for col in range(1, width + 1):
            cell = sheet.cell(row, col)
            cell.border, cell.alignment = border, wrap_center
            cell.font = bold if row < top + HEADER_ROWS - 1 else Font(italic=True, size=8)
            cell.fill = grey
    sheet.row_dimensions[top].height = 45

    row = top + HEADER_ROWS
    # Every body cell of a column looks the same (bold on group and total rows): its style is
    # set on the first such cell and copied to the others. Setting border, alignment, font and
    # number format cell by cell made openpyxl hash four style objects per cell (over half the
    # time of a 1,300-line RKPD form).
    right_top = Alignment(vertical="top", horizontal="right")
    wrap_top = Alignment(vertical="top", wrap_text=True)
    styles: dict[tuple[int, bool], object] = {}
    for line in [*form.lines, form.total]:
        strong = line.kind in (*GROUP_KINDS, Kind.TOTAL)
        for col, (column, value) in enumerate(zip(COLUMNS, line_values(line), strict=True), start=1):
            cell = _put(sheet, row, col, value)
            style = styles.get((col, strong))
            if style is not None:
                cell._style = copy(style)
                continue
            cell.border = border
            if column.kind in XLSX_FORMATS:
                cell.number_format = XLSX_FORMATS[column.kind]
                cell.alignment = right_top
            else:
                cell.alignment = wrap_top
            if strong:
                cell.font = bold
            styles[col, strong] = copy(cell._style)
        row += 1
    row += 1
    for label, value in closing_rows(form):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        _put(sheet, row, 1, label).font = bold
        sheet.merge_cells(start_row=row, start_column=6, end_row=row, end_column=width)
        if label.startswith("Rata-rata") and form.average is not None:
            cell = sheet.cell(row, 6, achievement.round_percent(form.average))
            cell.number_format = '0.00" %"'
            cell.alignment = Alignment(horizontal="left")
        else:
            _put(sheet, row, 6, value)
            if not value:  # written in by hand: leave room
                sheet.row_dimensions[row].height = 30
        for col in range(1, width + 1):
            sheet.cell(row, col).border = border
        row += 1

    row += 1
    # As on paper: who prepared it bottom right (with place and date), who evaluates or
    # acknowledges it bottom left, each block over six columns, their lines side by side.
    blocks = [(form.signature, width - 5, True)]
    if form.countersignature is not None:
        blocks.append((form.countersignature, 2, False))
    for sig, first_col, dated in blocks:
        for offset, (text, font) in enumerate((
            (sig.place_date if dated else None, None),
            (sig.caption or None, None),
            (sig.title, bold),
            (None, None),
            (None, None),
            (None, None),
            (sig.name or "(" + "." * 40 + ")", Font(bold=True, underline="single") if sig.name else None),
            ("NIP. " + (sig.nip or "." * 30), None),
        )):
            sheet.merge_cells(start_row=row + offset, start_column=first_col, end_row=row + offset,
                              end_column=first_col + 5)
            cell = _put(sheet, row + offset, first_col, text)
            cell.alignment = Alignment(horizontal="center")
            if font is not None:
                cell.font = font
    row += 8

    for col, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = column.xlsx_width
    sheet.freeze_panes = sheet.cell(top + HEADER_ROWS, 4)  # headers and code/name stay in view
    sheet.print_title_rows = f"{top}:{top + HEADER_ROWS - 1}"
    sheet.print_area = f"A1:{last}{row - 1}"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "Halaman &P dari &N"
    sheet.oddFooter.left.text = form.title[:200].replace("&", "&&")
    book.properties.title = form.title
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------- pdf


def pdf_data(form: EvaluationForm) -> dict:
    """What the Typst template receives: every figure already formatted the Indonesian way."""
    return {
        "title": form.title,
        "title_lines": form.title_lines,
        "columns": [c.pdf_width for c in COLUMNS],
        "numeric": [c.kind in ("rp", "k", "pct") for c in COLUMNS],
        "header_rows": HEADER_ROWS,
        "header": [
            {"x": h.col, "y": h.row, "rowspan": h.rowspan, "colspan": h.colspan, "text": h.text}
            for h in header_cells(form)
        ],
        "rows": [
            {
                "kind": line.kind,
                "strong": line.kind in (*GROUP_KINDS, Kind.TOTAL),
                "cells": [_formatted(c, v) for c, v in zip(COLUMNS, line_values(line), strict=True)],
            }
            for line in [*form.lines, form.total]
        ],
        "closing": [{"label": label, "value": value} for label, value in closing_rows(form)],
        "signature": _signature_data(form.signature, dated=True),
        "countersignature": (None if form.countersignature is None
                             else _signature_data(form.countersignature, dated=False)),
        "footer": form.title,
    }


def _signature_data(sig: Signature, *, dated: bool) -> dict:
    return {"place_date": sig.place_date if dated else "", "caption": sig.caption, "title": sig.title,
            "name": sig.name, "nip": sig.nip, "pangkat": sig.pangkat}


def render_form_pdf(form: EvaluationForm) -> bytes:
    """The form as a PDF: landscape, the table header repeated on every page, page numbers."""
    stamp = dt.datetime.combine(form.signature.day, dt.time(), tzinfo=dt.UTC)
    return render_pdf(TEMPLATE, pdf_data(form), timestamp=stamp)
