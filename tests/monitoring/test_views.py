"""The monitoring pages: a permission matrix (role × page × inside/outside the role's scope),
the entry table (save draft, submit, errors per row), verification, the activity history, the
summary, periods; constant query counts on the entry page and the summary."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sinergi.core.roles import Role
from sinergi.monitoring.choices import PeriodStatus
from sinergi.monitoring.choices import RealizationStatus as S
from sinergi.monitoring.models import Realization, ReportingPeriod
from tests.api.conftest import matrix
from tests.monitoring.conftest import YEAR, make_activity, make_targets, open_period, realization

pytestmark = pytest.mark.django_db
D = Decimal


def english(client):
    """Pages in English, so that assertions on messages do not depend on the id catalogue."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _entry_url(unit, quarter=1):
    return reverse("monitoring:entry", args=[unit.pk, YEAR, quarter])


def _entry_data(activity, physical="40", financial="1000000", version="", action="save", **extra):
    key = activity.pk
    return {f"physical_{key}": physical, f"financial_{key}": financial, f"problems_{key}": "Hujan",
            f"version_{key}": version, "action": action, **extra}


# ---------------------------------------------------------------------------- the matrix
#   (page, target, admin, coordinator, head, operator, viewer, anonymous)
PAGES = matrix([
    ("entry-get", "in", 200, 200, 200, 200, 404, 302),
    ("entry-get", "out", 200, 404, 404, 404, 404, 302),
    ("entry-post", "in", 302, 302, 302, 302, 404, 302),
    ("entry-post", "out", 302, 404, 404, 404, 404, 302),
    ("history", "in", 200, 200, 200, 200, 404, 302),
    ("history", "out", 200, 404, 404, 404, 404, 302),
    ("verification", "in", 200, 200, 200, 200, 404, 302),
    ("verify", "in", 302, 302, 302, 302, 404, 302),
    ("verify", "out", 302, 404, 404, 404, 404, 302),
    ("period-open", "in", 302, 302, 403, 403, 403, 302),
    ("summary", "in", 200, 200, 200, 200, 200, 302),
])
# Who actually changes the data when the request is answered with a redirect.
VERIFIERS = {Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_HEAD}


@pytest.mark.parametrize(("role", "page", "target", "status"), PAGES)
def test_permission_matrix(client, world, tapem_activity, mimika_activity, role, page, target, status):
    activity = tapem_activity if target == "in" else mimika_activity
    unit = activity.unit
    if role != "anonymous":
        client.force_login(world.users[role])
    submitted = realization(activity, 1, "30", "10", status=S.SUBMITTED)
    if page == "entry-get":
        response = client.get(_entry_url(unit))
    elif page == "entry-post":
        response = client.post(_entry_url(unit), _entry_data(activity, version=submitted.version))
    elif page == "history":
        response = client.get(reverse("monitoring:activity_history", args=[activity.pk]))
    elif page == "verification":
        response = client.get(reverse("monitoring:verification", args=[unit.pk, YEAR, 1]))
    elif page == "verify":
        response = client.post(reverse("monitoring:realization_action", args=[submitted.pk, "verify"]),
                               {"version": submitted.version})
    elif page == "period-open":
        response = client.post(reverse("monitoring:period_open"), {
            "government": world.kutim.pk, "year": YEAR, "quarter": 2, "opens_on": "2025-07-01",
            "deadline": "2025-07-15"})
    else:
        response = client.get(reverse("monitoring:summary"))
    assert response.status_code == status, response.content[:500]
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    if page == "verify":
        verified = Realization.objects.get(pk=submitted.pk).status == S.VERIFIED
        assert verified == (status == 302 and role in VERIFIERS)
    if page == "period-open":
        assert ReportingPeriod.objects.filter(quarter=2).exists() == (status == 302 and role != "anonymous")
    if page == "entry-post":
        # A submitted realization is locked: the post changes nothing, whoever sends it.
        assert Realization.objects.get(pk=submitted.pk).physical == D(30)


# ---------------------------------------------------------------------------- entry


