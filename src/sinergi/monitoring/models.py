"""Quarterly monitoring data (Permendagri 86/2017): the reporting periods a coordinator opens
and closes, each activity's cumulative realization per quarter with its workflow state, the
output realized per indicator, and the evidence files. The rules live in monitoring.rules,
the workflow in monitoring.services."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sinergi.core.deferral import DeferredCheck
from sinergi.core.models import StoredFileField, VersionedModel, original_name_field
from sinergi.core.scope import GOVERNMENT_MANAGERS, ScopeSpec
from sinergi.monitoring import rules
from sinergi.monitoring.choices import (
    EDITABLE_STATES,
    EVIDENCE_EXTENSIONS,
    EVIDENCE_MAX_BYTES,
    PeriodStatus,
    RealizationStatus,
)
from sinergi.planning.choices import QUARTER_CHOICES
from sinergi.planning.models import ACTIVITY_MANAGERS, Activity, Indicator, money_field
from sinergi.regions.models import Government


class ReportingPeriod(VersionedModel):
    """A quarter (TW I–IV) of a fiscal year in which a government's units report. The
    coordinator opens it (units may then submit) and closes it (no more submissions)."""

    government = models.ForeignKey(
        Government, verbose_name=_("government"), on_delete=models.PROTECT,
        related_name="reporting_periods",
    )
    year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=QUARTER_CHOICES)
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"),
                                help_text=_("Submissions after this day are counted as late."))
    status = models.CharField(_("status"), max_length=10, choices=PeriodStatus.choices,
                              default=PeriodStatus.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    scope_spec = ScopeSpec(government="government_id", managers=GOVERNMENT_MANAGERS)

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-year", "-quarter", "government_id"]
        constraints = [
            models.UniqueConstraint(fields=["government", "year", "quarter"],
                                    name="reporting_period_unique"),
        ]

    def __str__(self) -> str:
        return f"{rules.quarter_label(self.quarter)} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:summary") + (
            f"?government={self.government_id}&year={self.year}&quarter={self.quarter}")

    @property
    def is_open(self) -> bool:
        return self.status == PeriodStatus.OPEN

    def clean(self) -> None:
        if self.opens_on and self.deadline and self.deadline < self.opens_on:
            raise ValidationError({"deadline": _("The deadline is before the opening day.")})


# While a bulk write checks the cumulative rule for a whole set at once (monitoring.services),
# the per-row check against the stored quarters is skipped.
deferred_cumulative_check = DeferredCheck("monitoring_cumulative_check")


REALIZATION_SCOPE = ScopeSpec(
    government="activity__government_id", unit_path="activity__unit__path",
    managers=ACTIVITY_MANAGERS, purposes=frozenset({"monitoring"}),
)


class Realization(VersionedModel):
    """What an activity achieved by the end of a quarter, cumulative from the start of the
    year: physical progress (%) and money spent (Rp), with the problems met (kendala).

    Written only through monitoring.services (the workflow: draft → submitted → verified, or
    returned with a reason)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE,
        related_name="realizations",
        db_index=False,  # realization_unique (activity, quarter) serves the lookups by activity
    )
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=QUARTER_CHOICES)
    physical = models.DecimalField(
        _("cumulative physical progress (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    financial = money_field(_("cumulative financial realization (Rp)"))
    over_budget_confirmed = models.BooleanField(
        _("above the budget, confirmed"), default=False,
        help_text=_("Confirms that a financial realization above the budget is correct."),
    )
    problems = models.TextField(_("problems met (kendala)"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RealizationStatus.choices,
                              default=RealizationStatus.DRAFT)
    return_reason = models.TextField(_("reason for return"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        db_index=False,  # realization_submitted_by_idx: the rows that have one
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_late = models.BooleanField(_("submitted late"), default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verified by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        db_index=False,  # realization_verified_by_idx: the rows that have one
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    scope_spec = REALIZATION_SCOPE

    class Meta:
        verbose_name = _("realization")
        verbose_name_plural = _("realizations")
        ordering = ["activity_id", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "quarter"], name="realization_unique"),
        ]
        indexes = [
            models.Index(fields=["quarter", "status"], name="realization_quarter_idx"),
            # Drafts (most rows, written in bulk by the imports) have neither: these indexes
            # hold the others only, which are all that a lookup by user (deleting one) needs.
            models.Index(fields=["submitted_by"], name="realization_submitted_by_idx",
                         condition=models.Q(submitted_by__isnull=False)),
            models.Index(fields=["verified_by"], name="realization_verified_by_idx",
                         condition=models.Q(verified_by__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{rules.quarter_label(self.quarter)}: {self.activity}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:activity_history", args=[self.activity_id])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATES

    def clean(self) -> None:
        if not self.activity_id or self.quarter is None:
            return
        errors: dict[str, list[str]] = {}
        problem = rules.over_budget_problem(self.financial, self.activity.budget,
                                            self.over_budget_confirmed)
        if problem:
            errors.setdefault("financial", []).append(problem)
        if not deferred_cumulative_check.active:
            values = {
                r.quarter: (r.physical, r.financial)
                for r in Realization.objects.filter(activity_id=self.activity_id).exclude(pk=self.pk)
            }
            values[self.quarter] = (self.physical, self.financial)
            for p in rules.cumulative_problems(values):
                if p.quarter == self.quarter:
                    errors.setdefault(p.field, []).append(p.message)
                else:
                    errors.setdefault(p.field, []).append(
                        f"{rules.quarter_label(p.quarter)}: {p.message}")
        if errors:
            raise ValidationError(errors)


class RealizationPart(models.Model):
    scope_spec = ScopeSpec(
        government="realization__activity__government_id",
        unit_path="realization__activity__unit__path", managers=ACTIVITY_MANAGERS,
        purposes=frozenset({"monitoring"}),
    )

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse("monitoring:activity_history", args=[self.realization.activity_id])


class RealizationOutput(RealizationPart, VersionedModel):
    """The output realized for one indicator of the activity, cumulative to the quarter's end,
    in the indicator's own unit of measure (e.g. 3 dokumen of an annual target of 4)."""

    realization = models.ForeignKey(
        Realization, verbose_name=_("realization"), on_delete=models.CASCADE,
        related_name="outputs",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="outputs")
    value = models.DecimalField(
        _("output realized"), max_digits=18, decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        verbose_name = _("output realized")
        verbose_name_plural = _("outputs realized")
        ordering = ["realization_id", "indicator_id"]
        constraints = [
            models.UniqueConstraint(fields=["realization", "indicator"],
                                    name="realization_output_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"

    def clean(self) -> None:
        if (self.realization_id and self.indicator_id
                and self.indicator.activity_id != self.realization.activity_id):
            raise ValidationError({"indicator": _("The indicator belongs to another activity.")})


class EvidenceFileField(StoredFileField):
    """Evidence files (the name the migrations use)."""


def validate_evidence_size(file) -> None:
    limit = getattr(settings, "SINERGI_MAX_EVIDENCE_BYTES", EVIDENCE_MAX_BYTES)
    if file is not None and file.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s MB.") % {"limit": round(limit / 1024 / 1024, 1)},
            code="file_too_large",
        )


class Evidence(RealizationPart):
    """A document that supports a realization (photo, report, spreadsheet)."""

    realization = models.ForeignKey(
        Realization, verbose_name=_("realization"), on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = EvidenceFileField(
        _("file"), upload_to="monitoring/evidence/%Y/%m/",
        validators=[FileExtensionValidator(list(EVIDENCE_EXTENSIONS)), validate_evidence_size],
        help_text=_("PDF, JPG, PNG, XLSX or DOCX."),
        original_name_field="file_name",
    )
    file_name = original_name_field()
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["realization_id", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.description or self.file_name or self.file.name.rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------- stored rollups
#
# A province or the nation is the sum of its governments' rollups (achievement.Rollup is a set of
# sums). Computing the nation live joins every activity with its realization and two targets
# (millions of rows); instead each government's sums per (year, quarter) are kept here and the
# nation adds 552 rows. monitoring.rollup_store keeps them true: every write to an activity, a
# quarter target or a realization raises its government's stamp in the same transaction, and a
# stored row counts only while its stamp is the government's current one.


class RollupStamp(models.Model):
    """How many times the monitoring data of a government changed (raised by every write)."""

    government = models.OneToOneField(Government, on_delete=models.CASCADE, primary_key=True,
                                      related_name="+")
    stamp = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("rollup stamp")
        verbose_name_plural = _("rollup stamps")

    def __str__(self) -> str:
        return f"{self.government_id}: {self.stamp}"


class GovernmentRollup(models.Model):
    """A government's rollup sums and completeness counts for a quarter (monitoring.rollups
    ROLLUP_AGGREGATES + COMPLETENESS_AGGREGATES), valid while `stamp` is the government's."""

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    stamp = models.BigIntegerField()
    count = models.IntegerField()
    reported = models.IntegerField()
    on_time = models.IntegerField()
    late = models.IntegerField()
    budget = models.DecimalField(max_digits=40, decimal_places=10)
    physical_sum = models.DecimalField(max_digits=40, decimal_places=10)
    achievement_weight = models.DecimalField(max_digits=40, decimal_places=10)
    achievement_sum = models.DecimalField(max_digits=40, decimal_places=10)
    plan_weight = models.DecimalField(max_digits=40, decimal_places=10)
    plan_sum = models.DecimalField(max_digits=40, decimal_places=10)
    plan_realization_sum = models.DecimalField(max_digits=40, decimal_places=10)
    financial = models.DecimalField(max_digits=40, decimal_places=10)
    financial_target = models.DecimalField(max_digits=40, decimal_places=10)

    class Meta:
        verbose_name = _("stored government rollup")
        verbose_name_plural = _("stored government rollups")
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter", "government"],
                                    name="government_rollup_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.government_id} {self.year} TW{self.quarter} @{self.stamp}"


class MonitoringSettings(VersionedModel):
    """A government's own monitoring settings: the year-end achievement its coordinator aims
    at (the forecast's goal, reports.forecast). Without a row the default (90 %) applies."""

    government = models.OneToOneField(
        Government, verbose_name=_("government"), on_delete=models.CASCADE,
        related_name="monitoring_settings",
    )
    year_end_goal = models.DecimalField(
        _("year-end goal (%)"), max_digits=4, decimal_places=1, default=Decimal("90"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("100"))],
        help_text=_("The achievement the government aims at by the year's end."),
    )

    scope_spec = ScopeSpec(government="government_id", managers=GOVERNMENT_MANAGERS)

    class Meta:
        verbose_name = _("monitoring settings")
        verbose_name_plural = _("monitoring settings")

    def __str__(self) -> str:
        return f"{self.government_id}: {self.year_end_goal}"
