"""Reading many rows fast: a queryset's rows as the database driver returns them.

Django converts every value it reads (on SQLite, each decimal through a Decimal context and a
quantize; each boolean from 0/1), with a Python call per row on top. An import that reads
tens of thousands of stored figures only to compare them needs none of that for most values:
`driver_rows` runs the queryset's own SQL (scope, joins and locks included) and returns the
driver's tuples; `to_decimal` converts the figures the caller compares.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet


def driver_rows(queryset: QuerySet) -> list[tuple]:
    """The rows of a values_list() queryset without Django's converters: on SQLite a decimal
    comes back as int or float and a boolean as 0 or 1; on PostgreSQL as Decimal and bool."""
    try:
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:  # a filter that matches nothing (an empty scope): no query at all
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def to_decimal(value: Any) -> Decimal | None:
    """A stored decimal as driver_rows returns it, as the Decimal Django would read (the same
    number; a float through its shortest repr, which is exact for the 15 digits a double
    holds)."""
    kind = type(value)
    if kind is Decimal or value is None:
        return value
    if kind is int:
        return Decimal(value)
    if kind is float:
        return Decimal(repr(value))
    return Decimal(str(value))


# ---------------------------------------------------------------------------- compiled once

_COMPILED = threading.local()  # per thread: a compiler is bound to the thread's connection
MAX_COMPILED = 512


# Stand-ins for the moments (now) a query compares with: each found once among the parameters of
# the compiled query and replaced by the real moment at each run.
MARKS = tuple(dt.datetime(2000, 1, 1, 0, 0, 0, i + 1, tzinfo=dt.UTC) for i in range(4))


def compiled_rows(key: tuple, build: Callable[..., QuerySet], *, moments: tuple[dt.datetime, ...] = (),
                  using: str = "default") -> list[tuple]:
    """The rows of the values_list() queryset `build(*moments)` returns, as Django converts
    them — its SQL built and compiled once per `key` (per thread) and then only executed.

    Building a queryset with many filters and filtered aggregates and compiling it costs a page
    more than running it (the home page's queries: 0.3–1.5 ms of Python each, 20–200 µs in the
    database). The same inputs give the same SQL and parameters, so `key` must hold everything
    `build` reads (ids, dates, the user and its scope) except `moments`: datetimes that change at
    each call (now), which `build` receives as arguments and compares with a DateTimeField; they
    are located among the parameters once and replaced at each run. Nothing of the data is kept:
    every call runs the query. A queryset that matches nothing without a query gives []."""
    memo = getattr(_COMPILED, "entries", None)
    if memo is None:
        memo = _COMPILED.entries = {}
    connection = connections[using]
    full_key = (id(connection), *key)
    entry = memo.get(full_key)
    if entry is None:
        entry = _compile(build, MARKS[: len(moments)], using)
        if entry is None:  # a moment not found once among the parameters: compiled at each call
            return _run(_compile(build, moments, using, locate=False), moments, connection)
        if len(memo) >= MAX_COMPILED:
            memo.clear()
        memo[full_key] = entry
    return _run(entry, moments, connection)


def _compile(build: Callable[..., QuerySet], marks: tuple, using: str, *, locate: bool = True):
    queryset = build(*marks)
    compiler = queryset.query.get_compiler(using)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return (None, "", (), ())
    params = tuple(params)
    positions = []
    if locate:
        ops = connections[using].ops
        for mark in marks:
            adapted = ops.adapt_datetimefield_value(mark)
            found = [i for i, value in enumerate(params) if value == adapted]
            if len(found) != 1:
                return None
            positions.append(found[0])
    return (compiler, sql, params, tuple(positions))


def _prepared_cursor(connection):
    """A cursor whose queries PostgreSQL plans once per connection (a prepared statement) —
    through Django's cursor wrapper, so execute wrappers and query logging see them — or the
    usual cursor (SQLite; SINERGI_PG_PREPARED=0 behind a pooler that cannot keep prepared
    statements: PgBouncer in transaction mode before 1.21).

    The queries compiled here are asked on every page with the same SQL; planning them was
    most of their time in the database (0.3-0.6 ms each of the home page's grouped queries,
    bench/RESULTS.md). Django binds parameters on the client by default, which rules prepared
    statements out; these few queries bind them on the server instead."""
    if connection.vendor != "postgresql" or not PREPARED:
        return connection.cursor()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:  # Django turns preparing off for the whole connection;
        # its cursors bind on the client and never prepare: only these do (prepare=True).
        raw.prepare_threshold = 2**31 - 1
    return connection._prepare_cursor(_server_cursor_class()(raw))


PREPARED = os.environ.get("SINERGI_PG_PREPARED", "1") != "0"


@functools.cache
def _server_cursor_class():
    import psycopg

    class PreparedCursor(psycopg.Cursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True if prepare is None else prepare,
                                   binary=binary)

    return PreparedCursor


def _run(entry: tuple, moments: tuple, connection) -> list[tuple]:
    compiler, sql, params, positions = entry
    if compiler is None:
        return []
    if positions:
        params = list(params)
        for position, moment in zip(positions, moments, strict=True):
            params[position] = connection.ops.adapt_datetimefield_value(moment)
    with _prepared_cursor(connection) as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if compiler.has_extra_select:
        rows = [row[: compiler.col_count] for row in rows]
    return list(compiler.results_iter([rows], tuple_expected=True))
