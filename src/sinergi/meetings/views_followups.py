"""Meeting pages: followups. (Filled in by its owner; the detail page calls `section`.)"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sinergi.meetings.models import Meeting

urlpatterns: list = []


def section(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """Context for templates/meetings/_section_followups.html on the meeting's detail page."""
    return {}
