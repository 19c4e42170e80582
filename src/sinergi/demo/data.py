"""The demo data set, taken from five published reports of coordination meetings
(the texts are in the design examples: mimika-rakor-distrik, kutim-rakor-kecamatan-tw3,
mahulu-rakor-pokja-pkp, kalteng-rakor-jpt-pratama, tanbu-sosialisasi-evaluasi-kerja-sama).

Only what the reports say is recorded: the units they name in the role they play there, the
officials they name (their names exactly as written, titles included, split by
regions.rules.split_titles) and the capacity the report gives them (Pj, Pjs, definitive).

Dates of position terms: the reports say who held an office on the day of the meeting, not
since when. We do not invent appointment dates: each term starts on the report's meeting date
(the first day the term is *known* to be active) and has no end. A real deployment replaces
these with the dates of the appointment decrees.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sinergi.core.roles import Role
from sinergi.regions.choices import (
    Capacity,
    CoordinationCovers,
    CoordinationPurpose,
    PositionGrade,
    UnitKind,
)
from sinergi.regions.rules import split_titles

DEMO_PASSWORD = "sinergi-demo-2025"  # noqa: S105 - published demo credentials, never for production


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    short_name: str = ""
    parent: str | None = None  # code of the parent unit in the same government


@dataclass(frozen=True)
class DistrictOffices:
    """One district office per district of the government's region: `Distrik Mimika Baru`,
    each with its head's position (`Kepala Distrik Mimika Baru`)."""

    name_prefix: str  # "Distrik" (Papua) or "Kecamatan"
    code_prefix: str  # unit code = prefix + the district's last code segment: "DISTRIK-01"
    head_title: str  # "Kepala Distrik" or "Camat"


@dataclass(frozen=True)
class PositionSpec:
    title: str
    grade: str
    unit: str | None = None  # unit code; None for a government-level office (Bupati)
    is_unit_head: bool = False
    order: int = 100


@dataclass(frozen=True)
class OfficialSpec:
    as_written: str  # the name as the report writes it, titles included
    position: str | None = None  # a PositionSpec title of the same government
    capacity: str = Capacity.DEFINITIVE


@dataclass(frozen=True)
class GovernmentSpec:
    region: str  # Kemendagri code (src/sinergi/regions/data/regions.csv)
    report: str  # the example report the data comes from
    known_on: dt.date  # the meeting date: start of every term below (see the module docstring)
    units: tuple[UnitSpec, ...] = ()
    district_offices: DistrictOffices | None = None
    positions: tuple[PositionSpec, ...] = ()
    officials: tuple[OfficialSpec, ...] = ()


HEAD = PositionGrade.REGIONAL_HEAD

