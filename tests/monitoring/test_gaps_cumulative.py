"""The one "cumulative values never decrease" walk (planning.rules.non_decreasing_problems)
behind quarterly targets, realization and outputs per indicator: its edge cases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sinergi.monitoring import rules as monitoring_rules
from sinergi.planning import rules as planning_rules
from sinergi.planning.rules import QuarterProblem, non_decreasing_problems

D = Decimal


def _walk(series, *, cap=None):
    def bound(_field, value):
        if value < 0:
            return "negative"
        if cap is not None and value > cap:
            return "too high"
        return None

    def decrease(field, quarter, value, earlier, before):
        return f"{field}: Q{quarter} {value} < Q{earlier} {before}"

    return [(p.quarter, p.field, p.message)
            for p in non_decreasing_problems(series, bound=bound, decrease=decrease)]


def test_empty_and_all_none():
    assert _walk({}) == []
    assert _walk({1: {"a": None}, 2: {"a": None}}) == []


def test_equal_values_are_not_a_decrease():
    assert _walk({1: {"a": D(5)}, 2: {"a": D("5.00")}, 3: {"a": D(5)}}) == []


def test_quarters_are_walked_in_order_whatever_the_mapping_order():
    assert _walk({3: {"a": D(1)}, 1: {"a": D(2)}}) == [(3, "a", "a: Q3 1 < Q1 2")]


def test_gaps_and_none_compare_with_the_nearest_earlier_value():
    assert _walk({1: {"a": D(5)}, 2: {"a": None}, 4: {"a": D(4)}}) == [(4, "a", "a: Q4 4 < Q1 5")]


def test_a_refused_value_is_not_the_reference():
    # Q2 is out of bounds: Q3 is compared with Q1, not with Q2's 200.
    assert _walk({1: {"a": D(10)}, 2: {"a": D(200)}, 3: {"a": D(20)}}, cap=D(100)) == [
        (2, "a", "too high")]
    assert _walk({1: {"a": D(-1)}, 2: {"a": D(0)}}) == [(1, "a", "negative")]


def test_a_decreasing_value_is_not_the_reference_either():
    # Q2 is below Q1 (reported); Q3 is compared with Q1 again, not with Q2.
    assert _walk({1: {"a": D(50)}, 2: {"a": D(10)}, 3: {"a": D(40)}}) == [
        (2, "a", "a: Q2 10 < Q1 50"), (3, "a", "a: Q3 40 < Q1 50")]


def test_fields_are_independent_and_reported_in_order():
    series = {1: {"x": D(5), "y": D(5)}, 2: {"y": D(4), "x": D(4)}}
    assert [(q, f) for q, f, _m in _walk(series)] == [(2, "y"), (2, "x")]
    assert _walk({1: {7: D(3)}, 2: {8: D(1)}}) == []  # other keys: nothing to compare


def test_targets_and_realization_share_the_walk():
    targets = planning_rules.cumulative_problems({1: (D(30), D(10)), 2: (D(20), D(5))}, D(100))
    realized = monitoring_rules.cumulative_problems({1: (D(30), D(10)), 2: (D(20), D(5))})
    assert all(isinstance(p, QuarterProblem) for p in [*targets, *realized])
    assert [(p.quarter, p.field) for p in targets] == [(p.quarter, p.field) for p in realized] == [
        (2, "physical"), (2, "financial")]


def test_output_problems(english):
    problems = monitoring_rules.output_problems({
        1: {10: D(2), 11: D(-1)},
        2: {10: D("1.5"), 11: D(0)},
        3: {10: D(999)},  # far above any target: allowed
    })
    assert [(p.quarter, p.field) for p in problems] == [(1, 11), (2, 10)]
    assert problems[0].message == "An output cannot be negative."
    assert problems[1].message == ("Cumulative output cannot decrease: 1,5 in Quarter II is below "
                                   "the 2 of Quarter I.")


@pytest.mark.parametrize(("value", "text"), [(D("3.00"), "3"), (D("2.50"), "2,5"), (D(100), "100")])
def test_output_numbers_in_messages(english, value, text):
    [problem] = monitoring_rules.output_problems({1: {1: value + 1}, 2: {1: value}})
    assert f" {text} in Quarter II" in problem.message
