"""Downloads of the official quarterly evaluation form (reports.evaluation_form): the Renja
of a unit (linked from the entry page) and the RKPD of a government (from the summary page),
as xlsx or PDF.

Scope: a unit or government outside the user's scope is 404; inside it, every role that can
see it may download (viewers included), and the form holds the activities the user can see.
Options: `?date=YYYY-MM-DD` (the signing date, default today in the government's time zone;
the signatory is who holds the position on that date) and `?place=` (default: the region's
name)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from sinergi.core.pdf import pdf_response
from sinergi.core.scope import scoped
from sinergi.core.spreadsheets import xlsx_response
from sinergi.planning.choices import QUARTERS
from sinergi.regions.models import Government, Unit
from sinergi.reports import evaluation_form
from sinergi.reports.evaluation_form import EvaluationForm

FORMATS = ("xlsx", "pdf")
MAX_PLACE = 80


def _check(year: int, quarter: int, fmt: str) -> None:
    if quarter not in QUARTERS or fmt not in FORMATS or not 2000 <= year <= 2100:
        raise Http404


def _options(request: HttpRequest) -> dict:
    """The signing date and place from the query string; ValueError when malformed."""
    raw_date = request.GET.get("date", "").strip()
    day = None
    if raw_date:
        try:
            day = parse_date(raw_date)
        except ValueError:
            day = None
        if day is None:
            raise ValueError(_("The date must be written as YYYY-MM-DD."))
    place = " ".join(request.GET.get("place", "").split())[:MAX_PLACE] or None
    return {"day": day, "place": place}


def _respond(form: EvaluationForm, fmt: str) -> HttpResponse:
    filename = f"{form.filename_stem}.{fmt}"
    if fmt == "xlsx":
        return xlsx_response(evaluation_form.write_xlsx(form), filename)
    return pdf_response(evaluation_form.render_form_pdf(form), filename)


@login_required
def renja_form(request: HttpRequest, unit_pk: int, year: int, quarter: int, fmt: str) -> HttpResponse:
    _check(year, quarter, fmt)
    unit = get_object_or_404(scoped(Unit.objects.select_related("government"), request.user), pk=unit_pk)
    try:
        options = _options(request)
    except ValueError as exc:
        return HttpResponseBadRequest(str(exc))
    form = evaluation_form.renja_form(unit, year, quarter, user=request.user, **options)
    return _respond(form, fmt)


@login_required
def rkpd_form(request: HttpRequest, government_pk: int, year: int, quarter: int, fmt: str) -> HttpResponse:
    _check(year, quarter, fmt)
    government = get_object_or_404(scoped(Government.objects.all(), request.user), pk=government_pk)
    try:
        options = _options(request)
    except ValueError as exc:
        return HttpResponseBadRequest(str(exc))
    form = evaluation_form.rkpd_form(government, year, quarter, user=request.user, **options)
    return _respond(form, fmt)
