"""Reading numbers, dates, ids and versions from a request: the one way every view does it.

A browser sends what a user (or anyone) typed or edited in the address bar: "abc", "9999999999",
"-1", "", 10,000 characters. Each reader here either returns a value within the range the view
can use or raises `django.core.exceptions.BadRequest` with a message in the user's language;
Django answers that with 400 (templates/400.html), never 500. Readers with a `default` return
it for a missing or empty value; `lenient=True` returns the default for a bad value too (a
filter in the address bar that is simply ignored).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

# Integers a database column takes on both SQLite and PostgreSQL (bigint).
MAX_BIGINT = 2**63 - 1
# Years a plan, a meeting or a calendar can be about.
MIN_YEAR, MAX_YEAR = 1900, 2200

_MISSING = object()


def _raw(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    return value.strip()


def _refuse(name: str, message: str) -> BadRequest:
    return BadRequest(_("%(field)s: %(message)s") % {"field": name, "message": message})


def read_int(
    data: Mapping[str, Any],
    name: str,
    default: Any = _MISSING,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    lenient: bool = False,
) -> Any:
    """An integer from a QueryDict (or any mapping). Missing or empty: `default` (or 400 when
    there is none). Not a whole number or out of [minimum, maximum]: 400, or `default` when
    `lenient`."""
    raw = _raw(data, name)
    if not raw:
        if default is _MISSING:
            raise _refuse(name, _("a value is required."))
        return default
    low = -MAX_BIGINT if minimum is None else minimum
    high = MAX_BIGINT if maximum is None else maximum
    digits = raw[1:] if raw[:1] in "+-" else raw
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 19:
        if lenient and default is not _MISSING:
            return default
        raise _refuse(name, _("not a whole number."))
    value = int(raw)
    if not low <= value <= high:
        if lenient and default is not _MISSING:
            return default
        raise _refuse(name, _("must be between %(low)s and %(high)s.") % {"low": low, "high": high})
    return value


def read_year(data: Mapping[str, Any], name: str = "year", default: Any = _MISSING, *,
              lenient: bool = False) -> Any:
    return read_int(data, name, default, minimum=MIN_YEAR, maximum=MAX_YEAR, lenient=lenient)


def read_version(data: Mapping[str, Any], current: int, name: str = "version") -> int:
    """The version a form was based on (core.services' stale-edit check): the object's current
    version when the form sent none (a client without the hidden field), 400 for garbage."""
    return read_int(data, name, current, minimum=0)


def read_pk(data: Mapping[str, Any], name: str) -> int | None:
    """An object id chosen in a form: None when missing or not an id at all (the caller's
    lookup then finds nothing: 404 or the form's error), never an exception."""
    try:
        return read_int(data, name, None, minimum=1)
    except BadRequest:
        return None


def read_pks(data, name: str) -> list[int]:
    """Ids chosen in a multiple choice (QueryDict.getlist); what is not an id is left out."""
    values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
    ids = []
    for value in values:
        value = (value or "").strip() if isinstance(value, str) else ""
        if value.isascii() and value.isdigit() and len(value) <= 18 and int(value) > 0:
            ids.append(int(value))
    return ids


def read_date(data: Mapping[str, Any], name: str, default: Any = _MISSING, *,
              lenient: bool = False) -> Any:
    """A date as ISO (2026-12-07) or Indonesian day/month/year (07/12/2026)."""
    raw = _raw(data, name)
    if not raw:
        if default is _MISSING:
            raise _refuse(name, _("a value is required."))
        return default
    for parse in (dt.date.fromisoformat, lambda s: dt.datetime.strptime(s, "%d/%m/%Y").date()):
        try:
            value = parse(raw[:32])
        except ValueError:
            continue
        if MIN_YEAR <= value.year <= MAX_YEAR:
            return value
    if lenient and default is not _MISSING:
        return default
    raise _refuse(name, _("not a date (use YYYY-MM-DD or DD/MM/YYYY)."))


def is_id(value: Any) -> bool:
    """A positive whole number a database id column can hold, written in ASCII digits
    (str.isdigit() also says yes to "²" and "٣", which int() refuses or misreads)."""
    return (isinstance(value, str) and 0 < len(value) <= 18 and value.isascii() and value.isdigit()
            and int(value) > 0)


def read_optional_version(data: Mapping[str, Any], name: str = "version") -> int | None:
    """The version a form was based on, or None when it sent none (no stale-edit check); 400
    for garbage."""
    return read_int(data, name, None, minimum=0)


def parse_date_or_none(value: Any) -> dt.date | None:
    """django.utils.dateparse.parse_date without its ValueError for 2026-02-31."""
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10]) if value.strip() else None
    except ValueError:
        return None


def read_choice(data: Mapping[str, Any], name: str, choices, default: Any = None) -> Any:
    """One of `choices` (a filter in the address bar: anything else is ignored and gives
    `default`)."""
    raw = _raw(data, name)
    return raw if raw and raw in choices else default
