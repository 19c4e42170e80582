"""Mailing the invitations (django-tasks): each invitee — the users of an invited unit that have
an email address, and an invited official's own address — gets the letter (PDF) and the `.ics`
of the meeting. Queued when the organizer presses "send"; `sinergi db_worker` sends."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext as _
from django_tasks import task

from sinergi.accounts.models import User
from sinergi.meetings import ics, letters, notices, rules
from sinergi.meetings.models import Invitation, Meeting


def recipients_of(invitation: Invitation) -> list[str]:
    emails = set()
    if invitation.official_id and invitation.official.email:
        emails.add(invitation.official.email)
    if invitation.unit_id:
        emails |= set(
            User.objects.filter(is_active=True, scope_units=invitation.unit)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    return sorted(emails)


def send_invitations_now(meeting: Meeting, host: str) -> int:
    """Mail every invitation of the meeting; returns how many messages were sent."""
    sent = 0
    calendar = ics.calendar_for(meeting, host)
    invitations = list(meeting.invitations.select_related("unit", "official"))
    notices.invitations_sent(meeting, invitations)  # the notification centre (and its deliveries)
    for invitation in invitations:
        to = recipients_of(invitation)
        if not to:
            continue
        message = EmailMessage(
            subject=_("Invitation: %(title)s") % {"title": meeting.title},
            body=_(
                "Dear %(addressee)s,\n\nYou are invited to %(title)s on %(when)s. The letter and the "
                "calendar entry are attached."
            )
            % {"addressee": invitation.addressee, "title": meeting.title, "when": rules.when(meeting)},
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=to,
        )
        message.attach(
            f"undangan-{meeting.pk}-{invitation.pk}.pdf",
            letters.letters_pdf(meeting, [invitation]),
            "application/pdf",
        )
        message.attach(f"rapat-{meeting.pk}.ics", calendar, "text/calendar")
        message.send()
        sent += 1
    return sent


@task()
def send_invitations(meeting_id: int, host: str) -> int:
    meeting = Meeting.objects.select_related("government", "organizer", "signatory").get(pk=meeting_id)
    return send_invitations_now(meeting, host)
