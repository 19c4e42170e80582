"""The pure monitoring rules: cumulative realization, the budget flag, lateness and the shape
of the transition table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sinergi.core.roles import Role
from sinergi.monitoring import rules
from sinergi.monitoring.choices import RealizationStatus as S
from sinergi.monitoring.rules import NEW, Step

D = Decimal


def problems(values):
    return [(p.quarter, p.field) for p in rules.cumulative_problems(values)]


def test_rising_and_equal_cumulative_values_are_fine():
    assert problems({1: (D(10), D(5)), 2: (D(10), D(5)), 3: (D(60), D(9)), 4: (D(100), D(9))}) == []


def test_a_decrease_is_flagged_at_the_later_quarter_for_each_figure():
    assert problems({1: (D(50), D(100)), 2: (D(40), D(100))}) == [(2, "physical")]
    assert problems({1: (D(50), D(100)), 2: (D(50), D(99))}) == [(2, "financial")]


def test_a_missing_quarter_compares_with_the_nearest_earlier_one():
    assert problems({1: (D(50), D(1)), 3: (D(49), D(1))}) == [(3, "physical")]
    assert problems({1: (D(50), D(1)), 3: (None, D(1)), 4: (D(45), D(2))}) == [
        (4, "physical")]


def test_message_names_both_quarters():
    [problem] = rules.cumulative_problems({1: (D(50), D(1)), 2: (D(40), D(1))})
    assert "II" in problem.message and "I" in problem.message


@pytest.mark.parametrize(("physical", "financial", "expected"), [
    (D(-1), D(0), [(1, "physical")]),
    (D("100.01"), D(0), [(1, "physical")]),
    (D(100), D(-5), [(1, "financial")]),
])
def test_ranges(physical, financial, expected):
    assert problems({1: (physical, financial)}) == expected


@pytest.mark.parametrize(("financial", "confirmed", "refused"), [
    (D(100), False, False),            # exactly the budget
    (D("100.01"), False, True),        # above, not confirmed
    (D("100.01"), True, False),        # above, confirmed
    (D(0), False, False),
])
def test_over_budget_needs_the_flag(financial, confirmed, refused):
    assert (rules.over_budget_problem(financial, D(100), confirmed) is not None) == refused


def test_deadline_day_is_on_time_and_the_day_after_is_late():
    deadline = dt.date(2025, 4, 10)
    assert not rules.is_late(deadline, deadline)
    assert not rules.is_late(dt.date(2025, 4, 1), deadline)
    assert rules.is_late(dt.date(2025, 4, 11), deadline)


def test_transition_table_is_a_function_of_step_and_state():
    keys = [(t.step, t.source) for t in rules.TRANSITIONS]
    assert len(keys) == len(set(keys))
    for t in rules.TRANSITIONS:
        assert t.source in rules.STATES and t.target in rules.STATES and t.target != NEW
        assert t.roles <= set(Role) and Role.VIEWER not in t.roles
        assert Role.ADMINISTRATOR in t.roles


def test_reasons_are_required_exactly_for_return_and_reopen():
    assert {t.step for t in rules.TRANSITIONS if t.needs_reason} == {Step.RETURN, Step.REOPEN}


def test_system_may_take_every_listed_transition_and_nothing_else():
    for t in rules.TRANSITIONS:
        assert rules.next_state(t.step, t.source, None) is t
    with pytest.raises(rules.TransitionRefused) as exc:
        rules.next_state(Step.SAVE, S.VERIFIED, None)
    assert exc.value.kind == "state"


def test_allowed_steps_for_buttons():
    assert rules.allowed_steps(S.SUBMITTED, Role.UNIT_HEAD) == {Step.VERIFY, Step.RETURN}
    assert rules.allowed_steps(S.SUBMITTED, Role.UNIT_OPERATOR) == set()
    assert rules.allowed_steps(S.VERIFIED, Role.UNIT_HEAD) == set()
    assert rules.allowed_steps(S.VERIFIED, Role.COORDINATOR) == {Step.REOPEN}
