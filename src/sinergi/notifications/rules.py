"""Pure rules of the notifications app (no database): quiet hours in the recipient's zone, the
links a notification may carry, WhatsApp template text and the webhook signature."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from zoneinfo import ZoneInfo


def held_until(now: dt.datetime, zone: str, start: dt.time | None, end: dt.time | None) -> dt.datetime | None:
    """When quiet hours `start`–`end` (wall-clock times in `zone`: WIB, WITA or WIT) hold a
    delivery made at `now`: the end of the quiet hours as an aware datetime, else None (send
    now). Quiet hours may span midnight (22:00–06:00); equal or missing times mean none."""
    if start is None or end is None or start == end:
        return None
    tz = ZoneInfo(zone)
    local = now.astimezone(tz)
    time = local.time().replace(tzinfo=None)
    quiet = start <= time < end if start < end else (time >= start or time < end)
    if not quiet:
        return None
    day = local.date() if time < end else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, end, tzinfo=tz)


def is_internal_link(url: str) -> bool:
    """A link within Sinergi: a path (`/monitoring/…`), never another site (`//evil`, `https:`)."""
    return url == "" or (url.startswith("/") and not url.startswith("//") and "\\" not in url
                         and url.isprintable())


SPACES = re.compile(r"\s+")
TEMPLATE_TEXT_LIMIT = 1000


def template_text(text: str) -> str:
    """Text for a WhatsApp template parameter: the Cloud API refuses newlines, tabs and more than
    four spaces in a row, and long parameters."""
    text = SPACES.sub(" ", text or "").strip() or "-"
    return text if len(text) <= TEMPLATE_TEXT_LIMIT else text[: TEMPLATE_TEXT_LIMIT - 1] + "…"


def signature_valid(secret: str, body: bytes, header: str | None) -> bool:
    """The webhook's `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app
    secret>`, compared in constant time. No secret configured: nothing is believed."""
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256=").strip().lower())
