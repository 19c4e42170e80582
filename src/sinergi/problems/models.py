"""The register of problems (kendala, permasalahan) raised by units or in meetings: what, where,
how severe, where it stands, and every step of its resolution. A problem may be linked to the
meetings that discussed it and the follow-up actions that address it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import TimeStampedModel, VersionedModel
from sinergi.core.scope import ScopeSpec
from sinergi.meetings.models import MEETING_MANAGERS, FollowUp, Meeting
from sinergi.problems.choices import ProblemCategory, ProblemStatus, Severity
from sinergi.regions.models import Government, Region, Unit


class Problem(VersionedModel):
    government = models.ForeignKey(
        Government, verbose_name=_("government"), on_delete=models.PROTECT, related_name="problems"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("raised by unit"), on_delete=models.PROTECT, related_name="problems"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where the problem is (a kecamatan, a village)."),
    )
    category = models.CharField(_("category"), max_length=20, choices=ProblemCategory.choices)
    title = models.CharField(_("problem"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    raised_on = models.DateField(_("raised on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    meetings = models.ManyToManyField(
        Meeting, verbose_name=_("discussed in"), blank=True, related_name="problems"
    )
    follow_ups = models.ManyToManyField(
        FollowUp, verbose_name=_("follow-up actions"), blank=True, related_name="problems"
    )

    scope_spec = ScopeSpec(
        government="government_id", unit_path="unit__path", managers=MEETING_MANAGERS, view_government=True,
        purposes=frozenset({"problems"}),
    )

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["-raised_on", "-id"]
        indexes = [models.Index(fields=["government", "status"], name="problem_gov_status_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("problems:problem_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.unit_id and self.government_id and self.unit.government_id != self.government_id:
            errors["unit"] = _("The unit belongs to another government.")
        if self.region_id and self.government_id:
            home = self.government.region_id
            if self.region_id != home and not self.region_id.startswith(home + "."):
                errors["region"] = _("The region is outside the government's territory.")
        if self.resolved_on and self.raised_on and self.resolved_on < self.raised_on:
            errors["resolved_on"] = _("The problem is resolved before it was raised.")
        if errors:
            raise ValidationError(errors)


class ProblemUpdate(TimeStampedModel):
    """One step of the resolution history: what was done, and the status it leaves."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("what was done"))
    status = models.CharField(_("status after"), max_length=12, choices=ProblemStatus.choices)

    scope_spec = ScopeSpec(
        government="problem__government_id",
        unit_path="problem__unit__path",
        managers=MEETING_MANAGERS,
        view_government=True,
        purposes=frozenset({"problems"}),
    )

    class Meta:
        verbose_name = _("problem update")
        verbose_name_plural = _("problem updates")
        ordering = ["problem_id", "created_at", "id"]

    def __str__(self) -> str:
        return self.note[:80]

    def get_absolute_url(self) -> str:
        return reverse("problems:problem_detail", args=[self.problem_id])
