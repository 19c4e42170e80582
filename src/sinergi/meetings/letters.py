"""The invitation letter (surat undangan) by the correspondence manual (documents.naskah,
templates/documents/letter.typ): the kop of the signing authority, place and date, Nomor,
Sifat, Lampiran and Hal, "Yth." to each invitee or to "(daftar terlampir)" with the list as
lampiran, the meeting's day, time and place, the signature block derived from the registry on
the letter's day (a.n./u.b./Plt./Plh., name, pangkat, NIP) and the tembusan.

Before the letter is issued it is a draft ("KONSEP", no number); issuing (`issue_letters`)
gives it its agenda number and verification code and keeps the file: later downloads are that
file, byte for byte. Every value passed to Typst is a string printed as text."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from sinergi.core.formatting import local_time, long_date
from sinergi.core.pdf import render_pdf
from sinergi.core.services import Actor, update_object
from sinergi.documents import issuing, naskah, rules
from sinergi.documents.models import DocumentKind, IssuedDocument
from sinergi.meetings import rules as meeting_rules
from sinergi.meetings.models import Invitation, Meeting
from sinergi.regions.models import Position

LIST_ROWS_PER_PAGE = 30
LETTER_TEMPLATE = "documents/letter.typ"


def letter_day(meeting: Meeting) -> dt.date:
    return meeting.letter_date or meeting.government.today()


def authority_of(meeting: Meeting) -> Position | None:
    """In whose name the letter goes: the meeting's choice, else the head of the organizer."""
    if meeting.letter_authority_id:
        return meeting.letter_authority
    return (Position.objects.filter(unit=meeting.organizer, is_unit_head=True)
            .select_related("unit", "government").order_by("order", "pk").first())


def signature_of(meeting: Meeting, day: dt.date) -> tuple[rules.SignatureBlock, Position | None]:
    """The signature block and the signer's position on `day`. Without a signer, or one outside
    the registry, the block names the office as recorded and leaves the name to write by hand.
    ValidationError when the signer holds no position under the authority that day."""
    authority = authority_of(meeting)
    signer = meeting.signatory
    if authority is not None and signer is not None:
        block = naskah.signature_for(authority, signer, day)
        term = naskah.term_on(signer, day, authority)
        return block, term.position if term else None
    office = meeting.signatory_position or (naskah.authority_title(authority) if authority
                                            else f"Kepala {meeting.organizer.name}")
    block = rules.SignatureBlock(lines=[office.upper() + ","], name=signer.full_name if signer else "",
                                 nip=(signer.nip or "") if signer else "")
    # Without a signer yet the kop follows the authority (the office that will sign).
    return block, (authority if signer is None else None)


def _time(meeting: Meeting) -> str:
    if not meeting.time_known:
        return "waktu tidak disebutkan"
    start = local_time(meeting.starts_at, meeting.time_zone).rsplit(" ", 1)[0]
    return f"{start} s.d. {local_time(meeting.ends_at, meeting.time_zone)}"


def _tembusan(meeting: Meeting) -> list[str]:
    return [line.strip() for line in meeting.letter_tembusan.splitlines() if line.strip()]


def letter_data(meeting: Meeting, invitations: list[Invitation], *, stamp: issuing.Stamp | None = None,
                as_list: bool | None = None, strict: bool = False) -> dict[str, Any]:
    """The data of letter.typ. `as_list`: one letter to "(daftar terlampir)" with the list
    (default: the meeting's choice). `strict`: a signer outside the authority's line is an
    error (issuing) rather than a block left to complete by hand (a draft)."""
    with translation.override("id"):
        day = letter_day(meeting)
        try:
            signature, signer_position = signature_of(meeting, day)
        except ValidationError:
            if strict:
                raise
            signature = rules.SignatureBlock(lines=[(meeting.signatory_position or "").upper() + ","],
                                             name=meeting.signatory.full_name if meeting.signatory else "")
            signer_position = None
        as_list = meeting.letter_as_list if as_list is None else as_list
        start = meeting_rules.local(meeting.starts_at, meeting.time_zone)
        place = ", ".join(p for p in (meeting.venue, meeting.room) if p) or "–"
        if meeting.address:
            place = f"{place}, {meeting.address}" if place != "–" else meeting.address
        details = [["Hari/tanggal", long_date(start.date())], ["Waktu", _time(meeting)], ["Tempat", place]]
        if meeting.online_url:
            details.append(["Tautan daring", meeting.online_url])
        agenda = [item.title for item in meeting.agenda_items.all()]
        details.append(["Acara", "; ".join(agenda) if agenda else meeting.title])
        if as_list and len(invitations) > 1:
            letters = [{"addressee": "(daftar terlampir)", "where": "Tempat"}]
            pages = math.ceil(len(invitations) / LIST_ROWS_PER_PAGE)
            lampiran = rules.lampiran_text(pages)
            attachment = {
                "of": "Surat Undangan", "date": naskah.date_line(day),
                "title": "DAFTAR UNDANGAN",
                "rows": [[i.addressee, i.unit.name if i.unit_id else ""] for i in invitations],
            }
        else:
            letters = [{"addressee": i.addressee, "where": "Tempat"} for i in invitations] or [
                {"addressee": "…………………………", "where": "Tempat"}]
            lampiran, attachment = "–", None
        data = {
            "title": f"Undangan {meeting.title}",
            "draft": stamp is None,
            "kop": naskah.kop_for(meeting.government, signer_position, meeting.organizer).as_data(),
            "place_date": naskah.place_date(meeting.government, day),
            "number": stamp.number if stamp is not None and stamp.number else "……/……/……/" + str(day.year),
            "sifat": meeting.letter_sifat or "Biasa",
            "lampiran": lampiran,
            "hal": f"Undangan {meeting.title}",
            "letters": letters,
            "body": [f"Dengan hormat, kami mengundang Bapak/Ibu untuk menghadiri {meeting.title}, "
                     "yang akan dilaksanakan pada:"],
            "details": details,
            "closing": ["Mengingat pentingnya acara tersebut, kami mohon Bapak/Ibu hadir tepat waktu. "
                        "Demikian undangan ini disampaikan; atas perhatian dan kehadiran Bapak/Ibu "
                        "diucapkan terima kasih."],
            "signature": asdict(signature),
            "tembusan": _tembusan(meeting),
            "attachment": attachment,
            "verification": stamp.verification() if stamp is not None else None,
        }
    return data


