"""Domain rules for regions, governments, units and officials, as plain functions.

No database access here: callers pass values in, tests call these directly."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from django.utils.translation import gettext as _

from sinergi.regions.choices import Capacity, RegionLevel

# --------------------------------------------------------------------------- NIP

NIP_LENGTH = 18


@dataclass(frozen=True)
class NipInfo:
    """What an 18-digit NIP (Nomor Induk Pegawai) encodes: YYYYMMDD birth date, YYYYMM of
    appointment (TMT CPNS), gender digit (1 male, 2 female), 3-digit serial."""

    nip: str
    birth_date: dt.date
    appointed: tuple[int, int]
    gender: int
    serial: str


def normalize_nip(raw: str) -> str:
    """NIPs are often written in groups: `19800101 200501 1 001` -> `198001012005011001`."""
    return re.sub(r"[\s.\-]", "", raw or "")


def parse_nip(raw: str) -> NipInfo:
    """Validate a NIP; ValueError with a reason in the user's language when it is not one."""
    nip = normalize_nip(raw)
    if not nip.isdigit() or not nip.isascii():
        raise ValueError(_("A NIP contains digits only."))
    if len(nip) != NIP_LENGTH:
        raise ValueError(
            _("A NIP has %(expected)d digits, this one has %(actual)d.")
            % {"expected": NIP_LENGTH, "actual": len(nip)}
        )
    try:
        birth = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValueError(_("The first 8 digits of a NIP are a birth date (YYYYMMDD).")) from None
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12:
        raise ValueError(_("Digits 9 to 14 of a NIP are the appointment year and month."))
    if year < birth.year + 15:
        raise ValueError(_("The appointment date in the NIP is before the holder turned 15."))
    gender = int(nip[14])
    if gender not in (1, 2):
        raise ValueError(_("Digit 15 of a NIP is the gender: 1 or 2."))
    return NipInfo(nip, birth, (year, month), gender, nip[15:])


# --------------------------------------------------------------------------- names and titles

# Academic and honorific titles written before a name.
FRONT_TITLES = re.compile(
    r"^(?:(?:Prof|Dr|dr|drg|Ir|Drs|Dra|H|Hj|KH|Hc|Rev|Pdt|Ns|apt|Irjen|Brigjen|Kol|Letkol|"
    r"Mayjen|Komjen|Jenderal)\.?(?:\s*\(HC\))?\s+)+"
)
# A trailing comma-separated degree: "S.H.", "M.Si.", "S.Sos", "MM", "M.AP", "Ph.D", "S.STP".
BACK_TITLE = re.compile(r"^(?:[A-Z][A-Za-z]{0,5}\.?)(?:\s?[A-Za-z]{1,6}\.?)*(?:\s?\(\w+\))?$")


@dataclass(frozen=True)
class PersonName:
    front_title: str
    name: str
    back_title: str

    def __str__(self) -> str:
        return format_name(self.front_title, self.name, self.back_title)


def split_titles(text: str) -> PersonName:
    """`Dr. Petrus Yumte, S.H., M.Si.` -> front `Dr.`, name `Petrus Yumte`, back `S.H., M.Si.`"""
    text = re.sub(r"\s+", " ", (text or "").strip()).rstrip(",")
    # A degree at the end of a sentence gets a doubled full stop in print ("M.Si..").
    text = re.sub(r"\.{2,}$", ".", text)
    front = ""
    match = FRONT_TITLES.match(text)
    if match:
        front = match.group(0).strip()
        text = text[match.end():]
    parts = [p.strip() for p in text.split(",")]
    name, degrees = parts[0], [p for p in parts[1:] if p]
    back = []
    for degree in degrees:
        if BACK_TITLE.match(degree):
            back.append(degree)
        else:  # not a degree: keep it with the name rather than lose it
            name = f"{name}, {degree}"
    back_title = ", ".join(back)
    return PersonName(front, name.strip(), back_title)


def format_name(front_title: str, name: str, back_title: str) -> str:
    full = f"{front_title} {name}".strip() if front_title else name
    return f"{full}, {back_title}" if back_title else full


# --------------------------------------------------------------------------- governments


def government_name(region_name: str, level: str) -> str:
    """`Kabupaten Mimika` -> `Pemerintah Kabupaten Mimika`; provinces carry no kind in their
    region name: `Kalimantan Tengah` -> `Pemerintah Provinsi Kalimantan Tengah`."""
    if level == RegionLevel.PROVINCE:
        return f"Pemerintah Provinsi {region_name}"
    return f"Pemerintah {region_name}"


