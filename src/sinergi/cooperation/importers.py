"""The cooperation registry as a workbook: the sheet a Bagian Pemerintahan / Kerja Sama keeps
today comes in (template to download, the same columns out), all or nothing, every bad row
reported, idempotent on re-import.

One row is one agreement. Identity: the "ID Sinergi" column when present (a row exported from
Sinergi), else the title within the government. Partners are written "Kota Bontang; PT Contoh";
a region's name is matched against the registry (Kabupaten/Kota/Provinsi names and their common
short forms); an ambiguous or unknown name is reported on its row (a third party is recognised
by a business/organisation word or by the kind "Pihak ketiga"). Responsible units are unit
codes or names of the government, separated by ";". The MoU and the PKS numbers of our side and
of the partner are kept as document numbers per party.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.cooperation.choices import CooperationKind, DocumentKind, PartnerType, Stage
from sinergi.cooperation.models import Agreement, Document, DocumentNumber, Partner, StageReached, ThirdParty
from sinergi.cooperation.services import may_write
from sinergi.core.numbers import AMOUNT, read_number
from sinergi.core.services import Actor, create_object, update_object
from sinergi.core.spreadsheets import (
    CHOICE,
    DATE,
    NUMBER,
    RUPIAH_FORMAT,
    Column,
    ErrorList,
    ImportOutcome,
    RowError,
    SheetSpec,
    SpreadsheetError,
    WorkbookSpec,
    read_workbook,
    write_workbook,
)
from sinergi.extraction import regions as region_names
from sinergi.planning.choices import FundingSource
from sinergi.regions.models import Government, Region, Unit

SHEET = "Kerja Sama"
YES = ("ya", "y", "yes", "true", "1")
NO = ("tidak", "t", "no", "false", "0", "")
THIRD_PARTY_WORDS = re.compile(
    r"^(?:PT|CV|PD|Perum|Perumda|PDAM|Bank|Universitas|Institut|Politeknik|Sekolah|Yayasan|Lembaga|"
    r"Koperasi|BPJS|Balai|Badan|Kantor|Dinas|Kementerian|Komisi|LSM|Perkumpulan|Asosiasi|Rumah Sakit|RS)\b",
    re.I,
)

COLUMNS = [
    Column("id", "ID Sinergi", NUMBER, help=gettext_lazy("Leave empty for a new agreement.")),
    Column("title", "Judul", required=True, max_length=300, width=40),
    Column("kind", "Jenis", CHOICE, required=True, choices=CooperationKind.choices, width=24),
    Column(
        "partners",
        "Mitra",
        required=True,
        width=36,
        help=gettext_lazy("Regions or organisations, separated by ';' (e.g. Kota Bontang; PT Contoh)."),
    ),
    Column(
        "partner_type",
        "Jenis Mitra",
        CHOICE,
        choices=PartnerType.choices,
        width=22,
        help=gettext_lazy("For third parties."),
    ),
    Column("object", "Objek/Urusan", max_length=300, width=30),
    Column(
        "units",
        "SKPD Penanggung Jawab",
        required=True,
        width=30,
        help=gettext_lazy("Unit codes or names, separated by ';'."),
    ),
    Column("mou_number", "Nomor KB (kita)", max_length=150),
    Column("mou_partner_number", "Nomor KB (mitra)", max_length=150),
    Column("mou_signed", "Tanggal KB", DATE),
    Column("pks_number", "Nomor PKS (kita)", max_length=150),
    Column("pks_partner_number", "Nomor PKS (mitra)", max_length=150),
    Column("pks_signed", "Tanggal PKS", DATE),
    Column("start", "Mulai Berlaku", DATE),
    Column("end", "Berakhir", DATE),
    Column("value", "Nilai (Rp)", NUMBER, number_format=RUPIAH_FORMAT),
    Column("funding_source", "Sumber Dana", CHOICE, choices=FundingSource.choices),
    Column("dprd_required", "Perlu Persetujuan DPRD", CHOICE, choices=[("ya", "Ya"), ("tidak", "Tidak")]),
    Column("dprd_approved_on", "Tanggal Persetujuan DPRD", DATE),
    Column("notes", "Keterangan", max_length=2000, width=30),
]
SPEC = WorkbookSpec(
    sheets=[SheetSpec(SHEET, COLUMNS, help=gettext_lazy("One row per cooperation agreement."))],
    instructions=[gettext_lazy("Every row is checked first: if any row has an error, nothing is saved.")],
)


def export_registry(agreements) -> bytes:
    rows = []
    for agreement in agreements.prefetch_related(
        "partners__region", "partners__third_party", "responsible_units", "documents__numbers"
    ):
        docs = {
            d.kind: d for d in agreement.documents.all() if d.kind in (DocumentKind.MOU, DocumentKind.PKS)
        }

        def number(kind, own, docs=docs):
            doc = docs.get(kind)
            if not doc:
                return ""
            return next((n.number for n in doc.numbers.all() if n.is_own == own), "")

        rows.append(
            {
                "id": agreement.pk,
                "title": agreement.title,
                "kind": agreement.get_kind_display(),
                "partners": "; ".join(str(p) for p in agreement.partners.all()),
                "partner_type": next(
                    (p.third_party.get_kind_display() for p in agreement.partners.all() if p.third_party_id),
                    "",
                ),
                "object": agreement.object_text,
                "units": "; ".join(u.code for u in agreement.responsible_units.all()),
                "mou_number": number(DocumentKind.MOU, True),
                "mou_partner_number": number(DocumentKind.MOU, False),
                "mou_signed": docs[DocumentKind.MOU].signed_on if DocumentKind.MOU in docs else None,
                "pks_number": number(DocumentKind.PKS, True),
                "pks_partner_number": number(DocumentKind.PKS, False),
                "pks_signed": docs[DocumentKind.PKS].signed_on if DocumentKind.PKS in docs else None,
                "start": agreement.start,
                "end": agreement.end,
                "value": (
                    int(agreement.value)
                    if agreement.value == agreement.value.to_integral_value()
                    else float(agreement.value)
                )
                if agreement.value is not None
                else None,
                "funding_source": agreement.get_funding_source_display() if agreement.funding_source else "",
                "dprd_required": "Ya" if agreement.dprd_approval_required else "Tidak",
                "dprd_approved_on": agreement.dprd_approved_on,
                "notes": agreement.notes,
            }
        )
    return write_workbook(SPEC, {SHEET: rows})


def template() -> bytes:
    return write_workbook(SPEC, {SHEET: []})


@dataclass
class PartnerRef:
    region: Region | None = None
    third_party_name: str = ""
    foreign_name: str = ""


@dataclass
class Planned:
    row: int
    agreement: Agreement | None
    values: dict[str, Any]
    partners: list[PartnerRef]
    partner_type: str
    units: list[Unit]
    documents: dict[str, tuple[str, str, dt.date | None]]  # kind -> (own number, partner number, signed)


@dataclass
class RegistryImport(ImportOutcome):
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    applied: bool = False


def match_region(name: str) -> tuple[Region | None, str | None]:
    """The region a name means, or the reason it cannot be told."""
    text = re.sub(r"\s+", " ", name).strip()
    full = re.sub(r"^(?:Pemerintah|Pemkab|Pemkot|Pemprov)\s+", "", text, flags=re.I)
    full = re.sub(r"^Kab\.?\s+", "Kabupaten ", full, flags=re.I)
    full = re.sub(r"^Prov\.?\s+", "Provinsi ", full, flags=re.I)
    found = region_names.by_full_name(full)
    if found is None and re.match(r"^(?:Kabupaten|Kota|Provinsi)\s", full, re.I):
        return None, _('Unknown region "%(name)s".') % {"name": name}
    if found is None:
        candidates = region_names._index().get(full.lower(), [])
        if len(candidates) > 1:
            options = ", ".join(c.display for c in candidates)
            return None, _('"%(name)s" is ambiguous: write one of %(options)s.') % {
                "name": name,
                "options": options,
            }
        if len(candidates) == 1:
            found = candidates[0]
    if found is None:
        return None, _('Unknown region "%(name)s".') % {"name": name}
    return Region.objects.filter(code=found.code).first(), None


def _yes(value: str | None) -> bool:
    return (value or "").strip().lower() in YES


def _amount(raw: Any) -> Decimal | None:
    """A Rupiah amount as a number cell or as typed: "Rp 1.500.000", "1.500.000,50", "1500000.00"
    (core.numbers, AMOUNT style)."""
    if raw in (None, ""):
        return None
    if isinstance(raw, int | float | Decimal):
        return Decimal(str(raw))
    return read_number(str(raw), AMOUNT)


def import_registry(
    data: bytes, actor: Actor, government: Government, *, dry_run: bool = False
) -> RegistryImport:
    try:
        read = read_workbook(data, SPEC)
    except SpreadsheetError as exc:
        return RegistryImport.refused(exc)
    errors = ErrorList(read.errors)
    col = {c.key: c for c in COLUMNS}
    units = {u.code.casefold(): u for u in Unit.objects.filter(government=government)}
    units_by_name = {u.name.casefold(): u for u in units.values()}
    existing = {a.pk: a for a in Agreement.objects.filter(government=government)}
    by_title = {a.title.casefold(): a for a in existing.values()}
    plans: list[Planned] = []
    seen_titles: dict[str, int] = {}
    for row in read.rows(SHEET):
        if row.bad:
            continue
        title = row["title"]
        key = title.casefold()
        if key in seen_titles:
            errors.add(
                row.number,
                col["title"],
                _("The same agreement is on row %(row)s.") % {"row": seen_titles[key]},
                SHEET,
            )
            continue
        seen_titles[key] = row.number
        agreement = None
        if row["id"] not in (None, ""):
            agreement = (
                existing.get(int(row["id"]))
                if str(row["id"]).isdigit() or isinstance(row["id"], int | float)
                else None
            )
            if agreement is None:
                errors.add(row.number, col["id"], _("No agreement with this ID in this government."), SHEET)
                continue
        else:
            agreement = by_title.get(key)
        kind = row["kind"]
        partners: list[PartnerRef] = []
        for name in [p.strip() for p in (row["partners"] or "").split(";") if p.strip()]:
            if kind == CooperationKind.FOREIGN:
                partners.append(PartnerRef(foreign_name=name))
            elif kind == CooperationKind.THIRD_PARTY or THIRD_PARTY_WORDS.match(name):
                partners.append(PartnerRef(third_party_name=name))
            else:
                region, problem = match_region(name)
                if problem:
                    errors.add(row.number, col["partners"], problem, SHEET)
                else:
                    partners.append(PartnerRef(region=region))
        if kind == CooperationKind.THIRD_PARTY and not row["partner_type"]:
            errors.add(row.number, col["partner_type"], _("Give the kind of third party."), SHEET)
        responsible: list[Unit] = []
        for ref in [u.strip() for u in (row["units"] or "").split(";") if u.strip()]:
            unit = units.get(ref.casefold()) or units_by_name.get(ref.casefold())
            if unit is None:
                errors.add(row.number, col["units"], _('Unknown unit "%(unit)s".') % {"unit": ref}, SHEET)
            else:
                responsible.append(unit)
        try:
            value = _amount(row["value"])
        except ValueError:
            errors.add(row.number, col["value"], _("Not an amount of Rupiah."), SHEET)
            value = None
        if row["start"] and row["end"] and row["end"] < row["start"]:
            errors.add(row.number, col["end"], _("The agreement ends before it starts."), SHEET)
        dprd_required = _yes(row["dprd_required"])
        if row["dprd_approved_on"] and not dprd_required:
            errors.add(
                row.number,
                col["dprd_approved_on"],
                _("The agreement does not need the DPRD's approval."),
                SHEET,
            )
        if responsible and not may_write(actor.user, government, responsible, agreement):
            errors.add(row.number, col["units"], _("You may not record agreements of these units."), SHEET)
        plans.append(
            Planned(
                row=row.number,
                agreement=agreement,
                values={
                    "title": title,
                    "kind": kind,
                    "object_text": row["object"] or "",
                    "value": value,
                    "funding_source": row["funding_source"] or "",
                    "start": row["start"],
                    "end": row["end"],
                    "dprd_approval_required": dprd_required,
                    "dprd_approved_on": row["dprd_approved_on"],
                    "notes": row["notes"] or "",
                },
                partners=partners,
                partner_type=row["partner_type"] or PartnerType.OTHER,
                units=responsible,
                documents={
                    DocumentKind.MOU: (
                        row["mou_number"] or "",
                        row["mou_partner_number"] or "",
                        row["mou_signed"],
                    ),
                    DocumentKind.PKS: (
                        row["pks_number"] or "",
                        row["pks_partner_number"] or "",
                        row["pks_signed"],
                    ),
                },
            )
        )
    result = RegistryImport(errors=sorted(errors))
    if result.errors:
        return result
    with transaction.atomic():
        for plan in plans:
            outcome = _apply(actor, government, plan)
            setattr(result, outcome, getattr(result, outcome) + 1)
        if dry_run:
            transaction.set_rollback(True)
    result.applied = not dry_run
    return result


def _apply(actor: Actor, government: Government, plan: Planned) -> str:
    """Write one planned row; "created", "updated" or "unchanged"."""
    agreement = plan.agreement
    changed = False
    if agreement is None:
        agreement = create_object(
            actor, Agreement(government=government, **plan.values), m2m={"responsible_units": plan.units}
        )
        outcome = "created"
    else:
        changes = {k: v for k, v in plan.values.items() if getattr(agreement, k) != v}
        if {u.pk for u in agreement.responsible_units.all()} != {u.pk for u in plan.units}:
            agreement = update_object(
                actor,
                agreement,
                changes,
                expected_version=agreement.version,
                m2m={"responsible_units": plan.units},
            )
            changed = True
        elif changes:
            agreement = update_object(actor, agreement, changes, expected_version=agreement.version)
            changed = True
        outcome = "updated" if changed else "unchanged"
    changed |= _apply_partners(actor, government, agreement, plan)
    changed |= _apply_documents(actor, government, agreement, plan)
    if outcome == "unchanged" and changed:
        outcome = "updated"
    return outcome


def _partner_key(partner: Partner) -> tuple:
    return (
        partner.region_id,
        partner.third_party.name if partner.third_party_id else "",
        partner.foreign_name,
    )


def _apply_partners(actor: Actor, government: Government, agreement: Agreement, plan: Planned) -> bool:
    current = list(agreement.partners.select_related("third_party"))
    wanted = []
    for ref in plan.partners:
        if ref.third_party_name:
            party = ThirdParty.objects.filter(
                government=government, name__iexact=ref.third_party_name
            ).first()
            if party is None:
                party = create_object(
                    actor,
                    ThirdParty(government=government, name=ref.third_party_name, kind=plan.partner_type),
                )
            wanted.append(Partner(agreement=agreement, third_party=party))
        else:
            wanted.append(Partner(agreement=agreement, region=ref.region, foreign_name=ref.foreign_name))
    if sorted(map(_partner_key, current)) == sorted(map(_partner_key, wanted)):
        return False
    for partner in current:
        partner.delete()  # partners carry no history of their own: the agreement's audit does
    for partner in wanted:
        create_object(actor, partner)
    return True


STAGE_OF = {DocumentKind.MOU: Stage.MOU_SIGNED, DocumentKind.PKS: Stage.PKS_SIGNED}


def _apply_documents(actor: Actor, government: Government, agreement: Agreement, plan: Planned) -> bool:
    changed = False
    partner_label = "; ".join(
        str(ref.region.name if ref.region else ref.third_party_name or ref.foreign_name)
        for ref in plan.partners
    )
    mou = None
    for kind in (DocumentKind.MOU, DocumentKind.PKS):
        own, theirs, signed = plan.documents[kind]
        if not (own or theirs or signed):
            continue
        document = agreement.documents.filter(kind=kind).order_by("id").first()
        title = {DocumentKind.MOU: "Kesepakatan Bersama", DocumentKind.PKS: "Perjanjian Kerja Sama"}[kind]
        if document is None:
            document = create_object(
                actor,
                Document(
                    agreement=agreement,
                    kind=kind,
                    title=title,
                    signed_on=signed,
                    parent=mou if kind == DocumentKind.PKS else None,
                ),
            )
            changed = True
        elif document.signed_on != signed:
            document = update_object(
                actor, document, {"signed_on": signed}, expected_version=document.version
            )
            changed = True
        if kind == DocumentKind.MOU:
            mou = document
        for party, number, is_own in ((government.name, own, True), (partner_label, theirs, False)):
            if not number:
                continue
            existing = document.numbers.filter(is_own=is_own).first()
            if existing is None:
                create_object(
                    actor, DocumentNumber(document=document, party=party[:250], is_own=is_own, number=number)
                )
                changed = True
            elif existing.number != number:
                # A document number has no version of its own (the import holds the agreement's).
                update_object(actor, existing, {"number": number}, expected_version=None)
                changed = True
        if signed and not agreement.stages.filter(stage=STAGE_OF[kind]).exists():
            create_object(actor, StageReached(agreement=agreement, stage=STAGE_OF[kind], reached_on=signed))
            changed = True
    return changed
