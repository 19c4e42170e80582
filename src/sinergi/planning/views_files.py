"""Pages for the annual plan workbook (download, upload) and the nomenclature upload (thin: the
work is done by planning.spreadsheets and planning.importers).

Who may: the plan pages are for the roles that plan activities (planning.models.ACTIVITY_MANAGERS)
with at least one unit of the government in their write scope; a government the user cannot see
is 404, one the user sees but cannot plan in is 403. The nomenclature upload is for
administrators (who may add nomenclature items)."""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from sinergi.core.models import AuditSource
from sinergi.core.params import is_id
from sinergi.core.scope import Action, can, scoped
from sinergi.core.services import Actor
from sinergi.core.spreadsheets import RowError, write_workbook, xlsx_response
from sinergi.planning import importers, lifecycle, spreadsheets
from sinergi.planning.forms import plannable_units
from sinergi.planning.models import NomenclatureItem
from sinergi.planning.services import read_shipped
from sinergi.regions.importers import ImportResult
from sinergi.regions.models import Government, Unit
from sinergi.regions.views_files import MAX_ERRORS_SHOWN, ImportForm

MIN_YEAR, MAX_YEAR = 2000, 2100


def _too_big(upload) -> str | None:
    limit = settings.SINERGI_MAX_UPLOAD_BYTES
    if upload.size <= limit:
        return None
    return _("The file is too big (%(size).1f MB); the limit is %(limit).1f MB.") % {
        "size": upload.size / (1024 * 1024), "limit": limit / (1024 * 1024)}


def _page_context(form, result, **extra) -> dict:
    errors = result.row_errors if result is not None else []
    return {
        "form": form, "result": result, "row_errors": errors[:MAX_ERRORS_SHOWN],
        "errors_hidden": max(0, len(errors) - MAX_ERRORS_SHOWN),
        "max_upload_mb": settings.SINERGI_MAX_UPLOAD_BYTES / (1024 * 1024), **extra,
    }


# ---------------------------------------------------------------------------- annual plan


def _plannable_governments(user):
    return Government.objects.filter(
        pk__in=plannable_units(user).values("government_id")).order_by("name")


class PlanStartView(LoginRequiredMixin, View):
    """`plan/?government=<pk>&year=<yyyy>`: to the plan page of that government and year (by
    default the first government the user plans for and the current year)."""

    def get(self, request):
        governments = _plannable_governments(request.user)
        wanted = request.GET.get("government", "")
        government = governments.filter(pk=wanted).first() if is_id(wanted) else None
        government = government or governments.first()
        if government is None:
            raise PermissionDenied
        year = request.GET.get("year", "")
        if not (is_id(year) and MIN_YEAR <= int(year) <= MAX_YEAR):
            year = timezone.localdate().year
        return redirect("planning:plan_import", government=government.pk, year=int(year))


