"""Where an imported meeting came from: the report's text (as read), its digest (a report is
imported once per government), the publication date and the file name. Django side of the
extraction library."""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.core.scope import ScopeSpec
from sinergi.meetings.models import MEETING_MANAGERS, Meeting
from sinergi.regions.models import Government


def digest(text: str) -> str:
    """The same report, re-typed spacing or case aside, gives the same digest."""
    normalized = re.sub(r"\s+", " ", text).strip().casefold()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


class ReportSource(models.Model):
    meeting = models.OneToOneField(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                   related_name="report_source")
    # The meeting's government, kept here so that one report is imported once per government.
    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="+",
                                   editable=False)
    digest = models.CharField(max_length=64, editable=False)
    text = models.TextField(_("report text"))
    published = models.DateField(_("published"), null=True, blank=True)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    # The report's own headline: the source's title (the meeting gets a title of its own).
    headline = models.CharField(_("headline"), max_length=500, blank=True)
    # A record read from a report is a draft until a reviewer confirms it (then a past meeting
    # is closed, and corrected only through amendments with a reason).
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    # Every correction teaches: what the extractor read and what the reviewer confirmed, both in
    # the development set's shape (`sinergi export_review_cases` writes them as annotated cases).
    extracted = models.JSONField(_("as read"), null=True, blank=True, editable=False)
    confirmed = models.JSONField(_("as confirmed"), null=True, blank=True, editable=False)

    scope_spec = ScopeSpec(government="government_id", unit_path="meeting__organizer__path",
                           managers=MEETING_MANAGERS, view_government=True)

    class Meta:
        verbose_name = _("report source")
        verbose_name_plural = _("report sources")
        constraints = [models.UniqueConstraint(fields=["government", "digest"],
                                               name="report_source_once_per_government")]

    def __str__(self) -> str:
        return self.file_name or f"{self.meeting_id}"

    def save(self, *args, **kwargs) -> None:
        self.digest = digest(self.text)
        self.government_id = self.meeting.government_id
        super().save(*args, **kwargs)
