"""Indonesian dates as news reports write them.

"Selasa (11/2/2024)", "Senin (15/7)" (the year from the publication date), "Jumat (01/11/2024)",
"10 Desember 2024", "Senin, 22 Juli 2024 | 10:03 WIB", "pada hari Rabu, 3 Juli 2024",
"tanggal 5-6 Maret 2025" (the first day), and the forms pages and captions use besides: an
English publication line "April 15, 2021", a caption's "(22/12/21)", a dateline "SURAKARTA
(15-4)" (the year from the publication date). When a weekday is written with the date and does not
agree with the calendar, the date is kept as written and a warning is added."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

ENGLISH_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8,
    "agu": 8, "agt": 8, "ags": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "november": 11, "nopember": 11, "nov": 11, "desember": 12, "des": 12,
}
WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5,
            "minggu": 6, "ahad": 6}
WEEKDAY_NAMES = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]

_WEEKDAY = r"(?P<weekday>Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu|Ahad)"
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# "Selasa (11/2/2024)", "Senin (15/7)", "Jumat (01/11/2024)", "Kamis (3-10-2024)"
# and "Rabu, 22/5/2024": a weekday, a comma and the whole date
NUMERIC = re.compile(
    _WEEKDAY + r"\s*(?P<open>\(|,)\s*(?P<day>\d{1,2})\s*[/.\-]\s*(?P<mon>\d{1,2})"
    r"(?:\s*[/.\-]\s*(?P<year>\d{4}|\d{2})(?!\d))?(?:\s*(?P<close>\)))?", re.I)
# Years the text names ("Tahun Anggaran 2019", "bulan Juni 2019").
YEARS = re.compile(r"(?<![\d/.\-])(20[0-4]\d)(?![\d/])")
# "yang terjadi pada Selasa (18/5/2021)": the day of an incident, not of the meeting.
OTHER_EVENT = re.compile(r"\bterjadi\b[^.]{0,30}$", re.I)
# "pada tanggal 28-29 Mei 2024 mendatang": a coming event the meeting prepares for.
COMING = re.compile(r"[\s,]{0,3}(?:mendatang|yang\s+akan\s+datang|nanti)\b", re.I)
# "10 Desember 2024", "Senin, 22 Juli 2024", "Rabu 3 Juli", "5-6 Maret 2025", "5 s.d. 6 Maret"
LONG = re.compile(
    r"(?:" + _WEEKDAY + r"\s*,?\s*(?:tanggal\s+|tgl\.?\s+)?)?"
    r"(?P<day>\d{1,2})(?:\s*(?:-|–|s\.?d\.?|sampai(?:\s+dengan)?|hingga)\s*\d{1,2})?\s+"
    + _MONTH + r"(?:\s+(?P<year>\d{4}))?\b", re.I)

# "April 15, 2021", "Juli 22, 2024" (a page's publication line written the English way)
MONTH_FIRST = re.compile(
    r"\b(?P<month>" + "|".join(sorted({*ENGLISH_MONTHS, *MONTHS}, key=len, reverse=True))
    + r")\.?\s+(?P<day>\d{1,2}),\s*(?P<year>\d{4})\b", re.I)
# "(22/12/21)", "(22/12/2021)" in a caption: a full date in parentheses without a weekday
BARE_NUMERIC = re.compile(r"\(\s*(?P<day>\d{1,2})\s*/\s*(?P<mon>\d{1,2})\s*/\s*(?P<year>\d{2}|\d{4})\s*\)")
# "rapat Forkopimda (15/12)": a day and month in parentheses right after the meeting's name
# (the year from the publication date)
AFTER_MEETING = re.compile(r"\b(?:rapat|rakor\w*|pertemuan|musrenbang\w*|HLM|audiensi|sosialisasi|"
                           r"evaluasi)\b[^.()\n]{0,60}?\(\s*(?P<day>\d{1,2})\s*/\s*(?P<mon>\d{1,2})\s*\)",
                           re.I)
# "SURAKARTA (15-4)", "KUPANG (15/4) -": a dateline at the start of a line
DATELINE = re.compile(r"(?m)^[A-Z][A-Z .'\-]{2,40}\s*\(\s*(?P<day>\d{1,2})\s*[/\-]\s*(?P<mon>\d{1,2})\s*\)")


@dataclass(frozen=True)
class DateMention:
    date: dt.date
    start: int
    end: int
    weekday: int | None       # as written, 0 = Senin
    year_written: bool
    text: str
    year_from_weekday: bool = False  # no publication date: the year the text names that fits the weekday

    @property
    def weekday_conflict(self) -> bool:
        return self.weekday is not None and self.weekday != self.date.weekday()


def _year(two_or_four: str | None, month: int, day: int,
          published: dt.date | None) -> tuple[int | None, bool]:
    if two_or_four:
        year = int(two_or_four)
        return (year + 2000 if year < 100 else year), True
    if published is None:
        return None, False
    # The latest such date not after the publication (a report follows its meeting).
    for year in (published.year, published.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= published + dt.timedelta(days=7):
            return year, False
    return published.year, False


def _make(year: int | None, month: int, day: int) -> dt.date | None:
    if year is None or not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year_of_weekday(years: frozenset[int], month: int, day: int, weekday: int | None) -> int | None:
    """Without a publication date: the one year the text names in which day/month falls on the
    weekday written ("Senin (8/7)" in a report about "Tahun Anggaran 2019" is 8 July 2019)."""
    if weekday is None:
        return None
    fitting = set()
    for year in years:
        date = _make(year, month, day)
        if date and date.weekday() == weekday:
            fitting.add(year)
    return fitting.pop() if len(fitting) == 1 else None


def mentions(text: str, published: dt.date | None = None) -> list[DateMention]:
    """Every date written in `text`, in order."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    named_years: frozenset[int] | None = None
    for match in NUMERIC.finditer(text):
        if (match["open"] == "(") != bool(match["close"]) or (match["open"] == "," and not match["year"]):
            continue  # "Senin (15/7)" and "Rabu, 22/5/2024", not "Senin, 15/7"
        day, month = int(match["day"]), int(match["mon"])
        year, written = _year(match["year"], month, day, published)
        weekday = WEEKDAYS.get(match["weekday"].lower().replace("'", ""))
        guessed = False
        if year is None and 1 <= month <= 12:
            if named_years is None:
                named_years = frozenset(int(y) for y in YEARS.findall(text))
            year = _year_of_weekday(named_years, month, day, weekday)
            guessed = year is not None
        date = _make(year, month, day)
        if date:
            found.append(DateMention(date, match.start(), match.end(), weekday, written, match.group(0),
                                     guessed))
            taken.append(match.span())
    for pattern in (BARE_NUMERIC, DATELINE, AFTER_MEETING):
        for match in pattern.finditer(text):
            if any(s <= match.start() < e or s < match.end() <= e for s, e in taken):
                continue
            day, month = int(match["day"]), int(match["mon"])
            year, written = _year(match.groupdict().get("year"), month, day, published)
            date = _make(year, month, day) if 1 <= month <= 12 else None
            if date:
                found.append(DateMention(date, match.start(), match.end(), None, written, match.group(0)))
                taken.append(match.span())
    for match in MONTH_FIRST.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        name = match["month"].lower()
        month = ENGLISH_MONTHS.get(name) or MONTHS[name]
        date = _make(int(match["year"]), month, int(match["day"]))
        if date:
            found.append(DateMention(date, match.start(), match.end(), None, True, match.group(0)))
            taken.append(match.span())
    for match in LONG.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        day, month = int(match["day"]), MONTHS[match["month"].lower()]
        year, written = _year(match["year"], month, day, published)
        date = _make(year, month, day)
        if date:
            weekday = match["weekday"]
            found.append(DateMention(date, match.start(), match.end(),
                                     WEEKDAYS.get(weekday.lower().replace("'", "")) if weekday else None,
                                     written, match.group(0)))
    return sorted(found, key=lambda m: m.start)


