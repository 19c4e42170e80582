"""Planning data: the nomenclature catalogue, priority frameworks (Asta Cita, RPJMD) and the
activities (sub kegiatan) of a unit's plan with their indicators, quarterly targets and
milestones. The rules these models enforce live in planning.rules."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Coalesce, Concat, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sinergi.core.deferral import DeferredCheck
from sinergi.core.models import VersionedModel
from sinergi.core.paths import is_in_subtree
from sinergi.core.roles import Role
from sinergi.core.scope import GOVERNMENT_MANAGERS, ScopeSpec
from sinergi.planning import rules
from sinergi.planning.choices import (
    QUARTER_CHOICES,
    FrameworkKind,
    FundingSource,
    NomenclatureLevel,
    PlanStatus,
    RevisionKind,
    RevisionStatus,
)
from sinergi.regions.models import Government, Region, Unit

# Unit roles plan their own unit's activities; coordinators the whole government's.
ACTIVITY_MANAGERS = frozenset(
    {Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.UNIT_OPERATOR}
)
MAX_AMOUNT_DIGITS = 18  # up to Rp 9.999.999.999.999.999 (quadrillions), 2 decimals


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    field = models.DecimalField(
        verbose_name, max_digits=MAX_AMOUNT_DIGITS, decimal_places=2,
        validators=[MinValueValidator(Decimal(0))], **kwargs,
    )
    field.rupiah = True  # forms built from the model alone take it as Rupiah (core.forms)
    return field


class NomenclatureItem(VersionedModel):
    """One node of the planning nomenclature (Permendagri 90/2019 and its updates): urusan,
    bidang urusan, program, kegiatan or sub kegiatan. `code` is the dotted code, a
    materialized path: `NomenclatureItem.objects.filter(code__subtree="1.01.01")` is a program
    with its kegiatan and sub kegiatan. Reference data a government imports (importers)."""

    code = models.CharField(_("code"), max_length=20, primary_key=True)
    level = models.CharField(_("level"), max_length=12, choices=NomenclatureLevel.choices)
    name = models.CharField(_("name"), max_length=500)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )

    scope_spec = ScopeSpec(government=None, public=True)

    class Meta:
        verbose_name = _("nomenclature item")
        verbose_name_plural = _("nomenclature")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["code"], name="nomenclature_code_prefix_idx",
                         opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["level", "code"], name="nomenclature_level_code_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("planning:nomenclature_detail", args=[self.code])

    def clean(self) -> None:
        try:
            parsed = rules.parse_code(self.code)
        except ValueError as exc:
            raise ValidationError({"code": str(exc)}) from None
        errors = {}
        if self.level and self.level != parsed.level:
            errors["level"] = _("A code of this form is a %(level)s.") % {
                "level": NomenclatureLevel(parsed.level).label
            }
        if (self.parent_id or None) != parsed.parent:
            errors["parent"] = _("The parent of %(code)s is %(parent)s.") % {
                "code": self.code, "parent": parsed.parent or "–"
            }
        if errors:
            raise ValidationError(errors)


class PriorityFramework(VersionedModel):
    """A set of priorities activities can be tagged with: the national agenda (Asta Cita,
    RPJMN 2025–2029; no government) or a government's RPJMD missions. Published plans, so every
    signed-in user may read them; a government's coordinator edits its own, administrators the
    national ones."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=FrameworkKind.choices)
    government = models.ForeignKey(
        Government, verbose_name=_("government"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="priority_frameworks",
        help_text=_("Empty for a national framework."),
    )
    start_year = models.PositiveSmallIntegerField(
        _("from year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    end_year = models.PositiveSmallIntegerField(
        _("until year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    description = models.TextField(_("description"), blank=True)

    scope_spec = ScopeSpec(government="government_id", managers=GOVERNMENT_MANAGERS, public=True)

    class Meta:
        verbose_name = _("priority framework")
        verbose_name_plural = _("priority frameworks")
        ordering = ["kind", "-start_year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "start_year"], condition=models.Q(
                government__isnull=True), name="framework_national_unique"),
            models.UniqueConstraint(fields=["government", "name", "start_year"],
                                    name="framework_regional_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.start_year}–{self.end_year}"

    def get_absolute_url(self) -> str:
        return reverse("planning:framework_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.kind == FrameworkKind.NATIONAL and self.government_id is not None:
            errors["government"] = _("A national framework belongs to no government.")
        if self.kind == FrameworkKind.REGIONAL and self.government_id is None:
            errors["government"] = _("A regional framework belongs to a government.")
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("The last year is before the first year.")
        if errors:
            raise ValidationError(errors)


class Priority(VersionedModel):
    """One mission or priority of a framework, e.g. Asta Cita 4."""

    framework = models.ForeignKey(
        PriorityFramework, verbose_name=_("framework"), on_delete=models.CASCADE,
        related_name="priorities",
    )
    number = models.CharField(_("number"), max_length=20, help_text=_("E.g. 4 or M2.1."))
    title = models.TextField(pgettext_lazy("priority", "wording"))
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    serves = models.ManyToManyField(
        "self", verbose_name=_("serves national missions"), symmetrical=False, blank=True,
        related_name="served_by", limit_choices_to={"framework__kind": FrameworkKind.NATIONAL},
        help_text=_("For a regional (RPJMD) priority: the national missions (Asta Cita) it serves."),
    )

    scope_spec = ScopeSpec(
        government="framework__government_id", managers=GOVERNMENT_MANAGERS, public=True
    )

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["framework_id", "order", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="priority_number_unique"),
        ]

    def __str__(self) -> str:
        title = self.title if len(self.title) <= 80 else self.title[:77] + "…"
        return f"{self.framework.name} {self.number}: {title}"

    def get_absolute_url(self) -> str:
        return reverse("planning:framework_detail", args=[self.framework_id])

    @property
    def is_regional(self) -> bool:
        return self.framework.kind == FrameworkKind.REGIONAL


def check_serves(regional: Priority, served_ids) -> None:
    """The rule of `Priority.serves` (rules.serves_problems) against the stored rows: raises a
    ValidationError on the `serves` field. Called by the forms and the API for their messages,
    and by the m2m_changed receiver below for every other writer."""
    kinds = dict(Priority.objects.filter(pk__in=list(served_ids)).values_list("pk", "framework__kind"))
    problem = rules.serves_problem(regional.framework.kind, list(kinds.values()))
    if problem:
        raise ValidationError({"serves": problem})


def _serves_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """No write of the serves link bypasses the rule: pre_add from either side."""
    if action != "pre_add" or not pk_set:
        return
    if not reverse:
        check_serves(instance, pk_set)
        return
    for regional in Priority.objects.filter(pk__in=pk_set).select_related("framework"):
        check_serves(regional, [instance.pk])


models.signals.m2m_changed.connect(_serves_changed, sender=Priority.serves.through,
                                   dispatch_uid="planning_priority_serves")


class Activity(VersionedModel):
    """A sub kegiatan in a unit's plan (Renja/DPA) for one fiscal year, with its budget (pagu).

    `government` is always the unit's (kept by clean(); services scope on it)."""

    government = models.ForeignKey(
        Government, verbose_name=_("government"), on_delete=models.PROTECT,
        related_name="activities", editable=False,
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="activities"
    )
    year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    nomenclature = models.ForeignKey(
        NomenclatureItem, verbose_name=_("sub kegiatan"), on_delete=models.PROTECT,
        related_name="activities", limit_choices_to={"level": NomenclatureLevel.SUB_KEGIATAN},
    )
    name = models.CharField(
        _("name"), max_length=500, blank=True,
        help_text=_("Empty: the name of the sub kegiatan."),
    )
    location = models.ForeignKey(
        Region, verbose_name=_("location"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="activities", help_text=_("Optional; inside the government's region."),
    )
    budget = money_field(_("budget (pagu)"), default=Decimal(0))
    funding_source = models.CharField(
        _("funding source"), max_length=10, choices=FundingSource.choices,
        default=FundingSource.APBD,
    )
    priorities = models.ManyToManyField(
        Priority, verbose_name=_("priorities"), blank=True, related_name="activities"
    )

    # A unit coordinating others for planning or monitoring reads their activities (the
    # realization page shows the activity).
    scope_spec = ScopeSpec(
        government="government_id", unit_path="unit__path", managers=ACTIVITY_MANAGERS,
        purposes=frozenset({"planning", "monitoring"}),
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-year", "nomenclature_id", "id"]
        indexes = [
            models.Index(fields=["government", "year"], name="activity_government_year_idx"),
            models.Index(fields=["unit", "year"], name="activity_unit_year_idx"),
        ]

    def __str__(self) -> str:
        return self.label(self.year, self.nomenclature_id, self.display_name)

    @staticmethod
    def label(year: int, nomenclature_id: str | None, display_name: str) -> str:
        """What str() says of an activity, from its values (writes without model instances)."""
        return f"{year} {nomenclature_id} {display_name}"

    @staticmethod
    def label_expression(prefix: str = "") -> Concat:
        """label() as an SQL expression over the activity reached by `prefix` (for instance
        "activity__" from a realization): for the audit events the database writes itself."""
        return Concat(
            Cast(f"{prefix}year", models.CharField()), Value(" "),
            Coalesce(f"{prefix}nomenclature_id", Value("None")), Value(" "),
            Coalesce(NullIf(f"{prefix}name", Value("")), f"{prefix}nomenclature__name", Value("")),
            output_field=models.CharField())

    def get_absolute_url(self) -> str:
        return reverse("planning:activity_detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        return self.nomenclature.name if self.nomenclature_id else ""

    def sync_government(self) -> Activity:
        """Set the government from the unit. Every write path calls it before the scope check
        (core.services checks the government the row will have)."""
        if self.unit_id:
            self.government_id = self.unit.government_id
        return self

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.unit_id and self.government_id and self.unit.government_id != self.government_id:
            errors["unit"] = _("The unit belongs to another government.")
        if self.nomenclature_id and self.nomenclature.level != NomenclatureLevel.SUB_KEGIATAN:
            errors["nomenclature"] = _("Choose a sub kegiatan (a code such as %(example)s).") % {
                "example": rules.EXAMPLE_CODE
            }
        if self.unit_id and self.nomenclature_id and "nomenclature" not in errors:
            problem = rules.affair_problem(self.nomenclature_id, affairs_of(self.unit))
            if problem:
                errors["nomenclature"] = problem
        if self.location_id and self.government_id:
            # self.government is the cached row when the caller set it (bulk imports share one).
            government_region = self.government.region_id
            if not is_in_subtree(self.location_id, government_region):
                errors["location"] = _("The location lies outside the government's region.")
        if self.pk and self.budget is not None:
            highest = self.quarter_targets.aggregate(m=models.Max("financial"))["m"]
            if highest is not None and highest > self.budget:
                errors["budget"] = _(
                    "The budget cannot be below the cumulative financial targets (up to %(value)s)."
                ) % {"value": rules._money(highest)}
        if errors:
            raise ValidationError(errors)


class ActivityPart(VersionedModel):
    """Something that belongs to one activity and is written by whoever may write it."""

    scope_spec = ScopeSpec(
        government="activity__government_id", unit_path="activity__unit__path",
        managers=ACTIVITY_MANAGERS, purposes=frozenset({"planning", "monitoring"}),
    )

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse("planning:activity_detail", args=[self.activity_id])


class Indicator(ActivityPart):
    """An output indicator (kinerja) of an activity with its annual target."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("indicator"), max_length=300)
    measure_unit = models.CharField(_("unit of measure"), max_length=50,
                                    help_text=_("E.g. dokumen, orang, km, %."))
    annual_target = models.DecimalField(
        _("annual target"), max_digits=18, decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["activity_id", "id"]

    def __str__(self) -> str:
        return self.name

    def is_overdue(self, today) -> bool:
        """rules.milestone_overdue; `today`: the day in the government's time zone
        (Government.today)."""
        return rules.milestone_overdue(self.planned_date, self.achieved_date, today)

    @staticmethod
    def overdue_q(today, prefix: str = "") -> models.Q:
        """rules.milestone_overdue as a filter on the milestones (reached by `prefix`)."""
        return models.Q(**{f"{prefix}achieved_date__isnull": True, f"{prefix}planned_date__lt": today})


# While a bulk write of an activity's targets runs, the cross-quarter rule is checked once for
# the whole set at its end (planning.services.set_quarter_targets), not per row.
deferred_cumulative_check = DeferredCheck("planning_cumulative_check")


class QuarterTarget(ActivityPart):
    """The cumulative targets at the end of a quarter (TW I–IV): physical progress in % and
    spending in Rp. Cumulative values never decrease from one quarter to the next."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE,
        related_name="quarter_targets",
    )
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=QUARTER_CHOICES)
    physical = models.DecimalField(
        _("cumulative physical target (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    financial = money_field(_("cumulative financial target (Rp)"))

    class Meta:
        verbose_name = _("quarterly target")
        verbose_name_plural = _("quarterly targets")
        ordering = ["activity_id", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "quarter"], name="quarter_target_unique"),
        ]

    def __str__(self) -> str:
        return rules.quarter_label(self.quarter)

    def clean(self) -> None:
        if not self.activity_id or self.quarter is None:
            return
        targets = {} if deferred_cumulative_check.active else {
            t.quarter: (t.physical, t.financial)
            for t in QuarterTarget.objects.filter(activity_id=self.activity_id).exclude(pk=self.pk)
        }
        targets[self.quarter] = (self.physical, self.financial)
        problems = rules.cumulative_problems(targets, self.activity.budget)
        errors: dict[str, list[str]] = {}
        for problem in problems:
            if problem.quarter == self.quarter:
                errors.setdefault(problem.field, []).append(problem.message)
            else:  # an existing quarter now out of order because of this one
                errors.setdefault(problem.field, []).append(
                    f"{rules.quarter_label(problem.quarter)}: {problem.message}")
        if errors:
            raise ValidationError(errors)


class Milestone(ActivityPart):
    """A step of the activity's schedule, e.g. SSK M1–M4, with its planned and achieved date."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="milestones"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("milestone"), max_length=200)
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    achieved_date = models.DateField(_("achieved on"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True,
                                help_text=_("What shows the milestone was reached."))

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["activity_id", "order", "id"]

    def __str__(self) -> str:
        return self.name

    def is_overdue(self, today) -> bool:
        """rules.milestone_overdue; `today`: the day in the government's time zone
        (Government.today)."""
        return rules.milestone_overdue(self.planned_date, self.achieved_date, today)

    @staticmethod
    def overdue_q(today, prefix: str = "") -> models.Q:
        """rules.milestone_overdue as a filter on the milestones (reached by `prefix`)."""
        return models.Q(**{f"{prefix}achieved_date__isnull": True, f"{prefix}planned_date__lt": today})


# ---------------------------------------------------------------------------- plan lifecycle


class AnnualPlan(VersionedModel):
    """A government's plan for a fiscal year as a whole: a draft while units prepare their
    activities, then adopted (DPA: locked), then revised only through numbered revisions
    (planning.lifecycle). Without a row the year's plan is a draft."""

    government = models.ForeignKey(Government, verbose_name=_("government"), on_delete=models.PROTECT,
                                   related_name="annual_plans")
    year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT)

    scope_spec = ScopeSpec(government="government_id", managers=GOVERNMENT_MANAGERS,
                           purposes=frozenset({"planning"}))

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["government_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["government", "year"], name="annual_plan_unique")]

    def __str__(self) -> str:
        return f"{self.government} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("planning:plan_detail", args=[self.government_id, self.year])


class PlanRevision(models.Model):
    """One version of an annual plan: number 0 is the adoption (DPA), 1, 2, ... the revisions.
    `effective_quarter`: the first quarter whose achievement is measured against it (earlier
    quarters keep the version in force then). `snapshot`: the plan as adopted (per activity:
    unit, sub kegiatan, name, pagu, quarterly targets, indicators), set when it is adopted;
    None while the revision is open."""

    plan = models.ForeignKey(AnnualPlan, verbose_name=_("annual plan"), on_delete=models.CASCADE,
                             related_name="revisions")
    number = models.PositiveSmallIntegerField(_("revision number"))
    kind = models.CharField(_("kind"), max_length=12, choices=RevisionKind.choices)
    effective_quarter = models.PositiveSmallIntegerField(_("in force from"), choices=QUARTER_CHOICES,
                                                         default=1)
    reference = models.CharField(_("legal basis"), max_length=200, blank=True, help_text=_(
        "E.g. Perda/Perkada or DPA number."))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("adopted by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cancelled by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    scope_spec = ScopeSpec(government="plan__government_id", managers=GOVERNMENT_MANAGERS,
                           purposes=frozenset({"planning"}))

    class Meta:
        verbose_name = _("plan revision")
        verbose_name_plural = _("plan revisions")
        ordering = ["plan_id", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_revision_unique")]

    def __str__(self) -> str:
        if self.number == 0:
            return str(_("DPA"))
        return _("Revision %(number)s (%(kind)s)") % {"number": self.number,
                                                      "kind": self.get_kind_display()}

    @property
    def status(self) -> str:
        """RevisionStatus: cancelled, adopted (it has its snapshot) or open."""
        if self.cancelled_at is not None:
            return RevisionStatus.CANCELLED
        return RevisionStatus.ADOPTED if self.snapshot is not None else RevisionStatus.OPEN

    def get_status_display(self) -> str:
        return RevisionStatus(self.status).label

    @staticmethod
    def open_q() -> models.Q:
        """The revisions that are open (started, neither adopted nor cancelled)."""
        return models.Q(snapshot__isnull=True, cancelled_at__isnull=True)


class ActivityInForce(models.Model):
    """The figures of an activity in force for one quarter, written when a version of the plan
    is adopted: the quarters from its `effective_quarter` on get the adopted figures, earlier
    quarters keep theirs. Achievement of a quarter is measured against them
    (monitoring.rollups.with_quarter); activities of a plan never adopted have none and are
    measured against their current figures."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="in_force")
    quarter = models.PositiveSmallIntegerField(choices=QUARTER_CHOICES)
    revision = models.ForeignKey(PlanRevision, on_delete=models.CASCADE, related_name="+")
    budget = money_field(_("budget (pagu)"))
    plan_physical = models.DecimalField(max_digits=5, decimal_places=2, null=True)  # target of the quarter
    target_physical = models.DecimalField(max_digits=5, decimal_places=2, null=True)  # TW IV
    target_financial = models.DecimalField(max_digits=MAX_AMOUNT_DIGITS, decimal_places=2, null=True)

    class Meta:
        verbose_name = _("figures in force")
        verbose_name_plural = _("figures in force")
        constraints = [models.UniqueConstraint(fields=["activity", "quarter"],
                                               name="activity_in_force_unique")]

    def __str__(self) -> str:
        return f"{self.activity_id} TW {self.quarter}"


class UnitAffair(models.Model):
    """A bidang urusan a unit carries out (the Perda on its organisation: Dinas Pendidikan →
    1.01, Kecamatan → 7.01, ...). Once a unit has any, its activities — and those of its
    sub-units that have none of their own — take sub kegiatan of those bidang only
    (planning.rules.affair_problem). A unit without any (none up its tree) is not restricted."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="affairs")
    bidang = models.ForeignKey(NomenclatureItem, verbose_name=_("bidang urusan"), on_delete=models.PROTECT,
                               related_name="+", limit_choices_to={"level": NomenclatureLevel.BIDANG})

    scope_spec = ScopeSpec(government="unit__government_id", unit_path="unit__path",
                           managers=GOVERNMENT_MANAGERS, purposes=frozenset({"planning"}))

    class Meta:
        verbose_name = _("affair of a unit")
        verbose_name_plural = _("affairs of units")
        ordering = ["unit_id", "bidang_id"]
        constraints = [models.UniqueConstraint(fields=["unit", "bidang"], name="unit_affair_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.bidang_id}"

    def clean(self) -> None:
        if self.bidang_id and self.bidang.level != NomenclatureLevel.BIDANG:
            raise ValidationError({"bidang": _("Choose a bidang urusan (a code such as 1.01).")})


def _path_ids(unit: Unit) -> list[int]:
    """The ids of the units from the top of `unit`'s tree down to it (its materialized path)."""
    return [int(part) for part in (unit.path or str(unit.pk or "")).split(".") if part.isdigit()]


def affairs_for(units) -> dict[int, tuple[str, ...]]:
    """{unit id: the bidang codes that bind its activities}: its own, else those of the nearest
    unit above it that has some; () when none up its tree. One query for all the units (their
    paths name every unit above them); kept on each instance."""
    units = list(units)
    chains = {unit.pk: _path_ids(unit) for unit in units}
    ids = {unit_id for chain in chains.values() for unit_id in chain}
    rows = list(UnitAffair.objects.filter(unit_id__in=ids).values_list("unit_id", "bidang_id")) if ids else []
    by_unit: dict[int, list[str]] = {}
    for owner, code in rows:
        by_unit.setdefault(owner, []).append(code)
    result = {}
    for unit in units:
        found: tuple[str, ...] = ()
        for unit_id in reversed(chains[unit.pk]):  # the unit itself first, then up its tree
            if unit_id in by_unit:
                found = tuple(sorted(by_unit[unit_id]))
                break
        unit._planning_affairs = found
        result[unit.pk] = found
    return result


def affairs_of(unit: Unit) -> tuple[str, ...]:
    """affairs_for one unit (no query when already read for this instance)."""
    cached = getattr(unit, "_planning_affairs", None)
    if cached is not None:
        return cached
    return affairs_for([unit]).get(unit.pk, ())
