"""planning.rules: nomenclature codes and cumulative quarterly targets (pure functions)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from sinergi.planning.choices import NomenclatureLevel as L
from sinergi.planning.rules import cumulative_problems, parse_code

pytestmark = pytest.mark.usefixtures("english")  # the reasons are read in English (msgids)


@pytest.mark.parametrize(("code", "level", "parent"), [
    ("1", L.URUSAN, None),
    ("1.01", L.BIDANG, "1"),
    ("1.01.01", L.PROGRAM, "1.01"),
    ("1.01.01.2.01", L.KEGIATAN, "1.01.01"),  # the level digit is part of the kegiatan
    ("1.01.01.2.01.0001", L.SUB_KEGIATAN, "1.01.01.2.01"),
    ("7.01.02.1.03.0012", L.SUB_KEGIATAN, "7.01.02.1.03"),
    (" 5.01 ", L.BIDANG, "5"),
])
def test_valid_codes(code, level, parent):
    parsed = parse_code(code)
    assert (parsed.code, parsed.level, parsed.parent) == (code.strip(), level, parent)


@pytest.mark.parametrize(("code", "fragment"), [
    ("", "empty"),
    ("1.01.01.2", "level digit"),
    ("1.1", "part 2 (BB)"),
    ("0", "part 1 (U)"),
    ("1.01.01.3.01", "part 4 (L"),
    ("1.01.01.2.1", "part 5 (KK)"),
    ("1.01.01.2.01.001", "part 6 (SSSS)"),
    ("1.01.01.2.01.0001.1", "7 parts"),
    ("1.01.a1", "part 3 (PP)"),
    ("1..01", "part 2 (BB)"),
])
def test_invalid_codes_say_which_part(code, fragment):
    with pytest.raises(ValueError, match=r"U\.BB\.PP\.L\.KK\.SSSS|level digit") as info:
        parse_code(code)
    assert fragment in str(info.value)


def test_non_decreasing_targets_pass():
    targets = {1: (D(10), D(0)), 2: (D(40), D(30)), 3: (D(40), D(60)), 4: (D(100), D(100))}
    assert cumulative_problems(targets, D(100)) == []


def test_a_decreasing_quarter_is_named():
    targets = {1: (D(30), D(10)), 2: (D(20), D(20)), 3: (D(50), D(15))}
    problems = cumulative_problems(targets, D(100))
    assert [(p.quarter, p.field) for p in problems] == [(2, "physical"), (3, "financial")]
    assert "Quarter II" in problems[0].message and "Quarter I" in problems[0].message


def test_gaps_compare_with_the_last_given_quarter():
    assert cumulative_problems({1: (D(50), D(0)), 3: (D(40), D(0))}, None)[0].quarter == 3
    assert cumulative_problems({2: (D(5), D(0)), 4: (D(6), D(1))}, D(1)) == []


def test_bounds():
    problems = cumulative_problems({1: (D(101), D(-1)), 2: (D(100), D(150))}, D(120))
    assert [(p.quarter, p.field) for p in problems] == [
        (1, "physical"), (1, "financial"), (2, "financial")]
    assert "exceeds the budget" in problems[2].message
    assert "Rp 120" in problems[2].message
