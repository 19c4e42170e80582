"""Writes for regions that are more than one audited create/update (see core.services)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from django.db import transaction
from django.db.models import F, Q

from sinergi.core.models import AuditAction
from sinergi.core.queries import compiled_rows
from sinergi.core.services import Actor, create_object, record, update_object
from sinergi.regions.choices import COVERED_KIND, CoordinationCovers, RegionLevel
from sinergi.regions.models import Coordination, Position, PositionTerm, Region, Unit

LEVEL_ORDER = {RegionLevel.PROVINCE: 0, RegionLevel.REGENCY: 1, RegionLevel.DISTRICT: 2}


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _read_shipped(name: str) -> str:
    return resources.files("sinergi.regions").joinpath("data", name).read_text(encoding="utf-8")


@transaction.atomic
def load_regions(actor: Actor, regions_csv: str | None = None,
                 timezones_csv: str | None = None) -> LoadResult:
    """Load provinces, regencies/cities and districts with their Kemendagri codes from the
    data the package ships. Idempotent: rows already present and equal are left alone."""
    regions_csv = regions_csv if regions_csv is not None else _read_shipped("regions.csv")
    timezones_csv = (
        timezones_csv if timezones_csv is not None else _read_shipped("province_timezones.csv")
    )
    zones = {row["province_code"]: row["tz"] for row in csv.DictReader(io.StringIO(timezones_csv))}
    rows = sorted(
        csv.DictReader(io.StringIO(regions_csv)), key=lambda r: (LEVEL_ORDER[r["level"]], r["code"])
    )
    existing = {
        code: (name, level, parent, tz)
        for code, name, level, parent, tz in Region.objects.values_list(
            "code", "name", "level", "parent_id", "timezone"
        )
    }
    to_create, to_update = [], []
    for row in rows:
        code = row["code"]
        wanted = (
            row["name"],
            row["level"],
            row["parent_code"] or None,
            zones.get(code, "") if row["level"] == RegionLevel.PROVINCE else "",
        )
        region = Region(code=code, name=wanted[0], level=wanted[1], parent_id=wanted[2],
                        timezone=wanted[3])
        if code not in existing:
            to_create.append(region)
        elif existing[code] != wanted:
            to_update.append(region)
    Region.objects.bulk_create(to_create, batch_size=2000)
    Region.objects.bulk_update(to_update, ["name", "level", "parent", "timezone"], batch_size=2000)
    result = LoadResult(len(to_create), len(to_update), len(rows) - len(to_create) - len(to_update))
    if to_create or to_update:
        anchor = Region.objects.get(code=rows[0]["code"])
        record(actor, AuditAction.OTHER, anchor, None,
               {"created": result.created, "updated": result.updated},
               note=f"load_regions: {result.created} created, {result.updated} updated")
    return result


def holders_on(position: Position, day: dt.date) -> list[PositionTerm]:
    """The terms of `position` active on `day`, the one who exercises the office first."""
    from sinergi.regions.rules import EXERCISE_ORDER

    terms = list(position.terms.active_on(day).select_related("official", "position"))
    return sorted(terms, key=lambda t: (EXERCISE_ORDER.index(t.capacity), -t.start.toordinal()))


def holder_on(government_id: int, title: str, day: dt.date) -> PositionTerm | None:
    """Who held the position called `title` of the government on `day`, and in which capacity.

    `holder_on(mimika.pk, "Bupati Mimika", date(2025, 2, 11))` -> the Pj. Bupati's term."""
    position = Position.objects.filter(government_id=government_id, title__iexact=title).first()
    if position is None:
        return None
    holders = holders_on(position, day)
    return holders[0] if holders else None


# ---------------------------------------------------------------------------- coordination


def coordinated_units(unit_paths: Iterable[str]) -> list[tuple[str, str]]:
    """(purpose, unit path) of every unit coordinated by a unit in the subtrees `unit_paths`
    (a user's scope units): one query, the designations' `covers` resolved against the units
    as they are now. For "all units" only the government's root units are listed (their
    subtrees hold the rest)."""
    paths = list(unit_paths)
    if not paths:
        return []
    coordinating = Q(pk__in=[])
    for path in paths:
        coordinating |= Q(government__coordinations__unit__path__subtree=path)
    covers = "government__coordinations__covers"
    covered = (
        Q(**{covers: CoordinationCovers.ALL_UNITS}, parent__isnull=True)
        | Q(**{covers: CoordinationCovers.CHOSEN}, government__coordinations__units=F("pk"))
    )
    for choice, kind in COVERED_KIND.items():
        covered |= Q(**{covers: choice}, kind=kind)
    # One filter() call: every condition on government__coordinations is about the same
    # designation (one join).
    def build():
        return Unit.objects.filter(coordinating & covered).values_list(
            "government__coordinations__purpose", "path")

    # Built and compiled once per set of paths (it is asked on every request of a unit role).
    return sorted(set(compiled_rows(("coordinated-units", tuple(sorted(paths))), build)))


@transaction.atomic
def save_coordination(actor: Actor, coordination: Coordination, changes: dict | None = None, *,
                      units=None, expected_version: int | None = None) -> Coordination:
    """Create (no pk) or update a designation with its chosen units, checked against the
    designation's government (core.services audits both)."""
    probe = coordination
    if changes:
        probe = Coordination(pk=coordination.pk, **{
            f.attname: getattr(coordination, f.attname) for f in Coordination._meta.concrete_fields
            if f.attname != "id"})
        for name, value in changes.items():
            setattr(probe, name, value)
    if units is None and probe.pk:
        units = list(coordination.units.all())
    units = list(units or [])
    if probe.covers != CoordinationCovers.CHOSEN:
        units = []
    probe.check_units(units)
    if coordination.pk is None:
        return create_object(actor, coordination, m2m={"units": units})
    return update_object(actor, coordination, changes or {}, expected_version=expected_version,
                         m2m={"units": units})
