"""Commitments signed at a meeting (komitmen bersama, pakta integritas): their wording, their
signatories and where each signature stands, the document to sign, and how they are carried out.

Signatories: each an official of the meeting's government (their name, and their position on the
signing day from the registry's terms, with Plt./Plh./Pj. when they act) or someone typed by name
and position — the name may be left to write by hand when only the office is known ("Ketua
Pokja PKP"). Each has a status: not signed yet, signed or declined, the latter two with their
date and an optional note. The wording and the signatories are the meeting's record: they change
while the meeting is not frozen and the document was not issued; the signatures are collected
until the meeting is cancelled (a closed meeting's commitment is often signed afterwards).

The document: the organizer's kop (documents.naskah), the title, the wording, place (the
letterhead's) and date (the commitment's, else the meeting's day), and one signature block per
signatory. Issuing it (documents.issuing, no agenda number) keeps the file and gives it a
verification code; every later download is that file.

Carried out through follow-up actions: a follow-up action made from the commitment
(FollowUp.commitment, the signatories' units proposed as responsible units) has the per-unit
lines, due dates, reports, assessment, reminders and rapor of every follow-up action
(meetings.followups); the commitment's progress is its actions' (`progress_of`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _

from sinergi.core.pdf import render_pdf
from sinergi.core.scope import Action, can
from sinergi.core.services import Actor, StaleEditError, create_object, delete_object, update_object
from sinergi.documents import issuing, naskah, rules
from sinergi.documents.models import DocumentKind, IssuedDocument
from sinergi.meetings import followups
from sinergi.meetings import rules as meeting_rules
from sinergi.meetings.choices import FollowUpStatus, MeetingStatus, SignatureStatus
from sinergi.meetings.models import Commitment, CommitmentSignatory, FollowUp, Meeting
from sinergi.regions.choices import CAPACITY_PREFIX
from sinergi.regions.models import Official, Position, Unit

TEMPLATE = "meetings/commitment.typ"
EDITABLE = ("title", "kind", "text", "signed_on")
PENDING, SIGNED, DECLINED = SignatureStatus.PENDING, SignatureStatus.SIGNED, SignatureStatus.DECLINED
# The document's heading per kind (Indonesian: the document is printed in Indonesian only).
HEADINGS = {"komitmen_bersama": "KOMITMEN BERSAMA", "pakta_integritas": "PAKTA INTEGRITAS"}
ITEM = re.compile(r"^\s*((?:\d{1,2}|[a-zA-Z])[.)]|[-•*])\s+(.*)$")


@dataclass(frozen=True)
class SignatoryInput:
    """One signatory as a form or the API gives it: an official of the registry, or a name and/or
    position; `pk` keeps an existing row (and its signature) when the list is edited."""

    official: Official | None = None
    name: str = ""
    position: str = ""
    unit: Unit | None = None
    pk: int | None = None


def _as_input(item: Any) -> SignatoryInput:
    """A SignatoryInput, or the older `(official or name, position)` pair."""
    if isinstance(item, SignatoryInput):
        return item
    who, position, *rest = item
    unit = rest[0] if rest else None
    if isinstance(who, Official):
        return SignatoryInput(official=who, position=position or "", unit=unit)
    return SignatoryInput(name=who or "", position=position or "", unit=unit)


def signing_day(commitment: Commitment) -> dt.date:
    """The date the document carries: the commitment's, else the meeting's (local) day."""
    meeting = commitment.meeting
    return commitment.signed_on or meeting_rules.local(meeting.starts_at, meeting.time_zone).date()


def office_on(official: Official, day: dt.date) -> tuple[str, Position | None]:
    """The official's position on `day` as a signature names it ("Plt. Kepala Dinas …"), and
    that position ("" and None without a term that day)."""
    term = naskah.term_on(official, day)
    if term is None:
        return "", None
    prefix = CAPACITY_PREFIX.get(term.capacity, "")
    return f"{prefix} {term.position.title}".strip(), term.position


def _rows(meeting: Meeting, items: Iterable[Any], day: dt.date) -> list[dict[str, Any]]:
    """The signatories' field values, checked: officials and units of the meeting's government,
    no official twice; rows with neither an official, a name nor a position are left out."""
    rows: list[dict[str, Any]] = []
    officials: set[int] = set()
    for raw in items:
        item = _as_input(raw)
        official, unit = item.official, item.unit
        name, position = (item.name or "").strip(), (item.position or "").strip()
        if official is not None:
            if official.government_id != meeting.government_id:
                raise ValidationError({"signatories": [_("The official belongs to another government.")]})
            if official.pk in officials:
                raise ValidationError(
                    {"signatories": [_("%(name)s is named twice.") % {"name": official.full_name}]}
                )
            officials.add(official.pk)
            office, held = office_on(official, day)
            name = official.full_name[:200]
            position = position or office[:200]
            if unit is None and held is not None:
                unit = held.unit
        elif not (name or position):
            continue
        if unit is not None and unit.government_id != meeting.government_id:
            raise ValidationError({"signatories": [_("The unit belongs to another government.")]})
        rows.append({"pk": item.pk, "official": official, "name": name, "position": position, "unit": unit})
    return rows


def _signatory_error(exc: ValidationError, order: int) -> ValidationError:
    """A signatory's field errors, said of that signatory (the n-th)."""
    messages = exc.messages
    return ValidationError(
        {"signatories": [_("Signatory %(n)s: %(errors)s") % {"n": order, "errors": " ".join(messages)}]}
    )


