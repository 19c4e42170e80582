"""Meeting pages: list, calendar, search, create/edit, agenda, materials, and the detail page
that gathers the sections of the other meeting modules (invitations, attendance, minutes and
decisions, follow-ups)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path

from sinergi.core.scope import Action, can, scoped
from sinergi.core.views import history_for
from sinergi.meetings import views_attendance, views_followups, views_invitations, views_minutes
from sinergi.meetings.models import Meeting

SECTIONS = (
    ("invitations", views_invitations.section),
    ("attendance", views_attendance.section),
    ("minutes", views_minutes.section),
    ("followups", views_followups.section),
)


def meeting_for(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Meeting:
    """The meeting `pk` if the user may see it (404 otherwise); PermissionDenied (403) when the
    user sees it but may not do `action`."""
    meeting = get_object_or_404(
        scoped(Meeting.objects.select_related("government__region", "organizer", "series", "chair",
                                              "chair_delegate", "signatory"),
               request.user, Action.VIEW),
        pk=pk)
    if action != Action.VIEW and not can(request.user, action, meeting):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return meeting


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    context = {
        "meeting": meeting,
        "object": meeting,
        "can_change": can(request.user, Action.CHANGE, meeting),
        "history": history_for(meeting),
    }
    for name, section in SECTIONS:
        context[name] = section(request, meeting)
    return render(request, "meetings/meeting_detail.html", context)


urlpatterns = [
    path("<int:pk>/", meeting_detail, name="meeting_detail"),
]
