"""core.params and the bounded `in` lookup: what a request sends never reaches the database as
something it cannot hold."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import BadRequest
from django.http import QueryDict

from sinergi.core.params import (
    is_id,
    parse_date_or_none,
    read_date,
    read_int,
    read_optional_version,
    read_pk,
    read_pks,
    read_version,
    read_year,
)
from sinergi.regions.models import Government


def q(**values) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        data[key] = value
    return data


@pytest.mark.parametrize("raw", ["abc", "²", "٣", "1e9", "12,5", "99999999999999999999999", "NaN", "\x00"])
def test_garbage_is_a_bad_request(raw):
    with pytest.raises(BadRequest):
        read_int(q(n=raw), "n")
    with pytest.raises(BadRequest):
        read_version(q(version=raw), 3)
    assert read_int(q(n=raw), "n", 7, lenient=True) == 7
    assert read_pk(q(n=raw), "n") is None
    assert not is_id(raw)


def test_numbers_in_range():
    assert read_int(q(n=" 42 "), "n") == 42
    assert read_int(q(n="-5"), "n", minimum=-10) == -5
    with pytest.raises(BadRequest):
        read_int(q(n="13"), "n", minimum=1, maximum=12)
    assert read_int(q(), "n", None) is None
    assert read_version(q(), 3) == 3 and read_version(q(version="4"), 3) == 4
    assert read_optional_version(q()) is None
    with pytest.raises(BadRequest):
        read_year(q(year="9999"))
    assert read_year(q(year="9999"), default=2026, lenient=True) == 2026


def test_ids():
    assert is_id("12") and not is_id("0") and not is_id("-1") and not is_id("1" * 19)
    data = QueryDict("u=1&u=x&u=²&u=99999999999999999999&u=3")
    assert read_pks(data, "u") == [1, 3]


def test_dates():
    assert read_date(q(d="2026-12-07"), "d") == dt.date(2026, 12, 7)
    assert read_date(q(d="07/12/2026"), "d") == dt.date(2026, 12, 7)
    with pytest.raises(BadRequest):
        read_date(q(d="2026-02-31"), "d")
    assert parse_date_or_none("2026-02-31") is None and parse_date_or_none("") is None
    assert parse_date_or_none("2026-02-28") == dt.date(2026, 2, 28)


def test_in_over_ids_ignores_numbers_no_column_holds(db):
    """SQLite's driver raised OverflowError for pk__in=[10**30] (a 500 for every multiple choice)."""
    some = Government.objects.first()
    assert list(Government.objects.filter(pk__in=[10**30])) == []
    if some is not None:
        assert list(Government.objects.filter(pk__in=[10**30, some.pk])) == [some]
    assert list(Government.objects.filter(pk__in=[-(10**30)])) == []


def test_a_related_id_no_column_holds_finds_nothing(db):
    from sinergi.regions.models import Unit

    assert list(Unit.objects.filter(government=10**30)) == []
    assert list(Unit.objects.filter(government_id=10**30)) == []
    assert list(Unit.objects.filter(government__in=[10**30])) == []
    assert Unit.objects.exclude(government=10**30).count() == Unit.objects.count()