def _create_signatory(actor: Actor, commitment: Commitment, row: dict, order: int) -> CommitmentSignatory:
    try:
        return create_object(
            actor,
            CommitmentSignatory(
                commitment=commitment, official=row["official"], name=row["name"],
                position=row["position"], unit=row["unit"], order=order,
            ),
        )
    except ValidationError as exc:
        if isinstance(exc, StaleEditError):
            raise
        raise _signatory_error(exc, order) from None


@transaction.atomic
def add_commitment(
    actor: Actor,
    meeting: Meeting,
    *,
    title: str,
    kind: str,
    text: str = "",
    signed_on: dt.date | None = None,
    signatories: Iterable[Any] = (),
    document=None,
) -> Commitment:
    """A commitment with its ordered signatories (SignatoryInput, or `(official, position)` /
    `(name, position)` pairs). The scan is checked by the model's validators (kind and size)."""
    meeting_rules.ensure_open_for_changes(meeting)
    commitment = Commitment(meeting=meeting, title=(title or "").strip(), kind=kind, text=text or "",
                            signed_on=signed_on)
    if document is not None:
        commitment.document = document
    commitment = create_object(actor, commitment)
    for order, row in enumerate(_rows(meeting, signatories, signing_day(commitment)), start=1):
        _create_signatory(actor, commitment, row, order)
    return commitment


def ensure_editable(commitment: Commitment) -> None:
    meeting_rules.ensure_open_for_changes(Meeting.objects.only("status").get(pk=commitment.meeting_id))
    if issued(commitment) is not None:
        raise ValidationError(
            _("The commitment's document was issued: its wording and signatories no longer change."),
            code="issued",
        )