def government_short_name(region_name: str, level: str) -> str:
    """`Pemkab Mimika`, `Pemkot Samarinda`, `Pemprov Kalimantan Tengah`."""
    if level == RegionLevel.PROVINCE:
        return f"Pemprov {region_name}"
    for kind, short in (("Kabupaten ", "Pemkab "), ("Kota ", "Pemkot ")):
        if region_name.startswith(kind):
            return short + region_name[len(kind):]
    return f"Pemda {region_name}"


# --------------------------------------------------------------------------- position terms


@dataclass(frozen=True)
class Term:
    """A position held from `start` to `end` (inclusive; None = still held)."""

    start: dt.date
    end: dt.date | None
    capacity: str


def term_active_on(term: TermLike, day: dt.date) -> bool:
    return term.start <= day and (term.end is None or day <= term.end)


def terms_overlap(a: TermLike, b: TermLike) -> bool:
    a_end = a.end or dt.date.max
    b_end = b.end or dt.date.max
    return a.start <= b_end and b.start <= a_end


# An acting holder (Plt, Plh) stands in for the definitive holder who is still in office;
# a Pj or Pjs fills a vacancy. Who actually exercises the office on a day, first to last:
EXERCISE_ORDER = (Capacity.PLH, Capacity.PLT, Capacity.PJS, Capacity.PJ, Capacity.DEFINITIVE)


class TermLike(Protocol):
    start: dt.date
    end: dt.date | None
    capacity: str


TermT = TypeVar("TermT", bound=TermLike)


def exercising_term(terms: Iterable[TermT], day: dt.date) -> TermT | None:
    """Of the terms active on `day`, the one whose holder exercises the office."""
    active = [t for t in terms if term_active_on(t, day)]
    if not active:
        return None
    return min(active, key=lambda t: (EXERCISE_ORDER.index(t.capacity), -t.start.toordinal()))


def conflicting_term(new: TermLike, others: Sequence[TermT]) -> TermT | None:
    """Two terms of the same capacity for the same position may not overlap in time."""
    for other in others:
        if other.capacity == new.capacity and terms_overlap(new, other):
            return other
    return None


# --------------------------------------------------------------------------- acting terms

ACTING_CAPACITIES = (Capacity.PJ, Capacity.PJS, Capacity.PLT, Capacity.PLH)

# How long an acting term usually runs, in months, and the longest it may run with its
# extensions (None: extendable without a fixed ceiling).
# Sources: Plt and Plh of an office (jabatan): SE Kepala BKN 1/SE/I/2021, "paling lama 3 (tiga)
# bulan dan dapat diperpanjang paling lama 3 (tiga) bulan" — 3 months, once extendable to 6.
# Pj of a head of region: UU 10/2016 Pasal 201 and Permendagri 4/2023 — one year at a time,
# extendable. Pjs: a stand-in during the elected head's campaign leave (Permendagri 1/2018),
# "weeks to a few months" (the design notes' DOMAIN.md, Acting officials): 3 months here.
ACTING_USUAL_MONTHS: dict[str, int] = {
    Capacity.PJ: 12, Capacity.PJS: 3, Capacity.PLT: 3, Capacity.PLH: 3,
}
ACTING_MAX_MONTHS: dict[str, int | None] = {
    Capacity.PJ: None, Capacity.PJS: None, Capacity.PLT: 6, Capacity.PLH: 6,
}
# An acting term that ends within this many days is announced (a decree to extend or a
# successor to appoint).
ACTING_ENDING_DAYS = 30


def months_before(day: dt.date, months: int) -> dt.date:
    """`day` moved back by `months` calendar months (31 August - 6 months = 28/29 February)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = (dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month + 1, min(day.day, last))


def acting_usual_end(capacity: str, start: dt.date) -> dt.date | None:
    """The last day of an acting term's usual length (None for a definitive term)."""
    months = ACTING_USUAL_MONTHS.get(capacity)
    if months is None:
        return None
    # start + months, as the inverse of months_before: the day before the same date n months on.
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = (dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month + 1, min(start.day, last)) - dt.timedelta(days=1)


def overrun_started_before(capacity: str, today: dt.date) -> dt.date | None:
    """An active acting term of `capacity` that started before this day has run past its usual
    length on `today` (None for a definitive term)."""
    months = ACTING_USUAL_MONTHS.get(capacity)
    return None if months is None else months_before(today, months) + dt.timedelta(days=1)


def is_overrunning(capacity: str, start: dt.date, today: dt.date) -> bool:
    usual_end = acting_usual_end(capacity, start)
    return usual_end is not None and today > usual_end


def pangkat_line(golongan: str) -> str:
    """`Pembina Utama Muda (IV/c)`: the pangkat a golongan carries, as signature blocks print
    it; "" without a (known) golongan."""
    from sinergi.regions.choices import PANGKAT

    pangkat = PANGKAT.get(golongan or "")
    return f"{pangkat} ({golongan})" if pangkat else ""
