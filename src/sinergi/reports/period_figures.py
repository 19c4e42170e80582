"""What the reporting tasks count, per unit, for an open period of a government: activities of
the year, realizations of the quarter reported, drafts, returned, and submitted (by submitter,
for the four-eyes rule) — computed once per government and *version of its monitoring data*.

The version is the government's rollup stamp (monitoring.rollup_store): every write to an
activity, a quarter target or a realization raises it in the same transaction. The figures are
kept in the cache under (government, year, quarter, stamp), so a write makes the next reader
compute them again — never a figure older than the data (no time-based expiry decides). As in
rollup_store, the stamp is read *before* the figures are computed: a write that commits meanwhile
leaves the entry under the old stamp, which no later reader asks for.

Per unit, not per user: a coordinator (or administrator) sums every unit of the government, a
unit role the units of its subtrees (read live, so a unit moved elsewhere is counted where it is
now); the rows waiting for verification leave out the reader's own submissions.

The stamps only grow; a database restored from a backup (or flushed, as the tests do) starts
them again, so the cache must be emptied with it (restart the server processes: the default
cache is per process; tests/conftest.py empties it before each test).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from sinergi.core.queries import compiled_rows
from sinergi.monitoring.choices import REPORTED_STATES, RealizationStatus
from sinergi.monitoring.models import Realization, RollupStamp
from sinergi.planning.models import Activity

CACHE_PREFIX = "sinergi:period-figures:v1"
DRAFT, RETURNED, SUBMITTED = RealizationStatus.DRAFT, RealizationStatus.RETURNED, RealizationStatus.SUBMITTED

Key = tuple[int, int, int]  # (government id, year, quarter)


@dataclass
class UnitFigures:
    activities: int = 0
    reported: int = 0
    drafts: int = 0
    returned: int = 0
    submitted: dict[int | None, int] = field(default_factory=dict)  # submitter id: rows

    def waiting_for(self, user_id: int | None) -> int:
        """Submitted rows someone other than `user_id` submitted (the four-eyes rule)."""
        return sum(n for submitter, n in self.submitted.items() if submitter is None or submitter != user_id)


@dataclass
class Totals:
    activities: int = 0
    reported: int = 0
    drafts: int = 0
    returned: int = 0
    waiting: int = 0

    def add(self, figures: UnitFigures, user_id: int | None) -> None:
        self.activities += figures.activities
        self.reported += figures.reported
        self.drafts += figures.drafts
        self.returned += figures.returned
        self.waiting += figures.waiting_for(user_id)


@dataclass
class GovernmentFigures:
    """What a coordinator's tasks need of a period, whoever reads: the units with activities,
    those that have not reported every activity, the submitted rows and the units holding some;
    and per submitter, their rows and the units where every submitted row is theirs (the
    four-eyes rule takes those out for the submitter)."""

    units: int = 0
    missing_units: int = 0
    waiting: int = 0
    waiting_units: int = 0
    by_submitter: dict[int, tuple[int, int]] = field(default_factory=dict)

    def waiting_for(self, user_id: int | None) -> tuple[int, int]:
        """(rows, units) submitted by someone other than `user_id`."""
        rows, units = self.by_submitter.get(user_id, (0, 0)) if user_id is not None else (0, 0)
        return self.waiting - rows, self.waiting_units - units

    @classmethod
    def of(cls, per_unit: dict[int, UnitFigures]) -> GovernmentFigures:
        result = cls()
        for figures in per_unit.values():
            if not figures.activities:
                continue
            result.units += 1
            result.missing_units += figures.activities > figures.reported
            submitted = sum(figures.submitted.values())
            if submitted:
                result.waiting += submitted
                result.waiting_units += 1
            for submitter, n in figures.submitted.items():
                if submitter is None:
                    continue
                rows, units = result.by_submitter.get(submitter, (0, 0))
                result.by_submitter[submitter] = (rows + n, units + (n == submitted))
        return result


def _cache_key(kind: str, key: Key, stamp: int) -> str:
    return f"{CACHE_PREFIX}:{kind}:{key[0]}:{key[1]}:{key[2]}:{stamp}"


def unit_figures(keys: Iterable[Key],
                 stamps: dict[int, int] | None = None) -> dict[Key, dict[int, UnitFigures]]:
    """{(government, year, quarter): {unit id: UnitFigures}} of every unit with activities of
    the year (no scope: callers sum the units their user reaches). One query for the stamps
    (none when the caller read them: `stamps`, {government id: stamp}, read before the figures
    — see stamp_of); two grouped queries for the keys whose current version is not cached."""
    return _figures("units", keys, stamps)


def government_figures(keys: Iterable[Key],
                       stamps: dict[int, int] | None = None) -> dict[Key, GovernmentFigures]:
    """{(government, year, quarter): GovernmentFigures}: the same figures summed per period."""
    return _figures("government", keys, stamps)


def stamp_of(government_ref: str = "government_id") -> Coalesce:
    """The government's stamp as an annotation of a query that reads its rows anyway (the open
    periods): the stamps then cost no query of their own."""
    return Coalesce(Subquery(RollupStamp.objects.filter(government_id=OuterRef(government_ref))
                             .values("stamp")[:1]), 0)


def _figures(kind: str, keys: Iterable[Key], stamps: dict[int, int] | None = None) -> dict:
    keys = list(dict.fromkeys(keys))
    if not keys:
        return {}
    ids = tuple(sorted({k[0] for k in keys}))
    if stamps is None or not all(i in stamps for i in ids):
        stamps = dict(compiled_rows(("period-figures:stamps", ids), lambda: (
            RollupStamp.objects.filter(government_id__in=ids).values_list("government_id", "stamp"))))
    names = {key: _cache_key(kind, key, stamps.get(key[0], 0)) for key in keys}
    cached = cache.get_many(names.values())
    result = {key: cached[name] for key, name in names.items() if name in cached}
    missing = [key for key in keys if key not in result]
    if missing:
        computed = _compute(missing)
        entries = {}
        for key in missing:
            per_unit = computed[key]
            result[key] = per_unit if kind == "units" else GovernmentFigures.of(per_unit)
            entries[_cache_key("units", key, stamps.get(key[0], 0))] = per_unit
            entries[_cache_key("government", key, stamps.get(key[0], 0))] = GovernmentFigures.of(per_unit)
        # Kept once the transaction that read them commits (at once in autocommit): figures read
        # inside a transaction that wrote and then rolls back are never kept.
        transaction.on_commit(lambda: cache.set_many(entries))
    return result


def _compute(keys: list[Key]) -> dict[Key, dict[int, UnitFigures]]:
    result: dict[Key, dict[int, UnitFigures]] = {key: {} for key in keys}
    by_year: dict[tuple[int, int], list[Key]] = {}
    activities, realizations = Q(pk__in=[]), Q(pk__in=[])
    for key in keys:
        government_id, year, quarter = key
        by_year.setdefault((government_id, year), []).append(key)
        activities |= Q(government_id=government_id, year=year)
        realizations |= Q(activity__government_id=government_id, activity__year=year, quarter=quarter)
    for government_id, year, unit_id, n in (
        Activity.objects.filter(activities).order_by()
        .values_list("government_id", "year", "unit_id").annotate(n=Count("pk"))
    ):
        for key in by_year[(government_id, year)]:
            result[key][unit_id] = UnitFigures(activities=n)
    for government_id, year, quarter, unit_id, status, submitter, n in (
        Realization.objects.filter(realizations).order_by()
        .values_list("activity__government_id", "activity__year", "quarter", "activity__unit_id",
                     "status", "submitted_by_id").annotate(n=Count("pk"))
    ):
        figures = result[(government_id, year, quarter)].setdefault(unit_id, UnitFigures())
        if status in REPORTED_STATES:
            figures.reported += n
        if status == DRAFT:
            figures.drafts += n
        elif status == RETURNED:
            figures.returned += n
        elif status == SUBMITTED:
            figures.submitted[submitter] = figures.submitted.get(submitter, 0) + n
    return result
