"""Export units and officials to xlsx in the very layout the importers read back.

An exported file re-imported unchanged changes nothing: every importable column holds the
stored value (codes, not labels), dates are real dates and text is written as text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from sinergi.core.scope import scoped
from sinergi.core.spreadsheets import write_workbook
from sinergi.regions.importers import OFFICIAL_BOOK, OFFICIAL_SHEET, TERM_SHEET, UNIT_BOOK, UNIT_SHEET
from sinergi.regions.models import Official, PositionTerm, Unit


def unit_rows(units: QuerySet[Unit]) -> Iterator[dict[str, Any]]:
    units = units.select_related("government", "parent").order_by("government__region_id", "path")
    for unit in units.iterator(chunk_size=2000):
        yield {
            "government": unit.government.region_id,
            "code": unit.code,
            "name": unit.name,
            "short_name": unit.short_name,
            "kind": unit.kind,
            "parent": unit.parent.code if unit.parent_id else "",
            "region": unit.region_id or "",
            "active_from": unit.active_from,
            "active_until": unit.active_until,
        }


def export_units(user: Any, units: QuerySet[Unit] | None = None) -> bytes:
    """The units `user` may see (optionally narrowed by `units`, e.g. a filtered list)."""
    units = scoped(Unit.objects.all() if units is None else units, user)
    return write_workbook(UNIT_BOOK, {UNIT_SHEET.name: unit_rows(units)})


def unit_template() -> bytes:
    return write_workbook(UNIT_BOOK)


def official_rows(officials: QuerySet[Official]) -> Iterator[dict[str, Any]]:
    officials = officials.select_related("government").order_by("government__region_id", "name", "id")
    for official in officials.iterator(chunk_size=2000):
        yield {
            "government": official.government.region_id,
            "nip": official.nip or "",
            "front_title": official.front_title,
            "name": official.name,
            "back_title": official.back_title,
            "email": official.email,
            "phone": official.phone,
            "whatsapp": official.whatsapp,
            "golongan": official.golongan,
        }


def term_rows(officials: QuerySet[Official], user: Any = None) -> Iterator[dict[str, Any]]:
    """The position terms the officials hold today, of the positions `user` may see (all
    without a user). "Kode Pemerintah" is the position's government: the importer looks the
    position up there (an official may hold a position of another government, as a Pj does)."""
    terms = PositionTerm.objects.active_on(timezone.localdate())
    if user is not None:
        terms = scoped(terms, user)
    terms = (
        terms.filter(official__in=officials.values("pk"))
        .select_related("official", "position__government", "position__unit")
        .order_by("position__government__region_id", "official__name", "official_id", "start")
    )
    for term in terms.iterator(chunk_size=2000):
        yield {
            "government": term.position.government.region_id,
            "nip": term.official.nip or "",
            "official": term.official.full_name,
            "position": term.position.title,
            "unit": term.position.unit.code if term.position.unit_id else "",
            "capacity": term.capacity,
            "start": term.start,
            "end": term.end,
            "decree": term.decree,
        }


def export_officials(user: Any, officials: QuerySet[Official] | None = None) -> bytes:
    officials = scoped(Official.objects.all() if officials is None else officials, user)
    return write_workbook(
        OFFICIAL_BOOK,
        {OFFICIAL_SHEET.name: official_rows(officials), TERM_SHEET.name: term_rows(officials, user)},
    )


def official_template() -> bytes:
    return write_workbook(OFFICIAL_BOOK)
