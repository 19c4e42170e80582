"""The monitoring dashboard: reports.dashboard (figures built from the rollups) and its pages
(reports.views): sorting and band colours, the trend against the plan, priorities
without activity, the early-warning list with kendala, completeness, the kecamatan ranking, the
drill-down, scope (404 outside it), choosers, the empty state and a query count that does not
grow with the data (pinned in tests/query_counts.json)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sinergi.core.roles import Role
from sinergi.monitoring import rollups
from sinergi.monitoring.achievement import BANDS, Band, Trend, round_percent
from sinergi.monitoring.choices import RealizationStatus as S
from sinergi.planning.choices import FrameworkKind
from sinergi.planning.models import Priority, PriorityFramework
from sinergi.regions.choices import UnitKind
from sinergi.regions.models import Region, Unit
from sinergi.reports import dashboard
from tests import factories
from tests.monitoring.conftest import YEAR, make_activity, make_targets, open_period, realization
from tests.test_query_counts import COUNTS_FILE, UPDATE

pytestmark = pytest.mark.django_db
D = Decimal
M = D(1_000_000)
TARGETS = (("25", "25000000"), ("50", "50000000"), ("75", "75000000"), ("100", "100000000"))


def _activity(unit, budget="100000000", targets=TARGETS, **extra):
    activity = make_activity(unit, budget=budget, **extra)
    if targets:
        make_targets(activity, *targets)
    return activity


def _kecamatan(world, name: str) -> Unit:
    region = Region.objects.get(code__startswith="64.08.", name=name)
    return factories.unit(world.kutim, f"KEC-{region.code[-2:]}", f"Kecamatan {name}",
                          kind=UnitKind.DISTRICT_OFFICE, region_code=region.code)


def _asta_cita(number: str) -> Priority:
    return Priority.objects.get(framework__name="Asta Cita", framework__government__isnull=True,
                                number=number)


@pytest.fixture
def rpjmd(world):
    """Kutai Timur's own RPJMD (2021–2026) with two priorities, and Mimika's (never shown for
    Kutai Timur)."""
    framework = PriorityFramework.objects.create(
        name="RPJMD Kutai Timur", kind=FrameworkKind.REGIONAL, government=world.kutim,
        start_year=2021, end_year=2026)
    old = PriorityFramework.objects.create(
        name="RPJMD Kutai Timur lama", kind=FrameworkKind.REGIONAL, government=world.kutim,
        start_year=2016, end_year=2020)
    Priority.objects.create(framework=old, number="1", title="Expired priority")
    mimika = PriorityFramework.objects.create(
        name="RPJMD Mimika", kind=FrameworkKind.REGIONAL, government=world.mimika,
        start_year=2025, end_year=2029)
    Priority.objects.create(framework=mimika, number="M1", title="Mimika priority")
    return {
        "m1": Priority.objects.create(framework=framework, number="M1", title="Infrastruktur", order=1),
        "m2": Priority.objects.create(framework=framework, number="M2", title="SDM unggul", order=2),
    }


@pytest.fixture
def plan(world, sample, rpjmd):
    """Kutai Timur, 2025, quarters I and II reported:
    - Bappeda: A (Rp 100 jt) 30 % → 60 %, on time; B (Rp 100 jt) 10 % → 10 %, late, kendala.
      Unit: (60 + 10) / 2 = 35 % → Sangat Rendah.
    - Tapem: C (Rp 200 jt) 20 % → 45 % in TW II, draft in TW II (not reported).
      Unit: 0 % in TW II (unreported counts as 0).
    - Kecamatan Sangatta Utara: D (Rp 100 jt) 50 % → 95 %: Sangat Tinggi.
    - Kecamatan Sangatta Selatan: E (Rp 100 jt) 40 % → 80 %: Tinggi.
    - Kecamatan Bengalon: no activity (ranked last).
    - Mimika: F (another government, never counted).
    Priorities: A serves Asta Cita 4 and RPJMD M1, D Asta Cita 4, E Asta Cita 6."""
    selatan = _kecamatan(world, "Sangatta Selatan")
    bengalon = _kecamatan(world, "Bengalon")
    a = _activity(world.bappeda)
    b = _activity(world.bappeda)
    c = _activity(world.tapem, budget="200000000")
    d = _activity(world.kec_sangatta)
    e = _activity(selatan)
    f = _activity(world.mimika_tapem)
    a.priorities.add(_asta_cita("4"), rpjmd["m1"])
    d.priorities.add(_asta_cita("4"))
    e.priorities.add(_asta_cita("6"))
    realization(a, 1, "30", "20000000", status=S.VERIFIED)
    realization(a, 2, "60", "40000000", status=S.SUBMITTED)
    realization(b, 1, "10", "5000000", status=S.SUBMITTED, problems="Lelang gagal")
    realization(b, 2, "10", "5000000", status=S.SUBMITTED, submitted_late=True,
                problems="Lelang ulang belum selesai")
    realization(c, 1, "20", "10000000", status=S.SUBMITTED)
    realization(c, 2, "45", "30000000", status=S.DRAFT)
    realization(d, 1, "50", "50000000", status=S.VERIFIED)
    realization(d, 2, "95", "90000000", status=S.VERIFIED)
    realization(e, 1, "40", "30000000", status=S.SUBMITTED)
    realization(e, 2, "80", "70000000", status=S.SUBMITTED, submitted_late=True)
    realization(f, 1, "99", "1000", status=S.SUBMITTED)
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f, "selatan": selatan, "bengalon": bengalon}


def _build(world, quarter=2, user=None, unit=None):
    user = user or world.users[Role.ADMINISTRATOR]
    from sinergi.core.scope import scoped

    activities = scoped(rollups.activities_for(world.kutim.pk, YEAR), user)
    units = scoped(Unit.objects.filter(government=world.kutim), user).order_by("path")
    if unit is not None:
        activities = activities.filter(unit__path__subtree=unit.path)
        units = units.filter(path__subtree=unit.path)
    return dashboard.build(activities, units, government=world.kutim, year=YEAR, quarter=quarter,
                           unit=unit)


# ---------------------------------------------------------------------------- dashboard.py


def test_units_are_sorted_by_achievement_and_coloured_by_band(world, plan):
    dash = _build(world)
    assert [(r.unit.name, round_percent(r.achievement)) for r in dash.units] == [
        ("Kecamatan Sangatta Utara", D("95.00")),
        ("Kecamatan Sangatta Selatan", D("80.00")),
        ("Badan Perencanaan Pembangunan Daerah", D("35.00")),
        ("Bagian Tata Pemerintahan", D("0.00")),
    ]
    assert [r.band for r in dash.units] == [Band.SANGAT_TINGGI, Band.TINGGI, Band.SANGAT_RENDAH,
                                           Band.SANGAT_RENDAH]
    bars = dashboard.chart_data(dash)["units"]
    assert [i["value"] for i in bars["items"]] == [95.0, 80.0, 35.0, 0.0]
    assert [i["colour"] for i in bars["items"]] == ["#1a9850", "#91cf60", "#d73027", "#d73027"]
    assert bars["items"][0]["band"] == "Sangat Tinggi"  # Indonesian by default
    assert bars["items"][0]["url"] == (reverse("reports:dashboard_unit", args=[world.kec_sangatta.pk])
                                       + f"?year={YEAR}&quarter=2")
    # The legend is the band table (the same as map.js's), highest first.
    assert [(b["lower"], b["colour"]) for b in bars["legend"]] == [
        (float(r.lower) if r.lower is not None else None, r.band.colour) for r in BANDS]
    # Mimika's activity and the unit without activities do not appear.
    assert plan["bengalon"].pk not in {r.unit.pk for r in dash.units}
    assert dash.total.count == 5 and dash.total.budget == 600 * M


def test_headline_figures(world, plan, english):
    dash = _build(world)
    head = dashboard.headline(dash)
    assert head["budget"] == "Rp 600.000.000"
    # Reported Rp in TW II: A 40 + B 5 + D 90 + E 70 = 205 jt of 600 jt (C is a draft).
    assert dash.total.financial == 205 * M
    assert head["absorption"] == "34,17 %"
    # Σ b·a / Σ b = (100·60 + 100·10 + 200·0 + 100·95 + 100·80) / 600 = 40.83 %.
    assert head["achievement"] == "40,83 %"
    assert dash.total.band() == Band.SANGAT_RENDAH
    assert (dash.units_complete, dash.units_partial, dash.units_silent) == (3, 0, 1)
    assert len(dash.units) == 4


def test_a_unit_counts_as_reporting_only_when_every_activity_reported(client, world, plan, english):
    """Issue 16: "30 / 30 units reporting" while 105 activities were unreported. Bappeda's A
    is only a draft in TW II: Bappeda reported 1 of 2 activities, so it is partial, not
    reporting; the headline says so and counts the activities beside it."""
    realization_a = plan["a"].realizations.get(quarter=2)
    realization_a.status = S.DRAFT
    realization_a.save()
    dash = _build(world)
    assert (dash.units_complete, dash.units_partial, dash.units_silent) == (2, 1, 1)
    assert (dash.completeness.reported, dash.completeness.activities) == (3, 5)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.users[Role.COORDINATOR])
    html = client.get(_url(world)).content.decode()
    assert 'data-testid="headline-units">2 / 4<' in html
    assert 'data-testid="headline-units-detail">2 complete, 1 partial, 1 not reported<' in html
    assert 'data-testid="headline-activities">3 / 5 activities reported<' in html


def test_trend_by_quarter_against_the_plan(world, plan):
    dash = _build(world, quarter=2)
    assert [p.quarter for p in dash.trend] == [1, 2, 3, 4]
    q1, q2, q3, q4 = dash.trend
    # TW I: (30 + 10 + 2·20 + 50 + 40) / 6 = 28.33 %; TW II: 40.83 % (C's draft counts 0).
    assert round_percent(q1.physical) == D("28.33") and round_percent(q2.physical) == D("40.83")
    assert q3.physical is None and q4.physical is None  # after the quarter shown
    # Every activity plans 25/50/75/100 % and Rp 25/50/75/100 % of its budget.
    assert [round_percent(p.physical_plan) for p in dash.trend] == [D(25), D(50), D(75), D(100)]
    assert [round_percent(p.financial_plan) for p in dash.trend] == [D(25), D(50), D(75), D(100)]
    # Financial: TW I 20 + 5 + 10 + 50 + 30 = 115 jt of the annual Rp targets, 5 × 100 jt.
    assert round_percent(q1.financial) == D(23)
    series = dashboard.chart_data(dash)["trend"]["series"]
    assert series[0]["values"] == [28.33, 40.83, None, None]
    assert series[2]["values"] == [25.0, 50.0, 75.0, 100.0] and series[2]["dashed"]


def test_an_incomplete_quarter_is_marked_in_the_trend_not_shown_as_a_drop(client, world, plan, english):
    """Issue 16: in TW II only 2 of the 5 activities have reported (A's, C's and E's are drafts):
    the achievement falls from 28,33 % to 17,50 % because the missing reports count 0. The
    quarter is marked incomplete in the chart data (the realized series dashed into it), in the
    table and under the chart, with "2 / 5 activities reported"."""
    for key in ("a", "e"):
        draft = plan[key].realizations.get(quarter=2)
        draft.status = S.DRAFT
        draft.save()
    dash = _build(world, quarter=2)
    q1, q2, q3, _q4 = dash.trend
    assert round_percent(q1.physical) == D("28.33") and round_percent(q2.physical) == D("17.50")
    assert (q1.reported, q1.activities, q1.incomplete) == (5, 5, False)
    assert (q2.reported, q2.activities, q2.incomplete) == (2, 5, True)
    assert q3.reported is None and not q3.incomplete  # after the quarter shown
    assert q2.completeness_note == "incomplete: 2 / 5 activities reported"
    trend = dashboard.chart_data(dash)["trend"]
    assert trend["incomplete"] == [False, True, False, False]
    assert trend["notes"] == ["", "incomplete: 2 / 5 activities reported", "", ""]
    assert [s.get("realized", False) for s in trend["series"]] == [True, True, False, False]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.users[Role.COORDINATOR])
    html = client.get(_url(world)).content.decode()
    table = html.split('data-testid="table-trend"')[1].split("</table>")[0]
    row = table.split('data-testid="trend-incomplete"')[1].split("</tr>")[0]
    assert "Quarter II" in row and "incomplete: 2 / 5 activities reported" in row
    assert table.count('data-testid="trend-incomplete"') == 1
    assert ('data-testid="trend-note">Quarter II: incomplete: 2 / 5 activities reported. The missing '
            "reports count as 0") in html


@pytest.mark.parametrize("quarter", [1, 2, 3])
def test_trend_equals_the_rollup_of_each_quarter(world, plan, quarter):
    dash = _build(world, quarter=quarter)
    activities = rollups.activities_for(world.kutim.pk, YEAR)
    for point in dash.trend[:quarter]:
        expected = rollups.total_rollup(activities, point.quarter)
        assert round_percent(point.physical) == round_percent(expected.physical_achievement)
        assert round_percent(point.financial) == round_percent(expected.financial_achievement)
    assert all(p.physical is None and p.financial is None for p in dash.trend[quarter:])


def test_distribution_over_the_bands(world, plan):
    dash = _build(world)
    assert dash.unit_bands.as_dict() == {Band.SANGAT_TINGGI: 1, Band.TINGGI: 1, Band.SEDANG: 0,
                                         Band.RENDAH: 0, Band.SANGAT_RENDAH: 2}
    # Activities: A 60 % Rendah, B 10 % Sangat Rendah, D 95, E 80; C did not report in TW II.
    assert dash.activity_bands.as_dict() == {Band.SANGAT_TINGGI: 1, Band.TINGGI: 1, Band.SEDANG: 0,
                                             Band.RENDAH: 1, Band.SANGAT_RENDAH: 1}
    assert dash.activity_bands.unrated == 1
    pies = dashboard.chart_data(dash)["bands"]["pies"]
    assert len(pies) == 2
    assert [i["value"] for i in pies[0]["items"]] == [1, 1, 0, 0, 2]
    assert pies[1]["items"][-1] == {"name": dashboard.band_label(None), "value": 1,
                                    "colour": dashboard.NOT_REPORTED_COLOUR}


@pytest.mark.parametrize("quarter", [1, 2])
def test_activity_bands_counted_by_the_database_agree_with_python(world, plan, quarter):
    activities = rollups.activities_for(world.kutim.pk, YEAR)
    by_python = dashboard.activity_distribution(dashboard.activity_figures(activities, quarter))
    assert dashboard.activity_band_counts(activities, quarter) == by_python


def test_activity_bands_are_classified_as_presented(world, sample):
    """90.99 of a year-end target of 99.99 is 90.9991 %, shown as 91,00 %: Sangat Tinggi in SQL
    as in achievement.band; 90.98 of it is 90.989 %, shown as 90,99 %: Tinggi."""
    targets = (("25", "0"), ("50", "0"), ("75", "0"), ("99.99", "100"))
    for physical in ("90.99", "90.98"):
        realization(_activity(world.bappeda, targets=targets), 1, physical, "0", status=S.SUBMITTED)
    activities = rollups.activities_for(world.kutim.pk, YEAR)
    counts = dashboard.activity_band_counts(activities, 1)
    assert counts[Band.SANGAT_TINGGI] == 1 and counts[Band.TINGGI] == 1
    assert counts == dashboard.activity_distribution(dashboard.activity_figures(activities, 1))


def test_priorities_with_budget_share_and_the_synchronization_gap(world, plan, rpjmd):
    dash = _build(world)
    labels = [p.label for p in dash.priorities]
    # Asta Cita's eight missions and the RPJMD in force in 2025; not the expired one, not Mimika's.
    assert labels == [*(f"Asta Cita {n}" for n in range(1, 9)), "RPJMD Kutai Timur M1",
                      "RPJMD Kutai Timur M2"]
    by_label = {p.label: p for p in dash.priorities}
    four = by_label["Asta Cita 4"]
    assert four.rollup.count == 2 and four.rollup.budget == 200 * M
    assert round_percent(four.share) == D("33.33")  # of Rp 600 jt
    # Absorption of A and D: (40 + 90) / 200 jt.
    assert round_percent(four.rollup.absorption) == D(65)
    assert by_label["RPJMD Kutai Timur M1"].rollup.count == 1
    gap = [p.label for p in dash.gap_priorities]
    assert gap == ["Asta Cita 1", "Asta Cita 2", "Asta Cita 3", "Asta Cita 5", "Asta Cita 7",
                   "Asta Cita 8", "RPJMD Kutai Timur M2"]
    shares = dashboard.chart_data(dash)["priorities"]["items"]
    assert [s["name"] for s in shares] == labels
    assert shares[3]["value"] == 33.33 and shares[0]["value"] == 0


def test_at_risk_list_with_projection_trend_and_kendala(world, plan):
    dash = _build(world)
    # B: 10 % after two quarters, best gain 10: needs 45 per quarter. C has nothing reported in
    # TW II but stands at 20 % (TW I), best gain 20 < 40 needed. A: 60 %, best 30 ≥ 20 needed.
    assert {r.activity.pk for r in dash.risks} == {plan["b"].pk, plan["c"].pk}
    assert dash.risk_count == 2
    # The largest shortfall of the projection first: B projects 20 %, C 40 %.
    b, c = dash.risks
    assert b.activity.pk == plan["b"].pk
    assert round_percent(b.projection) == D(20) and b.trend == Trend.FLAT
    assert b.problems == "Lelang ulang belum selesai"  # the latest reported kendala
    assert round_percent(b.achievement) == D(10) and b.band == Band.SANGAT_RENDAH
    assert c.problems == "" and round_percent(c.projection) == D(40)
    # The same activities as rollups.activities_at_risk.
    activities = rollups.activities_for(world.kutim.pk, YEAR)
    assert {r.activity_id for r in rollups.activities_at_risk(activities, 2)} == {plan["b"].pk, plan["c"].pk}


def test_at_risk_list_is_limited_and_counts_them_all(world, plan):
    activities = rollups.activities_for(world.kutim.pk, YEAR)
    entries, total = dashboard.risk_entries(activities, 2, limit=1)
    assert total == 2 and [e.activity.pk for e in entries] == [plan["b"].pk]


def test_completeness_per_unit(world, plan):
    dash = _build(world)
    by_unit = {r.unit.pk: r.completeness for r in dash.units}
    bappeda = by_unit[world.bappeda.pk]
    assert (bappeda.activities, bappeda.on_time, bappeda.late, bappeda.missing) == (2, 1, 1, 0)
    tapem = by_unit[world.tapem.pk]
    assert (tapem.activities, tapem.on_time, tapem.late, tapem.missing) == (1, 0, 0, 1)
    assert (dash.completeness.activities, dash.completeness.on_time, dash.completeness.late,
            dash.completeness.missing) == (5, 2, 2, 1)
    stacked = dashboard.chart_data(dash)["completeness"]
    order = [r.unit.pk for r in dash.units]
    assert stacked["series"][0]["values"] == [by_unit[pk].on_time for pk in order]
    assert stacked["series"][1]["values"] == [by_unit[pk].late for pk in order]
    assert stacked["series"][2]["values"] == [by_unit[pk].missing for pk in order]


def test_kecamatan_ranking_and_map_values(world, plan):
    dash = _build(world)
    assert [r.unit.pk for r in dash.kecamatan] == [world.kec_sangatta.pk, plan["selatan"].pk,
                                                  plan["bengalon"].pk]
    assert dash.kecamatan[-1].achievement is None  # no activity: last, unranked
    values = dashboard.chart_data(dash)["map"]["values"]
    assert values == {world.kec_sangatta.region_id: 95.0, plan["selatan"].region_id: 80.0}


def test_only_complete_reports_are_ranked(client, world, plan, english):
    """Issue 16: Bengalon reported one of its two activities; the one reported (Rp 300 jt) is
    complete, so its achievement (300 · 100 / 310 = 96,77 %) tops Sangatta Utara's 95 % — the
    old ranking put it first "for the evaluation of the camat". Only complete reports are
    ranked; Bengalon is listed apart with its completeness, and the rule is on the page."""
    g = _activity(plan["bengalon"], budget="300000000")
    _activity(plan["bengalon"], budget="10000000", targets=None)
    realization(g, 1, "50", "0", status=S.SUBMITTED)
    realization(g, 2, "100", "0", status=S.SUBMITTED)
    dash = _build(world)
    bengalon = next(r for r in dash.kecamatan if r.unit.pk == plan["bengalon"].pk)
    assert round_percent(bengalon.achievement) == D("96.77") and not bengalon.complete
    assert [r.unit.pk for r in dash.kecamatan_ranked] == [world.kec_sangatta.pk, plan["selatan"].pk]
    assert [r.unit.pk for r in dash.kecamatan_unranked] == [plan["bengalon"].pk]
    assert bengalon.completeness_note == "50 % of activities reported (1 / 2)"
    # Achievement per unit: the complete units by achievement, then the incomplete ones (the
    # most complete first), hatched in the chart.
    assert [r.unit.pk for r in dash.units] == [world.kec_sangatta.pk, plan["selatan"].pk, world.bappeda.pk,
                                              plan["bengalon"].pk, world.tapem.pk]
    bars = dashboard.chart_data(dash)["units"]["items"]
    assert [b["incomplete"] for b in bars] == [False, False, False, True, True]
    assert bars[3]["note"] == "50 % of activities reported (1 / 2)"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.users[Role.COORDINATOR])
    html = client.get(_url(world)).content.decode()
    ranked = html.split('data-testid="table-kecamatan"')[1].split("</table>")[0]
    assert f'data-unit="{plan["bengalon"].pk}"' not in ranked
    assert f'<tr data-unit="{world.kec_sangatta.pk}">\n            <td class="text-end">1</td>' in ranked
    unranked = html.split('data-testid="table-kecamatan-unranked"')[1].split("</table>")[0]
    assert f'data-unit="{plan["bengalon"].pk}"' in unranked
    assert "50 % of activities reported (1 / 2)" in unranked
    assert "Only the district offices that reported every activity for the quarter are ranked" in html
    units_table = html.split('data-testid="table-units"')[1].split("</table>")[0]
    assert units_table.index('data-testid="units-unranked"') < units_table.index(
        f'data-unit="{plan["bengalon"].pk}"')
    separator = units_table.index('data-testid="units-unranked"')
    assert units_table.index(f'data-unit="{world.bappeda.pk}"') < separator


def test_unit_dashboard_lists_its_activities_with_trajectory(world, plan):
    dash = _build(world, unit=world.bappeda)
    assert [f.activity.pk for f in dash.activities] == [plan["a"].pk, plan["b"].pk]
    a, b = dash.activities
    assert round_percent(a.achievement) == D(60) and a.band == Band.RENDAH and not a.at_risk
    assert a.trajectory.trend == Trend.UP and round_percent(a.trajectory.projection) == D(120)
    assert b.at_risk and b.problems == "Lelang ulang belum selesai"
    assert [u.unit.pk for u in dash.units] == [world.bappeda.pk]
    bars = dashboard.chart_data(dash)["activities"]["items"]
    assert bars[0]["url"] == reverse("monitoring:activity_history", args=[plan["a"].pk])


def test_projection_over_100_is_capped_on_the_page_with_what_it_rests_on(client, world, plan, english):
    """Issue 16: A stands at 60 % after TW II, a linear pace of 120 % by year-end. The page
    shows 100,00 % "above target" (the raw figure in the title), the quarters it rests on, and the
    rule; never 120,00 % as a projection."""
    dash = _build(world, unit=world.bappeda)
    a = dash.activities[0]
    assert round_percent(a.trajectory.projection) == D(120)  # the raw value is kept
    assert a.trajectory.projection_capped == D(100) and a.trajectory.projection_above_target
    assert a.projection_basis == "reported: Quarter I, Quarter II"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.users[Role.COORDINATOR])
    html = client.get(reverse("reports:dashboard_unit", args=[world.bappeda.pk])
                      + f"?year={YEAR}&quarter=2").content.decode()
    row = html.split(f'<tr data-activity="{plan["a"].pk}">')[1].split("</tr>")[0]
    assert '<span data-testid="projection" title="The pace so far would give 120,00 %' in row
    assert ">100,00 %</span>" in row and "120,00 %</span>" not in row
    assert 'data-testid="projection-above-target">above target<' in row
    assert "reported: Quarter I, Quarter II" in row
    assert 'data-testid="projection-rule"' in html and "from Quarter I to Quarter II" in html
    # B is at risk: 20 % projected, not above the target, rests on both quarters.
    risk = html.split('data-testid="table-risks"')[1].split(f'<tr data-activity="{plan["b"].pk}">')[1]
    risk = risk.split("</tr>")[0]
    assert ">20,00 %</span>" in risk and "above target" not in risk
    assert "reported: Quarter I, Quarter II" in risk


def test_unit_dashboard_covers_sub_units(world, plan):
    dash = _build(world, unit=world.setda)
    assert [u.unit.pk for u in dash.units] == [world.tapem.pk]  # Setda has no activity itself
    assert [f.activity.pk for f in dash.activities] == [plan["c"].pk]
    assert not dash.activities[0].reported  # a draft in TW II


def test_a_unit_head_sees_only_its_subtree(world, plan):
    dash = _build(world, user=world.users[Role.UNIT_HEAD])  # head of Setda
    assert [u.unit.pk for u in dash.units] == [world.tapem.pk]
    assert dash.total.count == 1 and dash.kecamatan == []


def test_no_plan_is_empty(world, sample):
    dash = _build(world)
    assert dash.empty and dash.units == [] and dash.priorities == []


# ---------------------------------------------------------------------------- pages


def _url(world, quarter=2, government=None):
    government = government or world.kutim
    return reverse("reports:dashboard") + f"?government={government.pk}&year={YEAR}&quarter={quarter}"


def test_page_shows_every_panel_with_its_data(client, world, plan, english):
    open_period(world.kutim, 2)
    client.force_login(world.users[Role.COORDINATOR])
    response = client.get(_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    for panel in ("units", "trend", "bands", "completeness", "priorities", "risks", "kecamatan"):
        assert f'data-testid="panel-{panel}"' in html, panel
    for block in ("data-units", "data-trend", "data-bands", "data-priorities", "data-completeness",
                  "data-map"):
        assert f'<script id="{block}" type="application/json">' in html, block
    assert "<script>" not in html  # no inline script (CSP)
    assert "vendor/echarts/echarts.min.js" in html and "sinergi/js/dashboard.js" in html
    assert 'data-testid="headline-budget" title="Rp 600.000.000"' in html
    assert "Lelang ulang belum selesai" in html
    assert reverse("monitoring:activity_history", args=[plan["b"].pk]) in html
    assert reverse("reports:dashboard_district", args=[world.kutim.pk, "__code__"]) in html
    assert "Mimika" not in html.split('id="id_government"')[1].split("</select>")[0]
    data = json.loads(html.split('<script id="data-units" type="application/json">')[1].split("</script>")[0])
    assert data["items"][0]["name"] == "Kecamatan Sangatta Utara"


def test_page_is_indonesian_by_default(client, world, plan):
    client.force_login(world.users[Role.COORDINATOR])
    html = client.get(_url(world)).content.decode()
    assert "Sangat Tinggi" in html and "Rp 600.000.000" in html and "40,83 %" in html
    assert "dilaporkan: Triwulan I, Triwulan II" in html and "ditampilkan paling tinggi 100 %," in html


def test_coordinator_gets_its_only_government_preselected(client, world, plan):
    client.force_login(world.users[Role.COORDINATOR])
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    assert response.context["government"] == world.kutim
    assert response.context["year"] == YEAR  # the latest year with activities
    assert 'data-testid="panel-units"' in response.content.decode()


def test_quarter_defaults_to_the_latest_opened_period(client, world, plan):
    open_period(world.kutim, 1)
    open_period(world.kutim, 2)
    client.force_login(world.users[Role.COORDINATOR])
    response = client.get(reverse("reports:dashboard") + f"?government={world.kutim.pk}")
    assert response.context["quarter"] == 2


def test_administrator_chooses_among_governments(client, world, plan, english):
    client.force_login(world.users[Role.ADMINISTRATOR])
    response = client.get(reverse("reports:dashboard"))
    html = response.content.decode()
    assert response.status_code == 200 and response.context["government"] is None
    assert 'data-testid="dashboard-choose"' in html
    assert world.kutim.name in html and world.mimika.name in html


def test_out_of_scope_government_and_unit_are_404(client, world, plan):
    client.force_login(world.users[Role.UNIT_OPERATOR])  # Tapem of Kutai Timur
    assert client.get(_url(world, government=world.mimika)).status_code == 404
    assert client.get(reverse("reports:dashboard") + "?government=999999").status_code == 404
    assert client.get(reverse("reports:dashboard") + "?government=abc").status_code == 404
    unit_url = reverse("reports:dashboard_unit", args=[world.mimika_tapem.pk])
    assert client.get(unit_url).status_code == 404
    assert client.get(reverse("reports:dashboard_unit", args=[world.bappeda.pk])).status_code == 404
    assert client.get(reverse("reports:dashboard_unit", args=[world.tapem.pk])).status_code == 200


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_empty_state_without_a_plan(client, world, sample, english):
    client.force_login(world.users[Role.COORDINATOR])
    response = client.get(_url(world))
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="dashboard-empty"' in html
    assert "echarts" not in html and 'data-testid="panel-units"' not in html


def test_unit_page_drills_down_to_activities(client, world, plan):
    client.force_login(world.users[Role.COORDINATOR])
    response = client.get(reverse("reports:dashboard_unit", args=[world.bappeda.pk])
                          + f"?year={YEAR}&quarter=2")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="panel-activities"' in html and '<script id="data-activities"' in html
    assert reverse("monitoring:activity_history", args=[plan["a"].pk]) in html
    assert "berisiko" in html and "Lelang ulang belum selesai" in html  # "at risk", in Indonesian
    assert f"?government={world.kutim.pk}&amp;year={YEAR}&amp;quarter=2" in html  # back up


def test_map_click_opens_the_district_office(client, world, plan):
    client.force_login(world.users[Role.COORDINATOR])
    url = reverse("reports:dashboard_district", args=[world.kutim.pk, world.kec_sangatta.region_id])
    response = client.get(url + "?year=2025&quarter=2")
    assert response.status_code == 302
    assert response["Location"] == (reverse("reports:dashboard_unit", args=[world.kec_sangatta.pk])
                                    + "?year=2025&quarter=2")
    missing = reverse("reports:dashboard_district", args=[world.kutim.pk, "64.08.99"])
    assert client.get(missing).status_code == 404
    client.force_login(world.users[Role.UNIT_OPERATOR])  # the office is outside Tapem's scope
    assert client.get(url).status_code == 404


# ---------------------------------------------------------------------------- query counts

PINNED_KEY = "monitoring_dashboard"


def _grow(world, units: int, activities_per_unit: int, start: int) -> None:
    for i in range(start, start + units):
        unit = factories.unit(world.kutim, f"DASH-{i:03}", f"Dinas Dasbor {i:03}")
        for _ in range(activities_per_unit):
            activity = _activity(unit)
            activity.priorities.add(_asta_cita(str(1 + i % 8)))
            realization(activity, 1, "20", "1000000", status=S.SUBMITTED, problems="Cuaca")
            realization(activity, 2, "25", "2000000", status=S.SUBMITTED)


def _count(client, url) -> int:
    client.get(url)  # warm process-wide caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.COORDINATOR])
def test_query_count_does_not_grow_with_units_and_activities(client, world, plan, role):
    client.force_login(world.users[role])
    pages = {"dashboard": _url(world),
             "dashboard_unit": reverse("reports:dashboard_unit", args=[world.bappeda.pk]) + "?quarter=2"}
    small = {key: _count(client, url) for key, url in pages.items()}
    _grow(world, units=6, activities_per_unit=5, start=0)
    activity = _activity(world.bappeda)
    realization(activity, 2, "5", "1000", status=S.SUBMITTED)
    large = {key: _count(client, url) for key, url in pages.items()}
    assert large == small, (small, large)

    pinned = json.loads(COUNTS_FILE.read_text(encoding="utf-8")) if COUNTS_FILE.exists() else {}
    entry = pinned.setdefault(PINNED_KEY, {})
    counts = {f"{role}:{key}": n for key, n in large.items()}
    if UPDATE:
        entry.update(counts)
        COUNTS_FILE.write_text(json.dumps(pinned, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return
    missing = sorted(set(counts) - set(entry))
    assert not missing, f"no pinned count for {missing}: run with UPDATE_QUERY_COUNTS=1"
    exceeded = {key: (entry[key], n) for key, n in counts.items() if n > entry[key]}
    assert not exceeded, f"more queries than pinned in {COUNTS_FILE.name} (pinned, now): {exceeded}"


def test_home_and_the_monitoring_tabs_link_to_the_dashboard(client, world):
    client.force_login(world.users[Role.VIEWER])
    url = reverse("reports:dashboard")
    assert f'href="{url}"' in client.get(reverse("home")).content.decode()
    assert f'href="{url}"' in client.get(reverse("monitoring:period_list")).content.decode()
