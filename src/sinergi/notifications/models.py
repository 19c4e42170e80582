"""Notifications (the in-app notification centre), each user's preferences, and one Delivery
per notification and external channel (email, WhatsApp) with its status.

A recipient is told at most once per day, kind and subject (`dedupe_key`): the unique constraint
on (recipient, kind, dedupe_key, day) holds even against two workers notifying at the same
moment (notifications.services.notify inserts with ON CONFLICT DO NOTHING)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.notifications.choices import EXTERNAL_CHANNELS, Channel, DeliveryStatus, Kind


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True,
                           help_text=_("Where the work is done (a link within Sinergi)."))
    government = models.ForeignKey(
        "regions.Government", verbose_name=_("government"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    dedupe_key = models.CharField(_("subject"), max_length=200)
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Which notify() call inserted the row (rows another worker inserted first are not ours).
    batch = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "dedupe_key", "day"],
                                    name="notification_once_per_day"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


def default_kinds() -> list[str]:
    return [kind.value for kind in Kind]


class NotificationPreference(models.Model):
    """Which kinds a user receives on which external channel (in-app always), and the quiet
    hours, in the user's own zone (their government's: WIB/WITA/WIT), during which deliveries
    wait. Without a row every kind goes to every channel and there are no quiet hours."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email_kinds = models.JSONField(_("by email"), default=default_kinds, blank=True)
    whatsapp_kinds = models.JSONField(_("by WhatsApp"), default=default_kinds, blank=True)
    quiet_start = models.TimeField(_("quiet from"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet until"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)

    def kinds_for(self, channel: str) -> set[str]:
        return set(self.email_kinds if channel == Channel.EMAIL else self.whatsapp_kinds)

    def wants(self, kind: str, channel: str) -> bool:
        return kind in self.kinds_for(channel)


class Delivery(models.Model):
    """One notification sent on one external channel."""

    notification = models.ForeignKey(
        Notification, verbose_name=_("notification"), on_delete=models.CASCADE,
        related_name="deliveries",
    )
    channel = models.CharField(_("channel"), max_length=10,
                               choices=[(c.value, c.label) for c in EXTERNAL_CHANNELS])
    status = models.CharField(_("status"), max_length=12, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.QUEUED)
    reason = models.TextField(_("reason"), blank=True)
    address = models.CharField(_("address"), max_length=254, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    provider_message_id = models.CharField(_("provider's message id"), max_length=200, blank=True)
    not_before = models.DateTimeField(_("not before"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_per_channel"),
        ]
        indexes = [
            models.Index(fields=["status", "not_before"], name="delivery_due_idx"),
            models.Index(fields=["provider_message_id"], name="delivery_provider_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.notification_id}/{self.channel}: {self.status}"

    @property
    def badge(self) -> str:
        """The Bootstrap badge class of the status."""
        return {
            DeliveryStatus.SENT: "text-bg-success", DeliveryStatus.DELIVERED: "text-bg-success",
            DeliveryStatus.READ: "text-bg-success", DeliveryStatus.FAILED: "text-bg-danger",
            DeliveryStatus.NO_CONTACT: "text-bg-warning",
        }.get(self.status, "text-bg-secondary")
