"""Kerja sama daerah: a government's cooperation agreements from proposal to expiry, their
documents (one MoU, many PKS implementing it, addenda) numbered by each party, and the yearly
evaluation that the TKKSD owes the head of region.

The status of an agreement is derived (cooperation.rules.derived_status) from its dates, the
stages reached and its documents; it is never typed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sinergi.cooperation.choices import (
    CooperationKind,
    DocumentKind,
    ImplementationStatus,
    PartnerPerformance,
    PartnerType,
    Recommendation,
    Stage,
)
from sinergi.cooperation.rules import DEFAULT_RENEWAL_MONTHS, MAX_RENEWAL_MONTHS
from sinergi.core.models import TimeStampedModel, VersionedModel, original_name_field
from sinergi.core.scope import GOVERNMENT_MANAGERS, ScopeSpec
from sinergi.meetings.models import DOCUMENT_VALIDATORS, DocumentFileField, FollowUp, Meeting
from sinergi.monitoring.choices import RealizationStatus
from sinergi.planning.choices import FundingSource
from sinergi.planning.models import ACTIVITY_MANAGERS, NomenclatureItem, money_field
from sinergi.regions.models import Government, Official, Region, Unit

AGREEMENT_SCOPE = ScopeSpec(
    government="government_id", unit_path="responsible_units__path", managers=ACTIVITY_MANAGERS, to_many=True,
    purposes=frozenset({"cooperation"}),
)


class CooperationSettings(VersionedModel):
    """A government's own settings of the registry: how many months before its end an agreement
    is flagged for renewal (and its units reminded). Without a row, the default of
    cooperation.rules applies."""

    government = models.OneToOneField(
        Government,
        verbose_name=_("government"),
        on_delete=models.CASCADE,
        related_name="cooperation_settings",
    )
    renewal_months = models.PositiveSmallIntegerField(
        _("renewal window (months)"),
        default=DEFAULT_RENEWAL_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RENEWAL_MONTHS)],
        help_text=_("An agreement is flagged for renewal this many months before it ends."),
    )

    scope_spec = ScopeSpec(government="government_id", managers=GOVERNMENT_MANAGERS)

    class Meta:
        verbose_name = _("cooperation settings")
        verbose_name_plural = _("cooperation settings")

    def __str__(self) -> str:
        return f"{self.government_id}: {self.renewal_months}"


class ThirdParty(VersionedModel):
    """A partner that is not a region: a business, a university, an NGO, a vertical agency."""

    government = models.ForeignKey(
        Government, verbose_name=_("government"), on_delete=models.PROTECT, related_name="third_parties"
    )
    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("type"), max_length=20, choices=PartnerType.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)

    scope_spec = ScopeSpec(government="government_id", managers=ACTIVITY_MANAGERS)

    class Meta:
        verbose_name = _("third party")
        verbose_name_plural = _("third parties")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["government", "name"], name="third_party_unique")]

    def __str__(self) -> str:
        return self.name


class Agreement(VersionedModel):
    government = models.ForeignKey(
        Government, verbose_name=_("government"), on_delete=models.PROTECT, related_name="agreements"
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=CooperationKind.choices)
    object = models.ForeignKey(
        NomenclatureItem,
        verbose_name=_("government affair (urusan)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_text = models.CharField(_("object of the cooperation"), max_length=300, blank=True)
    responsible_units = models.ManyToManyField(
        Unit, verbose_name=_("responsible units"), related_name="agreements"
    )
    coordinator = models.ForeignKey(
        Unit,
        verbose_name=_("coordinator (TKKSD)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinated_agreements",
    )
    value = money_field(_("value (Rp)"), null=True, blank=True)
    funding_source = models.CharField(
        _("funding source"), max_length=10, choices=FundingSource.choices, blank=True
    )
    start = models.DateField(_("in force from"), null=True, blank=True)
    end = models.DateField(_("in force until"), null=True, blank=True)
    dprd_approval_required = models.BooleanField(_("needs the DPRD's approval"), default=False)
    dprd_approved_on = models.DateField(_("approved by the DPRD on"), null=True, blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    renews = models.ForeignKey(
        "self",
        verbose_name=_("renews"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
    )
    notes = models.TextField(_("notes"), blank=True)

    scope_spec = AGREEMENT_SCOPE

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["government_id", "-start", "title"]
        indexes = [models.Index(fields=["government", "end"], name="agreement_gov_end_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cooperation:agreement_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The agreement ends before it starts.")
        if (
            self.coordinator_id
            and self.government_id
            and self.coordinator.government_id != self.government_id
        ):
            errors["coordinator"] = _("The unit belongs to another government.")
        if self.dprd_approved_on and not self.dprd_approval_required:
            errors["dprd_approved_on"] = _("The agreement does not need the DPRD's approval.")
        if self.renews_id and self.renews_id == self.pk:
            errors["renews"] = _("An agreement cannot renew itself.")
        if errors:
            raise ValidationError(errors)


class AgreementPart(models.Model):
    scope_spec = ScopeSpec(
        government="agreement__government_id",
        unit_path="agreement__responsible_units__path",
        managers=ACTIVITY_MANAGERS,
        to_many=True,
        purposes=frozenset({"cooperation"}),
    )

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse("cooperation:agreement_detail", args=[self.agreement_id])


class Partner(AgreementPart, TimeStampedModel):
    """One party besides the government: a region (from the registry), a third party, or a
    foreign institution (by name)."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="partners"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    third_party = models.ForeignKey(
        ThirdParty,
        verbose_name=_("third party"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    foreign_name = models.CharField(_("foreign institution"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["agreement_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(region__isnull=False, third_party__isnull=True, foreign_name="")
                    | models.Q(region__isnull=True, third_party__isnull=False, foreign_name="")
                    | (models.Q(region__isnull=True, third_party__isnull=True) & ~models.Q(foreign_name=""))
                ),
                name="partner_exactly_one_party",
            ),
            models.UniqueConstraint(fields=["agreement", "region"], name="partner_region_once"),
            models.UniqueConstraint(fields=["agreement", "third_party"], name="partner_third_party_once"),
        ]

    def __str__(self) -> str:
        if self.region_id:
            return self.region.name
        return str(self.third_party) if self.third_party_id else self.foreign_name


class StageReached(AgreementPart, TimeStampedModel):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="stages"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    reached_on = models.DateField(_("reached on"))

    class Meta:
        verbose_name = _("stage reached")
        verbose_name_plural = _("stages reached")
        ordering = ["agreement_id", "reached_on", "id"]
        constraints = [models.UniqueConstraint(fields=["agreement", "stage"], name="stage_reached_once")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.reached_on}"


class Document(AgreementPart, VersionedModel):
    """A document of the agreement. A PKS implements an MoU (`parent`); an addendum amends a
    document (`parent`). Each party numbers a signed document itself: see DocumentNumber."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=25, choices=DocumentKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("implements or amends"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    title = models.CharField(_("title"), max_length=300)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    start = models.DateField(_("in force from"), null=True, blank=True)
    end = models.DateField(_("in force until"), null=True, blank=True)
    value = money_field(_("value (Rp)"), null=True, blank=True)
    file = DocumentFileField(
        _("scanned document"),
        upload_to="cooperation/documents/%Y/%m/",
        blank=True,
        validators=DOCUMENT_VALIDATORS,
        original_name_field="file_name",
    )
    file_name = original_name_field()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["agreement_id", "signed_on", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.parent_id:
            if self.parent.agreement_id != self.agreement_id:
                errors["parent"] = _("The document belongs to another agreement.")
            elif self.kind == DocumentKind.PKS and self.parent.kind != DocumentKind.MOU:
                errors["parent"] = _("A PKS implements a Kesepakatan Bersama (MoU).")
            elif self.kind == DocumentKind.ADDENDUM and self.parent.kind not in (
                DocumentKind.MOU,
                DocumentKind.PKS,
            ):
                errors["parent"] = _("An addendum amends an MoU or a PKS.")
        elif self.kind == DocumentKind.ADDENDUM:
            errors["parent"] = _("Say which MoU or PKS the addendum amends.")
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The document ends before it starts.")
        if errors:
            raise ValidationError(errors)


class DocumentNumber(models.Model):
    """The number one party gave the document ("each party numbers the same document itself")."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="numbers"
    )
    party = models.CharField(
        _("party"),
        max_length=250,
        help_text=_("The government itself, or the partner as named on the document."),
    )
    is_own = models.BooleanField(_("our number"), default=False)
    number = models.CharField(_("number"), max_length=150)

    scope_spec = ScopeSpec(
        government="document__agreement__government_id",
        unit_path="document__agreement__responsible_units__path",
        managers=ACTIVITY_MANAGERS,
        to_many=True,
        purposes=frozenset({"cooperation"}),
    )

    class Meta:
        verbose_name = _("document number")
        verbose_name_plural = _("document numbers")
        ordering = ["document_id", "-is_own", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "party"], name="document_number_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.number}"


