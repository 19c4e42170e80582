"""The head and foot of an official letter, derived from a government's letterhead settings and
the registry of officials (regions) on the signing day:

* `kop_for`: the kop of the signing authority: the head of region's own ("BUPATI MIMIKA") when
  the head signs, the government's with the Sekretariat Daerah's name when someone of the
  Sekretariat signs (the Sekda, an Asisten, a Kepala Bagian), the government's with the OPD's
  name and address when someone of an OPD or a kecamatan signs;
* `signature_for`: the signature block: "a.n." when the signer is one level below the authority
  in whose name the letter goes, "u.b." one level further, "Plt."/"Plh."/"Pj." from the
  signer's term on that day, then name, pangkat/golongan and NIP (documents.rules).

Both return plain data for the Typst templates (templates/documents/naskah.typ)."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sinergi.documents import rules
from sinergi.documents.models import Letterhead, UnitLetterhead
from sinergi.regions.choices import CAPACITY_PREFIX, PositionGrade, UnitKind
from sinergi.regions.models import Government, Official, Position, PositionTerm, Unit

HEAD_GRADES = (PositionGrade.REGIONAL_HEAD, PositionGrade.DEPUTY_HEAD)


@dataclass
class Kop:
    """What the top of the first page shows."""

    lines: list[str]
    contact: list[str] = field(default_factory=list)
    emblem_svg: str = ""
    kind: str = "government"  # head | secretariat | unit | government

    def as_data(self) -> dict[str, Any]:
        return asdict(self)


def letterhead_of(government: Government) -> Letterhead:
    """The government's letterhead settings, or unsaved defaults from its names (so a letter
    can be drafted before anyone filled them in; the settings page says what is missing)."""
    try:
        return government.letterhead
    except Letterhead.DoesNotExist:
        return Letterhead(
            government=government,
            government_line=government.name.upper(),
            head_line=_head_title(government).upper(),
            place=default_place(government),
        )


def default_place(government: Government) -> str:
    """The region's name without its kind ("Kabupaten Kutai Timur" → "Kutai Timur", "Kota
    Samarinda" → "Samarinda"): the date line's place until the settings name the capital."""
    name = government.region.name
    for prefix in ("Kabupaten ", "Kota ", "Provinsi "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def date_line(day: dt.date) -> str:
    """`8 Desember 2026`: a date as a date line writes it (no weekday), in Indonesian."""
    from django.utils import formats, translation

    with translation.override("id"):
        return formats.date_format(day, "j F Y")


def place_date(government: Government, day: dt.date) -> str:
    """`Timika, 8 Desember 2026`: the letterhead's town and the day."""
    place = letterhead_of(government).place
    return f"{place}, {date_line(day)}" if place else date_line(day)


def _head_title(government: Government) -> str:
    position = (Position.objects.filter(government=government, unit__isnull=True,
                                        grade=PositionGrade.REGIONAL_HEAD)
                .order_by("order", "pk").first())
    return position.title if position else government.name


def emblem_svg(letterhead: Letterhead) -> str:
    """The emblem as an SVG document Typst can place (a raster image is wrapped in an SVG as a
    data URI: Typst reads template inputs as text); "" without an emblem or when its file is
    gone."""
    if not letterhead.emblem:
        return ""
    try:
        with letterhead.emblem.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError):
        return ""
    name = letterhead.emblem.name.lower()
    if name.endswith(".svg"):
        return content.decode("utf-8", "replace")
    mime = "image/png" if name.endswith(".png") else "image/jpeg"
    data = base64.b64encode(content).decode("ascii")
    return ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            'width="200" height="240" viewBox="0 0 200 240">'
            f'<image width="200" height="240" preserveAspectRatio="xMidYMid meet" '
            f'xlink:href="data:{mime};base64,{data}"/></svg>')


def root_unit(unit: Unit) -> Unit:
    """The top unit of `unit`'s tree: the Sekretariat Daerah, an OPD, a kecamatan office."""
    root_pk = int(unit.path.split(".")[0]) if unit.path else unit.pk
    return unit if root_pk == unit.pk else Unit.objects.get(pk=root_pk)


def kop_for(government: Government, signer_position: Position | None, issuing_unit: Unit | None) -> Kop:
    """The kop of the signing authority (see the module docstring)."""
    letterhead = letterhead_of(government)
    emblem = emblem_svg(letterhead)
    if signer_position is not None and signer_position.unit_id is None:
        if signer_position.grade == PositionGrade.REGIONAL_HEAD:
            title = letterhead.head_line
        else:
            title = signer_position.title.upper()
        return Kop([title], letterhead.contact_lines(), emblem, "head")
    unit = signer_position.unit if signer_position is not None else issuing_unit
    if unit is None:
        return Kop([letterhead.government_line], letterhead.contact_lines(), emblem, "government")
    root = root_unit(unit)
    if root.kind == UnitKind.SECRETARIAT:
        return Kop([letterhead.government_line, letterhead.secretariat_line],
                   letterhead.contact_lines(), emblem, "secretariat")
    own = UnitLetterhead.objects.filter(unit=root).first()
    name = (own.name_line if own and own.name_line else root.name).upper()
    contact = own.contact_lines() if own and own.contact_lines() else letterhead.contact_lines()
    return Kop([letterhead.government_line, name], contact, emblem, "unit")


