"""The one lookup every meeting page starts from: the meeting if the user may see it (404
otherwise), PermissionDenied (403) when the user sees it but may not do `action`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from sinergi.core.scope import Action, can, scoped
from sinergi.meetings.models import Meeting

MEETING_QUERYSET = Meeting.objects.select_related(
    "government__region", "organizer", "series", "chair", "chair_delegate", "signatory",
    "report_source",  # a meeting recorded from a report: its headline and whether it is confirmed
).defer("report_source__text", "report_source__extracted", "report_source__confirmed")


def meeting_for(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Meeting:
    meeting = get_object_or_404(scoped(MEETING_QUERYSET, request.user, Action.VIEW), pk=pk)
    if action != Action.VIEW and not can(request.user, action, meeting):
        raise PermissionDenied
    return meeting
