"""Pages of the cooperation registry: the list (with the derived status), an agreement with its
partners, documents (numbers per party), stages and the documents still missing, and the
registry workbook (template, export, all-or-nothing import)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.cooperation import followups as agreement_followups
from sinergi.cooperation import importers, rules
from sinergi.cooperation.choices import AgreementStatus, CooperationKind, DocumentKind
from sinergi.cooperation.forms import AgreementForm, DocumentForm, PartnerForm, RenewalForm, StageForm
from sinergi.cooperation.models import (
    Agreement,
    CooperationSettings,
    Document,
    DocumentNumber,
    Partner,
    StageReached,
    ThirdParty,
)
from sinergi.cooperation.services import (
    add_partner,
    may_write,
    renew,
    renewal_window,
    renewal_windows,
    set_renewal_window,
    status_of,
    visible_agreements,
)
from sinergi.core.forms import add_validation_error
from sinergi.core.params import is_id, read_int
from sinergi.core.scope import Action, can, scoped, user_scope
from sinergi.core.services import create_object, delete_object, update_object
from sinergi.core.spreadsheets import xlsx_response
from sinergi.core.views import actor_for, history_for
from sinergi.meetings import followups as meeting_followups
from sinergi.planning.models import ACTIVITY_MANAGERS
from sinergi.regions.models import Government, Unit
from sinergi.regions.views_files import MAX_ERRORS_SHOWN, ImportForm

PAGE_SIZE = 100
QUERYSET = (
    Agreement.objects.select_related("government", "coordinator", "object")
    .prefetch_related("partners__region", "partners__third_party", "responsible_units", "stages", "documents")
    .annotate(renewal_count=Count("renewals", distinct=True))
)


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    visible = visible_agreements(request.user).values("pk")
    agreements = QUERYSET.filter(pk__in=visible).order_by("end", "title")
    q = request.GET.get("q", "").strip()
    if q:
        # The title, the object, or a partner's name: "Banjarbaru" finds every agreement with it.
        matching = Agreement.objects.filter(
            Q(title__icontains=q)
            | Q(object_text__icontains=q)
            | Q(partners__region__name__icontains=q)
            | Q(partners__third_party__name__icontains=q)
            | Q(partners__foreign_name__icontains=q)
        )
        agreements = agreements.filter(pk__in=matching.values("pk"))
    kind = request.GET.get("kind", "")
    if kind in CooperationKind.values:
        agreements = agreements.filter(kind=kind)
    units = Unit.objects.filter(agreements__in=visible).distinct().order_by("government_id", "path")
    unit = request.GET.get("unit", "")
    if is_id(unit):
        agreements = agreements.filter(pk__in=Agreement.objects.filter(responsible_units=unit).values("pk"))
    listed = list(agreements[: PAGE_SIZE * 10])
    windows = renewal_windows({a.government_id for a in listed})
    rows = [(a, status_of(a, today, windows[a.government_id])) for a in listed]
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
            # Recording and importing: the roles that may write an agreement (a viewer reads).
            "can_record": user_scope(request.user).is_global
            or user_scope(request.user).role in ACTIVITY_MANAGERS,
            "rows": rows[:PAGE_SIZE],
            "total": len(rows),
            "q": q,
            "kind": kind,
            "unit": unit,
            "units": units,
            "status": wanted,
            "kinds": CooperationKind.choices,
            "statuses": AgreementStatus.choices,
            "counts": counts,
            "governments": governments,
        },
    )


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visible = visible_agreements(request.user).values("pk")
    agreement = get_object_or_404(QUERYSET.filter(pk__in=visible), pk=pk)
    today = timezone.localdate()
    window = renewal_window(agreement.government_id)
    stages = {s.stage: s.reached_on for s in agreement.stages.all()}
    stage = rules.current_stage(stages)
    on_file = {d.kind for d in agreement.documents.all() if d.file or d.signed_on}
    documents = (
        agreement.documents.select_related("parent")
        .prefetch_related("numbers", "signatories")
        .order_by("signed_on", "id")
    )
    return render(
        request,
        "cooperation/agreement_detail.html",
        {
            "agreement": agreement,
            "object": agreement,
            "status": status_of(agreement, today, window),
            "stage": stage,
            "checklist": rules.stage_checklist(stages, on_file, agreement.dprd_approval_required),
            "documents": documents,
            "missing": rules.missing_documents(stage, on_file, agreement.dprd_approval_required),
            "can_change": can(request.user, Action.CHANGE, agreement),
            "history": history_for(agreement),
            "renewal_from": rules.renewal_starts(agreement.end, window) if agreement.end else None,
            # The agreement it renews and its renewals, when the user may see them.
            "renews": (
                Agreement.objects.filter(pk=agreement.renews_id, pk__in=visible).first()
                if agreement.renews_id
                else None
            ),
            "renewals": agreement.renewals.filter(pk__in=visible),
            "stage_form": StageForm(),
            "document_form": DocumentForm(),
            "partner_form": PartnerForm(),
            "third_parties": ThirdParty.objects.filter(government=agreement.government).values_list(
                "name", flat=True
            ),
            "follow_ups": [
                (f, meeting_followups.is_overdue(f, meeting_followups.today_in(f.meeting.time_zone)))
                for f in agreement_followups.of_agreement(agreement)
            ],
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
    context["may_configure"] = can(request.user, Action.CHANGE, CooperationSettings(government=government))
    return render(
        request, "cooperation/dashboard.html", {"government": government, **context, "charts": True}
    )


urlpatterns.append(path("government/<int:government>/dashboard/", cooperation_dashboard, name="dashboard"))


@login_required
def renewal_settings(request: HttpRequest, government: int) -> HttpResponse:
    """The coordinator sets how many months before its end an agreement is flagged for renewal."""
    government = get_object_or_404(Government, pk=government)
    if request.method != "POST":
        return redirect("cooperation:dashboard", government=government.pk)
    if not can(request.user, Action.CHANGE, CooperationSettings(government=government)):
        raise PermissionDenied
    try:
        months = read_int(request.POST, "renewal_months", minimum=0, maximum=1000)
        set_renewal_window(actor_for(request), government, months)
    except BadRequest:
        messages.error(request, _("Give the number of months."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The renewal window was saved."))
    return redirect("cooperation:dashboard", government=government.pk)


urlpatterns.append(path("government/<int:government>/settings/", renewal_settings, name="renewal_settings"))


# ------------------------------------------------------------------------ writing by hand


def _form_page(request, form, agreement, government, status=200):
    return render(
        request,
        "cooperation/agreement_form.html",
        {"form": form, "agreement": agreement, "government": government},
        status=status,
    )


@login_required
def agreement_add(request: HttpRequest, government: int) -> HttpResponse:
    government = _government_for_import(request, government)
    form = AgreementForm(request.POST or None, user=request.user, government=government)
    if request.method == "POST" and form.is_valid():
        units = list(form.cleaned_data["responsible_units"])
        if not may_write(request.user, government, units):
            raise PermissionDenied
        try:
            agreement = create_object(
                actor_for(request), form.save(commit=False), m2m={"responsible_units": units}
            )
        except ValidationError as exc:
            return _form_page(request, form, None, government, add_validation_error(form, exc))
        return redirect(agreement.get_absolute_url())
    return _form_page(request, form, None, government)


@login_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(scoped(Agreement.objects.select_related("government"), request.user), pk=pk)
    if not can(request.user, Action.CHANGE, agreement):
        raise PermissionDenied
    form = AgreementForm(request.POST or None, instance=agreement, user=request.user)
    if request.method == "POST" and form.is_valid():
        units = list(form.cleaned_data["responsible_units"])
        if not may_write(request.user, agreement.government, units, agreement):
            raise PermissionDenied
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "responsible_units"}
        try:
            update_object(
                actor_for(request),
                Agreement.objects.get(pk=pk),
                changes,
                expected_version=form.cleaned_data.get("version"),
                m2m={"responsible_units": units},
            )
        except ValidationError as exc:
            return _form_page(request, form, agreement, agreement.government, add_validation_error(form, exc))
        return redirect(agreement.get_absolute_url())
    return _form_page(request, form, agreement, agreement.government)


@login_required
def stage_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(scoped(Agreement.objects.all(), request.user, Action.CHANGE), pk=pk)
    form = StageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            create_object(actor_for(request), StageReached(agreement=agreement, **form.cleaned_data))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(agreement.get_absolute_url())


@login_required
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(
        scoped(Agreement.objects.select_related("government"), request.user, Action.CHANGE), pk=pk
    )
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parent = None
        if data["kind"] == DocumentKind.PKS:
            parent = agreement.documents.filter(kind=DocumentKind.MOU).order_by("id").first()
        elif data["kind"] == DocumentKind.ADDENDUM:
            parent = (
                agreement.documents.filter(kind__in=(DocumentKind.PKS, DocumentKind.MOU))
                .order_by("-id")
                .first()
            )
        try:
            with transaction.atomic():
                document = Document(
                    agreement=agreement,
                    kind=data["kind"],
                    title=data["title"],
                    signed_on=data["signed_on"],
                    parent=parent,
                )
                if data["file"]:
                    document.file = data["file"]
                document = create_object(actor_for(request), document)
                partners = "; ".join(str(p) for p in agreement.partners.all()) or "Mitra"
                for party, number, own in (
                    (agreement.government.name, data["own_number"], True),
                    (partners, data["partner_number"], False),
                ):
                    if number:
                        create_object(
                            actor_for(request),
                            DocumentNumber(document=document, party=party[:250], number=number, is_own=own),
                        )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(agreement.get_absolute_url())


@login_required
def partner_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(
        scoped(Agreement.objects.select_related("government"), request.user, Action.CHANGE), pk=pk
    )
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_partner(actor_for(request), agreement, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The partner was added."))
    return redirect(agreement.get_absolute_url() + "#partners")


@login_required
def partner_remove(request: HttpRequest, pk: int, partner: int) -> HttpResponse:
    agreement = get_object_or_404(scoped(Agreement.objects.all(), request.user, Action.CHANGE), pk=pk)
    if request.method == "POST":
        delete_object(actor_for(request), get_object_or_404(Partner, agreement=agreement, pk=partner))
    return redirect(agreement.get_absolute_url() + "#partners")


@login_required
def agreement_renew(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the renewal: a new agreement with the same parties, in force from the new dates."""
    agreement = get_object_or_404(
        scoped(Agreement.objects.select_related("government"), request.user, Action.CHANGE), pk=pk
    )
    initial = {"title": agreement.title}
    if agreement.start and agreement.end:
        initial["start"] = agreement.end + dt.timedelta(days=1)
        initial["end"] = initial["start"] + (agreement.end - agreement.start)
    form = RenewalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            renewal = renew(actor_for(request), agreement, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("The renewal was recorded."))
            return redirect(renewal.get_absolute_url())
    return render(
        request,
        "cooperation/agreement_renew.html",
        {"agreement": agreement, "form": form},
        status=400 if form.errors else 200,
    )


urlpatterns += [
    path("<int:pk>/renew/", agreement_renew, name="agreement_renew"),
    path("<int:pk>/partners/", partner_add, name="partner_add"),
    path("<int:pk>/partners/<int:partner>/remove/", partner_remove, name="partner_remove"),
    path("government/<int:government>/add/", agreement_add, name="agreement_add"),
    path("<int:pk>/edit/", agreement_edit, name="agreement_edit"),
    path("<int:pk>/stages/", stage_add, name="stage_add"),
    path("<int:pk>/documents/", document_add, name="document_add"),
]
