"""The weekly digest page (`/reports/digest/?government=<id>`) and its one-page PDF
(`/reports/digest/pdf/?government=<id>`): reports.digest for the government, "Kirim lewat
WhatsApp" to the head of region (the official exercising the office today, with the digest
typed in) and the text to copy.

Who may read it: the government must be visible to the user (another government is a 404);
the administrator, the government's coordinators, unit heads and viewers read it (a leader's
summary of the whole government: unit operators get a 403). Without ?government= the only
visible government is chosen; with several the page asks to choose."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from sinergi.core.contacts import format_whatsapp, mobile_or_empty, whatsapp_link
from sinergi.core.params import read_pk
from sinergi.core.pdf import pdf_response
from sinergi.core.roles import Role
from sinergi.core.scope import scoped, user_scope
from sinergi.regions.models import Government
from sinergi.reports.digest import digest_for, digest_pdf, digest_text, head_of_region

READERS = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.VIEWER})


def may_read(user) -> bool:
    scope = user_scope(user)
    return scope.is_global or scope.role in READERS


def _governments(request: HttpRequest) -> list[Government]:
    return list(scoped(Government.objects.select_related("region__parent"), request.user).order_by("name"))


def _government(request: HttpRequest, governments: list[Government]) -> Government | None:
    """The chosen government (404 when it is not visible), or the only one, or None."""
    if "government" in request.GET:
        pk = read_pk(request.GET, "government")
        government = next((g for g in governments if g.pk == pk), None)
        if government is None:
            raise Http404
        return government
    return governments[0] if len(governments) == 1 else None


@login_required
def digest_page(request: HttpRequest) -> HttpResponse:
    governments = _governments(request)
    government = _government(request, governments)
    if not may_read(request.user):
        raise PermissionDenied
    context: dict = {"governments": governments, "government": government}
    if government is not None:
        digest = digest_for(government)
        base = getattr(settings, "SINERGI_BASE_URL", "") or request.build_absolute_uri("/")
        text = digest_text(digest, base=base)
        head = head_of_region(government, digest.today)
        number = mobile_or_empty(head.official.whatsapp_number) if head else ""
        context.update({
            "digest": digest,
            "text": text,
            "head": head,
            "head_number": format_whatsapp(number) if number else "",
            "head_link": whatsapp_link(number, text) if number else "",
        })
    return render(request, "reports/digest.html", context)


@login_required
def digest_pdf_view(request: HttpRequest) -> HttpResponse:
    governments = _governments(request)
    government = _government(request, governments)
    if not may_read(request.user):
        raise PermissionDenied
    if government is None:
        raise Http404
    digest = digest_for(government)
    return pdf_response(digest_pdf(digest), f"ringkasan-{government.pk}-{digest.week.key}.pdf")


urlpatterns = [
    path("digest/", digest_page, name="digest"),
    path("digest/pdf/", digest_pdf_view, name="digest_pdf"),
]