def letters_pdf(meeting: Meeting, invitations: list[Invitation], *, as_list: bool | None = None) -> bytes:
    """The letter for `invitations`: the issued file when the letter was issued (the list
    letter, or the invitee's own copy), the draft otherwise."""
    issued = issued_file(meeting, invitations)
    if issued is not None:
        return issued
    return render_pdf(LETTER_TEMPLATE, letter_data(meeting, invitations, as_list=as_list))


def issued_letters(meeting: Meeting):
    """The meeting's issued invitation letters: the list letter (its source is the meeting) or
    the per-invitee copies (their source is the invitation)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    meeting_type = ContentType.objects.get_for_model(Meeting)
    invitation_type = ContentType.objects.get_for_model(Invitation)
    return IssuedDocument.objects.filter(
        Q(source_type=meeting_type, source_id=meeting.pk)
        | Q(source_type=invitation_type, source_id__in=meeting.invitations.values("pk")),
        kind=DocumentKind.INVITATION,
    ).order_by("-created_at", "-id")


def issued_file(meeting: Meeting, invitations: list[Invitation]) -> bytes | None:
    """The stored bytes of the issued letter that covers `invitations` (the list letter covers
    all of them; a per-invitee copy covers its invitee), or None when none was issued."""
    if len(invitations) == 1:
        document = issuing.issued_for(invitations[0], DocumentKind.INVITATION).first()
        if document is None:
            document = issuing.issued_for(meeting, DocumentKind.INVITATION).first()
    else:
        document = issuing.issued_for(meeting, DocumentKind.INVITATION).first()
    if document is None:
        return None
    with document.file.open("rb") as handle:
        return handle.read()


def issue_letters(actor: Actor, meeting: Meeting) -> list[IssuedDocument]:
    """Issue the invitation: one agenda number for the letter; the list letter, or one copy per
    invitee with that number; each copy with its own verification code. Refused when already
    issued, without invitees, or when the signature cannot be derived."""
    if issued_letters(meeting).exists():
        raise ValidationError(_("The invitation letter was already issued."))
    invitations = list(meeting.invitations.select_related("unit").order_by("unit__name", "id"))
    if not invitations:
        raise ValidationError(_("Invite someone before issuing the letter."))
    if meeting.signatory_id is None:
        raise ValidationError(_("Choose who signs the letter before issuing it."))
    day = letter_day(meeting)
    letterhead = naskah.letterhead_of(meeting.government)
    code = letterhead.invitation_code
    if not code:
        raise ValidationError(_("Set the classification code of invitations in the letterhead settings "
                                "before issuing."))
    letter_data(meeting, invitations[:1], strict=True)  # the signature can be derived
    signature, _position = signature_of(meeting, day)
    unit = meeting.organizer
    with transaction.atomic():
        sequence = issuing.next_sequence(unit, day.year)
        number = rules.letter_number(code, sequence, naskah.unit_number_code(unit), day.year)
        groups = [invitations] if meeting.letter_as_list else [[i] for i in invitations]
        issued = []
        for group in groups:
            def render(stamp, group=group):
                return render_pdf(LETTER_TEMPLATE, letter_data(meeting, group, stamp=stamp, strict=True))

            issued.append(issuing.issue(
                actor, kind=DocumentKind.INVITATION, government=meeting.government, unit=unit, date=day,
                subject=f"Undangan {meeting.title}", render=render,
                file_name=f"undangan-{meeting.pk}.pdf", preassigned=(sequence, number),
                signer_name=signature.name, signer_position=" ".join(signature.lines).rstrip(","),
                source=meeting if meeting.letter_as_list else group[0]))
        update_object(actor, meeting, {"letter_number": number, "letter_date": day}, expected_version=None,
                      authorized=True)
    return issued