GOVERNMENTS: tuple[GovernmentSpec, ...] = (
    GovernmentSpec(
        region="94.04",  # Kabupaten Mimika (Provinsi Papua Tengah since 2022)
        report="mimika-rakor-distrik",
        # The report says "Selasa (11/2/2024)", but 11 February 2024 was a Sunday; 11 February
        # 2025 was a Tuesday, and the report was published in 2025. We take the weekday as
        # right and the year as a typo: the meeting is dated 2025-02-11.
        known_on=dt.date(2025, 2, 11),
        units=(
            UnitSpec("SETDA", "Sekretariat Daerah", UnitKind.SECRETARIAT, "Setda"),
            UnitSpec("TAPEM", "Bagian Tata Pemerintahan", UnitKind.SECTION, "Tapem", parent="SETDA"),
            UnitSpec("BPJSTK-TIMIKA", "BPJS Ketenagakerjaan Timika", UnitKind.EXTERNAL_PARTNER,
                     "BPJS Ketenagakerjaan"),
        ),
        district_offices=DistrictOffices("Distrik", "DISTRIK", "Kepala Distrik"),
        positions=(
            PositionSpec("Bupati Mimika", HEAD, order=1),
            PositionSpec("Sekretaris Daerah Mimika", PositionGrade.JPT_PRATAMA, "SETDA",
                         is_unit_head=True, order=10),
            PositionSpec("Kepala Bagian Tata Pemerintahan", PositionGrade.ADMINISTRATOR, "TAPEM",
                         is_unit_head=True, order=20),
        ),
        officials=(
            OfficialSpec("Yonathan Demme Tangdilintin, S.H., M.M.", "Bupati Mimika", Capacity.PJ),
            # The report writes "M.Si.." (the sentence's full stop after the degree's).
            OfficialSpec("Dr. Petrus Yumte, S.H., M.Si.", "Sekretaris Daerah Mimika", Capacity.PJ),
        ),
    ),
    GovernmentSpec(
        region="64.08",  # Kabupaten Kutai Timur
        report="kutim-rakor-kecamatan-tw3",
        known_on=dt.date(2024, 11, 1),  # "Jumat (01/11/2024)", a Friday indeed
        units=(
            # The report writes "Sekretariat Daerah (Setkab) Kutim".
            UnitSpec("SETDA", "Sekretariat Daerah", UnitKind.SECRETARIAT, "Setkab"),
            UnitSpec("TAPEM", "Bagian Tata Pemerintahan", UnitKind.SECTION, "Tapem", parent="SETDA"),
        ),
        district_offices=DistrictOffices("Kecamatan", "KEC", "Camat"),
        positions=(
            PositionSpec("Bupati Kutai Timur", HEAD, order=1),
            PositionSpec("Kepala Bagian Tata Pemerintahan", PositionGrade.ADMINISTRATOR, "TAPEM",
                         is_unit_head=True, order=20),
        ),
        officials=(
            # Penjabat Sementara (Pjs) stands in for an elected head on leave; the meeting falls
            # in the campaign period of the November 2024 Pilkada.
            OfficialSpec("Agus Hari Kesuma", "Bupati Kutai Timur", Capacity.PJS),
            OfficialSpec("Sutrisno", "Kepala Bagian Tata Pemerintahan"),
        ),
    ),
    GovernmentSpec(
        region="64.11",  # Kabupaten Mahakam Ulu
        report="mahulu-rakor-pokja-pkp",
        known_on=dt.date(2024, 7, 15),  # "Senin (15/7)", published 22 July 2024
        units=(
            UnitSpec("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", UnitKind.AGENCY, "Bappeda"),
            # "difasilitasi Bappeda Mahulu": the working group sits under Bappeda.
            UnitSpec("POKJA-PKP", "Kelompok Kerja Perumahan dan Kawasan Permukiman",
                     UnitKind.WORKING_GROUP, "Pokja PKP", parent="BAPPEDA"),
        ),
        positions=(
            PositionSpec("Bupati Mahakam Ulu", HEAD, order=1),
            PositionSpec("Kepala Badan Perencanaan Pembangunan Daerah", PositionGrade.JPT_PRATAMA,
                         "BAPPEDA", is_unit_head=True, order=30),
        ),
        officials=(OfficialSpec("Bonifasius Belawan Geh", "Bupati Mahakam Ulu"),),
    ),
    GovernmentSpec(
        region="62",  # Provinsi Kalimantan Tengah
        report="kalteng-rakor-jpt-pratama",
        known_on=dt.date(2025, 2, 24),  # "Senin (24/2/2025)", a Monday indeed
        units=(
            UnitSpec("BAPPERIDA", "Badan Perencanaan Pembangunan, Riset, dan Inovasi Daerah",
                     UnitKind.AGENCY, "BAPPERIDA"),
        ),
        positions=(
            PositionSpec("Gubernur Kalimantan Tengah", HEAD, order=1),
            PositionSpec("Wakil Gubernur Kalimantan Tengah", PositionGrade.DEPUTY_HEAD, order=2),
            PositionSpec("Kepala Badan Perencanaan Pembangunan, Riset, dan Inovasi Daerah",
                         PositionGrade.JPT_PRATAMA, "BAPPERIDA", is_unit_head=True, order=30),
        ),
        officials=(
            OfficialSpec("H. Edy Pratowo", "Wakil Gubernur Kalimantan Tengah"),
            OfficialSpec("Leonard S. Ampung",
                         "Kepala Badan Perencanaan Pembangunan, Riset, dan Inovasi Daerah"),
        ),
    ),
    GovernmentSpec(
        region="63.10",  # Kabupaten Tanah Bumbu
        report="tanbu-sosialisasi-evaluasi-kerja-sama",
        known_on=dt.date(2024, 12, 9),  # "Senin (09/12/2024)", published 10 December 2024
        units=(
            UnitSpec("SETDA", "Sekretariat Daerah", UnitKind.SECRETARIAT, "Setda"),
            UnitSpec("PEM", "Bagian Pemerintahan", UnitKind.SECTION, "Bagian Pemerintahan",
                     parent="SETDA"),
            # A regency's TKKSD is led from the Sekretariat Daerah, hence under it.
            UnitSpec("TKKSD", "Tim Koordinasi Kerja Sama Daerah", UnitKind.WORKING_GROUP, "TKKSD",
                     parent="SETDA"),
            UnitSpec("KPPD", "Komite Percepatan Pembangunan Daerah", UnitKind.WORKING_GROUP),
        ),
        positions=(
            PositionSpec("Bupati Tanah Bumbu", HEAD, order=1),
            PositionSpec("Kepala Bagian Pemerintahan", PositionGrade.ADMINISTRATOR, "PEM",
                         is_unit_head=True, order=20),
        ),
        officials=(
            OfficialSpec("Zairullah Azhar", "Bupati Tanah Bumbu"),
            OfficialSpec("Ismail", "Kepala Bagian Pemerintahan"),
            # "selaku panitia penyelenggara": named, but no office is given.
            OfficialSpec("Sartika Dewi"),
        ),
    ),
    GovernmentSpec(
        region="63",  # Provinsi Kalimantan Selatan: the speaker at the Tanah Bumbu meeting
        report="tanbu-sosialisasi-evaluasi-kerja-sama",
        known_on=dt.date(2024, 12, 9),
        units=(
            UnitSpec("SETDA", "Sekretariat Daerah", UnitKind.SECRETARIAT, "Setda"),
            UnitSpec("BIRO-PEMOTDA", "Biro Pemerintahan dan Otonomi Daerah", UnitKind.SECTION,
                     "Biro Pemotda", parent="SETDA"),
            UnitSpec("KERJA-SAMA", "Bagian Kerja Sama", UnitKind.SECTION, "Bagian Kerja Sama",
                     parent="BIRO-PEMOTDA"),
        ),
        positions=(
            PositionSpec("Kepala Bagian Kerja Sama", PositionGrade.ADMINISTRATOR, "KERJA-SAMA",
                         is_unit_head=True, order=20),
        ),
        officials=(OfficialSpec("Saiful Arifin", "Kepala Bagian Kerja Sama"),),
    ),
)


