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
