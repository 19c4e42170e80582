from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency/City")
    DISTRICT = "district", _("District")
    VILLAGE = "village", _("Village")


class UnitKind(models.TextChoices):
    AGENCY = "agency", _("Agency (OPD/SKPD)")
    SECRETARIAT = "secretariat", _("Secretariat")
    SECTION = "section", _("Section (Bagian)")
    DISTRICT_OFFICE = "district_office", _("District office (Kecamatan/Distrik)")
    WORKING_GROUP = "working_group", _("Working group (Pokja/Tim)")
    EXTERNAL_PARTNER = "external_partner", _("External partner")


class Capacity(models.TextChoices):
    DEFINITIVE = "definitive", _("Definitive")
    PJ = "pj", _("Penjabat (Pj)")
    PJS = "pjs", _("Penjabat Sementara (Pjs)")
    PLT = "plt", _("Pelaksana Tugas (Plt)")
    PLH = "plh", _("Pelaksana Harian (Plh)")


# How each capacity prefixes a position title: "Pj. Bupati Mimika".
CAPACITY_PREFIX = {
    Capacity.DEFINITIVE: "",
    Capacity.PJ: "Pj.",
    Capacity.PJS: "Pjs.",
    Capacity.PLT: "Plt.",
    Capacity.PLH: "Plh.",
}


class PositionGrade(models.TextChoices):
    REGIONAL_HEAD = "regional_head", _("Head of region")
    DEPUTY_HEAD = "deputy_head", _("Deputy head of region")
    JPT_MADYA = "jpt_madya", _("JPT Madya")
    JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
    ADMINISTRATOR = "administrator", _("Administrator")
    SUPERVISOR = "supervisor", _("Supervisor (Pengawas)")
    FUNCTIONAL = "functional", _("Functional")
    OTHER = "other", _("Other")


class CoordinationPurpose(models.TextChoices):
    """What a unit coordinates other units for (the rows it then sees: core.scope purposes)."""

    MONITORING = "monitoring", _("Monitoring (realization)")
    PLANNING = "planning", _("Planning (activities and plan)")
    FOLLOW_UP = "follow_up", _("Follow-up actions of meetings")
    PROBLEMS = "problems", _("Problems")
    COOPERATION = "cooperation", _("Regional cooperation")


class CoordinationCovers(models.TextChoices):
    """Which units a designation covers: resolved whenever a user's scope is built, so a new
    district office is covered from the day it is recorded."""

    DISTRICT_OFFICES = "district_offices", _("All district offices (kecamatan/distrik)")
    AGENCIES = "agencies", _("All agencies (OPD: dinas/badan)")
    ALL_UNITS = "all_units", _("All units of the government")
    CHOSEN = "chosen", _("The chosen units")


# The unit kind each `covers` stands for (ALL_UNITS and CHOSEN: none).
COVERED_KIND = {
    CoordinationCovers.DISTRICT_OFFICES: UnitKind.DISTRICT_OFFICE,
    CoordinationCovers.AGENCIES: UnitKind.AGENCY,
}


# Golongan/ruang of a civil servant (PNS) and the pangkat it carries (PP 99/2000).
PANGKAT = {
    "I/a": "Juru Muda", "I/b": "Juru Muda Tingkat I", "I/c": "Juru", "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda", "II/b": "Pengatur Muda Tingkat I", "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda", "III/b": "Penata Muda Tingkat I", "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina", "IV/b": "Pembina Tingkat I", "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya", "IV/e": "Pembina Utama",
}
GOLONGAN_CHOICES = [(g, f"{p} ({g})") for g, p in PANGKAT.items()]