def test_operator_saves_a_draft_and_submits(client, world, tapem_activity):
    english(client)
    client.force_login(world.users[Role.UNIT_OPERATOR])
    page = client.get(_entry_url(world.tapem))
    assert page.status_code == 200
    assert f'name="physical_{tapem_activity.pk}"' in page.content.decode()
    response = client.post(_entry_url(world.tapem), _entry_data(tapem_activity))
    assert response.status_code == 302
    r = Realization.objects.get(activity=tapem_activity, quarter=1)
    assert (r.status, r.physical, r.problems) == (S.DRAFT, D(40), "Hujan")
    # Submitting without an open period: refused, nothing submitted.
    response = client.post(_entry_url(world.tapem), _entry_data(tapem_activity, version=r.version,
                                                                action="submit"))
    assert response.status_code == 200
    assert "not open" in response.content.decode()
    assert Realization.objects.get(pk=r.pk).status == S.DRAFT
    open_period(world.kutim, 1)
    response = client.post(_entry_url(world.tapem), _entry_data(tapem_activity, physical="45",
                                                                version=r.version, action="submit"))
    assert response.status_code == 302
    r.refresh_from_db()
    assert (r.status, r.physical, r.submitted_by_id) == (
        S.SUBMITTED, D(45), world.users[Role.UNIT_OPERATOR].pk)
    # The row is locked now: shown, not editable.
    html = client.get(_entry_url(world.tapem)).content.decode()
    assert f'name="physical_{tapem_activity.pk}"' in html and "disabled" in html


def test_entry_errors_land_on_the_row(client, world, tapem_activity):
    english(client)
    client.force_login(world.users[Role.UNIT_OPERATOR])
    too_much = str(tapem_activity.budget + 1)
    response = client.post(_entry_url(world.tapem), _entry_data(tapem_activity, financial=too_much))
    assert response.status_code == 200
    assert "exceeds the budget" in response.content.decode()
    assert not Realization.objects.exists()
    response = client.post(_entry_url(world.tapem), _entry_data(
        tapem_activity, financial=too_much, **{f"over_budget_confirmed_{tapem_activity.pk}": "on"}))
    assert response.status_code == 302
    response = client.post(_entry_url(world.tapem), _entry_data(tapem_activity, financial=""))
    assert response.status_code == 200 and "Enter both" in response.content.decode()


def test_stale_entry_is_409(client, world, tapem_activity):
    r = realization(tapem_activity, 1)
    client.force_login(world.users[Role.UNIT_OPERATOR])
    response = client.post(_entry_url(world.tapem), _entry_data(tapem_activity, version=r.version + 5))
    assert response.status_code == 409


def test_viewer_sees_its_units_entry_read_only(client, world, sample):
    english(client)
    activity = make_activity(world.kec_sangatta)
    client.force_login(world.users[Role.VIEWER])
    html = client.get(_entry_url(world.kec_sangatta)).content.decode()
    assert f'name="physical_{activity.pk}"' in html and "disabled" in html
    assert "Save draft" not in html
    assert client.post(_entry_url(world.kec_sangatta), _entry_data(activity)).status_code == 403


def _entry_queries(client, world, n):
    for _ in range(n):
        activity = make_activity(world.tapem)
        make_targets(activity, ("10", "0"), ("20", "0"), ("50", "0"), ("100", "1000"))
        realization(activity, 1, "10", "100", status=S.SUBMITTED)
        realization(activity, 2, "15", "200")
    client.get(_entry_url(world.tapem, 2))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_entry_url(world.tapem, 2)).status_code == 200
    return len(queries)


def test_entry_page_has_no_n_plus_one(client, world, sample):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    small = _entry_queries(client, world, 3)
    large = _entry_queries(client, world, 27)  # 30 activities now
    assert large == small <= 13  # 12, and the user's coordination designations (issue 15)


def test_summary_page_has_no_n_plus_one(client, world, sample):
    client.force_login(world.users[Role.COORDINATOR])
    url = reverse("monitoring:summary") + f"?government={world.kutim.pk}&year={YEAR}&quarter=2"
    counts = []
    for n in (3, 27):
        for i in range(n):
            activity = make_activity(world.tapem if i % 2 else world.bappeda)
            realization(activity, 1, "10", "100", status=S.SUBMITTED)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# ---------------------------------------------------------------------------- verification


def test_head_verifies_and_returns_with_a_reason(client, world, tapem_activity, sample):
    english(client)
    other = make_activity(world.tapem)
    first = realization(tapem_activity, 1, status=S.SUBMITTED)
    second = realization(other, 1, status=S.SUBMITTED)
    client.force_login(world.users[Role.UNIT_HEAD])
    page = client.get(reverse("monitoring:verification", args=[world.tapem.pk, YEAR, 1]))
    assert page.status_code == 200 and "Verify" in page.content.decode()
    url = reverse("monitoring:realization_action", args=[first.pk, "verify"])
    assert client.post(url, {"version": first.version}).status_code == 302
    assert Realization.objects.get(pk=first.pk).status == S.VERIFIED
    url = reverse("monitoring:realization_action", args=[second.pk, "return"])
    client.post(url, {"version": second.version, "reason": ""})
    assert Realization.objects.get(pk=second.pk).status == S.SUBMITTED
    client.post(url, {"version": second.version, "reason": "Lampirkan foto"})
    second.refresh_from_db()
    assert (second.status, second.return_reason) == (S.RETURNED, "Lampirkan foto")
    # Reopening is for coordinators.
    url = reverse("monitoring:realization_action", args=[first.pk, "reopen"])
    client.post(url, {"version": 2, "reason": "x"})
    assert Realization.objects.get(pk=first.pk).status == S.VERIFIED
    client.force_login(world.users[Role.COORDINATOR])
    client.post(url, {"version": 2, "reason": "Koreksi"})
    assert Realization.objects.get(pk=first.pk).status == S.RETURNED


