"""The WhatsApp webhook: the subscription handshake, the signature, and status reports that
move deliveries forward only."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from django.utils import timezone

from sinergi.core.roles import Role
from sinergi.notifications.choices import Channel, DeliveryStatus, Kind
from sinergi.notifications.models import Delivery, Notification
from tests import factories

URL = "/notifications/whatsapp/webhook/"
SECRET = "app-secret"


@pytest.fixture(autouse=True)
def _secrets(settings):
    settings.SINERGI_WHATSAPP_APP_SECRET = SECRET
    settings.SINERGI_WHATSAPP_VERIFY_TOKEN = "verify-me"


@pytest.fixture
def delivery(world):
    user = factories.user("wa", Role.UNIT_OPERATOR, [world.tapem], whatsapp="081234567890")
    notification = Notification.objects.create(recipient=user, kind=Kind.PERIOD_OPENED, title="TW I dibuka",
                                               dedupe_key="period:1", day=timezone.localdate())
    return Delivery.objects.create(notification=notification, channel=Channel.WHATSAPP,
                                   status=DeliveryStatus.SENT, address="6281234567890",
                                   provider_message_id="wamid.ABC", not_before=timezone.now())


def _report(status: str, message_id: str = "wamid.ABC", **extra) -> bytes:
    report = {"id": message_id, "status": status, "timestamp": "1735000000", "recipient_id": "6281234567890",
              **extra}
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [
        {"field": "messages", "value": {"messaging_product": "whatsapp", "statuses": [report]}}]}]}).encode()


def _post(client, body: bytes, secret: str = SECRET, signature: str | None = None):
    signature = signature or "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(URL, body, content_type="application/json", headers={"X-Hub-Signature-256": signature})


def test_subscription_handshake(client):
    ok = client.get(URL, {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "12345"})
    assert ok.status_code == 200 and ok.content == b"12345"
    wrong = client.get(URL, {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"})
    assert wrong.status_code == 403


def test_status_reports_move_the_delivery_forward(client, delivery):
    assert _post(client, _report("delivered")).status_code == 200
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    _post(client, _report("read"))
    _post(client, _report("delivered"))  # late: read stays read
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.READ


def test_a_failure_report_records_the_reason(client, delivery):
    body = _report("failed", errors=[{"code": 131026, "title": "Message undeliverable",
                                      "error_data": {"details": "Receiver is not a WhatsApp user"}}])
    assert _post(client, body).status_code == 200
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.reason == "Message undeliverable Receiver is not a WhatsApp user (code 131026)"


def test_unsigned_or_forged_reports_are_refused(client, delivery, settings):
    body = _report("read")
    assert client.post(URL, body, content_type="application/json").status_code == 403
    assert _post(client, body, secret="not-the-secret").status_code == 403
    assert _post(client, body, signature="sha256=zz").status_code == 403
    settings.SINERGI_WHATSAPP_APP_SECRET = ""  # no secret configured: nothing is believed
    assert _post(client, body, secret="").status_code == 403
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


def test_garbage_bodies_are_no_500(client, delivery):
    odd = b'{"entry": [{"changes": [{"value": {"statuses": [1]}}]}]}'
    for body in (b"not json", b"[]", b'{"entry": 5}', odd, _report("bogus"), _report("read", message_id="")):
        assert _post(client, body).status_code in (200, 400)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