class PlanMixin(LoginRequiredMixin):
    """Resolves the government (404 when invisible) and year, and refuses (403) users who may
    not plan there."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.government = get_object_or_404(
            scoped(Government.objects.select_related("region"), request.user), pk=kwargs["government"])
        self.year = kwargs["year"]
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise Http404
        self.units = plannable_units(request.user).filter(government=self.government).order_by("code")
        if not self.units.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PlanExportView(PlanMixin, View):
    """The plan as xlsx (`?unit=<pk>`: that unit and its sub-units); with no activities it is
    the empty template."""

    def get(self, request, government: int, year: int) -> HttpResponse:
        unit = None
        if request.GET.get("unit"):
            unit_id = request.GET["unit"]
            if not is_id(unit_id):
                raise Http404
            unit = get_object_or_404(scoped(Unit.objects.filter(government=self.government), request.user),
                                     pk=unit_id)
        data = spreadsheets.export_plan(request.user, self.government, self.year, unit)
        name = f"renja-{self.government.region_id}-{self.year}"
        if unit is not None:
            name += f"-{unit.code}"
        return xlsx_response(data, f"{name}.xlsx")


class PlanImportView(PlanMixin, View):
    """Download links and the upload form of one government's plan for one year; on POST the
    all-or-nothing import with every error or a summary."""

    template_name = "planning/import.html"

    def render(self, form, result=None, status=200):
        export_url = reverse("planning:plan_export", args=[self.government.pk, self.year])
        context = _page_context(
            form, result,
            heading=_("Plan (Renja) %(government)s %(year)d") % {"government": self.government,
                                                                 "year": self.year},
            intro=_("Download the plan as an Excel workbook, edit it (or fill the empty template) "
                    "and upload it here. Activities, quarterly targets, indicators, milestones and "
                    "priorities are created and updated; nothing is deleted."),
            list_url=reverse("planning:activity_list") + f"?government={self.government.pk}&year={self.year}",
            export_url=export_url, units=self.units, government=self.government, year=self.year,
            governments=_plannable_governments(self.request.user),
            start_url=reverse("planning:plan_start"),
            plan_url=reverse("planning:plan_detail", args=[self.government.pk, self.year]),
            plan_state=lifecycle.status_of(self.government.pk, self.year),
        )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, government: int, year: int):
        return self.render(ImportForm())

    def post(self, request, government: int, year: int):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form, status=400)
        upload = form.cleaned_data["file"]
        reason = _too_big(upload)
        if reason:
            result = spreadsheets.PlanImportResult.refused(reason)
        else:
            result = spreadsheets.import_plan(
                upload.read(), Actor(request.user, AuditSource.IMPORT), self.government, self.year,
                dry_run=form.cleaned_data["dry_run"])
        return self.render(form, result)


# ---------------------------------------------------------------------------- nomenclature


class NomenclatureSummary:
    """The nomenclature importer's result with the plan page's summary shape."""

    def __init__(self, result: ImportResult, sheet: str = "") -> None:
        self.result = result
        self.errors = [replace(e, sheet=e.sheet or sheet) if e.row is not None else e
                       for e in result.errors]
        self.applied = result.applied

    @property
    def file_errors(self) -> list[RowError]:
        return [e for e in self.errors if e.row is None]

    @property
    def row_errors(self) -> list[RowError]:
        return [e for e in self.errors if e.row is not None]

    @property
    def summary(self):
        return [(_("Nomenclature items"), self.result)]


class NomenclatureImportForm(ImportForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = gettext_lazy("CSV or Excel file (.csv, .xlsx)")
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx,text/csv"


class NomenclatureImportView(LoginRequiredMixin, View):
    template_name = "planning/import.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can(request.user, Action.ADD, NomenclatureItem):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, form, result=None, status=200):
        context = _page_context(
            form, result, heading=_("Import the nomenclature"), section="nomenclature",
            intro=_("Upload the planning nomenclature (urusan, bidang urusan, program, kegiatan, sub "
                    "kegiatan) as CSV or Excel with two columns, kode and nama (or code and name); the "
                    "level and parent follow from each code. Items missing from the file are kept. "
                    "Importing the same file again changes nothing."),
            list_url=reverse("planning:nomenclature_list"),
            template_url=reverse("planning:nomenclature_template"),
            sample_url=reverse("planning:nomenclature_template") + "?format=csv",
        )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render(NomenclatureImportForm())

    def post(self, request):
        form = NomenclatureImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form, status=400)
        upload = form.cleaned_data["file"]
        reason = _too_big(upload)
        if reason:
            result = ImportResult.refused(reason)
            data = b""
        else:
            data = upload.read()
            result = importers.import_nomenclature(
                data, Actor(request.user, AuditSource.IMPORT), dry_run=form.cleaned_data["dry_run"])
        sheet = "Nomenklatur" if data[:2] == b"PK" else ""
        return self.render(form, NomenclatureSummary(result, sheet))


class NomenclatureTemplateView(LoginRequiredMixin, View):
    """The upload template with the shipped sample rows: xlsx, or `?format=csv` the sample CSV."""

    def get(self, request):
        sample = read_shipped("nomenclature_sample.csv")
        if request.GET.get("format") == "csv":
            response = HttpResponse(sample.encode("utf-8"), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="nomenklatur-contoh.csv"'
            return response
        import csv

        lines = [line for line in sample.splitlines() if line.strip() and not line.startswith("#")]
        rows = [{"code": r["code"], "name": r["name"]} for r in csv.DictReader(lines)]
        book = replace(importers.NOMENCLATURE_BOOK_ID, instructions=[
            _("One row per item: its code (U.BB.PP.L.KK.SSSS or a leading part) and its name. "
              "The rows below are an illustrative sample, not the official catalogue."),
        ])
        return xlsx_response(write_workbook(book, {"Nomenklatur": rows}), "template-nomenklatur.xlsx")
