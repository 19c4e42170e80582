"""The monitoring dashboard pages: a government's quarter (choosers for government, year and
quarter) and the drill-down to one unit (its sub-units and activities); each activity opens
its realization history (monitoring:activity_history).

The data comes from reports.dashboard (a fixed number of queries); the charts are drawn by
static/sinergi/js/dashboard.js from json_script blocks (no inline script: the CSP forbids
them), each with a table of the same figures. Scope: only governments and units in the user's
scope are offered; any other is 404; the figures cover only the activities in scope."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from sinergi.core.params import read_int, read_pk
from sinergi.core.scope import Action, can, scoped
from sinergi.monitoring import rollups
from sinergi.monitoring.models import ReportingPeriod
from sinergi.planning.choices import QUARTER_CHOICES, QUARTERS
from sinergi.planning.models import Activity
from sinergi.regions.choices import UnitKind
from sinergi.regions.models import Government, Unit
from sinergi.reports import dashboard, dashboard_cache
from sinergi.reports import forecast as forecasting
from sinergi.reports.period_figures import stamp_of


def _year(request: HttpRequest, government: Government | None) -> int:
    """?year=, else the latest year the government has activities for, else this year."""
    year = read_int(request.GET, "year", None, minimum=2000, maximum=2100, lenient=True)
    if year is not None:
        return year
    if government is not None:
        latest = Activity.objects.filter(government=government).aggregate(y=Max("year"))["y"]
        if latest:
            return latest
    return timezone.localdate().year


def _quarter(request: HttpRequest, government: Government | None, year: int) -> int:
    """?quarter=, else the latest reporting period opened for the year, else quarter I."""
    quarter = read_int(request.GET, "quarter", None, lenient=True)
    if quarter in QUARTERS:
        return quarter
    if government is not None:
        latest = ReportingPeriod.objects.filter(government=government, year=year).aggregate(q=Max("quarter"))[
            "q"
        ]
        if latest:
            return latest
    return 1


PANELS = ("head", "before", "after", "data")


def _built(request: HttpRequest, government: Government, activities, units, *, year: int, quarter: int,
           goal, unit: Unit | None = None) -> tuple[dashboard.Dashboard, dict]:
    """The dashboard, its charts and headline, and the HTML of its panels that depend on nothing
    but the data, built once per version of the government's data and reader's scope
    (reports.dashboard_cache)."""

    def build() -> tuple[dashboard.Dashboard, dict]:
        dash = dashboard.build(activities, units, government=government, year=year, quarter=quarter,
                               unit=unit, goal=goal)
        extra = {}
        if not dash.empty:
            extra = {"charts": dashboard.chart_data(dash), "headline": dashboard.headline(dash)}
            context = {"dash": dash, "government": government, "unit": unit, "year": year,
                       "quarter": quarter, "bands": dashboard.bands_legend(), **extra}
            template = "reports/_dashboard_unit_panels.html" if unit else "reports/_dashboard_panels.html"
            # SafeStrings (the templates escaped what they show), kept as such in the cache
            extra["panels"] = {part: render_to_string(template, {**context, "part": part}, request=request)
                               for part in PANELS}
        return dash, extra

    return dashboard_cache.cached(government, build, year=year, quarter=quarter, unit=unit, goal=goal,
                                  activities=activities, units=units,
                                  version=getattr(government, "data_stamp", None))


def _page(request: HttpRequest, template: str, dash: dashboard.Dashboard | None, **context) -> HttpResponse:
    return render(
        request,
        template,
        {
            "dash": dash,
            "quarter_choices": QUARTER_CHOICES,
            "bands": dashboard.bands_legend(),
            **context,
        },
    )


@login_required
def government_dashboard(request: HttpRequest) -> HttpResponse:
    """?government=<id>&year=&quarter=: the government's quarter. Without a government the only
    one in scope is chosen (with several, the page asks to choose)."""
    governments = list(
        scoped(Government.objects.select_related("region__parent", "monitoring_settings"), request.user)
        # the version of each government's data, read before its dashboard is built
        .annotate(data_stamp=stamp_of("pk")).order_by("name"))
    chosen = request.GET.get("government")
    government = None
    if chosen:
        pk = read_pk(request.GET, "government")
        government = next((g for g in governments if g.pk == pk), None)
        if government is None:
            raise Http404
    elif len(governments) == 1:
        government = governments[0]
    year = _year(request, government)
    quarter = _quarter(request, government, year)
    dash = None
    period = None
    if government is not None:
        activities = scoped(rollups.activities_for(government.pk, year), request.user)
        units = scoped(Unit.objects.filter(government=government), request.user).order_by("path")
        dash, figures = _built(request, government, activities, units, year=year, quarter=quarter,
                               goal=_goal(request, government))
        period = ReportingPeriod.objects.filter(government=government, year=year, quarter=quarter).first()
    return _page(
        request,
        "reports/dashboard.html",
        dash,
        governments=governments,
        government=government,
        year=year,
        quarter=quarter,
        period=period,
        **(figures if government is not None else {}),
        may_keep_goal=government is not None and _may_keep_goal(request, government),
    )


def _may_keep_goal(request: HttpRequest, government: Government) -> bool:
    """May the user keep a goal typed on the page as the government's own (the coordinator)."""
    from sinergi.monitoring.models import MonitoringSettings

    return can(request.user, Action.CHANGE, MonitoringSettings(government=government))


