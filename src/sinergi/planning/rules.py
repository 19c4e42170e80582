"""The planning rules as pure functions: nomenclature codes and cumulative quarterly targets.

No database here: models, forms, importers, the API and the tests all call these functions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from sinergi.planning.choices import FrameworkKind, NomenclatureLevel

# U.BB.PP.L.KK.SSSS: urusan, bidang urusan, program, level of government, kegiatan, sub kegiatan.
SEGMENTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("U", re.compile(r"[1-9]")),
    ("BB", re.compile(r"\d{2}")),
    ("PP", re.compile(r"\d{2}")),
    ("L", re.compile(r"[12]")),
    ("KK", re.compile(r"\d{2}")),
    ("SSSS", re.compile(r"\d{4}")),
)
EXAMPLE_CODE = "1.01.01.2.01.0001"
LEVEL_BY_SEGMENTS = {
    1: NomenclatureLevel.URUSAN,
    2: NomenclatureLevel.BIDANG,
    3: NomenclatureLevel.PROGRAM,
    5: NomenclatureLevel.KEGIATAN,
    6: NomenclatureLevel.SUB_KEGIATAN,
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class ParsedCode:
    code: str
    level: str
    parent: str | None


def parse_code(raw: str) -> ParsedCode:
    """`1.01.01.2.01.0001` -> sub kegiatan under the kegiatan `1.01.01.2.01`.

    The parent of a kegiatan (`1.01.01.2.01`) is its program (`1.01.01`): the level digit is
    part of the kegiatan's code, not a node of its own. ValueError (user's language) when the
    code does not follow U.BB.PP.L.KK.SSSS."""
    code = (raw or "").strip()
    form = _("A code has the form U.BB.PP.L.KK.SSSS, e.g. %(example)s (or a leading part of it).") % {
        "example": EXAMPLE_CODE
    }
    if not code:
        raise ValueError(_("The code is empty.") + " " + form)
    parts = code.split(".")
    if len(parts) not in LEVEL_BY_SEGMENTS:
        if len(parts) == 4:
            raise ValueError(
                _("\"%(code)s\" ends with the level digit: a kegiatan code also needs its two-digit "
                  "number (e.g. %(code)s.01).") % {"code": code}
            )
        raise ValueError(_("\"%(code)s\" has %(count)d parts.") % {"code": code, "count": len(parts)}
                         + " " + form)
    for position, (part, (name, pattern)) in enumerate(zip(parts, SEGMENTS, strict=False), start=1):
        if not pattern.fullmatch(part):
            if name == "L":
                reason = _("part %(position)d (L, the level of government) must be 1 (province) "
                           "or 2 (regency/city), not \"%(part)s\".")
            else:
                reason = _("part %(position)d (%(name)s) must be %(digits)d digit(s), not "
                           "\"%(part)s\".")
            raise ValueError(
                _("Invalid code \"%(code)s\": ") % {"code": code}
                + reason % {"position": position, "name": name, "part": part,
                            "digits": len(name) if name != "U" else 1}
                + " " + form
            )
    level = LEVEL_BY_SEGMENTS[len(parts)]
    if len(parts) == 1:
        parent = None
    elif len(parts) == 5:
        parent = ".".join(parts[:3])
    else:
        parent = ".".join(parts[:-1])
    return ParsedCode(code=code, level=level, parent=parent)


# ---------------------------------------------------------------------------- quarterly targets


@dataclass(frozen=True)
class QuarterProblem:
    """Something wrong with one figure of one quarter in a series of cumulative figures."""

    quarter: int
    field: Hashable  # "physical", "financial", or e.g. an indicator's id
    message: str


TargetProblem = QuarterProblem


def quarter_label(quarter: int) -> str:
    return _("Quarter %(roman)s") % {"roman": ROMAN.get(quarter, str(quarter))}


def non_decreasing_problems(
    series: Mapping[int, Mapping[Hashable, Decimal | None]],
    *,
    bound: Callable[[Hashable, Decimal], str | None],
    decrease: Callable[[Hashable, int, Decimal, int, Decimal], str],
) -> list[QuarterProblem]:
    """The one walk behind every "cumulative values never decrease" rule (quarterly targets,
    realization, outputs per indicator): {quarter: {field: value}} in quarter order.

    For each field, a value is first checked on its own (`bound(field, value)`: a message, or
    None when it is fine), then against the nearest earlier quarter that has an acceptable
    value of the same field (`decrease(field, quarter, value, earlier quarter, earlier value)`
    gives the message). None values and missing quarters are skipped; a refused value is not
    used as the reference for later quarters. Problems come in quarter order, then in the
    order of each quarter's fields."""
    problems: list[QuarterProblem] = []
    previous: dict[Hashable, tuple[int, Decimal]] = {}
    for quarter in sorted(series):
        for name, value in series[quarter].items():
            if value is None:
                continue
            message = bound(name, value)
            if message is None:
                before = previous.get(name)
                if before is not None and value < before[1]:
                    message = decrease(name, quarter, value, *before)
            if message is not None:
                problems.append(QuarterProblem(quarter, name, message))
                continue
            previous[name] = (quarter, value)
    return problems


