"""Writes for regions that are more than one audited create/update (see core.services)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from importlib import resources

from django.db import transaction

from sinergi.core.models import AuditAction
from sinergi.core.services import Actor, record
from sinergi.regions.choices import RegionLevel
from sinergi.regions.models import Position, PositionTerm, Region

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