def test_unknown_step_is_404(client, world, tapem_activity):
    r = realization(tapem_activity, 1, status=S.SUBMITTED)
    client.force_login(world.users[Role.ADMINISTRATOR])
    url = reverse("monitoring:realization_action", args=[r.pk, "save"])
    assert client.post(url, {"version": r.version}).status_code == 404


# ---------------------------------------------------------------------------- history, summary, periods


def test_history_shows_achievement_band_deviation_and_gap(client, world, tapem_activity):
    realization(tapem_activity, 1, "20", "60000000", status=S.VERIFIED)
    client.force_login(world.users[Role.UNIT_HEAD])
    html = client.get(reverse("monitoring:activity_history", args=[tapem_activity.pk])).content.decode()
    # Target TW I 25 %: deviation −5 points; 20 % of the 100 % annual target: Sangat Rendah;
    # Rp 60 jt of 100 jt = 60 % financial against 20 % physical: spending ahead of progress.
    assert "−5,00" in html
    assert "20,00 %" in html and "Sangat Rendah" in html
    assert "60,00 %" in html and "Keuangan mendahului fisik" in html
    assert 'data-testid="trajectory"' in html


def test_summary_lists_units_by_achievement(client, world, sample):
    low = make_activity(world.tapem)
    high = make_activity(world.bappeda)
    realization(low, 1, "10", "0", status=S.SUBMITTED)
    realization(high, 1, "95", "0", status=S.SUBMITTED)
    client.force_login(world.users[Role.COORDINATOR])
    html = client.get(reverse("monitoring:summary"),
                      {"government": world.kutim.pk, "year": YEAR, "quarter": 1}).content.decode()
    assert html.index(f'data-unit="{world.bappeda.pk}"') < html.index(f'data-unit="{world.tapem.pk}"')
    assert "Sangat Tinggi" in html and "Sangat Rendah" in html
    # The head of Setda sees only its subtree's units.
    client.force_login(world.users[Role.UNIT_HEAD])
    html = client.get(reverse("monitoring:summary"),
                      {"government": world.kutim.pk, "year": YEAR, "quarter": 1}).content.decode()
    assert f'data-unit="{world.tapem.pk}"' in html and f'data-unit="{world.bappeda.pk}"' not in html


def test_summary_ranks_only_units_that_reported_every_activity(client, world, sample):
    """Issue 16: Tapem reported 1 of 2 activities (90 % budget-weighted), Bappeda all of its
    one (50 %): Bappeda is ranked, Tapem follows apart, not ranked above it."""
    reported = make_activity(world.tapem, budget="900000000")
    make_activity(world.tapem, budget="100000000")
    realization(reported, 1, "100", "0", status=S.SUBMITTED)
    realization(make_activity(world.bappeda), 1, "50", "0", status=S.SUBMITTED)
    english(client)
    client.force_login(world.users[Role.COORDINATOR])
    html = client.get(reverse("monitoring:summary"),
                      {"government": world.kutim.pk, "year": YEAR, "quarter": 1}).content.decode()
    assert "90,00 %" in html
    assert (html.index(f'data-unit="{world.bappeda.pk}"') < html.index('data-testid="summary-unranked"')
            < html.index(f'data-unit="{world.tapem.pk}"'))


def test_coordinator_opens_and_closes_a_period(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    response = client.post(reverse("monitoring:period_open"), {
        "government": world.kutim.pk, "year": YEAR, "quarter": 1, "opens_on": "2025-04-01",
        "deadline": "2025-04-10"})
    assert response.status_code == 302
    period = ReportingPeriod.objects.get()
    assert period.status == PeriodStatus.OPEN
    assert reverse("monitoring:period_close", args=[period.pk]) in client.get(
        reverse("monitoring:period_list")).content.decode()
    client.post(reverse("monitoring:period_close", args=[period.pk]), {"version": period.version})
    assert ReportingPeriod.objects.get().status == PeriodStatus.CLOSED
    # Another government's period cannot be opened from this form.
    response = client.post(reverse("monitoring:period_open"), {
        "government": world.mimika.pk, "year": YEAR, "quarter": 1, "opens_on": "2025-04-01",
        "deadline": "2025-04-10"})
    assert response.status_code == 200 and ReportingPeriod.objects.count() == 1
