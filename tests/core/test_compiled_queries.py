"""core.queries.compiled_rows: a query's SQL compiled once per key, run at every call with the
moments it compares with; on PostgreSQL each runs as a prepared statement (planned once per
connection) and is still seen by Django's query logging."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sinergi.core import queries
from sinergi.regions.models import Unit


@pytest.mark.django_db
def test_rows_are_read_at_every_call_and_moments_replaced(world):
    def build(now):
        return Unit.objects.filter(created_at__lte=now).order_by("path").values_list("name")

    early = timezone.now() - dt.timedelta(days=3650)
    assert queries.compiled_rows(("test:units",), build, moments=(early,)) == []
    everything = queries.compiled_rows(("test:units",), build, moments=(timezone.now(),))
    assert everything == list(Unit.objects.order_by("path").values_list("name"))
    Unit.objects.filter(pk=world.tapem.pk).update(name="Bagian Tata Pemerintahan (baru)")
    again = queries.compiled_rows(("test:units",), build, moments=(timezone.now(),))
    assert ("Bagian Tata Pemerintahan (baru)",) in again  # nothing of the data is kept


@pytest.mark.django_db
def test_logged_like_any_query(world):
    with CaptureQueriesContext(connection) as ctx:
        queries.compiled_rows(("test:logged",), lambda: Unit.objects.values_list("pk"))
    assert len(ctx.captured_queries) == 1


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_postgresql_prepares_the_compiled_queries_only(world, monkeypatch):
    def prepared() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall()]

    def build(alias):  # the alias shows in the statement's text
        return lambda: Unit.objects.annotate(**{alias: F("pk")}).values_list(alias)

    marker = "compiled_marker"
    for _ in range(3):
        assert len(queries.compiled_rows(("test:prepared",), build(marker))) == Unit.objects.count()
    assert sum(marker in s for s in prepared()) == 1  # prepared once, executed three times
    list(Unit.objects.annotate(plain_marker=F("pk")).values_list("plain_marker"))  # Django's own
    assert not any("plain_marker" in s for s in prepared())

    monkeypatch.setattr(queries, "PREPARED", False)  # SINERGI_PG_PREPARED=0
    other = "unprepared_marker"
    queries.compiled_rows(("test:unprepared",), build(other))
    assert not any(other in s for s in prepared())
