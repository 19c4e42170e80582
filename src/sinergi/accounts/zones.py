"""Each user's own time zone (WIB, WITA or WIT): the zone of the government their units belong
to. Times on pages (history, audit log, notifications, sign-ins) are shown in it.

The zone is worked out once at sign-in and kept in the session, so pages ask no query for it;
`UserTimeZoneMiddleware` activates it for every request of the session."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import DatabaseError
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

SESSION_KEY = "sinergi_time_zone"


def zone_of(user) -> str:
    """The time zone of the user's first unit's government (by unit path, as the scope lists
    them); the server's zone for users without units (administrators)."""
    from sinergi.regions.models import Region, RegionLevel, Unit

    region_code = (
        Unit.objects.filter(scoped_users=user).order_by("path")
        .values_list("government__region_id", flat=True).first()
    )
    if region_code:
        province = region_code.split(".")[0]
        zone = (Region.objects.filter(code=province, level=RegionLevel.PROVINCE)
                .values_list("timezone", flat=True).first())
        if zone:
            return zone
    return settings.TIME_ZONE


@receiver(user_logged_in, dispatch_uid="sinergi-user-time-zone")
def remember_zone(sender, request: HttpRequest | None, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = zone_of(user)


class UserTimeZoneMiddleware:
    """Activates the signed-in user's zone (after AuthenticationMiddleware)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        zone = None
        session = getattr(request, "session", None)
        try:
            name = session.get(SESSION_KEY) if session is not None else None
        except DatabaseError:
            name = None  # the database is away: the view answers for it (/healthz, a 503 page)
        if name:
            try:
                zone = ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError, TypeError):
                zone = None
        if zone is not None:
            timezone.activate(zone)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
