"""The plan of a government's year as a whole (planning.lifecycle): its status (draft, adopted,
under revision), its versions with what each changed, and the steps: adopt the DPA, open a
revision, adopt or cancel it. Seen by whoever sees the government; the steps by those who may manage the
plan (coordinators, Bappeda)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.core.forms import add_validation_error
from sinergi.core.scope import scoped
from sinergi.core.services import StaleEditError
from sinergi.core.views import actor_for
from sinergi.planning import lifecycle
from sinergi.planning.choices import PlanStatus, RevisionStatus
from sinergi.planning.forms import PlanAdoptForm, RevisionCancelForm, RevisionStartForm
from sinergi.planning.models import Activity, PlanRevision
from sinergi.regions.models import Government

MIN_YEAR, MAX_YEAR = 2000, 2100


def _government(request: HttpRequest, government: int, year: int) -> Government:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    return get_object_or_404(scoped(Government.objects.all(), request.user), pk=government)


def _context(request, government: Government, year: int, **extra) -> dict:
    plan = lifecycle.plan_of(government.pk, year)
    revisions = (list(plan.revisions.select_related("adopted_by", "started_by", "cancelled_by"))
                 if plan else [])
    open_revision = next((r for r in revisions if r.status == RevisionStatus.OPEN), None)
    pending = lifecycle.revision_diff(open_revision) if open_revision else None
    return {
        "government": government, "year": year, "plan": plan,
        "status": plan.status if plan else PlanStatus.DRAFT,
        "status_label": (plan.get_status_display() if plan else PlanStatus.DRAFT.label),
        "revisions": revisions, "open_revision": open_revision, "pending": pending,
        "may_manage": lifecycle.may_manage(request.user, government.pk),
        "n_activities": Activity.objects.filter(government=government, year=year).count(),
        "adopt_form": PlanAdoptForm(), "revision_form": RevisionStartForm(),
        "cancel_form": RevisionCancelForm(),
        **extra,
    }


def _managed_government(request: HttpRequest, government: int, year: int) -> Government:
    """The government (404 when out of sight) whose plan the user may adopt and revise (403)."""
    gov = _government(request, government, year)
    if not lifecycle.may_manage(request.user, gov.pk):
        raise PermissionDenied
    return gov


@login_required
def plan_detail(request: HttpRequest, government: int, year: int) -> HttpResponse:
    gov = _government(request, government, year)
    return render(request, "planning/plan_detail.html", _context(request, gov, year))


def _failed(request, gov, year, exc, **forms) -> HttpResponse:
    if isinstance(exc, PermissionDenied):
        raise exc
    if isinstance(exc, StaleEditError):
        messages.error(request, _("Someone changed the plan meanwhile: look at it again."))
        return redirect("planning:plan_detail", government=gov.pk, year=year)
    form = next(iter(forms.values()))
    add_validation_error(form, exc)  # refused: the reason on the form, nothing changed
    return render(request, "planning/plan_detail.html", _context(request, gov, year, **forms), status=400)


@login_required
@require_POST
def plan_adopt(request: HttpRequest, government: int, year: int) -> HttpResponse:
    """Adopt the draft (DPA) or, when a revision is open, adopt the revision."""
    gov = _managed_government(request, government, year)
    form = PlanAdoptForm(request.POST)
    if not form.is_valid():
        return render(request, "planning/plan_detail.html",
                      _context(request, gov, year, adopt_form=form), status=400)
    data = form.cleaned_data
    plan = lifecycle.plan_of(gov.pk, year)
    try:
        if plan is not None and plan.status == PlanStatus.REVISING:
            revision = lifecycle.adopt_revision(actor_for(request), plan, reference=data["reference"] or None,
                                                decided_on=data["decided_on"])
        else:
            revision = lifecycle.adopt(actor_for(request), gov, year, reference=data["reference"],
                                       decided_on=data["decided_on"])
    except (ValidationError, PermissionDenied, StaleEditError) as exc:
        return _failed(request, gov, year, exc, adopt_form=form)
    messages.success(request, _("%(revision)s of the %(year)s plan adopted: the plan is locked.")
                     % {"revision": revision, "year": year})
    return redirect("planning:plan_detail", government=gov.pk, year=year)


@login_required
@require_POST
def revision_start(request: HttpRequest, government: int, year: int) -> HttpResponse:
    gov = _managed_government(request, government, year)
    plan = lifecycle.plan_of(gov.pk, year)
    form = RevisionStartForm(request.POST)
    if plan is None or not form.is_valid():
        if plan is None:
            form.add_error(None, _("Only an adopted plan can be revised (one revision at a time)."))
        return render(request, "planning/plan_detail.html",
                      _context(request, gov, year, revision_form=form), status=400)
    try:
        revision = lifecycle.start_revision(actor_for(request), plan, **form.cleaned_data)
    except (ValidationError, PermissionDenied, StaleEditError) as exc:
        return _failed(request, gov, year, exc, revision_form=form)
    messages.success(request, _("%(revision)s opened: change the activities, then adopt it here.")
                     % {"revision": revision})
    return redirect("planning:plan_detail", government=gov.pk, year=year)


@login_required
@require_POST
def revision_cancel(request: HttpRequest, government: int, year: int) -> HttpResponse:
    """Cancel the open revision (a reason and the confirmation): the plan back to the last
    adopted version (planning.lifecycle.cancel_revision)."""
    gov = _managed_government(request, government, year)
    plan = lifecycle.plan_of(gov.pk, year)
    form = RevisionCancelForm(request.POST)
    if not form.is_valid():
        return render(request, "planning/plan_detail.html",
                      _context(request, gov, year, cancel_form=form), status=400)
    if plan is None or plan.status != PlanStatus.REVISING:  # the page offers no form: say it above
        messages.error(request, _("No revision is open: only an open revision can be cancelled."))
        return redirect("planning:plan_detail", government=gov.pk, year=year)
    try:
        revision = lifecycle.cancel_revision(actor_for(request), plan, reason=form.cleaned_data["reason"])
    except (ValidationError, PermissionDenied) as exc:
        return _failed(request, gov, year, exc, cancel_form=form)
    messages.success(request, _("%(revision)s cancelled: the plan is back to its last adopted version "
                                "and locked.") % {"revision": revision})
    return redirect("planning:plan_detail", government=gov.pk, year=year)


@login_required
def revision_detail(request: HttpRequest, government: int, year: int, number: int) -> HttpResponse:
    gov = _government(request, government, year)
    revision = get_object_or_404(PlanRevision.objects.select_related("plan", "adopted_by", "cancelled_by"),
                                 plan__government=gov, plan__year=year, number=number)
    return render(request, "planning/plan_revision.html", {
        "government": gov, "year": year, "revision": revision, "diff": lifecycle.revision_diff(revision)})


# ---------------------------------------------------------------------------- a unit's affairs


@login_required
def unit_affairs(request: HttpRequest, pk: int) -> HttpResponse:
    """The bidang urusan a unit carries out (they limit the sub kegiatan of its activities):
    seen by whoever sees the unit, set by those who manage the government's plan."""
    from django import forms as django_forms

    from sinergi.planning.choices import NomenclatureLevel
    from sinergi.planning.models import NomenclatureItem, UnitAffair, affairs_for
    from sinergi.planning.services import set_unit_affairs
    from sinergi.regions.models import Unit

    unit = get_object_or_404(scoped(Unit.objects.select_related("government"), request.user), pk=pk)
    may_manage = lifecycle.may_manage(request.user, unit.government_id)
    own = sorted(UnitAffair.objects.filter(unit=unit).values_list("bidang_id", flat=True))
    bidang = NomenclatureItem.objects.filter(level=NomenclatureLevel.BIDANG).order_by("code")

    class AffairsForm(django_forms.Form):
        bidang_codes = django_forms.ModelMultipleChoiceField(
            queryset=bidang, required=False, label=_("Bidang urusan"),
            widget=django_forms.CheckboxSelectMultiple)

    form = AffairsForm(request.POST or None, initial={"bidang_codes": own})
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                set_unit_affairs(actor_for(request), unit, [b.pk for b in form.cleaned_data["bidang_codes"]])
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, _("The affairs of %(unit)s were saved.") % {"unit": unit.name})
                return redirect("planning:unit_affairs", pk=unit.pk)
        status = 400
    else:
        status = 200
    return render(request, "planning/unit_affairs.html", {
        "unit": unit, "form": form, "may_manage": may_manage, "own": own,
        "binding": affairs_for([unit])[unit.pk]}, status=status)