def as_series(
    values: Mapping[int, tuple[Decimal | None, Decimal | None]],
) -> dict[int, dict[str, Decimal | None]]:
    """{quarter: (physical, financial)} -> {quarter: {"physical": ..., "financial": ...}}."""
    return {q: dict(zip(("physical", "financial"), pair, strict=True)) for q, pair in values.items()}


def cumulative_problems(
    targets: Mapping[int, tuple[Decimal | None, Decimal | None]], budget: Decimal | None
) -> list[QuarterProblem]:
    """What is wrong with a set of cumulative quarterly targets {quarter: (physical %, Rp)}.

    Each value is cumulative to the end of its quarter, so it may not fall below the value of
    an earlier quarter; physical targets lie between 0 and 100 %, financial ones between 0 and
    the activity's budget. Missing quarters (or values) are skipped."""
    labels = {"physical": _("physical"), "financial": _("financial")}

    def bound(name, value):
        if value < 0:
            return _("A target cannot be negative.")
        if name == "physical" and value > 100:
            return _("A physical target is at most 100 %.")
        if name == "financial" and budget is not None and value > budget:
            return _("The cumulative financial target (%(value)s) exceeds the budget (%(budget)s).") % {
                "value": _money(value), "budget": _money(budget)}
        return None

    def decrease(name, quarter, value, earlier, before):
        return _("Cumulative targets cannot decrease: the %(kind)s target of %(quarter)s "
                 "(%(value)s) is below that of %(earlier)s (%(before)s).") % {
            "kind": labels[name], "quarter": quarter_label(quarter),
            "value": _number(name, value), "earlier": quarter_label(earlier),
            "before": _number(name, before)}

    return non_decreasing_problems(as_series(targets), bound=bound, decrease=decrease)


def _money(value: Decimal) -> str:
    from sinergi.core.formatting import rupiah

    return rupiah(value)


def _number(kind: str, value: Decimal) -> str:
    from sinergi.core.formatting import percent

    return percent(value, 2) if kind == "physical" else _money(value)  # as entered: to the cent


# ---------------------------------------------------------------------------- priorities


def serves_problem(kind: str, served_kinds: list[str]) -> str:
    """Why a priority of framework `kind` may not serve priorities of `served_kinds` ("" when
    it may): only a regional (RPJMD) priority serves, and it serves national missions only."""
    if not served_kinds:
        return ""
    if kind != FrameworkKind.REGIONAL:
        return _("Only a regional (RPJMD) priority serves national missions.")
    if any(k != FrameworkKind.NATIONAL for k in served_kinds):
        return _("A regional priority serves national missions (Asta Cita) only.")
    return ""


# ---------------------------------------------------------------------------- milestones


def milestone_overdue(planned: dt.date | None, achieved: dt.date | None, today: dt.date) -> bool:
    """A milestone is overdue when its planned date has passed (before `today`, the day in the
    government's time zone) and it has not been achieved. Without a planned date it never is."""
    return achieved is None and planned is not None and planned < today


def days_late(planned: dt.date, today: dt.date) -> int:
    return (today - planned).days


def affair_problem(code: str | None, affairs: tuple[str, ...] | list[str]) -> str | None:
    """Why sub kegiatan `code` does not belong to a unit that carries out the bidang `affairs`
    (None when it does, or when the unit has none: not restricted)."""
    if not code or not affairs:
        return None
    if any(code == bidang or code.startswith(bidang + ".") for bidang in affairs):
        return None
    return _("Sub kegiatan %(code)s is not of the unit's affairs (%(affairs)s).") % {
        "code": code, "affairs": ", ".join(affairs)}
