"""Rate limits of public pages, counted per client address in Django's cache.

A count per (scope, client address, window): fixed windows of `window` seconds, the address
read by sinergi.core.clients (SINERGI_TRUSTED_PROXIES) and kept only as a keyed hash. Used by
the verification page of issued documents (documents.views.verify), whose lookups and uploads
need no record in the database.

The sign-in throttling is django-axes (accounts.throttling) and the QR check-in counts in the
database (meetings.attendance): both must hold across app servers. These limits hold per cache:
with the default local-memory cache (CACHES) each server process counts apart, so with N
processes a client gets at most N times the limit; a shared cache (Redis, Memcached, the
database cache) makes it one count for all.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from sinergi.core.clients import client_address


def _key(scope: str, address: str, bucket: int) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]
    return f"sinergi.throttle:{scope}:{digest}:{bucket}"


def throttled(request: HttpRequest, scope: str, limit: int, window: int) -> int:
    """Count one request of `scope` from the client's address. 0 when it is within `limit` in
    the current window of `window` seconds; otherwise the seconds until the window ends (for a
    Retry-After header), and the request must be refused."""
    window = max(int(window), 1)
    now = time.time()
    bucket = int(now // window)
    key = _key(scope, client_address(request) or "-", bucket)
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count <= limit:
        return 0
    return max(int((bucket + 1) * window - now), 1)
