"""Background work of the cooperation registry (django-tasks, database backend).

`send_renewal_reminders` mails, for every agreement whose renewal is due (cooperation.rules:
the end date within the renewal window), the users of its responsible units and of the
government's Bagian Pemerintahan, once per agreement and day (RenewalReminder), and records who
was told. Enqueue it daily (`sinergi queue_reminders`, cron) and run `sinergi db_worker`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from sinergi.accounts.models import User
from sinergi.cooperation.choices import AgreementStatus
from sinergi.cooperation.models import Agreement, RenewalReminder
from sinergi.cooperation.rules import MAX_RENEWAL_MONTHS, add_months
from sinergi.cooperation.services import renewal_windows, status_of
from sinergi.core.formatting import long_date
from sinergi.regions.models import Unit


def _recipients(agreement: Agreement) -> list[str]:
    units = list(agreement.responsible_units.all())
    units += list(Unit.objects.filter(government_id=agreement.government_id, name__icontains="pemerintahan"))
    users = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(scope_units__in=units)
            | Q(role__in=("coordinator",), scope_units__government_id=agreement.government_id)
        )
        .distinct()
    )
    return sorted({u.email for u in users})


def renewal_reminders(today: dt.date | None = None, months: int | None = None) -> int:
    """Send the reminders due `today` (each government's renewal window unless `months` is
    given); returns how many agreements were reminded."""
    today = today or timezone.localdate()
    horizon = add_months(today, months or MAX_RENEWAL_MONTHS)
    candidates = list(
        Agreement.objects.filter(end__gte=today, end__lte=horizon, terminated_on__isnull=True)
        .prefetch_related("stages", "documents", "responsible_units")
        .annotate(renewal_count=Count("renewals", distinct=True))
    )
    windows = renewal_windows({a.government_id for a in candidates})
    sent = 0
    for agreement in candidates:
        window = months or windows[agreement.government_id]
        if status_of(agreement, today, window) != AgreementStatus.RENEWAL_DUE:
            continue
        recipients = _recipients(agreement)
        try:
            with transaction.atomic():
                RenewalReminder.objects.create(
                    agreement=agreement, sent_on=today, recipients=", ".join(recipients)
                )
        except IntegrityError:
            continue  # already reminded today (another worker, or a second run)
        if recipients:
            subject = _("Cooperation agreement ends on %(date)s: %(title)s") % {
                "date": long_date(agreement.end),
                "title": agreement.title,
            }
            body = _('The agreement "%(title)s" ends on %(date)s. Prepare its renewal or its closing.') % {
                "title": agreement.title,
                "date": long_date(agreement.end),
            }
            send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)])
        sent += 1
    return sent


@task()
def send_renewal_reminders(today: str | None = None) -> int:
    return renewal_reminders(dt.date.fromisoformat(today) if today else None)
