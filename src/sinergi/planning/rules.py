"""The planning rules as pure functions: nomenclature codes and cumulative quarterly targets.

No database here: models, forms, importers, the API and the tests all call these functions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from sinergi.planning.choices import NomenclatureLevel

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
class TargetProblem:
    quarter: int
    field: str  # "physical" or "financial"
    message: str


def quarter_label(quarter: int) -> str:
    return _("Quarter %(roman)s") % {"roman": ROMAN.get(quarter, str(quarter))}


def cumulative_problems(
    targets: Mapping[int, tuple[Decimal | None, Decimal | None]], budget: Decimal | None
) -> list[TargetProblem]:
    """What is wrong with a set of cumulative quarterly targets {quarter: (physical %, Rp)}.

    Each value is cumulative to the end of its quarter, so it may not fall below the value of
    an earlier quarter; physical targets lie between 0 and 100 %, financial ones between 0 and
    the activity's budget. Missing quarters (or values) are skipped."""
    problems: list[TargetProblem] = []
    labels = {"physical": _("physical"), "financial": _("financial")}
    previous: dict[str, tuple[int, Decimal]] = {}
    for quarter in sorted(targets):
        physical, financial = targets[quarter]
        for name, value in (("physical", physical), ("financial", financial)):
            if value is None:
                continue
            if value < 0:
                problems.append(TargetProblem(quarter, name, _("A target cannot be negative.")))
                continue
            if name == "physical" and value > 100:
                problems.append(TargetProblem(
                    quarter, name, _("A physical target is at most 100 %.")))
                continue
            if name == "financial" and budget is not None and value > budget:
                problems.append(TargetProblem(
                    quarter, name,
                    _("The cumulative financial target (%(value)s) exceeds the budget (%(budget)s).")
                    % {"value": _money(value), "budget": _money(budget)},
                ))
                continue
            before = previous.get(name)
            if before is not None and value < before[1]:
                problems.append(TargetProblem(
                    quarter, name,
                    _("Cumulative targets cannot decrease: the %(kind)s target of %(quarter)s "
                      "(%(value)s) is below that of %(earlier)s (%(before)s).")
                    % {"kind": labels[name], "quarter": quarter_label(quarter),
                       "value": _number(name, value), "earlier": quarter_label(before[0]),
                       "before": _number(name, before[1])},
                ))
                continue
            previous[name] = (quarter, value)
    return problems


def _money(value: Decimal) -> str:
    from sinergi.core.formatting import rupiah

    return rupiah(value)


def _number(kind: str, value: Decimal) -> str:
    from sinergi.core.formatting import percent

    return percent(value) if kind == "physical" else _money(value)
