"""Reading many rows fast: a queryset's rows as the database driver returns them.

Django converts every value it reads (on SQLite, each decimal through a Decimal context and a
quantize; each boolean from 0/1), with a Python call per row on top. An import that reads
tens of thousands of stored figures only to compare them needs none of that for most values:
`driver_rows` runs the queryset's own SQL (scope, joins and locks included) and returns the
driver's tuples; `to_decimal` converts the figures the caller compares.
"""

from __future__ import annotations

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
