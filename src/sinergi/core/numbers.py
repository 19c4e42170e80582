"""Numbers as Indonesians type them: one parser for the spreadsheet importers and the forms.

`read_number(text, style)` reads "183.410.900", "Rp 183.410.900,50", "Rp 1.500.000,-",
"86,5", "86,50 %", "1,500,000.50" and returns the exact Decimal typed (no rounding: the caller
checks the number of decimals). What a separator means depends on the style:

- both a dot and a comma: the last one is the decimal separator, the other groups thousands
  ("183.410.900,50", "1,500,000.50"), in every style;
- one kind, several times: thousands ("183.410.900", "1,500,000");
- one kind, once: a comma is a decimal comma in every style ("1,5", "86,5"); a dot is
  - AMOUNT (Rupiah, quantities such as "1.500 orang"): thousands when what follows is a group
    of three digits after a group of one to three ("1.500" is 1500, "183410856.00" 183410856),
    else a decimal point;
  - PERCENT: always a decimal point ("86.5");
  - SHEET (the importers, where both conventions arrive): a decimal point, but a single dot or
    comma followed by exactly three digits ("1.500", "1,500") is refused as ambiguous.

Thousands groups are checked: one to three digits (not starting with 0) and then groups of
exactly three, so "1.50.000" is refused rather than read as 150000. Spaces anywhere are ignored
("1 500 000"); a minus sign may come before or after "Rp"; AMOUNT and SHEET take a leading
"Rp"/"Rp." and a trailing ",-" ("Rp 1.500.000,-"); PERCENT and SHEET a trailing "%". Only the
digits 0-9: "1e5", "∞", "²", "NaN" and other scripts' digits are not numbers.

`parse_number(text)` is the importers' reading: SHEET, rounded to 2 decimals (float noise such
as "0.30000000000000004" is taken, a third real decimal refused)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class NumberStyle:
    name: str
    currency: bool  # "Rp" before the number, ",-" after it
    percent_sign: bool  # "%" after the number
    single_dot: str  # "thousands-or-decimal", "decimal" or "ambiguous-if-three"


AMOUNT = NumberStyle("amount", currency=True, percent_sign=False, single_dot="thousands-or-decimal")
QUANTITY = NumberStyle("quantity", currency=False, percent_sign=False,
                       single_dot="thousands-or-decimal")
PERCENT = NumberStyle("percent", currency=False, percent_sign=True, single_dot="decimal")
SHEET = NumberStyle("sheet", currency=True, percent_sign=True, single_dot="ambiguous-if-three")

MAX_LENGTH = 100  # longer text is not a number anyone typed
_SPACES = re.compile(r"\s+")
_SHAPE = re.compile(r"(?P<sign1>-?)(?P<rp>(?i:rp)\.?)?(?P<sign2>-?)(?P<body>[0-9.,]+?)"
                    r"(?P<dash>,-)?(?P<pct>%)?")
_DIGITS = re.compile(r"[0-9]+")
_FIRST_GROUP = re.compile(r"[1-9][0-9]{0,2}")
_GROUP = re.compile(r"[0-9]{3}")


def _not_a_number(text: str) -> ValueError:
    return ValueError(_("Not a number: \"%(value)s\".") % {"value": str(text)[:40]})


def _grouped(parts: list[str]) -> bool:
    """Whether `parts` (the text split at a thousands separator) are proper groups."""
    return bool(_FIRST_GROUP.fullmatch(parts[0])) and all(_GROUP.fullmatch(p) for p in parts[1:])


def _split(body: str, style: NumberStyle, text: str) -> tuple[str, str]:
    """(whole digits, decimal digits) of `body` (digits, dots and commas)."""
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        mark = "." if body.rfind(".") > body.rfind(",") else ","
        group = "," if mark == "." else "."
        whole, _sep, fraction = body.rpartition(mark)
        parts = whole.split(group)
        if mark in whole or not _grouped(parts):
            raise _not_a_number(text)
        return "".join(parts), fraction
    if not dots and not commas:
        return body, ""
    separator = "." if dots else ","
    parts = body.split(separator)
    if len(parts) > 2:
        if not _grouped(parts):
            raise _not_a_number(text)
        return "".join(parts), ""
    whole, fraction = parts
    if style.single_dot == "ambiguous-if-three" and len(fraction) == 3:
        raise ValueError(_("\"%(value)s\" is ambiguous (thousands or decimals?): type the number "
                           "without separators, e.g. 1500 or 1.5.") % {"value": str(text)[:40]})
    if separator == "." and style.single_dot == "thousands-or-decimal" and _grouped(parts):
        return whole + fraction, ""
    return whole, fraction


def read_number(text: str, style: NumberStyle) -> Decimal:
    """The exact number in `text` read in `style`; ValueError (with a message for the user)
    when it is not one."""
    raw = str(text)
    if len(raw) > MAX_LENGTH:
        raise _not_a_number(raw)
    shape = _SHAPE.fullmatch(_SPACES.sub("", raw))
    if (
        shape is None
        or (shape["sign1"] and shape["sign2"])
        or ((shape["rp"] or shape["dash"]) and not style.currency)
        or (shape["pct"] and not style.percent_sign)
    ):
        raise _not_a_number(raw)
    whole, fraction = _split(shape["body"], style, raw)
    if (whole and not _DIGITS.fullmatch(whole)) or (fraction and not _DIGITS.fullmatch(fraction)) \
            or not (whole or fraction) or (fraction == "" and shape["body"][-1] in ".,"):
        raise _not_a_number(raw)
    sign = "-" if shape["sign1"] or shape["sign2"] else ""
    try:
        return Decimal(f"{sign}{whole or '0'}.{fraction}" if fraction else f"{sign}{whole}")
    except InvalidOperation:  # pragma: no cover - the text is digits by now
        raise _not_a_number(raw) from None


def parse_number(text: str) -> Decimal:
    """A number as read from a spreadsheet cell (SHEET style): "1500000", "12.5", "12,5",
    "Rp 1.500.000,50", "1,500,000", rounded to 2 decimals. Numeric cells (the usual case)
    never get here as text."""
    value = read_number(text, SHEET)
    rounded = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if abs(rounded - value) > Decimal("0.000001"):  # more than float noise beyond 2 decimals
        raise ValueError(_("At most 2 decimals."))
    return rounded
