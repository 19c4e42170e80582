"""Sending one delivery: email through Django's mail, WhatsApp through the WhatsApp Business
Cloud API (a template message) when it is configured.

Settings (environment, see settings.py): SINERGI_WHATSAPP_TOKEN, SINERGI_WHATSAPP_PHONE_NUMBER_ID,
SINERGI_WHATSAPP_API_URL (default https://graph.facebook.com/v21.0), SINERGI_WHATSAPP_TEMPLATE
(the approved template's name; its body takes three parameters: title, message, link) and
SINERGI_WHATSAPP_TEMPLATE_LANGUAGE (default "id"). Without a token and a phone number id no
WhatsApp delivery is made: people are offered the wa.me link instead."""

from __future__ import annotations

import json
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage

from sinergi.notifications import rules
from sinergi.notifications.choices import Channel, DeliveryStatus

TIMEOUT_SECONDS = 15
DEFAULT_API_URL = "https://graph.facebook.com/v21.0"


@dataclass(frozen=True)
class Outcome:
    """What a send came to: `sent` (with the provider's message id), `failed` (for good, with the
    reason), or `retry` (a passing problem: the network, the provider's 5xx or rate limit)."""

    status: str
    reason: str = ""
    message_id: str = ""

    RETRY = "retry"


def whatsapp_api_configured() -> bool:
    return bool(getattr(settings, "SINERGI_WHATSAPP_TOKEN", "")
                and getattr(settings, "SINERGI_WHATSAPP_PHONE_NUMBER_ID", ""))


def _full_url(path: str) -> str:
    return getattr(settings, "SINERGI_BASE_URL", "").rstrip("/") + path if path else ""


# ---------------------------------------------------------------------------- email


def send_email(delivery) -> Outcome:
    notification = delivery.notification
    body = "\n\n".join(p for p in (notification.body, _full_url(notification.url)) if p)
    message = EmailMessage(subject=f"[Sinergi] {notification.title}", body=body,
                           from_email=settings.DEFAULT_FROM_EMAIL, to=[delivery.address])
    try:
        message.send()
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as exc:
        return Outcome(DeliveryStatus.FAILED, reason=str(exc)[:500])
    except (smtplib.SMTPException, OSError) as exc:
        return Outcome(Outcome.RETRY, reason=str(exc)[:500])
    return Outcome(DeliveryStatus.SENT)


# ---------------------------------------------------------------------------- WhatsApp Cloud API


def template_payload(number: str, title: str, body: str, link: str) -> dict:
    """The Cloud API's template message to `number` (stored form, 62…)."""
    return {
        "messaging_product": "whatsapp",
        "to": number,
        "type": "template",
        "template": {
            "name": getattr(settings, "SINERGI_WHATSAPP_TEMPLATE", "sinergi_notifikasi"),
            "language": {"code": getattr(settings, "SINERGI_WHATSAPP_TEMPLATE_LANGUAGE", "id")},
            "components": [{
                "type": "body",
                "parameters": [{"type": "text", "text": rules.template_text(text)}
                               for text in (title, body, link)],
            }],
        },
    }


def _error_reason(raw: bytes, status: int) -> str:
    try:
        error = json.loads(raw.decode("utf-8", "replace")).get("error", {})
        text = error.get("message") or ""
        detail = (error.get("error_data") or {}).get("details") or ""
        code = error.get("code")
        reason = " ".join(p for p in (text, detail) if p)
        return f"HTTP {status}: {reason}" + (f" (code {code})" if code is not None else "")
    except (ValueError, AttributeError):
        return f"HTTP {status}"


def send_whatsapp(delivery) -> Outcome:
    if not whatsapp_api_configured():
        return Outcome(DeliveryStatus.FAILED, reason="WhatsApp Cloud API is not configured.")
    notification = delivery.notification
    base = getattr(settings, "SINERGI_WHATSAPP_API_URL", "") or DEFAULT_API_URL
    url = f"{base.rstrip('/')}/{settings.SINERGI_WHATSAPP_PHONE_NUMBER_ID}/messages"
    payload = template_payload(delivery.address, notification.title, notification.body,
                               _full_url(notification.url) or "-")
    request = urllib.request.Request(  # noqa: S310 - the configured https API (a test's fake server)
        url, data=json.dumps(payload).encode(), method="POST",
        headers={"Authorization": f"Bearer {settings.SINERGI_WHATSAPP_TOKEN}",
                 "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            answer = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        reason = _error_reason(exc.read(), exc.code)
        if exc.code == 429 or exc.code >= 500:
            return Outcome(Outcome.RETRY, reason=reason)
        return Outcome(DeliveryStatus.FAILED, reason=reason)
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        return Outcome(Outcome.RETRY, reason=str(exc)[:500])
    except ValueError:
        return Outcome(DeliveryStatus.FAILED, reason="The WhatsApp API's answer is not JSON.")
    try:
        message_id = answer["messages"][0]["id"]
    except (KeyError, IndexError, TypeError):
        return Outcome(DeliveryStatus.FAILED, reason="The WhatsApp API's answer has no message id.")
    return Outcome(DeliveryStatus.SENT, message_id=str(message_id)[:200])


SENDERS = {Channel.EMAIL: send_email, Channel.WHATSAPP: send_whatsapp}
