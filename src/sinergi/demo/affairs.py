"""Demo: the bidang urusan of the demo units (planning.UnitAffair), as the nomenclature names
them for each kind of unit — the same pairs the synthetic plan draws its sub kegiatan from
(sinergi.demo.synthetic.TEMPLATES): Dinas Pendidikan → 1.01, Dinas Kesehatan → 1.02, Bappeda
(Bapperida) → 5.01, the Sekretariat Daerah and its Bagian → 4.01, a kecamatan or distrik → 7.01,
and so on. A unit is matched by its code (or one of the template's other codes), else by its
name; a district office by its kind. Working groups, external partners and units the
nomenclature has no bidang for get none: they are bound by the unit above them, if any, or not
restricted at all.

So the demo shows what the affairs do: a dinas operator's activity form offers only the sub
kegiatan of the dinas's own urusan. The loader never makes the demo inconsistent: a unit keeps
the affairs a user gave it, and a unit whose activities (or those of the sub-units it would
bind) are not all of its bidang — a user's own activity, say — is left without and reported.
Once per government (demo registry), written through planning.services.set_unit_affairs
(audited)."""

from __future__ import annotations

from sinergi.core.services import Actor
from sinergi.demo import data, registry
from sinergi.demo.synthetic import DISTRICT_TEMPLATE, TEMPLATES
from sinergi.planning import rules
from sinergi.planning.choices import NomenclatureLevel
from sinergi.planning.models import Activity, NomenclatureItem, UnitAffair
from sinergi.planning.services import set_unit_affairs
from sinergi.regions.choices import UnitKind
from sinergi.regions.models import Government, Unit

_BY_CODE = {code: t.bidang for t in TEMPLATES for code in (t.code, *t.aliases)}
_BY_NAME = {name.casefold(): t.bidang for t in TEMPLATES for name in (t.name, t.province_name) if name}


def bidang_for(unit: Unit) -> str | None:
    """The bidang urusan the nomenclature gives a unit of this kind (None: none of its own)."""
    if unit.kind == UnitKind.DISTRICT_OFFICE:
        return DISTRICT_TEMPLATE.bidang
    if unit.kind in (UnitKind.WORKING_GROUP, UnitKind.EXTERNAL_PARTNER):
        return None
    return _BY_CODE.get(unit.code.upper()) or _BY_NAME.get(unit.name.casefold())


def _chain(unit: Unit) -> list[int]:
    """The ids from the top of the unit's tree down to it."""
    return [int(part) for part in (unit.path or str(unit.pk)).split(".") if part.isdigit()]


def planned_affairs(government: Government) -> tuple[dict[int, str], list[Unit]]:
    """{unit id: bidang} for the government's units that have no affairs yet and that the
    nomenclature gives one, without any that would make an existing activity inconsistent;
    and the units left without for that reason."""
    units = {u.pk: u for u in Unit.objects.filter(government=government)}
    own: dict[int, tuple[str, ...]] = {}
    for unit_id, code in UnitAffair.objects.filter(unit__government=government).values_list(
            "unit_id", "bidang_id"):
        own[unit_id] = (*own.get(unit_id, ()), code)
    known = set(NomenclatureItem.objects.filter(level=NomenclatureLevel.BIDANG).values_list(
        "code", flat=True))
    planned = {pk: bidang for pk, unit in units.items()
               if pk not in own and (bidang := bidang_for(unit)) in known}
    chains = {pk: _chain(unit) for pk, unit in units.items()}
    activities = set(Activity.objects.filter(unit__government=government).values_list(
        "unit_id", "nomenclature_id"))
    refused: list[Unit] = []
    while True:
        offenders = set()
        for unit_id, code in activities:
            for owner in reversed(chains.get(unit_id, [])):  # the unit itself first, then up
                if owner in own:
                    break  # bound by affairs a user gave: not ours to judge
                if owner in planned:
                    if rules.affair_problem(code, (planned[owner],)):
                        offenders.add(owner)
                    break
        if not offenders:
            return planned, refused
        for owner in offenders:
            del planned[owner]
            refused.append(units[owner])


def seed_unit_affairs(actor: Actor, skipped: list[str] | None = None) -> int:
    """Each demo government's units their bidang urusan, once per government. Returns the
    number of units given affairs; units left without for an inconsistent activity are named
    in `skipped`."""
    made = 0
    for spec in data.GOVERNMENTS:
        key = f"unit-affairs:{spec.region}"
        government = Government.objects.filter(region_id=spec.region).first()
        if government is None or registry.known(key):
            continue
        planned, refused = planned_affairs(government)
        for unit in Unit.objects.filter(pk__in=list(planned)).order_by("path", "pk"):
            set_unit_affairs(actor, unit, [planned[unit.pk]])
            made += 1
        if skipped is not None:
            skipped.extend(f"{key}: {unit.name} keeps no bidang urusan (its activities are of other "
                           f"affairs)" for unit in refused)
        registry.remember(key, government)
    return made