# FICTITIOUS contact details, so that the demo's email and "Kirim lewat WhatsApp" actions have
# someone to reach: the reports give no numbers or addresses, and none of these belongs to the
# people they name. Numbers follow one obviously made-up pattern, 0811-000x-xxxx (stored as
# 62811000xxxx); Indonesia reserves no range for fiction, so do not send messages to them.
# Addresses are under example.org, reserved for examples (RFC 2606): mail to them goes nowhere.
DEMO_WHATSAPP_PREFIX = "62811000"
DEMO_EMAIL_DOMAIN = "example.org"
# The officials' addresses: name@<government>.example.org.
DEMO_MAIL_GOVERNMENTS = {"94.04": "mimika", "64.08": "kutaitimur", "64.11": "mahakamulu",
                         "62": "kalteng", "63.10": "tanahbumbu", "63": "kalsel"}


def demo_whatsapp(n: int) -> str:
    """The n-th fictitious demo number: 62811000 followed by n on four digits."""
    return f"{DEMO_WHATSAPP_PREFIX}{n:04d}"


def _local_part(text: str) -> str:
    return ".".join(re.findall(r"[a-z0-9]+", text.lower()))


def official_contacts() -> dict[tuple[str, str], dict[str, str]]:
    """{(government region code, name as written): fictitious whatsapp and email}: numbered in
    the order of GOVERNMENTS (0001, 0002, …), so the same official gets the same on every run."""
    contacts = {}
    for spec in GOVERNMENTS:
        for person in spec.officials:
            n = len(contacts) + 1
            contacts[(spec.region, person.as_written)] = {
                "whatsapp": demo_whatsapp(n),
                "email": f"{_local_part(split_titles(person.as_written).name)}"
                         f"@{DEMO_MAIL_GOVERNMENTS[spec.region]}.{DEMO_EMAIL_DOMAIN}",
            }
    return contacts


