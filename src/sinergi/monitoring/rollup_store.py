"""Each government's rollup per (year, quarter), stored, so that a province or the nation is a
sum of stored rows instead of one aggregate over millions of joined rows.

Correctness rests on one rule: every write to an activity, a quarter target or a realization
raises its government's stamp (`touch`) in the same transaction, and a stored row is used only
while its stamp equals the government's current stamp. The stamp is read *before* the figures
are computed, so a write that commits while a reader computes leaves the reader's row with an
old stamp (it is recomputed next time) — a stale figure is never served as current.

Writes reach `touch` by three roads (connected in MonitoringConfig.ready):
- `post_save` / `post_delete` of Activity, QuarterTarget and Realization (every single-row
  write: core.services create/update/delete, the admin, cascades);
- `core.signals.rows_written`, sent by core.services' bulk writes (imports, the workflow);
- writers that bypass both call `touch` themselves (demo.synthetic's COPY/executemany).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

from sinergi.monitoring.achievement import Rollup
from sinergi.monitoring.models import GovernmentRollup, Realization, RollupStamp
from sinergi.monitoring.rollups import NO_FIGURES, Completeness, Figures, government_figures
from sinergi.planning.models import Activity, Indicator, Milestone, PriorityFramework, QuarterTarget
from sinergi.regions.models import Government, Unit

SUMS = ("budget", "physical_sum", "achievement_weight", "achievement_sum", "plan_weight", "plan_sum",
        "plan_realization_sum", "financial", "financial_target")


def touch(government_ids: Iterable[int | None]) -> None:
    """Raise the stamp of each government: its stored rollups no longer count."""
    ids = sorted({i for i in government_ids if i is not None})
    if not ids:
        return
    table = RollupStamp._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (government_id, stamp) VALUES (%s, 1) "  # noqa: S608 (our table)
            f"ON CONFLICT (government_id) DO UPDATE SET stamp = {table}.stamp + 1",
            [(i,) for i in ids],
        )


def touch_all() -> None:
    """Raise every government's stamp (a national priority changed: every dashboard shows it)."""
    table = RollupStamp._meta.db_table
    governments = Government._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (government_id, stamp) SELECT id, 1 FROM {governments} WHERE true "  # noqa: S608
            f"ON CONFLICT (government_id) DO UPDATE SET stamp = {table}.stamp + 1")


def touch_activities(activity_ids: Iterable[int]) -> None:
    """`touch` the governments of these activities (one query; the ids, integers, are written
    into it: an import's tens of thousands of ids cost no parameter each)."""
    ids = sorted({int(i) for i in activity_ids if i is not None})
    if not ids:
        return
    quote = connection.ops.quote_name
    meta = Activity._meta
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT {quote(meta.get_field('government').column)} FROM {quote(meta.db_table)} "  # noqa: S608
            f"WHERE {quote(meta.pk.column)} IN ({', '.join(map(str, ids))})")
        touch(government_id for (government_id,) in cursor.fetchall())


def _stored_figures(row: GovernmentRollup) -> Figures:
    rollup = Rollup(count=row.count, reported=row.reported, **{name: getattr(row, name) for name in SUMS})
    return Figures(rollup, Completeness(None, row.count, row.on_time, row.late))


def _row(government_id: int, year: int, quarter: int, stamp: int, figures: Figures) -> GovernmentRollup:
    rollup, counts = figures.rollup, figures.completeness
    return GovernmentRollup(
        government_id=government_id, year=year, quarter=quarter, stamp=stamp, count=rollup.count,
        reported=rollup.reported, on_time=counts.on_time, late=counts.late,
        **{name: getattr(rollup, name) for name in SUMS})


def stored_government_figures(year: int, quarter: int,
                              government_ids: Sequence[int]) -> dict[int, Figures]:
    """{government id: Figures} of ALL the activities of each government for the quarter (no
    scope: for national users), from the stored rows; the governments without a current row
    are computed in one aggregate query and stored."""
    ids = list(government_ids)
    stamps = dict(RollupStamp.objects.filter(government_id__in=ids).values_list("government_id", "stamp"))
    result: dict[int, Figures] = {}
    missing: list[int] = []
    stored = {row.government_id: row for row in GovernmentRollup.objects.filter(
        year=year, quarter=quarter, government_id__in=ids)}
    for government_id in ids:
        row = stored.get(government_id)
        if row is not None and row.stamp == stamps.get(government_id, 0):
            result[government_id] = _stored_figures(row)
        else:
            missing.append(government_id)
    if missing:
        computed = government_figures(Activity.objects.filter(year=year, government_id__in=missing), quarter)
        rows = [_row(g, year, quarter, stamps.get(g, 0), computed.get(g, NO_FIGURES)) for g in missing]
        GovernmentRollup.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["year", "quarter", "government"],
            update_fields=["stamp", "count", "reported", "on_time", "late", *SUMS])
        # What is served is what was stored (rounded to the stored decimals), warm or cold.
        result.update({row.government_id: _stored_figures(_reloaded(row)) for row in rows})
    return result


def _reloaded(row: GovernmentRollup) -> GovernmentRollup:
    field = GovernmentRollup._meta.get_field("budget")
    for name in SUMS:
        setattr(row, name, field.to_python(connection.ops.adapt_decimalfield_value(
            getattr(row, name), field.max_digits, field.decimal_places)))
    return row


# ---------------------------------------------------------------------------- receivers


def activity_written(sender, instance: Activity, **kwargs) -> None:
    touch([instance.government_id])


def activity_part_written(sender, instance: QuarterTarget | Realization, **kwargs) -> None:
    touch_activities([instance.activity_id])


def government_written(sender, instance, created: bool = False, **kwargs) -> None:
    """A unit (its name, kind, place in the tree) or the government itself: what the dashboards
    show of them changed. A government just created has no dashboard yet (and no stamp row is
    written for it)."""
    if isinstance(instance, Government):
        if not created:
            touch([instance.pk])
        return
    touch([instance.government_id])


def priority_written(sender, instance, **kwargs) -> None:
    framework = instance if isinstance(instance, PriorityFramework) else instance.framework
    if framework.government_id is None:
        touch_all()
    else:
        touch([framework.government_id])


def activity_priorities_changed(sender, instance, action: str, pk_set=None, **kwargs) -> None:
    """An activity tagged with a priority (or untagged), from either side."""
    if not action.startswith("post_"):
        return
    if isinstance(instance, Activity):
        touch([instance.government_id])
    else:
        touch_activities(pk_set or [])
        if not pk_set:  # cleared from the priority's side: its framework's governments
            priority_written(sender, instance)


def priority_links_changed(sender, instance, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        priority_written(sender, instance)


def rows_written(sender, rows: Sequence, **kwargs) -> None:
    if sender is Activity:
        touch(row.government_id for row in rows)
    elif sender in (QuarterTarget, Realization, Milestone, Indicator):
        touch_activities(row.activity_id for row in rows)
    elif sender is Unit:
        touch(row.government_id for row in rows)
