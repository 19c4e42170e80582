"""The times a report states for its meeting: "pukul 09.00 WITA", "pukul 08.30 s.d. 12.00 WIB",
"jam 13.30-selesai", "pkl. 9.15". A report that gives no time gives none: nothing is invented
(the meeting's record then says its time is unknown)."""

from __future__ import annotations

import datetime as dt
import re

_CLOCK = r"(?P<{name}>[01]?\d|2[0-3])(?:[.:](?P<{name}_m>[0-5]\d))?"
_ZONE = r"(?:\s*(?:WIB|WITA|WIT)\b)?"
TIME = re.compile(
    r"\b(?:pukul|jam|pkl\.?)\s+" + _CLOCK.format(name="start") + r"(?!\d|[.,]\d)" + _ZONE
    + r"(?:\s*(?:-|–|—|s\.?\s?d\.?|s/d|sampai(?:\s+dengan)?|hingga)\s*(?:pukul\s+)?"
    + r"(?:" + _CLOCK.format(name="end") + r"(?!\d)" + _ZONE + r"|selesai))?",
    re.I,
)
# "pukul 9 pagi" is 09.00, "pukul 2 siang" 14.00, "pukul 7 malam" 19.00.
DAYPART = re.compile(r"\s*(pagi|siang|sore|malam)\b", re.I)


def _clock(hour: str, minute: str | None, daypart: str | None = None) -> dt.time | None:
    value = int(hour)
    if daypart and value < 12 and daypart.lower() in ("siang", "sore", "malam") and not (
            daypart.lower() == "siang" and value >= 11):
        value += 12
    if value > 23:
        return None
    return dt.time(value, int(minute or 0))


def stated_times(body: str, near: int | None = None) -> tuple[dt.time | None, dt.time | None]:
    """(start, end) of the first time the report states — the one closest after `near` (where
    the meeting's date was read) when given, within 400 characters of it; else the first in the
    report's first 1,500 characters. (None, None) when it states none; the end is None when
    only the start is given or the meeting ran "hingga selesai"."""
    matches = list(TIME.finditer(body[:20000]))
    if not matches:
        return None, None
    chosen = None
    if near is not None:
        after = [m for m in matches if 0 <= m.start() - near <= 400]
        chosen = after[0] if after else None
    if chosen is None:
        early = [m for m in matches if m.start() < 1500]
        if not early:
            return None, None
        chosen = early[0]
    # A bare "pukul 9" without minutes is a time only with a day part ("pukul 9 pagi") or a zone.
    tail = body[chosen.end("start"):chosen.end("start") + 12]
    daypart = DAYPART.match(tail)
    if chosen.group("start_m") is None and not daypart and not re.match(r"\s*(?:WIB|WITA|WIT)\b", tail):
        return None, None
    start = _clock(chosen.group("start"), chosen.group("start_m"), daypart.group(1) if daypart else None)
    end = None
    if chosen.group("end"):
        end = _clock(chosen.group("end"), chosen.group("end_m"))
    if start is None or (end is not None and end <= start):
        end = None
    return start, end
