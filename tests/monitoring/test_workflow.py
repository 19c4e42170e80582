"""The workflow through monitoring.services: every role × step × state against the expected
table (written out here independently of rules.TRANSITIONS), periods, lateness, four eyes,
reasons, locking, versions, the cumulative and budget rules, outputs and evidence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.core.services import Actor, StaleEditError
from sinergi.monitoring import services
from sinergi.monitoring.choices import PeriodStatus
from sinergi.monitoring.choices import RealizationStatus as S
from sinergi.monitoring.models import Evidence, Realization, ReportingPeriod
from sinergi.monitoring.rules import NEW, Step
from sinergi.monitoring.services import Values
from sinergi.planning.models import Indicator
from tests.monitoring.conftest import SYSTEM, make_activity, open_period, realization

pytestmark = pytest.mark.django_db
D = Decimal

A, C, H, OP, V = (Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.UNIT_OPERATOR,
                 Role.VIEWER)
WRITERS = {A, C, H, OP}
# (step, from state) -> (to state, roles allowed). Everything else is refused.
EXPECTED = {
    (Step.SAVE, NEW): (S.DRAFT, WRITERS),
    (Step.SAVE, S.DRAFT): (S.DRAFT, WRITERS),
    (Step.SAVE, S.RETURNED): (S.RETURNED, WRITERS),
    (Step.SUBMIT, S.DRAFT): (S.SUBMITTED, WRITERS),
    (Step.SUBMIT, S.RETURNED): (S.SUBMITTED, WRITERS),
    (Step.VERIFY, S.SUBMITTED): (S.VERIFIED, {A, C, H}),
    (Step.RETURN, S.SUBMITTED): (S.RETURNED, {A, C, H}),
    (Step.REOPEN, S.VERIFIED): (S.RETURNED, {A, C}),
}
STATES = [NEW, S.DRAFT, S.SUBMITTED, S.VERIFIED, S.RETURNED]
CASES = [
    pytest.param(role, step, state, id=f"{role}-{step}-{state or 'new'}")
    for role in (A, C, H, OP, V) for step in Step for state in STATES
    if not (state == NEW and step != Step.SAVE)  # nothing to act on
]


def _take(actor, step, activity, r):
    if step == Step.SAVE:
        return services.save_draft(actor, activity, 1, Values(D(60), D(1000), "kendala"),
                                   expected_version=r.version if r else None)
    return services.transition(actor, step, [(r, r.version)], reason="Data belum lengkap")[0]


@pytest.mark.parametrize(("role", "step", "state"), CASES)
def test_transition_table(world, tapem_activity, role, step, state):
    open_period(world.kutim, 1)
    r = realization(tapem_activity, 1, "50", "500", status=state) if state != NEW else None
    actor = Actor(world.users[role])
    events = AuditEvent.objects.count()
    expected = EXPECTED.get((step, state))
    if expected is None:
        with pytest.raises(ValidationError) as exc:
            _take(actor, step, tapem_activity, r)
        assert exc.value.code == "state"
    elif role not in expected[1]:
        with pytest.raises(PermissionDenied):
            _take(actor, step, tapem_activity, r)
    else:
        result = _take(actor, step, tapem_activity, r)
        assert result.status == expected[0]
        assert AuditEvent.objects.count() == events + 1
        return
    assert AuditEvent.objects.count() == events
    if r is None:
        assert not Realization.objects.exists()
    else:
        assert Realization.objects.get(pk=r.pk).status == state


# ---------------------------------------------------------------------------- periods


def _draft(activity, quarter=1, physical="50", financial="1000"):
    return services.save_draft(SYSTEM, activity, quarter, Values(D(physical), D(financial)))


def test_submit_needs_an_open_period(world, tapem_activity):
    r = _draft(tapem_activity)
    operator = Actor(world.users[OP])
    with pytest.raises(ValidationError) as exc:
        services.submit(operator, r, expected_version=r.version)
    assert exc.value.code == "period_closed"
    period = open_period(world.kutim, 1)
    services.close_period(Actor(world.users[C]), period, expected_version=period.version)
    with pytest.raises(ValidationError):
        services.submit(operator, r, expected_version=r.version)
    open_period(world.kutim, 1)
    assert services.submit(operator, r, expected_version=r.version).status == S.SUBMITTED


def test_a_verified_realization_of_a_closed_period_is_not_reopened(world, tapem_activity, english):
    """Issue 16: once the period is closed, its verified figures stand: reopening is refused
    (whoever asks), nothing changes; with the period opened again it works."""
    period = open_period(world.kutim, 1)
    r = realization(tapem_activity, 1, "50", "500", status=S.VERIFIED)
    period = services.close_period(Actor(world.users[C]), period, expected_version=period.version)
    events = AuditEvent.objects.count()
    for actor in (Actor(world.users[C]), Actor(world.users[A]), SYSTEM):
        with pytest.raises(ValidationError) as exc:
            services.reopen(actor, r, "Salah ketik", expected_version=r.version)
        assert exc.value.code == "period_closed"
        assert "is closed: its verified realizations cannot be reopened" in exc.value.messages[0]
    assert Realization.objects.get(pk=r.pk).status == S.VERIFIED
    assert AuditEvent.objects.count() == events
    # With the period opened again, the coordinator reopens it.
    open_period(world.kutim, 1)
    reopened = services.reopen(Actor(world.users[C]), r, "Salah ketik", expected_version=r.version)
    assert reopened.status == S.RETURNED


def test_period_counts_say_what_closing_leaves_behind(world, sample):
    period = open_period(world.kutim, 1)
    states = [S.DRAFT, S.RETURNED, S.SUBMITTED, S.VERIFIED, S.VERIFIED, None, None]
    for state in states:
        activity = make_activity(world.tapem)
        if state:
            realization(activity, 1, "10", "100", status=state)
            realization(activity, 2, "20", "200", status=S.DRAFT)  # another quarter: not counted
    make_activity(world.mimika_tapem)  # another government
    make_activity(world.tapem, year=2024)  # another year
    counts = services.period_counts(period)
    assert (counts.activities, counts.draft, counts.returned, counts.submitted, counts.verified) == (
        7, 1, 1, 1, 2)
    assert (counts.reported, counts.not_entered, counts.unreported) == (3, 2, 4)


@pytest.mark.parametrize(("deadline", "late"), [(dt.date(2000, 1, 1), True),
                                               (dt.date(2100, 1, 1), False)])
def test_submission_after_the_deadline_is_late(world, tapem_activity, deadline, late):
    open_period(world.kutim, 1, deadline=deadline)
    operator = world.users[OP]
    r = _draft(tapem_activity)
    r = services.submit(Actor(operator), r, expected_version=r.version)
    assert (r.submitted_late, r.submitted_by_id) == (late, operator.pk)
    assert r.submitted_at is not None


@pytest.mark.parametrize(("government", "late"), [("kutim", False), ("mimika", True)])
def test_the_deadline_is_a_day_in_the_governments_own_zone(world, sample, monkeypatch,
                                                            government, late):
    """22.30 WIB on the deadline day is 23.30 WITA (Kutai Timur: on time) but already
    00.30 WIT the next day (Mimika: late)."""
    unit = world.tapem if government == "kutim" else world.mimika_tapem
    activity = make_activity(unit)
    open_period(getattr(world, government), 1, deadline=dt.date(2025, 4, 15))
    moment = dt.datetime(2025, 4, 15, 15, 30, tzinfo=dt.UTC)  # 22.30 WIB
    monkeypatch.setattr(services.timezone, "now", lambda: moment)
    r = services.submit(SYSTEM, _draft(activity), expected_version=1)
    assert r.submitted_late is late


def test_coordinator_opens_and_closes_its_governments_periods_only(world):
    coordinator = Actor(world.users[C])
    period = services.open_period(coordinator, world.kutim, 2025, 2, opens_on=dt.date(2025, 7, 1),
                                  deadline=dt.date(2025, 7, 15))
    assert period.status == PeriodStatus.OPEN
    closed = services.close_period(coordinator, period, expected_version=period.version)
    assert closed.status == PeriodStatus.CLOSED and closed.closed_at is not None
    with pytest.raises(ValidationError):
        services.close_period(coordinator, closed, expected_version=closed.version)
    reopened = services.open_period(coordinator, world.kutim, 2025, 2, opens_on=dt.date(2025, 7, 1),
                                    deadline=dt.date(2025, 7, 20))
    assert (reopened.pk, reopened.status, reopened.closed_at) == (period.pk, PeriodStatus.OPEN, None)
    with pytest.raises(PermissionDenied):
        services.open_period(coordinator, world.mimika, 2025, 2, opens_on=dt.date(2025, 7, 1),
                             deadline=dt.date(2025, 7, 15))
    for role in (H, OP, V):
        with pytest.raises(PermissionDenied):
            services.open_period(Actor(world.users[role]), world.kutim, 2025, 3,
                                 opens_on=dt.date(2025, 10, 1), deadline=dt.date(2025, 10, 15))
    assert ReportingPeriod.objects.count() == 1


def test_deadline_before_opening_is_refused(world):
    with pytest.raises(ValidationError):
        services.open_period(SYSTEM, world.kutim, 2025, 1, opens_on=dt.date(2025, 4, 10),
                             deadline=dt.date(2025, 4, 1))


# ---------------------------------------------------------------------------- the workflow's rules


def test_nobody_verifies_their_own_submission(world, tapem_activity):
    open_period(world.kutim, 1)
    head = Actor(world.users[H])
    r = services.submit(head, _draft(tapem_activity), expected_version=None)
    with pytest.raises(PermissionDenied):
        services.verify(head, r, expected_version=r.version)
    r = services.verify(Actor(world.users[C]), r, expected_version=r.version)
    assert (r.status, r.verified_by_id) == (S.VERIFIED, world.users[C].pk)


def test_return_and_reopen_need_a_reason_which_is_audited(world, tapem_activity):
    open_period(world.kutim, 1)
    r = services.submit(SYSTEM, _draft(tapem_activity), expected_version=None)
    head, coordinator = Actor(world.users[H]), Actor(world.users[C])
    with pytest.raises(ValidationError) as exc:
        services.return_realization(head, r, "  ", expected_version=r.version)
    assert "return_reason" in exc.value.message_dict
    r = services.return_realization(head, r, "Foto bukti belum ada", expected_version=r.version)
    assert (r.status, r.return_reason) == (S.RETURNED, "Foto bukti belum ada")
    r = services.save_draft(Actor(world.users[OP]), tapem_activity, 1, Values(D(55), D(1000)),
                            expected_version=r.version)
    assert (r.status, r.physical) == (S.RETURNED, D(55))
    r = services.submit(Actor(world.users[OP]), r, expected_version=r.version)
    r = services.verify(head, r, expected_version=r.version)
    with pytest.raises(ValidationError):
        services.reopen(coordinator, r, "", expected_version=r.version)
    r = services.reopen(coordinator, r, "Salah input keuangan", expected_version=r.version)
    assert (r.status, r.verified_by_id, r.verified_at) == (S.RETURNED, None, None)
    event = AuditEvent.objects.filter(object_id=str(r.pk), content_type__model="realization").first()
    assert event.actor_id == world.users[C].pk
    assert event.after["return_reason"] == "Salah input keuangan"
    assert (event.before["status"], event.after["status"]) == (S.VERIFIED, S.RETURNED)


def test_verified_figures_are_locked(world, tapem_activity):
    r = realization(tapem_activity, 1, status=S.VERIFIED)
    for role in (A, C, H, OP):
        with pytest.raises(ValidationError):
            services.save_draft(Actor(world.users[role]), tapem_activity, 1, Values(D(70), D(1)),
                                expected_version=r.version)
    assert Realization.objects.get(pk=r.pk).physical == D(50)


def test_stale_versions_are_refused(world, tapem_activity):
    r = _draft(tapem_activity)
    operator = Actor(world.users[OP])
    services.save_draft(operator, tapem_activity, 1, Values(D(60), D(1)), expected_version=r.version)
    with pytest.raises(StaleEditError):
        services.save_draft(operator, tapem_activity, 1, Values(D(65), D(1)), expected_version=r.version)
    with pytest.raises(StaleEditError):  # the user saw no realization, but there is one now
        services.save_draft(operator, tapem_activity, 1, Values(D(65), D(1)), expected_version=None)
    open_period(world.kutim, 1)
    with pytest.raises(StaleEditError):
        services.submit(operator, r, expected_version=r.version)


def test_out_of_scope_writes_are_refused(world, mimika_activity):
    for role in (C, H, OP):
        with pytest.raises(PermissionDenied):
            services.save_draft(Actor(world.users[role]), mimika_activity, 1, Values(D(1), D(1)))
    assert services.save_draft(Actor(world.users[A]), mimika_activity, 1, Values(D(1), D(1)))


def test_operator_writes_only_inside_its_subtree(world, sample):
    setda_activity = make_activity(world.setda)
    with pytest.raises(PermissionDenied):
        services.save_draft(Actor(world.users[OP]), setda_activity, 1, Values(D(1), D(1)))
    assert services.save_draft(Actor(world.users[H]), setda_activity, 1, Values(D(1), D(1)))


# ---------------------------------------------------------------------------- values


def test_cumulative_values_may_not_decrease(world, tapem_activity):
    realization(tapem_activity, 1, "50", "5000000", status=S.VERIFIED)
    with pytest.raises(ValidationError) as exc:
        services.save_draft(SYSTEM, tapem_activity, 2, Values(D(40), D(6000000)))
    assert set(exc.value.message_dict) == {"physical"}
    with pytest.raises(ValidationError) as exc:
        services.save_draft(SYSTEM, tapem_activity, 2, Values(D(60), D(4000000)))
    assert set(exc.value.message_dict) == {"financial"}
    assert services.save_draft(SYSTEM, tapem_activity, 2, Values(D(50), D(5000000)))
    # Raising an earlier quarter above a later one breaks the later one.
    with pytest.raises(ValidationError):
        services.save_draft(SYSTEM, tapem_activity, 3, Values(D(45), D(5000000)))


def test_model_validation_applies_the_same_rule(world, tapem_activity):
    realization(tapem_activity, 1, "50", "10")
    with pytest.raises(ValidationError):
        realization(tapem_activity, 2, "49", "10")


def test_above_the_budget_needs_the_flag(world, tapem_activity):
    above = D(tapem_activity.budget) + 1
    with pytest.raises(ValidationError) as exc:
        services.save_draft(SYSTEM, tapem_activity, 1, Values(D(10), above))
    assert "financial" in exc.value.message_dict
    r = services.save_draft(SYSTEM, tapem_activity, 1,
                            Values(D(10), above, over_budget_confirmed=True))
    assert r.financial == above and r.over_budget_confirmed


def test_save_drafts_writes_many_rows_and_names_each_rows_errors(world, sample):
    activities = [make_activity(world.tapem, budget="1000") for _ in range(3)]
    entries = [services.Entry(a, 1, Values(D(10 * i), D(100))) for i, a in enumerate(activities)]
    written = services.save_drafts(Actor(world.users[OP]), entries)
    assert len(written) == 3 and Realization.objects.filter(status=S.DRAFT).count() == 3
    assert AuditEvent.objects.filter(content_type__model="realization").count() == 3
    bad = [services.Entry(activities[0], 1, Values(D(5), D(100)), written[0].version),
           services.Entry(activities[1], 1, Values(D(10), D(5000)), written[1].version)]
    with pytest.raises(ValidationError) as exc:
        services.save_drafts(Actor(world.users[OP]), bad)
    assert set(exc.value.message_dict) == {f"financial_{activities[1].pk}"}
    # Unchanged rows are not written again.
    same = [services.Entry(a, 1, Values(D(10 * i), D(100)), w.version)
            for i, (a, w) in enumerate(zip(activities, written, strict=True))]
    assert services.save_drafts(Actor(world.users[OP]), same) == []


# ---------------------------------------------------------------------------- outputs, evidence


def test_outputs_belong_to_the_realizations_activity(world, tapem_activity, sample):
    r = _draft(tapem_activity)
    indicator = Indicator.objects.create(activity=tapem_activity, name="Dokumen", measure_unit="dokumen",
                                         annual_target=D(4))
    output = services.set_output(Actor(world.users[OP]), r, indicator, D(1))
    assert services.set_output(Actor(world.users[OP]), r, indicator, D(3),
                               expected_version=output.version).value == D(3)
    other = Indicator.objects.create(activity=make_activity(world.tapem), name="X", measure_unit="x",
                                     annual_target=D(1))
    with pytest.raises(ValidationError):
        services.set_output(SYSTEM, r, other, D(1))


def test_evidence_types_size_and_lock(world, tapem_activity, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SINERGI_MAX_EVIDENCE_BYTES = 1000
    operator = Actor(world.users[OP])
    r = _draft(tapem_activity)
    evidence = services.add_evidence(operator, r, SimpleUploadedFile("foto.jpg", b"x" * 10), "Foto")
    assert evidence.uploaded_by_id == world.users[OP].pk and evidence.file.name.endswith(".jpg")
    with pytest.raises(ValidationError) as exc:
        services.add_evidence(operator, r, SimpleUploadedFile("skrip.exe", b"x"))
    assert "file" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.add_evidence(operator, r, SimpleUploadedFile("besar.pdf", b"x" * 1001))
    Realization.objects.filter(pk=r.pk).update(status=S.VERIFIED)
    with pytest.raises(ValidationError):
        services.add_evidence(operator, r, SimpleUploadedFile("lagi.pdf", b"x"))
    with pytest.raises(ValidationError):
        services.remove_evidence(operator, evidence)
    assert Evidence.objects.count() == 1
