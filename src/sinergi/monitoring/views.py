"""Pages of quarterly monitoring: reporting periods, a unit's realization entry for a quarter,
verification, an activity's realization history and the government's quarter summary.

Scope: a unit or activity outside the user's scope is 404; inside but not writable is 403
(core.scope). Writes go through monitoring.services (workflow table, audit, versions)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sinergi.core import formatting
from sinergi.core.files import download_name, file_response
from sinergi.core.forms import add_validation_error
from sinergi.core.params import read_choice
from sinergi.core.scope import Action, can, coordinates, scoped
from sinergi.core.views import actor_for
from sinergi.monitoring import achievement, rollups, rules, services
from sinergi.monitoring.choices import PeriodStatus, RealizationStatus
from sinergi.monitoring.forms import (
    EntryForm,
    EvidenceForm,
    PeriodCloseForm,
    PeriodOpenForm,
    ReasonForm,
    SummaryForm,
)
from sinergi.monitoring.models import Evidence, Realization, RealizationOutput, ReportingPeriod
from sinergi.monitoring.rules import Step
from sinergi.planning.choices import QUARTERS
from sinergi.planning.models import Activity, QuarterTarget
from sinergi.regions.models import Government, Unit


def _messages(exc: ValidationError | PermissionDenied) -> list[str]:
    if isinstance(exc, PermissionDenied):
        if exc.args and isinstance(exc.args[0], dict):
            return [str(v) for v in exc.args[0].values()]
        return [_("You may not do this.")]
    return list(exc.messages)


def _fail(request: HttpRequest, exc) -> None:
    for message in _messages(exc):
        messages.error(request, message)


def _can_write_in(user, unit: Unit) -> bool:
    """May `user` write realizations of `unit`'s activities (scope and role)?"""
    probe = Realization(activity=Activity(unit=unit, government_id=unit.government_id))
    return can(user, Action.ADD, probe)


def _role(request) -> str | None:
    return services.actor_role(actor_for(request))


def _back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(default)


# ---------------------------------------------------------------------------- periods


@login_required
def period_list(request: HttpRequest) -> HttpResponse:
    periods = scoped(ReportingPeriod.objects.select_related("government"), request.user)
    can_manage = can(request.user, Action.ADD, ReportingPeriod)
    form = PeriodOpenForm(user=request.user) if can_manage else None
    return render(request, "monitoring/period_list.html", {
        "periods": periods[:200], "form": form, "can_manage": can_manage,
    })


@login_required
@require_POST
def period_open(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.ADD, ReportingPeriod):
        raise PermissionDenied
    form = PeriodOpenForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            period = services.open_period(actor_for(request), data["government"], data["year"],
                                          data["quarter"], opens_on=data["opens_on"],
                                          deadline=data["deadline"])
        except (ValidationError, PermissionDenied) as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("%(period)s is open for reporting.") % {"period": period})
            return HttpResponseRedirect(reverse("monitoring:period_list"))
    periods = scoped(ReportingPeriod.objects.select_related("government"), request.user)
    return render(request, "monitoring/period_list.html",
                  {"periods": periods[:200], "form": form, "can_manage": True})


