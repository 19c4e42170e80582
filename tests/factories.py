"""Builders for test data. Plain functions: a test reads what it gets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sinergi.accounts.models import User
from sinergi.core.roles import Role
from sinergi.regions.choices import Capacity, UnitKind
from sinergi.regions.models import Government, Official, Position, PositionTerm, Region, Unit
from sinergi.regions.rules import government_name, government_short_name


def government(region_code: str) -> Government:
    region = Region.objects.get(code=region_code)
    return Government.objects.create(
        region=region,
        name=government_name(region.name, region.level),
        short_name=government_short_name(region.name, region.level),
    )


def unit(gov: Government, code: str, name: str | None = None, *, kind: str = UnitKind.AGENCY,
         parent: Unit | None = None, region_code: str | None = None) -> Unit:
    u = Unit(government=gov, code=code, name=name or f"Unit {code}", kind=kind, parent=parent,
             region_id=region_code)
    u.full_clean()
    u.save()
    return u


def user(username: str, role: str, units: list[Unit] = (), **extra) -> User:
    u = User.objects.create_user(username=username, password="Rahasia-123!", role=role, **extra)
    u.scope_units.set(units)
    return u


def official(gov: Government, name: str, **extra) -> Official:
    return Official.objects.create(government=gov, name=name, **extra)


def term(position: Position, person: Official, start: dt.date, end: dt.date | None = None,
         capacity: str = Capacity.DEFINITIVE) -> PositionTerm:
    t = PositionTerm(position=position, official=person, start=start, end=end, capacity=capacity)
    t.full_clean()
    t.save()
    return t


@dataclass
class World:
    kutim: Government
    mimika: Government
    setda: Unit          # Kutai Timur: Sekretariat Daerah
    tapem: Unit          # Kutai Timur: Bagian Tata Pemerintahan (under Setda)
    bappeda: Unit        # Kutai Timur: Bappeda
    kec_sangatta: Unit   # Kutai Timur: Kecamatan Sangatta Utara office
    mimika_tapem: Unit   # Mimika: Bagian Tata Pemerintahan
    users: dict[str, User] = field(default_factory=dict)


def build_world() -> World:
    kutim = government("64.08")
    mimika = government("94.04")
    setda = unit(kutim, "SETDA", "Sekretariat Daerah", kind=UnitKind.SECRETARIAT)
    tapem = unit(kutim, "TAPEM", "Bagian Tata Pemerintahan", kind=UnitKind.SECTION, parent=setda)
    bappeda = unit(kutim, "BAPPEDA", "Badan Perencanaan Pembangunan Daerah")
    sangatta = Region.objects.get(code__startswith="64.08.", name="Sangatta Utara")
    kec = unit(kutim, "KEC-SGU", "Kecamatan Sangatta Utara", kind=UnitKind.DISTRICT_OFFICE,
               region_code=sangatta.code)
    mimika_tapem = unit(mimika, "TAPEM", "Bagian Tata Pemerintahan", kind=UnitKind.SECTION)
    world = World(kutim, mimika, setda, tapem, bappeda, kec, mimika_tapem)
    world.users = {
        Role.ADMINISTRATOR: user("admin", Role.ADMINISTRATOR),
        Role.COORDINATOR: user("coordinator", Role.COORDINATOR, [bappeda]),
        Role.UNIT_HEAD: user("head", Role.UNIT_HEAD, [setda]),
        Role.UNIT_OPERATOR: user("operator", Role.UNIT_OPERATOR, [tapem]),
        Role.VIEWER: user("viewer", Role.VIEWER, [kec]),
    }
    return world
