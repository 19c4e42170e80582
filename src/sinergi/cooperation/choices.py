"""Enumerations of kerja sama daerah (UU 23/2014, PP 28/2018, Permendagri 22/2020)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CooperationKind(models.TextChoices):
    REGION_MANDATORY = "region_mandatory", _("With another region, mandatory")
    REGION_VOLUNTARY = "region_voluntary", _("With another region, voluntary")
    THIRD_PARTY = "third_party", _("With a third party")
    FOREIGN = "foreign", _("With a foreign institution")


class PartnerType(models.TextChoices):
    BUSINESS = "business", _("Business")
    STATE_ENTERPRISE = "state_enterprise", _("State or regional enterprise (BUMN/BUMD)")
    UNIVERSITY = "university", _("University")
    NGO = "ngo", _("Non-governmental organisation")
    VERTICAL_AGENCY = "vertical_agency", _("Vertical agency (e.g. BPJS Ketenagakerjaan)")
    COMMUNITY = "community", _("Community organisation")
    OTHER = "other", _("Other")


class Stage(models.TextChoices):
    """The stages of Permendagri 22/2020, in order."""

    PREPARATION = "preparation", _("Preparation")
    OFFER = "offer", _("Offer")
    MOU_DRAFTING = "mou_drafting", _("Drafting of the MoU")
    MOU_SIGNED = "mou_signed", _("MoU signed")
    PKS_DRAFTING = "pks_drafting", _("Drafting of the PKS")
    PKS_SIGNED = "pks_signed", _("PKS signed")
    IMPLEMENTATION = "implementation", _("Implementation")
    EVALUATION = "evaluation", _("Evaluation")


STAGE_ORDER = tuple(Stage)


class AgreementStatus(models.TextChoices):
    """Derived from the dates and stages (cooperation.rules.derived_status), never typed."""

    IN_PREPARATION = "in_preparation", _("In preparation")
    SIGNED = "signed", _("Signed, not yet in force")
    ACTIVE = "active", _("In force")
    RENEWAL_DUE = "renewal_due", _("In force, renewal due")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")
    RENEWED = "renewed", _("Renewed")


class DocumentKind(models.TextChoices):
    PROPOSAL = "proposal", _("Cooperation plan and feasibility (rencana kerja sama)")
    OFFER_LETTER = "offer_letter", _("Offer letter (surat penawaran)")
    MOU_DRAFT = "mou_draft", _("Draft MoU")
    MOU = "mou", _("Kesepakatan Bersama (MoU)")
    PKS_DRAFT = "pks_draft", _("Draft PKS")
    PKS = "pks", _("Perjanjian Kerja Sama (PKS)")
    ADDENDUM = "addendum", _("Addendum")
    DPRD_APPROVAL = "dprd_approval", _("DPRD approval")
    IMPLEMENTATION_REPORT = "implementation_report", _("Implementation report")
    EVALUATION_REPORT = "evaluation_report", _("Evaluation report")
    OTHER = "other", _("Other")


# Documents that carry their own numbers, one per party.
NUMBERED_KINDS = frozenset({DocumentKind.MOU, DocumentKind.PKS, DocumentKind.ADDENDUM})


class ImplementationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_SCHEDULE = "on_schedule", _("On schedule")
    DELAYED = "delayed", _("Delayed")
    STALLED = "stalled", _("Stalled")
    COMPLETED = "completed", _("Completed")


class PartnerPerformance(models.TextChoices):
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor")


class Recommendation(models.TextChoices):
    CONTINUE = "continue", _("Continue")
    REVISE = "revise", _("Revise")
    END = "end", _("End")
