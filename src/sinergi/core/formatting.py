"""Indonesian formatting of money, percentages, dates and times: one place for each.

Month and weekday names come from Django's locale data (translation catalogue `id`), not from
tables written here."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.utils import formats, translation

ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def _group(number: Decimal, decimals: int) -> str:
    quantized = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if quantized < 0 else ""
    whole, _, frac = f"{abs(quantized):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    if decimals:
        text += "," + frac.ljust(decimals, "0")[:decimals]
    return sign + text


def number(value: Decimal | int | float | None, *, grouped: bool = True) -> str:
    """`183.410.900`, `183.410.900,5`, `86,5`: the exact value as an Indonesian types it into a
    form (what core.numbers reads back): thousands grouped with dots (unless `grouped` is
    false), a decimal comma, decimals only when they are not zero, no rounding."""
    if value is None:
        return ""
    exact = Decimal(str(value))
    sign = "-" if exact < 0 else ""
    whole, _, frac = f"{abs(exact):f}".partition(".")
    frac = frac.rstrip("0")
    if grouped:
        whole = _group(Decimal(whole), 0)
    return sign + whole + ("," + frac if frac else "")


def rupiah(amount: Decimal | int | float | None) -> str:
    """`Rp 1.234.567.890`."""
    if amount is None:
        return "–"
    return "Rp " + _group(Decimal(str(amount)), 0)


SCALES = ((Decimal(10) ** 12, "triliun"), (Decimal(10) ** 9, "miliar"), (Decimal(10) ** 6, "juta"))


def rupiah_short(amount: Decimal | int | float | None) -> str:
    """`Rp 1,2 miliar` for large amounts, the full figure below a million."""
    if amount is None:
        return "–"
    value = Decimal(str(amount))
    for scale, word in SCALES:
        if abs(value) >= scale:
            short = _group(value / scale, 1)
            if short.endswith(",0"):
                short = short[:-2]
            return f"Rp {short} {word}"
    return rupiah(value)


def thousands(value: int | Decimal | None) -> str:
    """A count with dot thousands: `1.035`."""
    if value is None:
        return "–"
    return _group(Decimal(value), 0)


def points(value: Decimal | float | None, decimals: int = 1) -> str:
    """Percentage points, `12,5` (as in "12,5 poin"): a difference of percentages."""
    if value is None:
        return "–"
    return _group(Decimal(str(value)), decimals)


def percent(value: Decimal | float | None, decimals: int = 1) -> str:
    """`12,5 %`."""
    if value is None:
        return "–"
    return _group(Decimal(str(value)), decimals) + " %"


def long_date(day: dt.date | None) -> str:
    """`Selasa, 10 Desember 2024` in Indonesian (the active language otherwise)."""
    if day is None:
        return "–"
    return formats.date_format(day, "l, j F Y")


def zone_abbreviation(zone: str) -> str:
    return ZONE_ABBREVIATIONS.get(zone, zone)


def local_time(moment: dt.datetime, zone: str) -> str:
    """`09.00 WITA`: the time in the government's own zone, with that zone's abbreviation."""
    local = moment.astimezone(ZoneInfo(zone))
    separator = "." if translation.get_language() in (None, "id") else ":"
    return f"{local:%H}{separator}{local:%M} {zone_abbreviation(zone)}"
