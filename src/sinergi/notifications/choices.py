"""Enumerations of the notifications app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a notification is about; preferences are chosen per kind."""

    INVITATION_RECEIVED = "invitation_received", _("Invitation received")
    INVITATION_CHANGED = "invitation_changed", _("Invitation changed")
    FOLLOW_UP_ASSIGNED = "follow_up_assigned", _("Follow-up line assigned")
    FOLLOW_UP_DUE_SOON = "follow_up_due_soon", _("Follow-up due soon")
    FOLLOW_UP_OVERDUE = "follow_up_overdue", _("Follow-up overdue")
    FOLLOW_UP_RETURNED = "follow_up_returned", _("Follow-up returned")
    FOLLOW_UP_ACCEPTED = "follow_up_accepted", _("Follow-up accepted")
    REALIZATION_RETURNED = "realization_returned", _("Realization returned")
    REALIZATION_VERIFIED = "realization_verified", _("Realization verified")
    PERIOD_OPENED = "period_opened", _("Reporting period opened")
    PERIOD_CLOSING_SOON = "period_closing_soon", _("Reporting period closing soon")
    EVALUATION_ROUND_OPENED = "evaluation_round_opened", _("Evaluation round opened")
    DIGEST = "digest", _("Digest")


class Channel(models.TextChoices):
    """Where a notification is delivered. In-app is always on (the notification itself); the
    external channels each get a Delivery row."""

    EMAIL = "email", _("Email")
    WHATSAPP = "whatsapp", _("WhatsApp")


EXTERNAL_CHANNELS = (Channel.EMAIL, Channel.WHATSAPP)


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    READ = "read", _("Read")
    FAILED = "failed", _("Failed")
    NO_CONTACT = "no_contact", _("No contact")


# How far a WhatsApp status report moves a delivery: a late "sent" never undoes "read".
STATUS_RANK = {
    DeliveryStatus.QUEUED: 0,
    DeliveryStatus.SENDING: 1,
    DeliveryStatus.SENT: 2,
    DeliveryStatus.DELIVERED: 3,
    DeliveryStatus.READ: 4,
}
