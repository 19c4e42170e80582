"""xlsx download, template and import pages for units and officials (thin: the work is done by
regions.exporters and regions.importers)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from sinergi.core.scope import Action, can, scoped
from sinergi.core.spreadsheets import xlsx_response
from sinergi.regions import exporters, filtersets, importers
from sinergi.regions.models import Official, Unit

MAX_ERRORS_SHOWN = 1000


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   "class": "form-control"}
        ),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Only check the file, save nothing"), required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class ExportView(LoginRequiredMixin, View):
    """Everything of `model` the user may see (narrowed by the list's filters when given)."""

    model = None
    filterset_class = None
    export = None
    name = ""

    def get(self, request):
        queryset = scoped(self.model._default_manager.all(), request.user)
        if self.filterset_class is not None and request.GET:
            filterset = self.filterset_class(request.GET, queryset=queryset, request=request)
            queryset = filterset.qs if filterset.is_valid() else queryset.none()
        data = self.export(request.user, queryset)
        return xlsx_response(data, f"{self.name}-{timezone.localdate():%Y%m%d}.xlsx")


class TemplateDownloadView(LoginRequiredMixin, View):
    template = None
    name = ""

    def get(self, request):
        return xlsx_response(self.template(), f"template-{self.name}.xlsx")


class ImportView(LoginRequiredMixin, View):
    """Upload form; on POST, all-or-nothing import with every error or a summary."""

    model = None
    importer = None
    list_url = ""
    template_url = ""
    heading = ""
    template_name = "regions/import.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can(request.user, Action.ADD, self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, form, result=None, status=200):
        errors = result.row_errors if result is not None else []
        context = {
            "form": form,
            "result": result,
            "row_errors": errors[:MAX_ERRORS_SHOWN],
            "errors_hidden": max(0, len(errors) - MAX_ERRORS_SHOWN),
            "heading": self.heading,
            "list_url": reverse(self.list_url),
            "template_url": reverse(self.template_url),
            "max_upload_mb": settings.SINERGI_MAX_UPLOAD_BYTES / (1024 * 1024),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render(ImportForm())

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form, status=400)
        upload = form.cleaned_data["file"]
        limit = settings.SINERGI_MAX_UPLOAD_BYTES
        if upload.size > limit:
            result = importers.ImportResult.refused(
                _("The file is too big (%(size).1f MB); the limit is %(limit).1f MB.")
                % {"size": upload.size / (1024 * 1024), "limit": limit / (1024 * 1024)}
            )
        else:
            result = self.importer(upload.read(), request.user, dry_run=form.cleaned_data["dry_run"])
        return self.render(form, result)


# ---------------------------------------------------------------------------- units


class UnitExportView(ExportView):
    model = Unit
    filterset_class = filtersets.UnitFilterSet
    export = staticmethod(exporters.export_units)
    name = "unit"


class UnitTemplateView(TemplateDownloadView):
    template = staticmethod(exporters.unit_template)
    name = "unit"


class UnitImportView(ImportView):
    model = Unit
    importer = staticmethod(importers.import_units)
    list_url = "regions:unit_list"
    template_url = "regions:unit_template"
    heading = gettext_lazy("Import units")


# ---------------------------------------------------------------------------- officials


class OfficialExportView(ExportView):
    model = Official
    filterset_class = filtersets.OfficialFilterSet
    export = staticmethod(exporters.export_officials)
    name = "pejabat"


class OfficialTemplateView(TemplateDownloadView):
    template = staticmethod(exporters.official_template)
    name = "pejabat"


class OfficialImportView(ImportView):
    model = Official
    importer = staticmethod(importers.import_officials)
    list_url = "regions:official_list"
    template_url = "regions:official_template"
    heading = gettext_lazy("Import officials")
