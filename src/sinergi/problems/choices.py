"""Enumerations of the problems register (kendala)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemCategory(models.TextChoices):
    ELECTORAL = "electoral", _("Electoral administration (DPT, TPS locations)")
    SOCIAL_CONFLICT = "social_conflict", _("Social conflict, border areas")
    SECURITY = "security", _("Public order and security")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    BUDGET = "budget", _("Budget")
    REGULATION = "regulation", _("Regulation")
    HUMAN_RESOURCES = "human_resources", _("Human resources")
    DATA = "data", _("Data and information")
    PUBLIC_SERVICE = "public_service", _("Public services")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


SEVERITY_RANK = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3, Severity.CRITICAL: 4}


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("Being handled")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed without resolution")


PROBLEM_OPEN_STATES = frozenset({ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS})
