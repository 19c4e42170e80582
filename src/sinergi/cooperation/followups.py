"""Decisions of a meeting become follow-up actions on the agreements they concern.

The follow-up action itself is the rakor app's (meetings.followups: its state machine, progress
reports, reminders); this module only says which agreements an action is about, so that the
agreement's page, the evaluation round and the API show what was decided about each agreement
and how far it got. Who may link: whoever may change the meeting (its organiser, the
coordinator; the secretariat of the TKKSD usually organises the evaluation meeting), for any
agreement of the meeting's government: the meeting's right decides, not the agreement's units.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sinergi.cooperation.models import Agreement, AgreementFollowUp
from sinergi.core.scope import Action, can
from sinergi.core.services import Actor, create_object, delete_object
from sinergi.meetings import followups
from sinergi.meetings.models import Decision, FollowUp, Meeting
from sinergi.regions.models import Unit


def _check_agreements(meeting: Meeting, agreements: list[Agreement]) -> None:
    if not agreements:
        raise ValidationError({"agreements": [_("Choose at least one agreement.")]})
    if any(a.government_id != meeting.government_id for a in agreements):
        raise ValidationError({"agreements": [_("The agreement belongs to another government.")]})


def units_of(agreements: Iterable[Agreement]) -> list[Unit]:
    """The units responsible for any of `agreements`: who carries out what was decided about
    them, unless the meeting names other units."""
    ids = [a.pk for a in agreements]
    return list(Unit.objects.filter(agreements__in=ids).distinct().order_by("path"))


@transaction.atomic
def create_for_agreements(
    actor: Actor,
    meeting: Meeting,
    agreements: Iterable[Agreement],
    description: str,
    due_date: dt.date,
    *,
    decision: Decision | None = None,
    units: Iterable[Unit] | None = None,
) -> FollowUp:
    """A follow-up action of `meeting` about `agreements`, carried out by `units` (by default
    the agreements' responsible units). The description defaults to the decision's text."""
    agreements = list(agreements)
    if not can(actor.user, Action.CHANGE, meeting):
        raise PermissionDenied(_("You may not record follow-up actions of this meeting."))
    _check_agreements(meeting, agreements)
    if decision is not None and decision.meeting_id != meeting.pk:
        raise ValidationError({"decision": [_("The decision belongs to another meeting.")]})
    description = (description or "").strip() or (decision.text if decision else "")
    if not description:
        raise ValidationError({"description": [_("Say what is to be done.")]})
    chosen = list(units) if units is not None else []
    follow_up = followups.create(
        actor, meeting, description, chosen or units_of(agreements), due_date, decision=decision
    )
    for agreement in agreements:
        create_object(actor, AgreementFollowUp(agreement=agreement, follow_up=follow_up), authorized=True)
    return follow_up


@transaction.atomic
def link(actor: Actor, follow_up: FollowUp, agreements: Iterable[Agreement]) -> list[AgreementFollowUp]:
    """Say that an existing follow-up action (recorded on the meeting's page, or drafted from a
    report) concerns `agreements`; links that exist already are kept as they are."""
    agreements = list(agreements)
    if not can(actor.user, Action.CHANGE, follow_up.meeting):
        raise PermissionDenied(_("You may not record follow-up actions of this meeting."))
    _check_agreements(follow_up.meeting, agreements)
    existing = set(
        AgreementFollowUp.objects.filter(follow_up=follow_up).values_list("agreement_id", flat=True)
    )
    return [
        create_object(actor, AgreementFollowUp(agreement=agreement, follow_up=follow_up), authorized=True)
        for agreement in agreements
        if agreement.pk not in existing
    ]


@transaction.atomic
def unlink(actor: Actor, link_: AgreementFollowUp) -> None:
    if not can(actor.user, Action.CHANGE, link_.follow_up.meeting):
        raise PermissionDenied(_("You may not record follow-up actions of this meeting."))
    delete_object(actor, link_, authorized=True)


def of_agreement(agreement: Agreement) -> QuerySet:
    """The follow-up actions about `agreement`, soonest due first, with their meeting and units."""
    return (
        FollowUp.objects.filter(agreement_links__agreement=agreement)
        .select_related("meeting")
        .prefetch_related("responsible_units")
        .order_by("due_date", "id")
    )