def _goal(request: HttpRequest, government: Government):
    """The forecast's goal: the one typed on the page (`?goal=`) when there is one, otherwise the
    government's own (monitoring.services.year_end_goal, 90 % by default)."""
    from sinergi.monitoring.services import year_end_goal

    if request.GET.get("goal", "").strip():
        return forecasting.read_goal(request.GET["goal"])
    return year_end_goal(government)


@login_required
def unit_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """One unit (with its sub-units) in the quarter: its activities with achievement, band,
    trajectory and kendala; each opens its realization history."""
    unit = get_object_or_404(
        scoped(Unit.objects.select_related("government__region__parent", "government__monitoring_settings",
                                           "parent", "region")
               .annotate(data_stamp=stamp_of("government_id")), request.user),
        pk=pk,
    )
    government = unit.government
    government.data_stamp = unit.data_stamp
    year = _year(request, government)
    quarter = _quarter(request, government, year)
    activities = scoped(
        rollups.activities_for(government.pk, year).filter(unit__path__subtree=unit.path), request.user
    )
    units = scoped(Unit.objects.filter(path__subtree=unit.path), request.user).order_by("path")
    dash, figures = _built(request, government, activities, units, year=year, quarter=quarter, unit=unit,
                           goal=_goal(request, government))
    parent = (
        unit.parent
        if unit.parent_id and scoped(Unit.objects.filter(pk=unit.parent_id), request.user).exists()
        else None
    )
    return _page(
        request,
        "reports/dashboard_unit.html",
        dash,
        government=government,
        unit=unit,
        parent=parent,
        year=year,
        quarter=quarter,
        back_url=reverse("reports:dashboard") + f"?government={government.pk}&year={year}&quarter={quarter}",
        **figures,
    )


@login_required
def district_dashboard(request: HttpRequest, government_pk: int, code: str) -> HttpResponse:
    """A click on the kecamatan map: the dashboard of the government's district office for
    that district (404 when there is none in scope)."""
    office = (
        scoped(
            Unit.objects.filter(government_id=government_pk, kind=UnitKind.DISTRICT_OFFICE, region_id=code),
            request.user,
        )
        .order_by("path")
        .first()
    )
    if office is None:
        raise Http404
    query = request.META.get("QUERY_STRING", "")
    return HttpResponseRedirect(
        reverse("reports:dashboard_unit", args=[office.pk]) + (f"?{query}" if query else "")
    )