@login_required
def period_close(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what closing the period means (the rows still drafts or returned, the activities
    without a report) and a confirmation; POST with `confirm` closes it. A POST without the
    confirmation closes nothing (400, the page again)."""
    period = get_object_or_404(scoped(ReportingPeriod.objects.select_related("government"),
                                      request.user), pk=pk)
    if not can(request.user, Action.CHANGE, period):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = PeriodCloseForm(request.POST)
        if form.is_valid():
            try:
                services.close_period(actor_for(request), period,
                                      expected_version=form.cleaned_data["version"])
            except ValidationError as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("%(period)s is closed.") % {"period": period})
            return HttpResponseRedirect(reverse("monitoring:period_list"))
        status = 400
    else:
        form = PeriodCloseForm(initial={"version": period.version})
    return render(request, "monitoring/period_close.html", {
        "period": period, "form": form, "counts": services.period_counts(period),
    }, status=status)


# ---------------------------------------------------------------------------- entry


def _unit_quarter(request, unit_pk: int, year: int, quarter: int, *,
                  coordinated: bool = False) -> Unit:
    """The unit, if the user may see it (`coordinated`: or coordinates it for monitoring)."""
    if quarter not in QUARTERS:
        raise Http404
    units = Unit.objects.select_related("government")
    unit = scoped(units, request.user).filter(pk=unit_pk).first()
    if unit is None and coordinated:
        unit = units.filter(pk=unit_pk).first()
        if unit is not None and not coordinates(request.user, services.MONITORING, unit.path):
            unit = None
    if unit is None:
        raise Http404
    return unit


def _steps(user, realization: Realization, role: str | None, writable: bool, *,
           closed: bool = False) -> set[str]:
    """The workflow buttons of a realization: those of the role where the user writes it, verify
    and return where the user heads a unit coordinating it (monitoring.services); no reopen
    while its period is `closed` (services.reopen_refusal)."""
    if not writable and not services.coordinates_realization(user, realization):
        return set()
    steps = rules.allowed_steps(realization.status, role)
    if not writable:
        steps &= services.COORDINATING_STEPS
    if closed:
        steps.discard(Step.REOPEN)
    return {s.value for s in steps}


def _with_subunits(request: HttpRequest) -> bool:
    """The entry and verification pages cover the unit's sub-units too (a head of Setda sees
    and verifies its sections), unless `?subunits=0`."""
    return request.GET.get("subunits") != "0"


def _status_filter(request: HttpRequest) -> str | None:
    """`?status=returned` (draft, submitted, verified): only the rows in that state (the links
    of the home page's tasks); anything else shows every row."""
    return read_choice(request.GET, "status", RealizationStatus.values)


def _activities(request: HttpRequest, unit: Unit, year: int, subunits: bool,
                quarter: int | None = None):
    """The year's activities of the unit (and of its sub-units), grouped by unit in tree order,
    that the user may see; with `quarter`, only those whose realization of the quarter is in
    the state of `?status=`."""
    own = Activity.objects.filter(unit__path__subtree=unit.path) if subunits else \
        Activity.objects.filter(unit=unit)
    status = _status_filter(request) if quarter is not None else None
    if status:
        own = own.filter(realizations__quarter=quarter, realizations__status=status)
    return scoped(own.filter(year=year), request.user).order_by("unit__path", "nomenclature_id", "id")


def _units_context(unit: Unit, subunits: bool) -> dict:
    return {"subunits": subunits,
            "has_subunits": Unit.objects.filter(parent=unit).exists()}


@login_required
def entry(request: HttpRequest, unit_pk: int, year: int, quarter: int) -> HttpResponse:
    """The activities of the unit (and of its sub-units) of the year in one table: enter the
    quarter's cumulative figures and outputs per indicator, save them as a draft, or save and
    submit. Queries: a fixed number, whatever the number of rows (shown or saved)."""
    unit = _unit_quarter(request, unit_pk, year, quarter)
    subunits = _with_subunits(request)
    activities = list(_activities(request, unit, year, subunits, quarter)
                      .select_related("nomenclature", "unit").prefetch_related("indicators"))
    ids = [a.pk for a in activities]
    realizations, previous = {}, {}
    for r in Realization.objects.filter(activity__in=ids, quarter__in=(quarter - 1, quarter)):
        (realizations if r.quarter == quarter else previous)[r.activity_id] = r
    outputs: dict[int, dict[int, Decimal]] = {}
    previous_outputs: dict[int, Decimal] = {}
    for activity_id, q, indicator_id, value in RealizationOutput.objects.filter(
            realization__activity__in=ids, realization__quarter__in=(quarter - 1, quarter),
    ).values_list("realization__activity_id", "realization__quarter", "indicator_id", "value"):
        if q == quarter:
            outputs.setdefault(activity_id, {})[indicator_id] = value
        else:
            previous_outputs[indicator_id] = value
    plans = {t.activity_id: t for t in QuarterTarget.objects.filter(activity__in=ids, quarter=quarter)}
    period = ReportingPeriod.objects.filter(government_id=unit.government_id, year=year,
                                            quarter=quarter).first()
    role = _role(request)
    # Writing in a unit means writing in its subtree (core.scope): one check covers every row.
    writable = _can_write_in(request.user, unit) and role in rules.UNIT_WRITERS
    kwargs = {"activities": activities, "realizations": realizations, "writable": writable,
              "outputs": outputs}
    status = 200
    if request.method == "POST":
        if not writable:
            raise PermissionDenied
        form = EntryForm(request.POST, **kwargs)
        submit = request.POST.get("action") == "submit"
        if form.is_valid():
            entries = form.entries(quarter)
            if not entries and not submit:
                # Nothing to write: say why rather than "saved" (issue 16).
                status = _nothing_to_save(form, activities, period)
            else:
                try:
                    with transaction.atomic():
                        written = services.save_drafts(actor_for(request), entries)
                        submitted = []
                        if submit:
                            rows = Realization.objects.filter(
                                activity__in=ids, quarter=quarter,
                                status__in=(RealizationStatus.DRAFT, RealizationStatus.RETURNED))
                            submitted = services.transition(actor_for(request), Step.SUBMIT,
                                                            [(r, None) for r in rows])
                except ValidationError as exc:
                    status = add_validation_error(form, exc)
                except PermissionDenied as exc:
                    for message in _messages(exc):
                        form.add_error(None, message)
                    status = 403
                else:
                    if submit and not submitted and not written:
                        status = _nothing_to_save(form, activities, period, submit=True)
                    else:
                        _saved_message(request, written, submitted, period)
                        return HttpResponseRedirect(request.get_full_path())
    else:
        form = EntryForm(**kwargs)
    rows = []
    for activity, realization, fields, output_fields in form.rows():
        rows.append({"activity": activity, "realization": realization, "fields": fields,
                     "over_budget": form.shows_over_budget(activity),
                     "plan": plans.get(activity.pk), "previous": previous.get(activity.pk),
                     "outputs": [{"indicator": i, "field": f, "previous": previous_outputs.get(i.pk),
                                  "value": outputs.get(activity.pk, {}).get(i.pk)}
                                 for i, f in output_fields]})
    return render(request, "monitoring/entry.html", {
        "unit": unit, "year": year, "quarter": quarter,
        "quarter_label": rules.quarter_label(quarter), "form": form, "rows": rows,
        "period": period, "writable": writable,
        "can_verify": role in rules.VERIFIERS and writable,
        "status_filter": _status_filter(request),
        **_units_context(unit, subunits),
    }, status=status)


def _nothing_to_save(form: EntryForm, activities, period: ReportingPeriod | None, *,
                     submit: bool = False) -> int:
    """A POST of the entry page that would write nothing: the reason on the form (nothing is
    saved, no success message) and the status to answer with — 409 when every row is locked
    (submitted or verified), 400 when nothing was entered or there is nothing to submit."""
    editable = [a for a in activities if not form.fields[f"physical_{a.pk}"].disabled]
    if not editable:
        message = _("Nothing was saved: every row of this quarter is submitted or verified and "
                    "cannot be changed.")
        if period is not None and not period.is_open:
            message += " " + _("The period is closed.")
        form.add_error(None, message)
        return 409
    if submit:
        form.add_error(None, _("Nothing was submitted: no row of this quarter is a draft or "
                               "returned, and no figure was entered."))
    else:
        form.add_error(None, _("Nothing was saved: enter the physical and the financial "
                               "realization of at least one activity."))
    return 400


def _saved_message(request: HttpRequest, written: list, submitted: list,
                   period: ReportingPeriod | None) -> None:
    """What the entry page's save did, as it happened: rows saved as drafts (or none, when
    every figure was already stored), rows submitted."""
    if submitted:
        messages.success(request, ngettext(
            "%(n)s realization was submitted.", "%(n)s realizations were submitted.",
            len(submitted)) % {"n": len(submitted)})
        return
    if not written:
        messages.info(request, _("Nothing was saved: the figures are the same as those stored."))
        return
    message = ngettext("%(n)s row was saved as a draft.", "%(n)s rows were saved as drafts.",
                       len(written)) % {"n": len(written)}
    if period is None or not period.is_open:
        message += " " + _("The period is not open: drafts can be submitted once it is.")
    messages.success(request, message)


# ---------------------------------------------------------------------------- verification


def _outputs_prefetch() -> Prefetch:
    return Prefetch("outputs", queryset=RealizationOutput.objects.select_related("indicator")
                    .order_by("indicator_id"))


@login_required
def verification(request: HttpRequest, unit_pk: int, year: int, quarter: int) -> HttpResponse:
    """The quarter's realizations of the unit (and of its sub-units) with verify / return (and
    reopen) actions, their outputs per indicator against the annual targets."""
    unit = _unit_quarter(request, unit_pk, year, quarter, coordinated=True)
    subunits = _with_subunits(request)
    realizations = list(
        Realization.objects.filter(activity__in=_activities(request, unit, year, subunits, quarter),
                                   quarter=quarter)
        .select_related("activity__nomenclature", "activity__unit", "submitted_by", "verified_by")
        .prefetch_related(_outputs_prefetch())
        .order_by("activity__unit__path", "activity__nomenclature_id", "activity_id"))
    role = _role(request)
    writable = _can_write_in(request.user, unit)
    period = ReportingPeriod.objects.filter(government_id=unit.government_id, year=year,
                                            quarter=quarter).first()
    closed = services.reopen_refusal(period, quarter, year) is not None
    rows = [{"realization": r, "steps": _steps(request.user, r, role, writable, closed=closed)}
            for r in realizations]
    return render(request, "monitoring/verification.html", {
        "unit": unit, "year": year, "quarter": quarter, "period_closed": closed,
        "quarter_label": rules.quarter_label(quarter), "rows": rows,
        "status_filter": _status_filter(request),
        **_units_context(unit, subunits),
    })


ACTIONS = {Step.SUBMIT, Step.VERIFY, Step.RETURN, Step.REOPEN}


@login_required
@require_POST
def realization_action(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """POST verify / return / reopen / submit for one realization (`version`, `reason`)."""
    if step not in {s.value for s in ACTIONS}:
        raise Http404
    realization = get_object_or_404(
        scoped(Realization.objects.select_related("activity__unit"), request.user), pk=pk)
    if not can(request.user, Action.CHANGE, realization) and not (
            Step(step) in services.COORDINATING_STEPS
            and services.coordinates_realization(request.user, realization)):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    default = reverse("monitoring:verification", args=[
        realization.activity.unit_id, realization.activity.year, realization.quarter])
    try:
        services.transition(actor_for(request), Step(step), [(realization, data.get("version"))],
                            reason=data.get("reason") or "")
    except PermissionDenied as exc:
        _fail(request, exc)
        return _back(request, default)
    except ValidationError as exc:
        _fail(request, exc)
        return _back(request, default)
    messages.success(request, {
        Step.SUBMIT: _("The realization was submitted."),
        Step.VERIFY: _("The realization was verified."),
        Step.RETURN: _("The realization was returned to the unit."),
        Step.REOPEN: _("The realization was reopened."),
    }[Step(step)])
    return _back(request, default)


# ---------------------------------------------------------------------------- history


@login_required
def activity_history(request: HttpRequest, pk: int) -> HttpResponse:
    """An activity's realizations per quarter against its targets: achievement, band,
    deviation from plan, the financial/physical gap and the early warning."""
    activity = get_object_or_404(
        scoped(Activity.objects.select_related("unit", "government", "nomenclature"), request.user),
        pk=pk)
    targets = {t.quarter: t for t in activity.quarter_targets.all()}
    realizations = {r.quarter: r for r in activity.realizations.select_related(
        "submitted_by", "verified_by").prefetch_related("evidence", "outputs")}
    indicators = list(activity.indicators.all())
    values = {(q, o.indicator_id): o.value for q, r in realizations.items() for o in r.outputs.all()}
    outputs = [{"indicator": i, "quarters": [values.get((q, i.pk)) for q in QUARTERS]}
               for i in indicators]
    annual = targets.get(4)
    physical_target = annual.physical if annual else Decimal(100)
    financial_target = annual.financial if annual else activity.budget
    role = _role(request)
    writable = can(request.user, Action.CHANGE, Realization(activity=activity))
    closed = {p.quarter for p in ReportingPeriod.objects.filter(
        government_id=activity.government_id, year=activity.year, status=PeriodStatus.CLOSED)}
    rows = []
    for q in QUARTERS:
        target, r = targets.get(q), realizations.get(q)
        physical = achievement.physical_achievement(r.physical, physical_target) if r else None
        financial = achievement.financial_achievement(r.financial, financial_target) if r else None
        rows.append({
            "quarter": q, "label": rules.quarter_label(q), "target": target, "realization": r,
            "achievement": physical, "band": achievement.band(physical),
            "financial_achievement": financial,
            "absorption": achievement.absorption(r.financial, activity.budget) if r else None,
            "deviation": achievement.deviation(r.physical, target.physical) if r and target else None,
            "gap": achievement.physical_financial_gap(physical, financial),
            "steps": _steps(request.user, r, role, writable, closed=q in closed) if r else set(),
        })
    reported = {q: r.physical for q, r in realizations.items()
                if r.status in (RealizationStatus.SUBMITTED, RealizationStatus.VERIFIED)}
    path = achievement.trajectory(reported, physical_target) if reported else None
    editable = [r for r in realizations.values() if r.is_editable]
    return render(request, "monitoring/activity_history.html", {
        "activity": activity, "rows": rows, "trajectory": path,
        "physical_target": physical_target, "financial_target": financial_target,
        # One upload form per editable quarter, each with its own ids (a <label> names one input).
        "evidence_forms": [(r, EvidenceForm(auto_id=f"evidence-{r.pk}-%s")) for r in editable]
        if writable else [],
        "writable": writable, "outputs": outputs,
    })


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    realization = get_object_or_404(
        scoped(Realization.objects.select_related("activity__unit"), request.user), pk=pk)
    if not can(request.user, Action.CHANGE, realization):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(actor_for(request), realization, form.cleaned_data["file"],
                                  form.cleaned_data["description"])
        except (ValidationError, PermissionDenied) as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("The file was added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return HttpResponseRedirect(reverse("monitoring:activity_history", args=[realization.activity_id]))


@login_required
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A realization's evidence file, for whoever may see the realization."""
    evidence = get_object_or_404(scoped(Evidence.objects.all(), request.user), pk=pk)
    return file_response(evidence.file, download_name(evidence.file, evidence.file_name))


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(
        scoped(Evidence.objects.select_related("realization"), request.user), pk=pk)
    if not can(request.user, Action.DELETE, evidence):
        raise PermissionDenied
    try:
        services.remove_evidence(actor_for(request), evidence)
    except ValidationError as exc:
        _fail(request, exc)
    return HttpResponseRedirect(
        reverse("monitoring:activity_history", args=[evidence.realization.activity_id]))


# ---------------------------------------------------------------------------- summary


SUMMARY_FILTERS = {"missing": _lazy("Units that have not reported every activity"),
                   "waiting": _lazy("Units with realizations waiting for verification")}


@login_required
def summary(request: HttpRequest) -> HttpResponse:
    """One government's quarter: the units that reported every activity ranked by
    budget-weighted achievement, then the incomplete ones apart (rollups.rank_key), coloured by
    band, with their reporting completeness and the early warning."""
    governments = scoped(Government.objects.all(), request.user)
    data = request.GET.copy()
    if not data.get("government"):
        first = governments.order_by("name").first()
        data["government"] = first.pk if first else ""
    if not data.get("year"):
        data["year"] = timezone.localdate().year
    if not data.get("quarter"):
        latest = ReportingPeriod.objects.filter(
            government_id=data["government"] or None, year=data["year"]).order_by("-quarter").first()
        data["quarter"] = latest.quarter if latest else 1
    form = SummaryForm(data, user=request.user)
    context = {"form": form, "rows": [], "total": None}
    if form.is_valid():
        government, year, quarter = (form.cleaned_data[k] for k in ("government", "year", "quarter"))
        activities = scoped(rollups.activities_for(government.pk, year), request.user)
        units = scoped(Unit.objects.filter(government=government), request.user)
        rows = rollups.unit_summary(activities, quarter, units)
        total = rollups.total_rollup(activities, quarter)
        counts = sum((r.completeness for r in rows), rollups.Completeness(None, 0, 0, 0))
        # `?show=missing`: units that have not reported every activity; `?show=waiting`: units
        # with realizations submitted and not verified yet (the home page's tasks link here).
        show = read_choice(request.GET, "show", SUMMARY_FILTERS)
        if show == "missing":
            rows = [r for r in rows if r.completeness.missing]
        elif show == "waiting":
            waiting = set(Realization.objects.filter(
                activity__in=activities, quarter=quarter, status=RealizationStatus.SUBMITTED,
            ).values_list("activity__unit_id", flat=True).distinct())
            rows = [r for r in rows if r.unit.pk in waiting]
        period = ReportingPeriod.objects.filter(government=government, year=year,
                                                quarter=quarter).first()
        context.update({
            "government": government, "year": year, "quarter": quarter,
            "quarter_label": rules.quarter_label(quarter), "rows": rows, "total": total,
            "completeness": counts, "period": period,
            # The rows, not the distribution: its item lookup would shadow the attribute.
            "band_counts": achievement.distribution(r.achievement for r in rows).counts,
            "period_open": period is not None and period.status == PeriodStatus.OPEN,
            "show": show, "show_label": SUMMARY_FILTERS.get(show),
        })
    return render(request, "monitoring/summary.html", context)


@login_required
@require_POST
def year_end_goal(request: HttpRequest, government: int) -> HttpResponse:
    """The coordinator keeps the forecast's goal as the government's own (POST; the dashboard's
    "Simpan" beside the goal)."""
    from sinergi.core.forms import PercentField
    from sinergi.monitoring.models import MonitoringSettings

    government = get_object_or_404(scoped(Government.objects.all(), request.user), pk=government)
    if not can(request.user, Action.CHANGE, MonitoringSettings(government=government)):
        raise PermissionDenied
    back = _back(request, reverse("reports:dashboard") + f"?government={government.pk}")
    try:
        goal = PercentField(min_value=1, decimal_places=1).clean(request.POST.get("goal", ""))
        services.set_year_end_goal(actor_for(request), government, goal)
    except ValidationError as exc:
        messages.error(request, " ".join(_messages(exc)))
    else:
        messages.success(request, _("The year-end goal of %(government)s is now %(goal)s.")
                         % {"government": government.name, "goal": formatting.percent(goal)})
    return back
