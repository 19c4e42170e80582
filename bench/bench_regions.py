"""Benchmark: "everything under a region" and scoped unit lists stay index-fast.

Limits (ratios, not seconds, so the figures mean the same on any machine):
  * a subtree query over the real region registry (`code__subtree="64.08"`) costs at most
    3x an indexed equality lookup returning the same rows (`parent_id="64.08"` + the node);
  * a user's scoped unit list over N units (default 20,000 in 500 governments) costs at most
    3x the same list filtered directly by the user's government id.
The query plans must use the path indexes. Exits 1 when a limit is exceeded.

Run: .venv/bin/python bench/bench_regions.py [--units 20000]
Uses a temporary SQLite database unless DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import sys

from _support import best_of, setup_django

SUBTREE_LIMIT = 3.0
SCOPE_LIMIT = 3.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=20_000)
    args = parser.parse_args()
    setup_django()

    from django.db import connection

    from sinergi.accounts.models import User
    from sinergi.core.roles import Role
    from sinergi.core.scope import scoped
    from sinergi.regions.choices import RegionLevel, UnitKind
    from sinergi.regions.models import Government, Region, Unit
    failures = []

    # 1. Region subtree vs indexed equality returning the same rows.
    def subtree():
        return list(Region.objects.filter(code__subtree="64.08").values_list("code", flat=True))

    def equality():
        return list(
            Region.objects.filter(parent_id="64.08").values_list("code", flat=True)
        ) + list(Region.objects.filter(code="64.08").values_list("code", flat=True))

    assert sorted(subtree()) == sorted(equality())
    t_subtree, t_equal = best_of(subtree), best_of(equality)
    ratio = t_subtree / t_equal
    print(f"region subtree 64.08: {len(subtree())} rows, {t_subtree * 1e3:.3f} ms; "
          f"indexed equality {t_equal * 1e3:.3f} ms; ratio {ratio:.2f}x (limit {SUBTREE_LIMIT}x)")
    if ratio > SUBTREE_LIMIT:
        failures.append("region subtree")
    sql, params = Region.objects.filter(code__subtree="64.08").values("code").query.sql_with_params()
    with connection.cursor() as cursor:
        prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        cursor.execute(prefix + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    uses_index = "INDEX" in plan.upper()
    print(f"  plan uses an index: {uses_index}")
    if not uses_index:
        failures.append("region subtree plan")

    # 2. Scoped unit list over many governments.
    regencies = list(Region.objects.filter(level=RegionLevel.REGENCY).order_by("code")[:500])
    Government.objects.bulk_create(
        [Government(region=r, name=f"Pemerintah {r.name}", short_name=r.name) for r in regencies]
    )
    governments = list(Government.objects.order_by("id"))
    per_government = max(1, args.units // len(governments))
    roots = []
    for gov in governments:
        root = Unit(government=gov, code="SETDA", name="Sekretariat Daerah", kind=UnitKind.SECRETARIAT)
        root.save()
        roots.append(root)
    batch = []
    for gov, root in zip(governments, roots, strict=True):
        for i in range(per_government - 1):
            batch.append(Unit(government=gov, parent=root, code=f"U{i}", name=f"Unit {i}",
                              kind=UnitKind.AGENCY, path=""))
    Unit.objects.bulk_create(batch, batch_size=2000)
    # bulk_create skips save(): set paths in one statement per government root.
    for root in roots:
        Unit.objects.filter(parent=root).update(path=root.path)
    from django.db.models import CharField, F, Value
    from django.db.models.functions import Cast, Concat

    Unit.objects.filter(parent__isnull=False).update(
        path=Concat(F("path"), Value("."), Cast("id", CharField()))
    )
    target = governments[len(governments) // 2]
    target_root = roots[len(governments) // 2]
    head = User.objects.create_user("bench-head", role=Role.UNIT_HEAD)
    head.scope_units.set([target_root])
    head = User.objects.get(pk=head.pk)

    def scoped_list():
        return list(scoped(Unit.objects.all(), head).values_list("id", flat=True))

    def direct_list():
        return list(Unit.objects.filter(government_id=target.pk).values_list("id", flat=True))

    assert sorted(scoped_list()) == sorted(direct_list())
    head.scope  # noqa: B018 - warm the cached scope, as a request would once
    t_scoped, t_direct = best_of(scoped_list), best_of(direct_list)
    ratio = t_scoped / t_direct
    total = Unit.objects.count()
    print(f"scoped unit list: {len(scoped_list())} of {total} units, {t_scoped * 1e3:.3f} ms; "
          f"direct by government {t_direct * 1e3:.3f} ms; ratio {ratio:.2f}x (limit {SCOPE_LIMIT}x)")
    if ratio > SCOPE_LIMIT:
        failures.append("scoped unit list")

    if failures:
        print("OVER LIMIT: " + ", ".join(failures))
        return 1
    print("all within limits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
