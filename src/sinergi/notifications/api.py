"""API v1 of the notification centre: the caller's own notifications (another user's are a
404), marking read, and the caller's preferences.
No `from __future__ import annotations` here: Ninja reads these annotations at run time."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from sinergi.api.crud import ERRORS, Pagination, api_user
from sinergi.notifications import services
from sinergi.notifications.choices import Kind
from sinergi.notifications.models import Notification

router = Router(tags=["notifications"])


class DeliveryOut(Schema):
    channel: str
    status: str
    reason: str
    attempts: int
    sent_at: dt.datetime | None


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    government: int | None = Field(None, alias="government_id")
    created_at: dt.datetime
    read_at: dt.datetime | None
    deliveries: list[DeliveryOut]

    @staticmethod
    def resolve_deliveries(obj):
        return list(obj.deliveries.all())


class NotificationFilters(Schema):
    unread: bool | None = Field(None, description="true: only unread; false: only read.")
    kind: Kind | None = None


class ReadAllOut(Schema):
    marked: int


class PreferencesIO(Schema):
    email: list[Kind] = Field(description="The kinds sent by email.")
    whatsapp: list[Kind] = Field(description="The kinds sent by WhatsApp (when the Cloud API is configured).")
    quiet_start: dt.time | None = Field(
        None, description="Quiet hours start (local time of the user's government).")
    quiet_end: dt.time | None = None


def _own(request):
    return Notification.objects.filter(recipient=api_user(request)).prefetch_related("deliveries")


@router.get("/notifications", response=list[NotificationOut], operation_id="notifications_list")
@paginate(Pagination)
def list_notifications(request, filters: Query[NotificationFilters]):
    """The caller's notifications, newest first."""
    rows = _own(request)
    if filters.unread is not None:
        rows = rows.filter(read_at__isnull=filters.unread)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    return rows


@router.post("/notifications/read-all", response={200: ReadAllOut, **ERRORS},
             operation_id="notifications_read_all")
def read_all(request):
    return {"marked": services.mark_all_read(api_user(request))}


@router.post("/notifications/{pk}/read", response={200: NotificationOut, **ERRORS},
             operation_id="notifications_read")
def read_one(request, pk: int):
    if not services.mark_read(api_user(request), pk):
        raise Http404
    return _own(request).get(pk=pk)


def _preferences_out(preference) -> dict:
    return {"email": sorted(preference.email_kinds), "whatsapp": sorted(preference.whatsapp_kinds),
            "quiet_start": preference.quiet_start, "quiet_end": preference.quiet_end}


@router.get("/me/notification-preferences", response={200: PreferencesIO, **ERRORS},
            operation_id="notification_preferences_read")
def read_preferences(request):
    return _preferences_out(services.preference_for(api_user(request)))


@router.put("/me/notification-preferences", response={200: PreferencesIO, **ERRORS},
            operation_id="notification_preferences_replace")
def replace_preferences(request, payload: PreferencesIO):
    if (payload.quiet_start is None) != (payload.quiet_end is None):
        raise ValidationError({"quiet_end": ["Give both ends of the quiet hours, or neither."]})
    preference = services.save_preference(
        api_user(request), email_kinds=[k.value for k in payload.email],
        whatsapp_kinds=[k.value for k in payload.whatsapp],
        quiet_start=payload.quiet_start, quiet_end=payload.quiet_end)
    return _preferences_out(preference)