@transaction.atomic
def update_commitment(
    actor: Actor,
    commitment: Commitment,
    changes: dict[str, Any],
    *,
    signatories: Iterable[Any] | None = None,
    expected_version: int | None,
) -> Commitment:
    """Edit the title, kind, wording or date and, when `signatories` is given, replace the list:
    a row with the `pk` of an existing signatory keeps it (and its signature), the others are
    added, and the signatories left out are removed. Each write audited; stale refused."""
    ensure_editable(commitment)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(
            _("These cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    current = Commitment.objects.select_for_update().select_related("meeting").get(pk=commitment.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError()
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip()
    written = update_object(actor, current, changes, expected_version=current.version)
    if signatories is not None:
        existing = {s.pk: s for s in written.signatories.select_related("official", "unit")}
        rows = _rows(written.meeting, signatories, signing_day(written))
        kept = {row["pk"] for row in rows if row["pk"] in existing}
        for pk, row in existing.items():
            if pk not in kept:
                delete_object(actor, row)
        for order, row in enumerate(rows, start=1):
            if row["pk"] in existing:
                values = {k: row[k] for k in ("official", "name", "position", "unit")}
                values["order"] = order
                try:
                    update_object(actor, existing[row["pk"]], values, expected_version=None)
                except ValidationError as exc:
                    raise _signatory_error(exc, order) from None
            else:
                _create_signatory(actor, written, row, order)
        if written.version == current.version:
            # Only the signatories changed: a form opened before is stale all the same.
            Commitment.objects.filter(pk=written.pk).update(version=F("version") + 1)
            written.version += 1
    return written


def delete_commitment(actor: Actor, commitment: Commitment) -> None:
    ensure_editable(commitment)
    delete_object(actor, commitment)


@transaction.atomic
def set_signature(
    actor: Actor,
    signatory: CommitmentSignatory,
    status: str,
    *,
    on: dt.date | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> CommitmentSignatory:
    """Record where one signature stands: signed or declined on a day (not in the future, in the
    government's zone), or back to not signed yet (no date). Those who may change the meeting
    record it, also after the meeting was closed; a cancelled meeting's commitments stay as
    they were."""
    current = CommitmentSignatory.objects.select_for_update().select_related(
        "commitment__meeting__government"
    ).get(pk=signatory.pk)
    meeting = current.commitment.meeting
    if actor.user is not None and not can(actor.user, Action.CHANGE, meeting):
        raise PermissionDenied
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("The meeting was cancelled."), code="frozen")
    if status not in SignatureStatus.values:
        raise ValidationError({"status": [_("Unknown status.")]})
    if status == PENDING:
        on = None
    elif on is None:
        raise ValidationError({"status_on": [_("Give the date.")]})
    elif on > meeting.government.today():
        raise ValidationError({"status_on": [_("The date is in the future.")]})
    label = str(SignatureStatus(status).label)
    return update_object(
        actor, current, {"status": status, "status_on": on, "note": (note or "").strip()},
        expected_version=expected_version, note=label,
    )


# ---------------------------------------------------------------------------------------------
# Progress


@dataclass(frozen=True)
class Progress:
    """Where a commitment stands: its signatures, and its follow-up actions (cancelled ones left
    out): how many, how many done, how many overdue, and their mean progress (None: no action)."""

    signed: int
    declined: int
    pending: int
    actions: int
    done: int
    overdue: int
    percent: int | None

    @property
    def signatories(self) -> int:
        return self.signed + self.declined + self.pending

    @property
    def fully_signed(self) -> bool:
        return self.signatories > 0 and self.signed == self.signatories


def progress_of(signatories: Iterable[CommitmentSignatory], actions: Iterable[FollowUp],
                today: dt.date) -> Progress:
    """Pure over rows already read (a page prefetches them): see Progress."""
    statuses = [s.status for s in signatories]
    active = [f for f in actions if f.status != FollowUpStatus.CANCELLED]
    return Progress(
        signed=statuses.count(SIGNED),
        declined=statuses.count(DECLINED),
        pending=statuses.count(PENDING),
        actions=len(active),
        done=sum(1 for f in active if f.status == FollowUpStatus.DONE),
        overdue=sum(1 for f in active if followups.is_overdue(f, today)),
        percent=round(sum(f.progress for f in active) / len(active)) if active else None,
    )


def signatory_units(commitment: Commitment) -> list[Unit]:
    """The units the signatories commit (in their order, once each): the responsible units a
    follow-up action made from the commitment proposes."""
    units = [s.unit for s in commitment.signatories.select_related("unit") if s.unit_id]
    return list({u.pk: u for u in units}.values())


# ---------------------------------------------------------------------------------------------
# The document


def issued(commitment: Commitment) -> IssuedDocument | None:
    return issuing.issued_for(commitment, DocumentKind.COMMITMENT).first()


def paragraphs(text: str) -> list[dict[str, str]]:
    """The wording by line: a numbered or bulleted line is an item ("1.", "a.", "-"), the others
    paragraphs; lines that continue a paragraph (no blank line between) join it."""
    paragraphs: list[dict[str, str]] = []
    joinable = False
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            joinable = False
            continue
        item = ITEM.match(line)
        if item:
            marker = item.group(1)
            paragraphs.append({"item": "•" if marker in "-•*" else marker, "text": item.group(2)})
            joinable = False
        elif joinable:
            paragraphs[-1]["text"] += " " + line
        else:
            paragraphs.append({"item": "", "text": line})
            joinable = True
    return paragraphs


def _signature(signatory: CommitmentSignatory, day: dt.date) -> dict[str, Any]:
    """The block of one signatory: the registry's (position on the day, Plt./Plh., pangkat and
    NIP of a civil servant) when the official held the position recorded, else the position
    and name as recorded (the NIP when the official has one)."""
    official = signatory.official
    if official is not None:
        office, held = office_on(official, day)
        if held is not None and office == signatory.position:
            return asdict(naskah.signature_for(held, official, day))
    block = rules.SignatureBlock(
        lines=[signatory.position.upper() + ","] if signatory.position else [],
        name=signatory.name,
        nip=(official.nip or "") if official is not None else "",
    )
    return asdict(block)


def document_data(commitment: Commitment, *, stamp: issuing.Stamp | None = None) -> dict[str, Any]:
    """The data of commitment.typ (Indonesian whatever the page's language)."""
    meeting = commitment.meeting
    with translation.override("id"):
        day = signing_day(commitment)
        heading = HEADINGS.get(commitment.kind, "")
        title = commitment.title.upper()
        if heading and title.startswith(heading):
            heading = ""
        signatories = list(commitment.signatories.select_related("official", "unit"))
        return {
            "title": title,
            "draft": stamp is None,
            "kop": naskah.kop_for(meeting.government, None, meeting.organizer).as_data(),
            "heading": heading,
            "paragraphs": paragraphs(commitment.text),
            "place_date": naskah.place_date(meeting.government, day),
            "signatures": [_signature(s, day) for s in signatories],
            "verification": stamp.verification() if stamp is not None else None,
        }


def render(commitment: Commitment, stamp: issuing.Stamp | None = None) -> bytes:
    return render_pdf(TEMPLATE, document_data(commitment, stamp=stamp))


def document_pdf(commitment: Commitment) -> bytes:
    """The issued file when the document was issued, the draft ("KONSEP") otherwise."""
    document = issued(commitment)
    if document is None:
        return render(commitment)
    with document.file.open("rb") as handle:
        return handle.read()


def issue_document(actor: Actor, commitment: Commitment) -> IssuedDocument:
    """Issue the commitment's document (verifiable, without an agenda number): by those who may
    change the meeting, once, with at least one signatory, unless the meeting was cancelled."""
    meeting = Meeting.objects.select_related("government", "organizer").get(pk=commitment.meeting_id)
    if actor.user is not None and not can(actor.user, Action.CHANGE, meeting):
        raise PermissionDenied
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("The meeting was cancelled."), code="frozen")
    with transaction.atomic():
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
        commitment.meeting = meeting
        if issued(commitment) is not None:
            raise ValidationError(_("The commitment's document was already issued."), code="issued")
        signatories = list(commitment.signatories.all())
        if not signatories:
            raise ValidationError(_("Name the signatories before issuing the document."))
        return issuing.issue(
            actor, kind=DocumentKind.COMMITMENT, government=meeting.government, unit=meeting.organizer,
            date=signing_day(commitment), subject=commitment.title,
            render=lambda stamp: render(commitment, stamp), file_name=f"komitmen-{commitment.pk}.pdf",
            numbering=None,
            signer_name=", ".join(s.name for s in signatories if s.name)[:200],
            signer_position="; ".join(s.position for s in signatories if s.position)[:300],
            source=commitment,
        )
