"""Enumerations of the meetings app (rakor)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    COORDINATION = "rapat_koordinasi", _("Coordination meeting (rakor)")
    SYNCHRONIZATION = "sinkronisasi", _("Synchronization")
    SOCIALIZATION = "sosialisasi", _("Socialization")
    EVALUATION = "evaluasi", _("Evaluation")
    AUDIENCE = "audiensi", _("Audience")
    MUSRENBANG = "musrenbang", _("Musrenbang")
    OTHER = "lainnya", _("Other")


class MeetingStatus(models.TextChoices):
    """planned -> open (check-in accepted) -> closed (record frozen); or cancelled."""

    PLANNED = "planned", _("Planned")
    OPEN = "open", _("In session")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Rsvp(models.TextChoices):
    PENDING = "pending", _("No answer yet")
    ACCEPTED = "accepted", _("Will attend")
    DELEGATED = "delegated", _("Will attend through a delegate")
    DECLINED = "declined", _("Will not attend")


class CheckinMethod(models.TextChoices):
    QR = "qr", _("QR code")
    MANUAL = "manual", _("By the organizer")


class DecisionKind(models.TextChoices):
    DECISION = "decision", _("Decision")
    DIRECTIVE = "directive", _("Directive (arahan)")
    AGREEMENT = "agreement", _("Agreement")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


FOLLOW_UP_ACTIVE = frozenset({FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS})


class LineStatus(models.TextChoices):
    """The state of one responsible unit's part of a follow-up action, in the words of the
    BPK's monitoring of audit recommendations (sesuai / belum sesuai / belum ditindaklanjuti /
    tidak dapat ditindaklanjuti dengan alasan yang sah), plus the step between the unit's report
    and the organizer's assessment."""

    NOT_STARTED = "not_started", _("Not yet followed up")
    IN_PROGRESS = "in_progress", _("Not yet compliant (in progress)")
    SUBMITTED = "submitted", _("Reported done, awaiting assessment")
    COMPLIANT = "compliant", _("Compliant")
    NOT_ACTIONABLE = "not_actionable", _("Cannot be followed up, with a valid reason")


LINE_ACTIVE = frozenset({LineStatus.NOT_STARTED, LineStatus.IN_PROGRESS})
LINE_CLOSED = frozenset({LineStatus.COMPLIANT, LineStatus.NOT_ACTIONABLE})
# What a unit may claim when it reports its part finished (the organizer then accepts or returns).
LINE_CLAIMS = frozenset({LineStatus.COMPLIANT, LineStatus.NOT_ACTIONABLE})


class UpdateStatus(models.TextChoices):
    """The state a progress update left things in: a line's state, or the action cancelled."""

    NOT_STARTED = LineStatus.NOT_STARTED.value, LineStatus.NOT_STARTED.label
    IN_PROGRESS = LineStatus.IN_PROGRESS.value, LineStatus.IN_PROGRESS.label
    SUBMITTED = LineStatus.SUBMITTED.value, LineStatus.SUBMITTED.label
    COMPLIANT = LineStatus.COMPLIANT.value, LineStatus.COMPLIANT.label
    NOT_ACTIONABLE = LineStatus.NOT_ACTIONABLE.value, LineStatus.NOT_ACTIONABLE.label
    CANCELLED = "cancelled", _("Cancelled")


class CommitmentKind(models.TextChoices):
    JOINT = "komitmen_bersama", _("Joint commitment (komitmen bersama)")
    INTEGRITY_PACT = "pakta_integritas", _("Integrity pact (pakta integritas)")
    OTHER = "lainnya", _("Other")


class SignatureStatus(models.TextChoices):
    """Where one signatory of a commitment stands: not signed yet, signed, or declined to sign
    (each with its date)."""

    PENDING = "pending", _("Not signed yet")
    SIGNED = "signed", _("Signed")
    DECLINED = "declined", _("Declined to sign")


DOCUMENT_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "docx", "xlsx", "pptx")
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024


class LetterSifat(models.TextChoices):
    """Sifat of a letter, as letters print it (Tata Naskah Dinas)."""

    ORDINARY = "Biasa", _("Ordinary (Biasa)")
    IMPORTANT = "Penting", _("Important (Penting)")
    URGENT = "Segera", _("Urgent (Segera)")
    VERY_URGENT = "Sangat Segera", _("Very urgent (Sangat Segera)")
    CONFIDENTIAL = "Rahasia", _("Confidential (Rahasia)")
