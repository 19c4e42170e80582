"""Download and upload of a unit's quarterly realization as xlsx (thin: the work is done by
monitoring.spreadsheets).

Who: the download is for everyone who may see the unit (out-of-scope units are 404); the import
page for those who may enter the unit's realization (unit writers with the unit in their scope,
else 403). Both cover the unit's sub-units like the entry page, unless `?subunits=0`."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.core.models import AuditSource
from sinergi.core.services import Actor
from sinergi.core.spreadsheets import xlsx_response
from sinergi.monitoring import rules, spreadsheets
from sinergi.monitoring.views import _can_write_in, _role, _unit_quarter, _with_subunits
from sinergi.regions.views_files import MAX_ERRORS_SHOWN
from sinergi.regions.views_files import ImportForm as BaseImportForm


class ImportForm(BaseImportForm):
    submit = forms.BooleanField(
        label=gettext_lazy("Submit the realizations after the import (the period must be open)"),
        required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


def _suffix(subunits: bool) -> str:
    return "" if subunits else "?subunits=0"


@login_required
def realization_download(request: HttpRequest, unit_pk: int, year: int, quarter: int) -> HttpResponse:
    unit = _unit_quarter(request, unit_pk, year, quarter)
    data = spreadsheets.export_realization(request.user, unit, year, quarter, _with_subunits(request))
    return xlsx_response(data, spreadsheets.filename(unit, year, quarter))


@login_required
def realization_import(request: HttpRequest, unit_pk: int, year: int, quarter: int) -> HttpResponse:
    unit = _unit_quarter(request, unit_pk, year, quarter)
    if not (_can_write_in(request.user, unit) and _role(request) in rules.UNIT_WRITERS):
        raise PermissionDenied
    subunits = _with_subunits(request)
    result, status = None, 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            status = 400
        else:
            upload = form.cleaned_data["file"]
            limit = settings.SINERGI_MAX_UPLOAD_BYTES
            if upload.size > limit:
                result = spreadsheets.ImportResult.refused(
                    _("The file is too big (%(size).1f MB); the limit is %(limit).1f MB.")
                    % {"size": upload.size / (1024 * 1024), "limit": limit / (1024 * 1024)})
            else:
                result = spreadsheets.import_realization(
                    upload.read(), Actor(request.user, AuditSource.IMPORT), unit, year, quarter,
                    subunits=subunits,
                    submit=form.cleaned_data["submit"], dry_run=form.cleaned_data["dry_run"])
    else:
        form = ImportForm()
    errors = result.row_errors if result is not None else []
    suffix = _suffix(subunits)
    return render(request, "monitoring/import.html", {
        "form": form, "result": result, "unit": unit, "year": year, "quarter": quarter,
        "quarter_label": rules.quarter_label(quarter),
        "row_errors": errors[:MAX_ERRORS_SHOWN],
        "errors_hidden": max(0, len(errors) - MAX_ERRORS_SHOWN),
        "download_url": reverse("monitoring:realization_download", args=[unit.pk, year, quarter]) + suffix,
        "entry_url": reverse("monitoring:entry", args=[unit.pk, year, quarter]) + suffix,
        "max_upload_mb": settings.SINERGI_MAX_UPLOAD_BYTES / (1024 * 1024),
    }, status=status)
