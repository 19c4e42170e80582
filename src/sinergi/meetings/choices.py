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


class CommitmentKind(models.TextChoices):
    JOINT = "komitmen_bersama", _("Joint commitment (komitmen bersama)")
    INTEGRITY_PACT = "pakta_integritas", _("Integrity pact (pakta integritas)")
    OTHER = "lainnya", _("Other")


DOCUMENT_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "docx", "xlsx", "pptx")
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
