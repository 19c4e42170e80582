"""Enumerations of the monitoring app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class RealizationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    VERIFIED = "verified", _("Verified")
    RETURNED = "returned", _("Returned")


# A realization in these states counts as reported (completeness, rollups).
REPORTED_STATES = (RealizationStatus.SUBMITTED, RealizationStatus.VERIFIED)
# A realization in these states can still be edited by the unit.
EDITABLE_STATES = (RealizationStatus.DRAFT, RealizationStatus.RETURNED)

EVIDENCE_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "xlsx", "docx")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
