"""Pages of the cooperation registry: the list (with the derived status), an agreement with its
partners, documents (numbers per party), stages and the documents still missing, and the
registry workbook (template, export, all-or-nothing import)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone

from sinergi.cooperation import importers, rules
from sinergi.cooperation.choices import AgreementStatus, CooperationKind
from sinergi.cooperation.models import Agreement
from sinergi.cooperation.services import may_write, status_of, visible_agreements
from sinergi.core.scope import Action, can, scoped
from sinergi.core.spreadsheets import xlsx_response
from sinergi.core.views import actor_for, history_for
from sinergi.regions.models import Government, Unit
from sinergi.regions.views_files import MAX_ERRORS_SHOWN, ImportForm

PAGE_SIZE = 100
QUERYSET = (
    Agreement.objects.select_related("government", "coordinator")
    .prefetch_related("partners__region", "partners__third_party", "responsible_units", "stages", "documents")
    .annotate(renewal_count=Count("renewals", distinct=True))
)


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    agreements = QUERYSET.filter(pk__in=visible_agreements(request.user).values("pk")).order_by(
        "end", "title"
    )
    q = request.GET.get("q", "").strip()
    if q:
        agreements = agreements.filter(title__icontains=q)
    kind = request.GET.get("kind", "")
    if kind in CooperationKind.values:
        agreements = agreements.filter(kind=kind)
    rows = [(a, status_of(a, today)) for a in agreements[: PAGE_SIZE * 10]]
    wanted = request.GET.get("status", "")
    if wanted in AgreementStatus.values:
        rows = [(a, s) for a, s in rows if s == wanted]
    counts = {status: sum(1 for _a, s in rows if s == status) for status in AgreementStatus}
    governments = Government.objects.filter(
        pk__in=scoped(Unit.objects.all(), request.user).values("government_id")
    ).order_by("name")
    return render(
        request,
        "cooperation/agreement_list.html",
        {
            "rows": rows[:PAGE_SIZE],
            "total": len(rows),
            "q": q,
            "kind": kind,
            "status": wanted,
            "kinds": CooperationKind.choices,
            "statuses": AgreementStatus.choices,
            "counts": counts,
            "governments": governments,
        },
    )


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(
        QUERYSET.filter(pk__in=visible_agreements(request.user).values("pk")), pk=pk
    )
    today = timezone.localdate()
    stages = {s.stage: s.reached_on for s in agreement.stages.all()}
    stage = rules.current_stage(stages)
    on_file = {d.kind for d in agreement.documents.all() if d.file or d.signed_on}
    documents = agreement.documents.prefetch_related("numbers", "signatories").order_by("signed_on", "id")
    return render(
        request,
        "cooperation/agreement_detail.html",
        {
            "agreement": agreement,
            "object": agreement,
            "status": status_of(agreement, today),
            "stage": stage,
            "stages": agreement.stages.all(),
            "documents": documents,
            "missing": rules.missing_documents(stage, on_file, agreement.dprd_approval_required),
            "can_change": can(request.user, Action.CHANGE, agreement),
            "history": history_for(agreement),
            "renewal_from": rules.renewal_starts(agreement.end) if agreement.end else None,
        },
    )


def _government_for_import(request: HttpRequest, pk: int) -> Government:
    government = get_object_or_404(
        Government.objects.filter(pk__in=scoped(Unit.objects.all(), request.user).values("government_id")),
        pk=pk,
    )
    units = list(scoped(Unit.objects.filter(government=government), request.user, Action.VIEW))
    if not any(may_write(request.user, government, [unit]) for unit in units):
        raise PermissionDenied
    return government


@login_required
def registry_import(request: HttpRequest, government: int) -> HttpResponse:
    government = _government_for_import(request, government)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = importers.import_registry(
            form.cleaned_data["file"].read(),
            actor_for(request),
            government,
            dry_run=form.cleaned_data["dry_run"],
        )
    errors = result.row_errors if result is not None else []
    return render(
        request,
        "cooperation/import.html",
        {
            "form": form,
            "result": result,
            "government": government,
            "row_errors": errors[:MAX_ERRORS_SHOWN],
            "errors_hidden": max(0, len(errors) - MAX_ERRORS_SHOWN),
        },
        status=400 if result is not None and not result.ok else 200,
    )


@login_required
def registry_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(importers.template(), "kerja-sama-template.xlsx")


@login_required
def registry_export(request: HttpRequest, government: int) -> HttpResponse:
    government = get_object_or_404(
        Government.objects.filter(pk__in=scoped(Unit.objects.all(), request.user).values("government_id")),
        pk=government,
    )
    agreements = scoped(Agreement.objects.filter(government=government), request.user)
    return xlsx_response(importers.export_registry(agreements), f"kerja-sama-{government.region_id}.xlsx")


urlpatterns = [
    path("", agreement_list, name="agreement_list"),
    path("<int:pk>/", agreement_detail, name="agreement_detail"),
    path("template.xlsx", registry_template, name="registry_template"),
    path("government/<int:government>/import/", registry_import, name="registry_import"),
    path("government/<int:government>/export.xlsx", registry_export, name="registry_export"),
]


@login_required
def cooperation_dashboard(request: HttpRequest, government: int) -> HttpResponse:
    from sinergi.cooperation.dashboard import dashboard

    government = get_object_or_404(
        Government.objects.filter(pk__in=scoped(Unit.objects.all(), request.user).values("government_id")),
        pk=government,
    )
    agreements = Agreement.objects.filter(
        government=government, pk__in=visible_agreements(request.user).values("pk")
    )
    context = dashboard(government, agreements, timezone.localdate())
    return render(
        request, "cooperation/dashboard.html", {"government": government, **context, "charts": True}
    )


urlpatterns.append(path("government/<int:government>/dashboard/", cooperation_dashboard, name="dashboard"))
