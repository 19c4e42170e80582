"""Sending the deliveries: email through Django's mail, WhatsApp through a local fake of the
Cloud API (never the real one): sent with the provider's id, failed with the reason, retried,
no_contact never sent; claims never hand one delivery to two workers."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from sinergi.core.roles import Role
from sinergi.notifications import tasks
from sinergi.notifications.choices import Channel, DeliveryStatus, Kind
from sinergi.notifications.models import Delivery, NotificationPreference
from sinergi.notifications.services import notify
from tests import factories


@pytest.fixture
def users(world):
    both = factories.user("both", Role.UNIT_OPERATOR, [world.tapem], email="both@kutim.go.id",
                          whatsapp="081234567890")
    mail_only = factories.user("mail", Role.UNIT_OPERATOR, [world.tapem], email="mail@kutim.go.id")
    nothing = factories.user("nothing", Role.UNIT_OPERATOR, [world.tapem])
    return both, mail_only, nothing


def _tell(users, key="realization:7"):
    return notify(users, Kind.REALIZATION_RETURNED, "Realisasi TW I dikembalikan",
                  "Alasan: angka\nbelum sesuai", "/monitoring/activities/7/", key)


def test_whatsapp_template_message_through_the_cloud_api(users, cloud_api, settings):
    settings.SINERGI_BASE_URL = "https://sinergi.kutaitimurkab.go.id"
    both, _mail_only, nothing = users
    result = _tell(users)
    assert (result.queued, result.no_contact) == (3, 1)  # both: 2, mail: 1; nothing: no contact
    done = tasks.send_deliveries_now()
    assert done == {"sent": 3}
    request, = cloud_api.requests
    assert request["path"] == "/v21.0/1234567890/messages"
    assert request["headers"]["Authorization"] == "Bearer test-token"
    assert request["json"] == {
        "messaging_product": "whatsapp", "to": "6281234567890", "type": "template",
        "template": {"name": "sinergi_notifikasi", "language": {"code": "id"}, "components": [{
            "type": "body", "parameters": [
                {"type": "text", "text": "Realisasi TW I dikembalikan"},
                {"type": "text", "text": "Alasan: angka belum sesuai"},  # no newline in a parameter
                {"type": "text", "text": "https://sinergi.kutaitimurkab.go.id/monitoring/activities/7/"},
            ]}]},
    }
    whatsapp = Delivery.objects.get(channel=Channel.WHATSAPP, notification__recipient=both)
    assert whatsapp.status == DeliveryStatus.SENT and whatsapp.provider_message_id == "wamid.FAKE1"
    assert whatsapp.attempts == 1 and whatsapp.sent_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["both@kutim.go.id", "mail@kutim.go.id"]
    assert "https://sinergi.kutaitimurkab.go.id/monitoring/activities/7/" in mail.outbox[0].body
    assert set(Delivery.objects.filter(notification__recipient=nothing).values_list("status", flat=True)) == {
        DeliveryStatus.NO_CONTACT}
    assert tasks.send_deliveries_now() == {}  # nothing left: nothing is sent twice


def test_a_refused_message_fails_with_the_providers_reason(users, cloud_api):
    message = "(#132001) Template name does not exist in the translation"
    cloud_api.answers = [(400, {"error": {"message": message,
                                          "type": "OAuthException", "code": 132001,
                                          "error_data": {"details": "template name (sinergi_notifikasi) "
                                                                    "does not exist in id"}}})]
    _tell([users[0]])
    tasks.send_deliveries_now()
    whatsapp = Delivery.objects.get(channel=Channel.WHATSAPP)
    assert whatsapp.status == DeliveryStatus.FAILED
    assert whatsapp.reason.startswith("HTTP 400: (#132001) Template name does not exist")
    assert "code 132001" in whatsapp.reason and whatsapp.provider_message_id == ""


def test_a_passing_failure_is_retried_then_fails(users, cloud_api):
    cloud_api.answers = [(503, {"error": {"message": "Service temporarily unavailable", "code": 2}})]
    NotificationPreference.objects.create(user=users[0], email_kinds=[])
    _tell([users[0]])
    now = timezone.now()
    for attempt in range(1, tasks.MAX_ATTEMPTS + 1):
        tasks.send_deliveries_now(now)
        delivery = Delivery.objects.get()
        assert delivery.attempts == attempt
        if attempt < tasks.MAX_ATTEMPTS:
            assert delivery.status == DeliveryStatus.QUEUED and delivery.not_before > now
            now = delivery.not_before
    assert delivery.status == DeliveryStatus.FAILED and "HTTP 503" in delivery.reason
    assert len(cloud_api.requests) == tasks.MAX_ATTEMPTS


def test_an_unreachable_api_is_retried(users, settings):
    settings.SINERGI_WHATSAPP_TOKEN = "t"
    settings.SINERGI_WHATSAPP_PHONE_NUMBER_ID = "1"
    settings.SINERGI_WHATSAPP_API_URL = "http://127.0.0.1:9/v21.0"  # discard port: refused
    NotificationPreference.objects.create(user=users[0], email_kinds=[])
    _tell([users[0]])
    tasks.send_deliveries_now()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.QUEUED and delivery.attempts == 1 and delivery.reason


def test_email_refused_by_the_server_fails(users, no_cloud_api, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"mail@kutim.go.id": (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    _tell([users[1]])
    tasks.send_deliveries_now()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and "no such user" in delivery.reason


def test_held_deliveries_wait_for_their_time(users, no_cloud_api):
    _tell([users[1]])
    Delivery.objects.update(not_before=timezone.now() + dt.timedelta(hours=3))
    assert tasks.send_deliveries_now() == {} and len(mail.outbox) == 0
    assert tasks.send_deliveries_now(timezone.now() + dt.timedelta(hours=4)) == {"sent": 1}


def test_a_claimed_delivery_is_not_claimed_again(users, no_cloud_api):
    _tell(users[:2])
    first = tasks.claim()
    assert len(first) == 2 and {d.status for d in first} == {DeliveryStatus.SENDING}
    assert tasks.claim() == []  # a second worker finds nothing
    # ... unless the first worker died long ago: the delivery is claimed again.
    later = timezone.now() + tasks.STALE_SENDING + dt.timedelta(minutes=1)
    assert len(tasks.claim(later)) == 2
