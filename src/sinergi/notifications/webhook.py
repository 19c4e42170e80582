"""The WhatsApp Cloud API's webhook: delivery status reports (sent, delivered, read, failed)
for the messages `senders.send_whatsapp` sent, matched by the provider's message id.

A report is believed only with a valid `X-Hub-Signature-256` (HMAC-SHA256 of the raw body with
SINERGI_WHATSAPP_APP_SECRET); the subscription handshake (GET with hub.challenge) answers only
to SINERGI_WHATSAPP_VERIFY_TOKEN."""

from __future__ import annotations

import hmac
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from sinergi.notifications import rules
from sinergi.notifications.choices import STATUS_RANK, DeliveryStatus
from sinergi.notifications.models import Delivery

REPORTED = {"sent": DeliveryStatus.SENT, "delivered": DeliveryStatus.DELIVERED,
            "read": DeliveryStatus.READ, "failed": DeliveryStatus.FAILED}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _statuses(payload) -> list[dict]:
    """The status reports of a webhook call, whatever shape the body has."""
    return [
        report
        for entry in _list(_dict(payload).get("entry"))
        for change in _list(_dict(entry).get("changes"))
        for report in _list(_dict(_dict(change).get("value")).get("statuses"))
        if isinstance(report, dict)
    ]


def _reason(report: dict) -> str:
    errors = _list(report.get("errors"))
    if errors and isinstance(errors[0], dict):
        error = errors[0]
        details = _dict(error.get("error_data")).get("details", "")
        text = " ".join(str(p) for p in (error.get("title") or error.get("message"), details) if p)
        return f"{text} (code {error.get('code')})" if error.get("code") is not None else text
    return "failed"


def apply_status(message_id: str, reported: str, reason: str = "") -> int:
    """Move the delivery of `message_id` to `reported` — never backwards (a late "sent" does not
    undo "read"); "failed" always applies. Returns the rows changed."""
    status = REPORTED.get(reported)
    if not message_id or status is None:
        return 0
    rows = Delivery.objects.filter(provider_message_id=message_id)
    now = timezone.now()
    if status == DeliveryStatus.FAILED:
        return rows.exclude(status=DeliveryStatus.FAILED).update(status=status, reason=reason[:1000],
                                                                 updated_at=now)
    lower = [s for s, rank in STATUS_RANK.items() if rank < STATUS_RANK[status]]
    return rows.filter(status__in=lower).update(status=status, updated_at=now)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        expected = getattr(settings, "SINERGI_WHATSAPP_VERIFY_TOKEN", "")
        token = request.GET.get("hub.verify_token", "")
        if (expected and request.GET.get("hub.mode") == "subscribe"
                and hmac.compare_digest(token.encode(), expected.encode())):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden("verification refused")
    body = request.body
    if not rules.signature_valid(getattr(settings, "SINERGI_WHATSAPP_APP_SECRET", ""), body,
                                 request.headers.get("X-Hub-Signature-256")):
        return HttpResponseForbidden("bad signature")
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return HttpResponseBadRequest("not JSON")
    changed = 0
    for report in _statuses(payload):
        reported = report.get("status")
        changed += apply_status(str(report.get("id") or ""), reported if isinstance(reported, str) else "",
                                _reason(report) if reported == "failed" else "")
    return HttpResponse(f"ok {changed}", content_type="text/plain")
