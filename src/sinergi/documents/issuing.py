"""Issuing a document: the agenda number (gapless per issuing unit and year), the verification
code and QR code, the file rendered with them, optionally signed (documents.signing), its
SHA-256 and the IssuedDocument that keeps it, all in one audited transaction: when rendering or
storing fails, no number is used up and nothing is kept."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import F
from django.urls import reverse

from sinergi.core.services import Actor, create_object
from sinergi.documents import rules
from sinergi.documents.models import AgendaCounter, IssuedDocument
from sinergi.regions.models import Unit

# Verification codes: 10 characters of an alphabet without look-alikes (0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """A code as typed ("ab3k-x9m2 pq", lower case, with spaces or dashes) as stored: its
    ASCII letters and digits in capitals (anything else typed is dropped)."""
    return "".join(c for c in (text or "").upper() if c.isascii() and c.isalnum())[:32]


def verification_url(code: str) -> str:
    """The public address of the verification page (SINERGI_PUBLIC_URL, e.g.
    https://sinergi.mimikakab.go.id; the demo's http://127.0.0.1:8000 otherwise)."""
    base = getattr(settings, "SINERGI_PUBLIC_URL", "") or "http://127.0.0.1:8000"
    return base.rstrip("/") + reverse("documents:verify", args=[code])


def qr_svg(url: str) -> str:
    """The QR code of `url` as an SVG document (segno)."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=1, xmldecl=False)
    return buffer.getvalue().decode("utf-8")


def next_sequence(unit: Unit, year: int) -> int:
    """The unit's next agenda sequence of `year`, taken inside the caller's transaction (the
    counter row is locked until it commits: two issuers never get the same number, and a
    rolled-back issue leaves no gap)."""
    AgendaCounter.objects.get_or_create(unit=unit, year=year)
    AgendaCounter.objects.filter(unit=unit, year=year).update(last=F("last") + 1)
    return AgendaCounter.objects.select_for_update().get(unit=unit, year=year).last


@dataclass(frozen=True)
class Numbering:
    """How the issued document is numbered: the classification code, the issuing unit's code
    in numbers; None for documents without an agenda number (a daftar hadir)."""

    classification_code: str
    unit_code: str


@dataclass(frozen=True)
class Stamp:
    """What the renderer prints: the number (or "") and the verification block."""

    number: str
    sequence: int | None
    code: str
    url: str
    qr_svg: str

    def verification(self) -> dict[str, str]:
        return {"code": self.code, "url": self.url, "qr_svg": self.qr_svg}


def issue(actor: Actor, *, kind: str, government, unit: Unit, date: dt.date, subject: str,
          render: Callable[[Stamp], bytes], file_name: str, numbering: Numbering | None = None,
          signer_name: str = "", signer_position: str = "", source: models.Model | None = None,
          sign: bool = True, preassigned: tuple[int, str] | None = None) -> IssuedDocument:
    """Issue one document: number and code, `render(stamp)` → PDF, signature (when a
    certificate is configured), fingerprint, stored file, audited record. One transaction.
    `preassigned`: (sequence, number) already taken with `next_sequence` in the caller's
    transaction, for copies of one letter to several addressees (one number, a code each)."""
    from sinergi.documents import signing

    with transaction.atomic():
        sequence = number = None
        if preassigned is not None:
            sequence, number = preassigned
        elif numbering is not None:
            sequence = next_sequence(unit, date.year)
            number = rules.letter_number(numbering.classification_code, sequence, numbering.unit_code,
                                         date.year)
        code = new_code()
        while IssuedDocument.objects.filter(code=code).exists():  # pragma: no cover - 31^10 codes
            code = new_code()
        url = verification_url(code)
        stamp = Stamp(number or "", sequence, code, url, qr_svg(url))
        content = render(stamp)
        signed = False
        if sign and signing.configured():
            content = signing.sign_pdf(content, reason=subject, location=str(government))
            signed = True
        document = IssuedDocument(
            government=government, unit=unit, kind=kind, code=code, number=number or "",
            sequence=sequence, year=date.year, date=date, subject=subject[:300],
            signer_name=signer_name[:200], signer_position=signer_position[:300],
            sha256=hashlib.sha256(content).hexdigest(), signed_electronically=signed,
            issued_by=actor.user if actor.user and actor.user.pk else None,
            source_type=ContentType.objects.get_for_model(source) if source is not None else None,
            source_id=source.pk if source is not None else None,
        )
        document.file.save(file_name, ContentFile(content), save=False)
        return create_object(actor, document, authorized=True)


def issued_for(source: models.Model, kind: str):
    """The documents of `kind` issued for `source` (newest first)."""
    return IssuedDocument.objects.filter(source_type=ContentType.objects.get_for_model(source),
                                         source_id=source.pk, kind=kind).order_by("-created_at", "-id")
