"""The dashboard, computed once per *version of its government's data* and reused until the
data changes (issue 19: eight coordinators opening the same page when a rakor starts).

The version is the government's rollup stamp (monitoring.rollup_store): every write to what a
dashboard shows raises it in the same transaction — activities, quarter targets, milestones and
indicators, realizations, the figures in force after a plan revision, units, priorities and
their links (the receivers are connected in MonitoringConfig.ready; bulk writers send
core.signals.rows_written or touch the stamp themselves). The stamp is read *before* the
dashboard is built, so a write that commits meanwhile leaves the entry under the old stamp,
which no later reader asks for: a figure older than the data is never served.

The entry is keyed as well by what else decides the page: the year, quarter and unit, the
forecast's goal, the day (overdue milestones are measured on it), the language (labels), and the
reader's scope — the SQL of the scoped activity and unit queries, so readers who see the same
rows share one entry and a unit head never receives a coordinator's figures.

The stamps only grow; a database restored from a backup starts them again, so the cache must be
emptied with it (restart the server processes: the default cache is per process).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import get_language

from sinergi.monitoring.models import RollupStamp
from sinergi.regions.models import Government, Unit

CACHE_PREFIX = "sinergi:dashboard:v1"
TIMEOUT_S = 24 * 3600  # entries of old versions are never asked for again; let them go


def stamp(government: Government) -> int:
    rows = RollupStamp.objects.filter(government_id=government.pk).values_list("stamp", flat=True)
    return rows.first() or 0


def scope_signature(*querysets: QuerySet) -> str:
    """The same rows for the same SQL: readers whose scoped queries are equal share an entry."""
    digest = hashlib.sha256()
    for queryset in querysets:
        sql, params = queryset.query.sql_with_params()
        digest.update(sql.encode())
        digest.update(repr(params).encode())
    return digest.hexdigest()[:32]


def key(government: Government, version: int, *, year: int, quarter: int, unit: Unit | None,
        goal: Decimal | None, today: dt.date, scope: str) -> str:
    return ":".join(str(part) for part in (
        CACHE_PREFIX, government.pk, version, year, quarter, unit.pk if unit else "-",
        goal if goal is not None else "-", today.isoformat(), get_language() or "-", scope))


def cached(government: Government, build: Callable[[], Any], *, year: int, quarter: int,
           unit: Unit | None, goal: Decimal | None, activities: QuerySet, units: QuerySet,
           version: int | None = None) -> Any:
    """`build()`'s result for this version of the government's data, computed on the first read
    of each version. `version`: the government's stamp when the caller read it with the
    government (`reports.period_figures.stamp_of`, no query of its own) — before building."""
    if version is None:
        version = stamp(government)  # before building: see the module's note
    name = key(government, version, year=year, quarter=quarter, unit=unit, goal=goal,
               today=government.today(), scope=scope_signature(activities, units))
    value = cache.get(name)
    if value is None:
        value = build()
        transaction.on_commit(lambda: cache.set(name, value, TIMEOUT_S))
    return value