def page_date(lines: list[tuple[str, bool]]) -> dt.date | None:
    """The publication date among the page's own date lines: the one with a time of day
    ("Senin, 22 Juli 2024 | 10:03 WIB"); a bare date line is often the site's "today"."""
    timed = [line for line, has_time in lines if has_time]
    for line in timed or [line for line, _ in lines]:
        found = mentions(line)
        if found and found[0].year_written:
            return found[0].date
    return None


EVENT_CUES = re.compile(
    r"\b(?:pada|pada\s+hari|hari|berlangsung|digelar|dilaksanakan|diselenggarakan|diadakan|"
    r"bertempat|dimulai|tanggal|tgl)\b[^.]{0,120}$", re.I)


def event_date(body: str, published: dt.date | None) -> tuple[DateMention | None, list[str]]:
    """The meeting's date: the first date in the body that is written as the day of the event
    (weekday form, or after "pada", "berlangsung", ...); else the first date in the body."""
    warnings: list[str] = []
    found = [m for m in mentions(body, published)
             if m.year_written or published is not None or m.year_from_weekday]
    if not found:
        return None, warnings
    chosen = None
    for mention in found:
        before = body[max(0, mention.start - 160):mention.start]
        if OTHER_EVENT.search(before) or COMING.match(body, mention.end):
            continue
        if mention.weekday is not None or EVENT_CUES.search(before):
            chosen = mention
            break
    chosen = chosen or found[0]
    if published and chosen.date > published + dt.timedelta(days=1) and chosen.year_written is False:
        chosen = None
    if chosen is None:
        return None, warnings
    if chosen.weekday_conflict:
        warnings.append(
            f"Hari {WEEKDAY_NAMES[chosen.weekday]} tidak cocok dengan tanggal "
            f"{chosen.date.isoformat()} (hari {WEEKDAY_NAMES[chosen.date.weekday()]}); "
            "tanggal dipakai seperti tertulis.")
    if chosen.year_from_weekday:
        warnings.append(f"Tahun pada \"{chosen.text}\" diambil dari tahun yang disebut dalam teks "
                        "yang cocok dengan harinya.")
    elif not chosen.year_written:
        warnings.append(f"Tahun pada \"{chosen.text}\" diambil dari tanggal terbit.")
    return chosen, warnings
