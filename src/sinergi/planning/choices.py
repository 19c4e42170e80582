"""Enumerations of the planning app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NomenclatureLevel(models.TextChoices):
    URUSAN = "urusan", _("Government affair (urusan)")
    BIDANG = "bidang", _("Field of affairs (bidang urusan)")
    PROGRAM = "program", _("Programme")
    KEGIATAN = "kegiatan", _("Activity (kegiatan)")
    SUB_KEGIATAN = "sub_kegiatan", _("Sub-activity (sub kegiatan)")


class FrameworkKind(models.TextChoices):
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")


class FundingSource(models.TextChoices):
    APBD = "apbd", _("APBD (regional budget)")
    APBN = "apbn", _("APBN (state budget)")
    DAK = "dak", _("DAK (special allocation fund)")
    DBH = "dbh", _("DBH (revenue sharing fund)")
    HIBAH = "hibah", _("Grant (hibah)")
    CSR = "csr", _("CSR")
    OTHER = "other", _("Other")


QUARTERS = (1, 2, 3, 4)
QUARTER_CHOICES = [(1, _("Quarter I")), (2, _("Quarter II")), (3, _("Quarter III")),
                   (4, _("Quarter IV"))]


class PlanStatus(models.TextChoices):
    """Where a government's annual plan (Renja → DPA) stands."""

    DRAFT = "draft", _("Draft (being prepared)")
    ADOPTED = "adopted", _("Adopted (locked)")
    REVISING = "revising", _("Under revision")


class RevisionKind(models.TextChoices):
    """How an adopted plan is revised: the original adoption (DPA), the APBD Perubahan (DPPA),
    or a shift of budget between activities (pergeseran) within the year."""

    DPA = "dpa", _("Adoption (DPA)")
    PERUBAHAN = "perubahan", _("APBD Perubahan (DPPA)")
    PERGESERAN = "pergeseran", _("Budget shift (pergeseran)")


class RevisionStatus(models.TextChoices):
    """Where one version of a plan stands: open (started, being changed), adopted, or cancelled
    (closed without adoption: the plan went back to the version before it)."""

    OPEN = "open", _("open")
    ADOPTED = "adopted", _("adopted")
    CANCELLED = "cancelled", _("cancelled")
