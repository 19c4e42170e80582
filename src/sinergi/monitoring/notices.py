"""Telling the units about the monitoring workflow (sinergi.notifications): realizations returned
or verified (the submitter and the unit's heads and operators), a reporting period opened, and
its deadline coming (the units that have not reported yet). The texts are Indonesian, whatever
the language of the person who acted."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core.formatting import long_date
from sinergi.monitoring import rules
from sinergi.monitoring.choices import REPORTED_STATES, PeriodStatus
from sinergi.monitoring.models import Realization, ReportingPeriod
from sinergi.notifications.choices import Kind
from sinergi.notifications.services import UNIT_ROLES, notify, users_by_unit
from sinergi.planning.models import Activity

LANGUAGE = "id"
CLOSING_DAYS = 3  # "closing soon": the deadline is at most this many days away
NAMES_SHOWN = 5


def _names(names: list[str]) -> str:
    shown = "\n".join(f"- {name}" for name in names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        shown += "\n" + _("… and %(count)d more") % {"count": len(names) - NAMES_SHOWN}
    return shown


def realizations_decided(kind: str, realizations: Iterable[Realization], actor_user=None) -> int:
    """After a verifier returned or verified `realizations`: one notification per unit and
    quarter to the unit's heads and operators and to whoever submitted them (not to the
    verifier). Returns the notifications created."""
    rows = list(Realization.objects.filter(pk__in=[r.pk for r in realizations])
                .select_related("activity", "submitted_by"))
    groups: dict[tuple[int, int, int], list[Realization]] = defaultdict(list)
    for row in rows:
        groups[(row.activity.unit_id, row.activity.year, row.quarter)].append(row)
    people = users_by_unit({unit for unit, _y, _q in groups}, UNIT_ROLES)
    created = 0
    for (unit_id, year, quarter), group in groups.items():
        recipients = {u.pk: u for u in people.get(unit_id, [])}
        recipients.update({r.submitted_by_id: r.submitted_by for r in group if r.submitted_by_id})
        if actor_user is not None:
            recipients.pop(actor_user.pk, None)
        label = f"{rules.quarter_label(quarter)} {year}"
        names = _names([r.activity.name for r in group])
        with translation.override(LANGUAGE):
            if kind == Kind.REALIZATION_RETURNED:
                title = _("Realization %(period)s returned for correction") % {"period": label}
                body = _("Reason: %(reason)s\n%(activities)s") % {
                    "reason": group[0].return_reason, "activities": names}
            else:
                title = _("Realization %(period)s verified") % {"period": label}
                body = names
        created += notify(recipients.values(), kind, title, body,
                          reverse("monitoring:entry", args=[unit_id, year, quarter]),
                          f"realizations:{unit_id}:{year}:{quarter}",
                          government=group[0].activity.government_id).created
    return created


def today_in(government) -> dt.date:
    """Today in the government's zone (WIB/WITA/WIT)."""
    return timezone.localdate(timezone.now(), ZoneInfo(government.time_zone))


def period_opened(period: ReportingPeriod) -> int:
    """Tell the heads and operators of the government's units that `period` is open (once per
    period: the day is the opening day)."""
    users = User.objects.filter(is_active=True, role__in=UNIT_ROLES,
                                scope_units__government_id=period.government_id).distinct()
    with translation.override(LANGUAGE):
        title = _("Reporting period %(period)s is open") % {"period": str(period)}
        body = _("Submit the realization by %(deadline)s.") % {"deadline": long_date(period.deadline)}
    return notify(users, Kind.PERIOD_OPENED, title, body, reverse("monitoring:period_list"),
                  f"period:{period.pk}", government=period.government_id, day=period.opens_on).created


def period_closing(period: ReportingPeriod) -> int:
    """Tell the units that have not reported all their activities of `period` yet that its
    deadline is near (once per period: the day is the deadline)."""
    late_units = set(
        Activity.objects.filter(government_id=period.government_id, year=period.year)
        .exclude(realizations__quarter=period.quarter, realizations__status__in=REPORTED_STATES)
        .values_list("unit_id", flat=True)
    )
    created = 0
    with translation.override(LANGUAGE):
        title = _("Reporting period %(period)s closes on %(deadline)s") % {
            "period": str(period), "deadline": long_date(period.deadline)}
        body = _("Some activities of your unit have no submitted realization yet.")
    for unit_id, users in users_by_unit(late_units, UNIT_ROLES).items():
        created += notify(users, Kind.PERIOD_CLOSING_SOON, title, body,
                          reverse("monitoring:entry", args=[unit_id, period.year, period.quarter]),
                          f"period:{period.pk}", government=period.government_id,
                          day=period.deadline).created
    return created


def period_reminders(today: dt.date | None = None) -> int:
    """The daily pass (monitoring.tasks): periods whose opening day has come, and periods
    closing within CLOSING_DAYS. Returns the notifications created."""
    created = 0
    for period in ReportingPeriod.objects.filter(status=PeriodStatus.OPEN).select_related(
            "government__region__parent"):
        day = today or today_in(period.government)
        if period.opens_on <= day <= period.deadline and (day - period.opens_on).days <= 7:
            created += period_opened(period)
        if 0 <= (period.deadline - day).days <= CLOSING_DAYS:
            created += period_closing(period)
    return created
