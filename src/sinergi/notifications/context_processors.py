"""The bell in the navigation bar: the signed-in user's unread notifications, counted lazily
(one query, only when a page draws the bar)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

LIMIT = 100


@dataclass(frozen=True)
class Bell:
    count: int

    @property
    def label(self) -> str:
        return "99+" if self.count >= LIMIT else str(self.count)


def bell(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> Bell:
        from sinergi.notifications.services import unread_count

        return Bell(unread_count(user, LIMIT))

    return {"notification_bell": SimpleLazyObject(count)}
