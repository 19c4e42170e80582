"""Shared base models and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFileField(models.FileField):
    """A file field whose value, for the audit snapshot (core.services.snapshot), is the stored
    file's name. Apps subclass it under their own name (their migrations refer to it)."""

    def value_from_object(self, obj):
        value = super().value_from_object(obj)
        return value.name if value else ""


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """An editable record. `version` grows by one with every saved change; a form or API call
    that was based on an older version is refused (see core.services.update_object)."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    OTHER = "other", _("Other")


class AuditSource(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    IMPORT = "import", _("Import")
    ADMIN = "admin", _("Admin")
    CLI = "cli", _("Command line")
    SYSTEM = "system", _("System")


class AuditEvent(models.Model):
    """One recorded change: who did what to which object, when, from where, before and after.

    Written by core.services inside the same transaction as the change itself."""

    timestamp = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    source = models.CharField(_("source"), max_length=10, choices=AuditSource.choices)
    # The index (content_type, object_id, -timestamp) below serves the lookups by content type.
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", db_index=False)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-timestamp"])]

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for each field that differs."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
