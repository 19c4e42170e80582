"""Indonesian formatting: Rupiah, percentages, dates, local times with their zone."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from sinergi.core import formatting, paths


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (1234567890, "Rp 1.234.567.890"),
        (0, "Rp 0"),
        (Decimal("999.5"), "Rp 1.000"),
        (-2500000, "Rp -2.500.000"),
        (None, "–"),
    ],
)
def test_rupiah(amount, text):
    assert formatting.rupiah(amount) == text


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (1_200_000_000, "Rp 1,2 miliar"),
        (3_000_000_000_000, "Rp 3 triliun"),
        (45_500_000, "Rp 45,5 juta"),
        (750_000, "Rp 750.000"),
    ],
)
def test_rupiah_short(amount, text):
    assert formatting.rupiah_short(amount) == text


def test_percent_uses_decimal_comma():
    assert formatting.percent(12.5) == "12,5 %"
    assert formatting.percent(Decimal("67.891"), 2) == "67,89 %"


def test_long_date_in_indonesian():
    with translation.override("id"):
        assert formatting.long_date(dt.date(2024, 12, 10)) == "Selasa, 10 Desember 2024"


@pytest.mark.parametrize(
    ("zone", "text"),
    [("Asia/Jakarta", "09.00 WIB"), ("Asia/Makassar", "10.00 WITA"), ("Asia/Jayapura", "11.00 WIT")],
)
def test_local_time_with_zone(zone, text):
    moment = dt.datetime(2024, 12, 10, 2, 0, tzinfo=dt.UTC)
    with translation.override("id"):
        assert formatting.local_time(moment, zone) == text


@pytest.mark.parametrize(
    ("path", "root", "inside"),
    [("64.08.01", "64.08", True), ("64.08", "64.08", True), ("64.11", "64.1", False),
     ("64", "64.08", False)],
)
def test_is_in_subtree(path, root, inside):
    assert paths.is_in_subtree(path, root) is inside
    assert paths.parent_path("64.08.01") == "64.08"
    assert paths.parent_path("64") is None