def unit_number_code(unit: Unit) -> str:
    """The issuing unit's code in letter numbers: its own setting, else its short name, else
    its code."""
    own = UnitLetterhead.objects.filter(unit=unit).values_list("number_code", flat=True).first()
    return own or unit.short_name or unit.code


# ---------------------------------------------------------------------------- signatures


def term_on(official: Official, day: dt.date, within: Position | None = None) -> PositionTerm | None:
    """The official's term on `day`: of `within` itself when they hold it, else the highest of
    their positions under it (the shortest unit path), else None."""
    terms = list(PositionTerm.objects.active_on(day).filter(official=official)
                 .select_related("position__unit", "position__government"))
    if not terms:
        return None
    if within is not None:
        for term in terms:
            if term.position_id == within.pk:
                return term
        if within.unit_id is not None:
            prefix = within.unit.path
            terms = [t for t in terms if t.position.unit_id and (
                t.position.unit.path == prefix or t.position.unit.path.startswith(prefix + "."))]
        else:
            terms = [t for t in terms if t.position.government_id == within.government_id]
    if not terms:
        return None
    return min(terms, key=lambda t: (t.position.unit.path.count(".") if t.position.unit_id else -1,
                                     not t.position.is_unit_head, t.position.order))


def _head_of(unit: Unit) -> Position | None:
    return Position.objects.filter(unit=unit, is_unit_head=True).order_by("order", "pk").first()


def authority_title(authority: Position) -> str:
    if authority.unit_id is None and authority.grade == PositionGrade.REGIONAL_HEAD:
        return letterhead_of(authority.government).head_line
    return authority.title


def signature_for(authority: Position, signer: Official, day: dt.date) -> rules.SignatureBlock:
    """The signature block of `signer` signing on `day` a letter that goes in the name of
    `authority` (see the module docstring). ValidationError when the signer holds no position
    under the authority on that day."""
    term = term_on(signer, day, authority)
    if term is None:
        raise ValidationError(
            _("%(official)s holds no position under %(authority)s on %(day)s.")
            % {"official": signer.full_name, "authority": authority.title, "day": day.strftime("%d-%m-%Y")})
    position = term.position
    own = rules.Office(position.title, CAPACITY_PREFIX.get(term.capacity, ""))
    top = rules.Office(authority_title(authority))
    if position.pk == authority.pk:
        chain: list[rules.Office] = []
        top = rules.Office(authority_title(authority), own.prefix)
    else:
        level_one = _level_one(authority, position)
        if level_one is None or level_one.pk == position.pk:
            chain = [own]
        else:
            chain = [rules.Office(level_one.title), own]
    civil_servant = position.grade not in HEAD_GRADES
    return rules.SignatureBlock(
        lines=rules.signature_lines(top, chain),
        name=signer.full_name,
        pangkat=rules.pangkat_line(getattr(signer, "golongan", "")) if civil_servant else "",
        nip=(signer.nip or "") if civil_servant else "",
        civil_servant=civil_servant,
    )


def _level_one(authority: Position, position: Position) -> Position | None:
    """The office one level below `authority` on the way to `position`: under the head of region,
    the head of the signer's top unit (the Sekda, a Kepala Dinas, a Camat); under the head of a
    unit, the head of the unit below it on the signer's path."""
    if position.unit_id is None:
        return None
    parts = position.unit.path.split(".")
    if authority.unit_id is None:
        top_pk = int(parts[0])
    else:
        depth = authority.unit.path.count(".") + 1
        if len(parts) <= depth:
            return None
        top_pk = int(parts[depth])
    unit = Unit.objects.filter(pk=top_pk).first()
    return _head_of(unit) if unit else None


def secretariat_head(government: Government) -> Position | None:
    """The Sekretaris Daerah's position: the head of the government's top secretariat unit."""
    return (Position.objects.filter(government=government, is_unit_head=True, unit__parent__isnull=True,
                                    unit__kind=UnitKind.SECRETARIAT)
            .select_related("unit", "government").order_by("order", "pk").first())


def own_signature(position: Position | None, day: dt.date, *, fallback_title: str) -> rules.SignatureBlock:
    """The block of whoever holds `position` on `day`, signing in their own name; the office
    with the name left to write by hand when nobody (or no position) is recorded."""
    if position is not None:
        term = (PositionTerm.objects.active_on(day).filter(position=position)
                .select_related("official").order_by("-start").first())
        if term is not None:
            return signature_for(position, term.official, day)
    return rules.SignatureBlock(lines=[(position.title if position else fallback_title).upper() + ","],
                                name="", civil_servant=True)


def secretariat_unit(government: Government) -> Unit | None:
    """The government's Sekretariat Daerah (its top secretariat unit)."""
    return (Unit.objects.filter(government=government, parent__isnull=True, kind=UnitKind.SECRETARIAT)
            .order_by("pk").first())
