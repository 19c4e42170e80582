"""Invitations: who is invited (units, "all kecamatan of the government" in one step, officials),
their answer (RSVP) and representation — an invitee attending through a delegate ("Bupati,
diwakili Kepala Bagian Pemerintahan"). Audited through core.services; a frozen meeting refuses
new invitations and answers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.scope import Action, can, user_scope
from sinergi.core.services import (
    Actor,
    StaleEditError,
    create_object,
    delete_object,
    update_object,
)
from sinergi.meetings import rules
from sinergi.meetings.choices import Rsvp
from sinergi.meetings.models import Invitation, Meeting
from sinergi.regions.choices import UnitKind
from sinergi.regions.models import Official, Unit


def addressee_for(unit: Unit) -> str:
    """How the letter names the unit's head: "Camat Sangatta Utara", "Kepala <unit>"."""
    head = unit.positions.filter(is_unit_head=True).order_by("order").first()
    if head is not None:
        return head.title
    return default_addressee(unit)


def default_addressee(unit: Unit) -> str:
    """The head's usual title when the unit has no head position recorded (no query)."""
    if unit.kind == UnitKind.DISTRICT_OFFICE:
        name = unit.name
        for prefix in ("Kantor ", "Kecamatan ", "Distrik "):
            name = name.removeprefix(prefix)
        return f"{'Kepala Distrik' if unit.name.startswith('Distrik') else 'Camat'} {name}"
    return f"Kepala {unit.name}"


@transaction.atomic
def invite_units(actor: Actor, meeting: Meeting, units) -> list[Invitation]:
    """Invite each unit (of the meeting's government) once; already invited units are skipped."""
    rules.ensure_open_for_changes(meeting)
    invited = set(meeting.invitations.filter(official__isnull=True).values_list("unit_id", flat=True))
    created = []
    for unit in units:
        if unit.government_id != meeting.government_id:
            raise ValidationError({"unit": [_("The unit belongs to another government.")]})
        if unit.pk in invited:
            continue
        created.append(
            create_object(actor, Invitation(meeting=meeting, unit=unit, addressee=addressee_for(unit)))
        )
        invited.add(unit.pk)
    return created


def all_district_offices(meeting: Meeting):
    return Unit.objects.filter(government=meeting.government, kind=UnitKind.DISTRICT_OFFICE).order_by("name")


def invite_official(actor: Actor, meeting: Meeting, official: Official, addressee: str = "") -> Invitation:
    rules.ensure_open_for_changes(meeting)
    if official.government_id != meeting.government_id:
        raise ValidationError({"official": [_("The official belongs to another government.")]})
    existing = meeting.invitations.filter(official=official).first()
    if existing:
        return existing
    return create_object(
        actor, Invitation(meeting=meeting, official=official, addressee=(addressee or str(official))[:250])
    )


def uninvite(actor: Actor, invitation: Invitation) -> None:
    rules.ensure_open_for_changes(invitation.meeting)
    delete_object(actor, invitation)


def may_answer(user, invitation: Invitation, may_change_meeting: bool | None = None) -> bool:
    """The invited unit's people (their scope covers it) and those who may change the meeting
    (`may_change_meeting`, when the caller knows it already: one query less per invitation)."""
    if may_change_meeting is None:
        may_change_meeting = can(user, Action.CHANGE, invitation.meeting)
    if may_change_meeting:
        return True
    scope = user_scope(user)
    if invitation.unit_id and scope.role in ("unit_head", "unit_operator"):
        path = invitation.unit.path
        return any(path == root or path.startswith(root + ".") for root in scope.unit_paths)
    return False


def answer(
    actor: Actor,
    invitation: Invitation,
    rsvp: str,
    *,
    delegate: Official | None = None,
    delegate_name: str = "",
    delegate_position: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> Invitation:
    """RSVP: accepted, declined, or delegated to someone (an official of the government, or a
    name and position typed)."""
    if actor.user is not None and not may_answer(actor.user, invitation):
        raise PermissionDenied
    rules.ensure_open_for_changes(invitation.meeting)
    if rsvp not in Rsvp.values or rsvp == Rsvp.PENDING:
        raise ValidationError({"rsvp": [_("Choose an answer.")]})
    if delegate is not None and delegate.government_id != invitation.meeting.government_id:
        raise ValidationError({"delegate": [_("The official belongs to another government.")]})
    changes = {
        "rsvp": rsvp,
        "responded_at": timezone.now(),
        "note": note[:300],
        "delegate": delegate if rsvp == Rsvp.DELEGATED else None,
        "delegate_name": (delegate_name or (delegate.name if delegate else ""))[:200]
        if rsvp == Rsvp.DELEGATED
        else "",
        "delegate_position": delegate_position[:200] if rsvp == Rsvp.DELEGATED else "",
    }
    return _answer_write(actor, invitation, changes, expected_version)


@transaction.atomic
def _answer_write(actor: Actor, invitation: Invitation, changes: dict, expected_version: int | None):
    """The audited write of an answer. Those who may change the meeting go through
    core.services.update_object; an invitee's own people (who may not edit the meeting, see
    may_answer) get the same write, authorized by that rule."""
    current = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError()
    # Those who may not change the meeting answer through may_answer(), checked by answer().
    authorized = actor.user is not None and not can(actor.user, Action.CHANGE, current)
    return update_object(
        actor,
        current,
        changes,
        expected_version=current.version,
        authorized=authorized,
        note="RSVP" if authorized else "",
    )


def representation(invitation: Invitation) -> str:
    """ "Bupati Kutai Timur, diwakili Kepala Bagian Pemerintahan (Rizali Hadi)"."""
    if invitation.rsvp != Rsvp.DELEGATED:
        return invitation.addressee
    who = invitation.delegate_position or ""
    name = invitation.delegate_name or (str(invitation.delegate) if invitation.delegate_id else "")
    detail = f"{who} ({name})" if who and name else (who or name)
    return _("%(invitee)s, represented by %(delegate)s") % {
        "invitee": invitation.addressee,
        "delegate": detail,
    }
