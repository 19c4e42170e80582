"""The meeting brief (bahan rakor) download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from sinergi.core.pdf import pdf_response
from sinergi.core.scope import scoped
from sinergi.meetings.models import Meeting
from sinergi.reports.meeting_brief import brief_pdf


@login_required
def meeting_brief(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(scoped(Meeting.objects.select_related("government"), request.user), pk=pk)
    return pdf_response(brief_pdf(meeting, request.user), f"bahan-rapat-{meeting.pk}.pdf")


urlpatterns = [path("meetings/<int:pk>/brief.pdf", meeting_brief, name="meeting_brief")]