def account_contacts(index: int, username: str) -> dict[str, str]:
    """The fictitious whatsapp (0900 + its place in DEMO_USERS) and email of a demo account."""
    return {"whatsapp": demo_whatsapp(900 + index), "email": f"{username}@{DEMO_EMAIL_DOMAIN}"}


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    # (government region code, unit code) of the scope unit; None for the administrator.
    scope: tuple[str, str] | None = None


# SYNTHETIC plan and realization (sinergi.demo.synthetic): the reports give no budgets or
# targets, so the demo's figures are generated — deterministic, and marked synthetic in the
# audit trail. Only the governments the demo accounts work in get a plan (Mimika: coordinator,
# head, operator; Kutai Timur: viewer). The fiscal year is fixed so the demo is the same on
# every run: 2026 with TW I–III closed and reported and TW IV open (deadline 15 January 2027).
# Move it on by raising PLAN_YEAR (a government that has activities for a year is skipped).
PLAN_GOVERNMENTS = ("94.04", "64.08")
PLAN_YEAR = 2026
PLAN_QUARTERS = 4
PLAN_UNITS_PER_GOVERNMENT = 30  # reused report units + dinas/badan + up to 15 district offices
PLAN_ACTIVITIES_PER_UNIT = 12
PLAN_SEED = 1


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", Role.ADMINISTRATOR, "Administrator"),
    # A coordinator reaches the whole government of its scope unit: all of Mimika.
    DemoUser("koordinator", Role.COORDINATOR, "Koordinator", ("94.04", "SETDA")),
    DemoUser("kepala", Role.UNIT_HEAD, "Kepala Bagian", ("94.04", "TAPEM")),
    DemoUser("operator", Role.UNIT_OPERATOR, "Operator Distrik", ("94.04", "DISTRIK-01")),
    DemoUser("pemantau", Role.VIEWER, "Pemantau", ("64.08", "TAPEM")),
    # The Bagian Pemerintahan of Tanah Bumbu, secretariat of its TKKSD: the cooperation registry.
    DemoUser("kerjasama", Role.COORDINATOR, "Koordinator Kerja Sama", ("63.10", "PEM")),
)


@dataclass(frozen=True)
class CoordinationSpec:
    """A unit designated to coordinate other units of its government (regions.Coordination),
    once per purpose. Units the demo does not have (a Bappeda of a government without a plan)
    are skipped."""

    region: str  # the government's Kemendagri code
    unit: str  # the coordinating unit's code
    purposes: tuple[str, ...]
    covers: str


P = CoordinationPurpose
AREA_PURPOSES = (P.MONITORING, P.FOLLOW_UP, P.PROBLEMS)
PLAN_PURPOSES = (P.PLANNING, P.MONITORING)

COORDINATIONS: tuple[CoordinationSpec, ...] = (
    # The rakor distrik / kecamatan reports: the Bagian Tata Pemerintahan convenes the district
    # offices, follows their realization, problems and the meetings' follow-ups.
    CoordinationSpec("94.04", "TAPEM", AREA_PURPOSES, CoordinationCovers.DISTRICT_OFFICES),
    CoordinationSpec("64.08", "TAPEM", AREA_PURPOSES, CoordinationCovers.DISTRICT_OFFICES),
    # The Bappeda (BAPPERIDA in Kalimantan Tengah) coordinates the agencies' plans and their
    # realization (the synthetic plan adds a Bappeda to Mimika and Kutai Timur).
    CoordinationSpec("94.04", "BAPPEDA", PLAN_PURPOSES, CoordinationCovers.AGENCIES),
    CoordinationSpec("64.08", "BAPPEDA", PLAN_PURPOSES, CoordinationCovers.AGENCIES),
    CoordinationSpec("64.11", "BAPPEDA", PLAN_PURPOSES, CoordinationCovers.AGENCIES),
    CoordinationSpec("62", "BAPPERIDA", PLAN_PURPOSES, CoordinationCovers.AGENCIES),
    # Tanah Bumbu: the Bagian Pemerintahan, secretariat of the TKKSD, coordinates cooperation.
    CoordinationSpec("63.10", "PEM", (P.COOPERATION,), CoordinationCovers.ALL_UNITS),
)
