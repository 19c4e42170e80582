"""Reaching people on WhatsApp: whom to message about an invitation or a follow-up action, the
Indonesian message, and the "Kirim lewat WhatsApp" link (core.contacts.whatsapp_link).

Nothing is sent from here: the organizer opens the link (wa.me) and sends the prefilled message
from their own WhatsApp. Who is messaged:

- an invitation to an official: that official (their WhatsApp number, else their phone when it
  is a mobile number: regions.Official.whatsapp_number);
- an invitation to a unit, and each responsible unit of a follow-up action: the unit's head —
  the official exercising the unit's head position (regions.Position.is_unit_head, the first by
  `order`) on the day, else an active account of the unit with the unit-head role that has a
  WhatsApp number.

The messages are always in Indonesian (the recipient's language, whatever the sender's page
language), the times in the recipient government's zone with WIB/WITA/WIT."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core.contacts import format_whatsapp, whatsapp_link
from sinergi.core.formatting import long_date
from sinergi.core.roles import Role
from sinergi.meetings import rules
from sinergi.meetings.invitations import default_addressee
from sinergi.regions.models import Position, PositionTerm, Unit
from sinergi.regions.rules import exercising_term

MESSAGE_LANGUAGE = "id"


@dataclass(frozen=True)
class Recipient:
    """Whom a message goes to: `addressee` as the message greets them (an office, "Camat
    Sangatta Utara"), `name` the person when known, `number` in stored form ("" when none is
    known)."""

    addressee: str
    name: str = ""
    number: str = ""

    @property
    def number_display(self) -> str:
        return format_whatsapp(self.number) if self.number else ""


@dataclass(frozen=True)
class Action:
    """One "Kirim lewat WhatsApp" of a page: to whom, and the link (empty when no number)."""

    recipient: Recipient
    link: str = ""
    unit: Unit | None = None


def action(recipient: Recipient, message: str, unit: Unit | None = None) -> Action:
    link = whatsapp_link(recipient.number, message) if recipient.number else ""
    return Action(recipient, link, unit)


# ---------------------------------------------------------------------------- recipients


def unit_heads(units: Iterable[Unit], day: dt.date) -> dict[int, Recipient]:
    """{unit id: its head on `day`} for `units`, in three queries whatever their number."""
    units = list(units)
    ids = [unit.pk for unit in units]
    if not ids:
        return {}
    positions: dict[int, list[Position]] = defaultdict(list)
    for position in (
        Position.objects.filter(unit_id__in=ids, is_unit_head=True)
        .order_by("order", "pk")
        .prefetch_related(
            Prefetch("terms", queryset=PositionTerm.objects.active_on(day).select_related("official"),
                     to_attr="active_terms")
        )
    ):
        positions[position.unit_id].append(position)
    accounts: dict[int, User] = {}
    for link in (
        User.scope_units.through.objects.filter(
            unit_id__in=ids, user__is_active=True, user__role=Role.UNIT_HEAD
        )
        .exclude(user__whatsapp="")
        .select_related("user")
        .order_by("user_id")
    ):
        accounts.setdefault(link.unit_id, link.user)
    heads: dict[int, Recipient] = {}
    for unit in units:
        held = positions.get(unit.pk, [])
        addressee = held[0].title if held else default_addressee(unit)
        official = None
        for position in held:
            term = exercising_term(position.active_terms, day)
            if term is not None:
                official, addressee = term.official, position.title
                break
        if official is not None and official.whatsapp_number:
            heads[unit.pk] = Recipient(addressee, official.full_name, official.whatsapp_number)
        elif unit.pk in accounts:
            account = accounts[unit.pk]
            heads[unit.pk] = Recipient(
                addressee, account.get_full_name() or account.username, account.whatsapp
            )
        else:
            heads[unit.pk] = Recipient(addressee, official.full_name if official else "")
    return heads


def invitation_recipients(invitations: Iterable, day: dt.date) -> dict[int, Recipient]:
    """{invitation id: whom to message}: the invited official, else the invited unit's head.
    The invitations come with their unit and official (select_related)."""
    invitations = list(invitations)
    heads = unit_heads(
        {i.unit_id: i.unit for i in invitations if i.unit_id and not i.official_id}.values(), day
    )
    recipients = {}
    for invitation in invitations:
        if invitation.official_id:
            official = invitation.official
            recipients[invitation.pk] = Recipient(
                invitation.addressee, official.full_name, official.whatsapp_number
            )
        elif invitation.unit_id:
            head = heads[invitation.unit_id]
            recipients[invitation.pk] = Recipient(invitation.addressee, head.name, head.number)
        else:
            recipients[invitation.pk] = Recipient(invitation.addressee)
    return recipients


# ---------------------------------------------------------------------------- messages


def _signature(meeting) -> str:
    """`Bagian Tata Pemerintahan, Pemkab Kutai Timur`: the organizer unit and its government."""
    government = meeting.government
    return f"{meeting.organizer.name}, {government.short_name or government.name}"


def _place(meeting) -> str:
    return ", ".join(p for p in (meeting.venue, meeting.room, meeting.address) if p)


def invitation_message(meeting, addressee: str, url: str, zone: str | None = None) -> str:
    """The invitation as a WhatsApp message: what, when (in `zone`, the recipient government's,
    with WIB/WITA/WIT; the venue's time added when it differs), where, and the link to the
    invitation and its RSVP."""
    zone = zone or meeting.time_zone
    with translation.override(MESSAGE_LANGUAGE):
        lines = [
            _("Dear %(addressee)s,") % {"addressee": addressee},
            "",
            _("You are invited to attend:"),
            f"*{meeting.title}*",
            _("When: %(when)s") % {"when": rules.when(meeting, zone)},
        ]
        if zone != meeting.time_zone:
            lines.append(_("Local time at the venue: %(when)s") % {"when": rules.when(meeting)})
        place = _place(meeting)
        if place:
            lines.append(_("Where: %(place)s") % {"place": place})
        if meeting.online_url:
            lines.append(_("Online: %(url)s") % {"url": meeting.online_url})
        lines += [
            "",
            _("The invitation, and your answer (attending, represented or not attending): %(url)s")
            % {"url": url},
            "",
            _("Thank you."),
            _signature(meeting),
        ]
    return "\n".join(lines)


def checkin_message(meeting, addressee: str, url: str) -> str:
    """The attendance list's link (QR check-in) as a WhatsApp message, for those in the room
    (or on their way) who have not signed in yet."""
    with translation.override(MESSAGE_LANGUAGE):
        lines = [
            _("Dear %(addressee)s,") % {"addressee": addressee},
            "",
            _("Please sign the attendance list of:"),
            f"*{meeting.title}*",
            _("When: %(when)s") % {"when": rules.when(meeting)},
            "",
            _("Sign in here (no account needed): %(url)s") % {"url": url},
            "",
            _("Thank you."),
            _signature(meeting),
        ]
    return "\n".join(lines)


def follow_up_message(follow_up, addressee: str, unit: Unit, url: str, today: dt.date, line=None) -> str:
    """A reminder of a follow-up action to one responsible unit: the action, the unit's due date
    (and that it has passed), the unit's own status and progress, and the link to report on it."""
    meeting = follow_up.meeting
    state = line if line is not None else follow_up
    with translation.override(MESSAGE_LANGUAGE):
        due = long_date(state.due_date)
        lines = [
            _("Dear %(addressee)s,") % {"addressee": addressee},
            "",
            _("A reminder of the follow-up action of the meeting \"%(meeting)s\" (%(day)s):")
            % {"meeting": meeting.title,
               "day": long_date(rules.local(meeting.starts_at, meeting.time_zone).date())},
            f"*{follow_up.description}*",
            _("Responsible unit: %(unit)s") % {"unit": unit.name},
            (_("Due: %(due)s (the due date has passed)") if state.due_date < today
             else _("Due: %(due)s")) % {"due": due},
            _("Status: %(status)s, progress %(progress)d%%")
            % {"status": state.get_status_display(), "progress": state.progress},
            *([_("Returned: %(reason)s") % {"reason": line.reason}]
              if line is not None and line.times_returned and line.reason and line.status == "in_progress"
              else []),
            "",
            _("Please report its progress here: %(url)s") % {"url": url},
            "",
            _("Thank you."),
            _signature(meeting),
        ]
    return "\n".join(lines)


def unit_follow_ups_message(addressee: str, unit: Unit, items: list[tuple], url: str, today: dt.date) -> str:
    """All open follow-up lines of one unit in one message (the coordinator's "remind this unit"):
    `items` are (line, follow_up) pairs, each with its meeting, due date and state."""
    with translation.override(MESSAGE_LANGUAGE):
        lines = [
            _("Dear %(addressee)s,") % {"addressee": addressee},
            "",
            _("A reminder of the follow-up actions of %(unit)s still open:") % {"unit": unit.name},
        ]
        for number, (line, follow_up) in enumerate(items, start=1):
            late = line.due_date < today
            lines.append(
                f"{number}. *{follow_up.description}* ({follow_up.meeting.title}) — "
                + (_("due %(due)s, passed") if late else _("due %(due)s")) % {"due": long_date(line.due_date)}
                + f"; {line.get_status_display()}, {line.progress}%"
            )
        lines += ["", _("Please report their progress here: %(url)s") % {"url": url}, "", _("Thank you.")]
    return "\n".join(lines)