class Signatory(models.Model):
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="signatories"
    )
    official = models.ForeignKey(
        Official,
        verbose_name=_("official"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=250, blank=True)
    party = models.CharField(_("party"), max_length=250, blank=True)

    scope_spec = ScopeSpec(
        government="document__agreement__government_id",
        unit_path="document__agreement__responsible_units__path",
        managers=ACTIVITY_MANAGERS,
        to_many=True,
        purposes=frozenset({"cooperation"}),
    )

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["document_id", "id"]

    def __str__(self) -> str:
        return self.name


class EvaluationRound(VersionedModel):
    """The yearly evaluation the coordinator opens for a government."""

    government = models.ForeignKey(
        Government, verbose_name=_("government"), on_delete=models.PROTECT, related_name="cooperation_rounds"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("evaluation meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cooperation_rounds",
    )

    scope_spec = ScopeSpec(government="government_id", managers=GOVERNMENT_MANAGERS)

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-year", "government_id"]
        constraints = [models.UniqueConstraint(fields=["government", "year"], name="cooperation_round_once")]

    def __str__(self) -> str:
        return f"{self.year}"

    def clean(self) -> None:
        if self.opens_on and self.deadline and self.deadline < self.opens_on:
            raise ValidationError({"deadline": _("The deadline is before the opening day.")})


class Evaluation(VersionedModel):
    """A responsible unit's evaluation of one agreement in a round; the same workflow as the
    quarterly realization (draft -> submitted -> verified, or returned with a reason)."""

    round = models.ForeignKey(
        EvaluationRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="evaluations"
    )
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="evaluations"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("evaluated by"), on_delete=models.PROTECT, related_name="+")
    implementation = models.CharField(
        _("implementation"),
        max_length=12,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.ON_SCHEDULE,
    )
    activities = models.TextField(_("what was done this year"), blank=True)
    outputs = models.TextField(_("outputs"), blank=True)
    benefit = models.TextField(_("benefit and impact for the public"), blank=True)
    money_spent = money_field(_("money spent (Rp)"), null=True, blank=True)
    problems = models.TextField(_("problems met"), blank=True)
    partner_performance = models.CharField(
        _("partner's performance"), max_length=5, choices=PartnerPerformance.choices, blank=True
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RealizationStatus.choices, default=RealizationStatus.DRAFT
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    scope_spec = ScopeSpec(
        government="round__government_id", unit_path="unit__path", managers=ACTIVITY_MANAGERS,
        purposes=frozenset({"cooperation"}),
    )

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["round_id", "agreement_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "agreement"], name="evaluation_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.agreement}"


class Indicator(models.Model):
    """What the PKS promised (and what was realized of it in the round's year)."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("indicator"), max_length=300)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=50, blank=True)
    promised = models.DecimalField(
        _("promised"), max_digits=18, decimal_places=2, validators=[MinValueValidator(0)]
    )
    realized = models.DecimalField(
        _("realized"), max_digits=18, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )

    scope_spec = ScopeSpec(
        government="evaluation__round__government_id",
        unit_path="evaluation__unit__path",
        managers=ACTIVITY_MANAGERS,
        purposes=frozenset({"cooperation"}),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["evaluation_id", "id"]

    def __str__(self) -> str:
        return self.name


class EvaluationEvidence(TimeStampedModel):
    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = DocumentFileField(
        _("file"), upload_to="cooperation/evidence/%Y/%m/", validators=DOCUMENT_VALIDATORS,
        original_name_field="file_name",
    )
    file_name = original_name_field()
    description = models.CharField(_("description"), max_length=300, blank=True)

    scope_spec = ScopeSpec(
        government="evaluation__round__government_id",
        unit_path="evaluation__unit__path",
        managers=ACTIVITY_MANAGERS,
        purposes=frozenset({"cooperation"}),
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["evaluation_id", "created_at"]

    def __str__(self) -> str:
        return self.description or self.file_name or self.file.name.rsplit("/", 1)[-1]


class AgreementFollowUp(AgreementPart, TimeStampedModel):
    """A follow-up action of a meeting (meetings.FollowUp) that concerns an agreement: the
    decisions of an evaluation or socialisation meeting, followed on the agreement's page. The
    link lives here because cooperation depends on meetings, never the other way round."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="follow_up_links"
    )
    follow_up = models.ForeignKey(
        FollowUp, verbose_name=_("follow-up action"), on_delete=models.CASCADE, related_name="agreement_links"
    )

    class Meta:
        verbose_name = _("follow-up of an agreement")
        verbose_name_plural = _("follow-ups of agreements")
        ordering = ["agreement_id", "follow_up_id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "follow_up"], name="agreement_follow_up_once")
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} → {self.follow_up_id}"

    def clean(self) -> None:
        if (
            self.agreement_id
            and self.follow_up_id
            and self.agreement.government_id != self.follow_up.government_id
        ):
            raise ValidationError({"follow_up": _("The follow-up action belongs to another government.")})


class RenewalReminder(models.Model):
    """A renewal reminder sent about an agreement; one per agreement and day, so that a worker
    running twice sends nothing twice."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="renewal_reminders")
    sent_on = models.DateField()
    recipients = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agreement", "sent_on"], name="renewal_reminder_once")]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.sent_on}"
