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
    # The row posted is submitted (locked): nothing is saved, and the answer says so (409).
    ("entry-post", "in", 409, 409, 409, 409, 404, 302),
    ("entry-post", "out", 409, 404, 404, 404, 404, 302),
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
    client.post(reverse("monitoring:period_close", args=[period.pk]),
                {"version": period.version, "confirm": "on"})
    assert ReportingPeriod.objects.get().status == PeriodStatus.CLOSED
    # Another government's period cannot be opened from this form.
    response = client.post(reverse("monitoring:period_open"), {
        "government": world.mimika.pk, "year": YEAR, "quarter": 1, "opens_on": "2025-04-01",
        "deadline": "2025-04-10"})
    assert response.status_code == 200 and ReportingPeriod.objects.count() == 1


# ---------------------------------------------------------------------------- issue 16


def _pagu_rows(world):
    """Three Tapem activities of Rp 100 jt: `low` far below its pagu, `over` above it and
    confirmed, `fresh` without a realization."""
    low, over, fresh = (make_activity(world.tapem, budget="100000000") for _ in range(3))
    realization(low, 1, "10", "5000000")
    realization(over, 1, "10", "120000000", over_budget_confirmed=True)
    return low, over, fresh


def test_over_budget_confirmation_is_offered_only_above_the_pagu(client, world, sample):
    """Issue 16: "Above the budget: confirmed" was printed on every row, even far below the
    pagu. It is offered where the financial figure exceeds the pagu (or was confirmed), and
    on a row whose entered figure now exceeds it."""
    english(client)
    low, over, fresh = _pagu_rows(world)
    client.force_login(world.users[Role.UNIT_OPERATOR])
    html = client.get(_entry_url(world.tapem)).content.decode()
    assert html.count("Above the budget: confirmed") == 1
    assert html.count('data-testid="over-budget"') == 1
    row = html.split(f'<tr data-activity="{over.pk}">')[1].split("</tr>")[0]
    assert f'name="over_budget_confirmed_{over.pk}"' in row and "checked" in row
    for activity in (low, fresh):
        assert f'name="over_budget_confirmed_{activity.pk}"' not in html
    # The low row's figure raised above its pagu: refused, and the confirmation is offered there.
    stored = Realization.objects.get(activity=low)
    response = client.post(_entry_url(world.tapem), _entry_data(
        low, physical="20", financial="150000000", version=stored.version))
    html = response.content.decode()
    assert response.status_code == 200 and "exceeds the budget" in html
    assert f'name="over_budget_confirmed_{low.pk}"' in html
    assert f'name="over_budget_confirmed_{fresh.pk}"' not in html


def test_entry_post_that_saves_nothing_says_so(client, world, tapem_activity):
    """Issue 16: a POST into a closed quarter whose rows are verified answered "The draft was
    saved." while nothing was saved. Now: nothing saved, the reason, a 4xx."""
    english(client)
    period = open_period(world.kutim, 1)
    r = realization(tapem_activity, 1, "40", "1000000", status=S.VERIFIED)
    client.force_login(world.users[Role.COORDINATOR])
    client.post(reverse("monitoring:period_close", args=[period.pk]),
                {"version": period.version, "confirm": "on"})
    client.force_login(world.users[Role.UNIT_OPERATOR])
    response = client.post(_entry_url(world.tapem), _entry_data(
        tapem_activity, physical="60", version=r.version), follow=True)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Nothing was saved: every row of this quarter is submitted or verified" in html
    assert "The period is closed." in html
    assert "draft was saved" not in html and "saved as a draft" not in html
    assert Realization.objects.get(pk=r.pk).physical == D(40)


def test_entry_post_answers_what_it_did(client, world, tapem_activity):
    english(client)
    client.force_login(world.users[Role.UNIT_OPERATOR])
    url = _entry_url(world.tapem)
    # Nothing entered: 400 and the reason.
    response = client.post(url, _entry_data(tapem_activity, physical="", financial=""))
    assert response.status_code == 400
    assert "Nothing was saved: enter the physical and the financial realization" in response.content.decode()
    assert not Realization.objects.exists()
    # Saved (no period yet: it says the drafts wait for it).
    response = client.post(url, _entry_data(tapem_activity), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["1 row was saved as a draft. The period is not open: drafts can be "
                        "submitted once it is."]
    # The same figures again: nothing saved, and it says so.
    r = Realization.objects.get()
    response = client.post(url, _entry_data(tapem_activity, version=r.version), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Nothing was saved: the figures are the same as those stored."]
    assert Realization.objects.get().version == r.version
    # Submitted: counted.
    open_period(world.kutim, 1)
    response = client.post(url, _entry_data(tapem_activity, version=r.version, action="submit"),
                           follow=True)
    assert [str(m) for m in response.context["messages"]] == ["1 realization was submitted."]
    # Submit again: every row is locked now.
    response = client.post(url, {"action": "submit"})
    assert response.status_code == 409 and "Nothing was saved" in response.content.decode()


def test_verified_rows_of_a_closed_period_offer_no_reopen_and_refuse_it(client, world, tapem_activity):
    """Issue 16: a verified row of a closed quarter could be reopened. The pages offer no
    reopen while the period is closed, and the POST is refused with the reason."""
    english(client)
    period = open_period(world.kutim, 1)
    r = realization(tapem_activity, 1, "40", "1000000", status=S.VERIFIED)
    client.force_login(world.users[Role.COORDINATOR])
    verification = reverse("monitoring:verification", args=[world.tapem.pk, YEAR, 1])
    history = reverse("monitoring:activity_history", args=[tapem_activity.pk])
    reopen = reverse("monitoring:realization_action", args=[r.pk, "reopen"])
    assert reopen in client.get(verification).content.decode()
    client.post(reverse("monitoring:period_close", args=[period.pk]),
                {"version": period.version, "confirm": "on"})
    html = client.get(verification).content.decode()
    assert reopen not in html and 'data-testid="period-closed"' in html
    assert reopen not in client.get(history).content.decode()
    response = client.post(reopen, {"version": r.version, "reason": "Salah ketik"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Quarter I 2025 is closed: its verified realizations cannot be reopened. Open the period "
        "again first."]
    assert Realization.objects.get(pk=r.pk).status == S.VERIFIED


def test_closing_a_period_needs_an_explicit_confirmation(client, world, sample):
    """Issue 16: closing was one click. The close page says what closing leaves behind; a POST
    without the confirmation closes nothing."""
    english(client)
    period = open_period(world.kutim, 1)
    for state in (S.DRAFT, S.RETURNED, S.SUBMITTED, S.VERIFIED, None):
        activity = make_activity(world.tapem)
        if state:
            realization(activity, 1, "10", "100", status=state)
    client.force_login(world.users[Role.COORDINATOR])
    url = reverse("monitoring:period_close", args=[period.pk])
    assert f'href="{url}"' in client.get(reverse("monitoring:period_list")).content.decode()
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 of 5 activities reported" in html and "Submitted and waiting for verification: 1" in html
    assert "Still drafts: 1; returned to the unit: 1. These will not be submitted." in html
    assert "Activities without any realization entered: 1" in html
    assert 'name="confirm"' in html
    for data in ({"version": period.version}, {"version": period.version, "confirm": ""}):
        response = client.post(url, data)
        assert response.status_code == 400
        assert "Tick the confirmation to close the period." in response.content.decode()
        assert ReportingPeriod.objects.get().status == PeriodStatus.OPEN
    response = client.post(url, {"version": period.version, "confirm": "on"})
    assert response.status_code == 302 and ReportingPeriod.objects.get().status == PeriodStatus.CLOSED
    # Others may not close (nor see the page).
    client.force_login(world.users[Role.UNIT_OPERATOR])
    assert client.get(url).status_code in (403, 404)
