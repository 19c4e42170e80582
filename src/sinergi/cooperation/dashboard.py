"""The cooperation dashboard of a government: counts and value by kind, status and unit, the
agreements in order of expiry, partner regions on the province's map, and dormant agreements
(signed more than a year ago with no activity reported since)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext as _

from sinergi.cooperation.choices import AgreementStatus, CooperationKind, ImplementationStatus, Stage
from sinergi.cooperation.models import Agreement, Evaluation, Partner
from sinergi.cooperation.rules import add_months
from sinergi.cooperation.services import renewal_window, status_of
from sinergi.monitoring.choices import RealizationStatus
from sinergi.regions.models import Government, Unit

SIGNED = (Stage.MOU_SIGNED, Stage.PKS_SIGNED, Stage.IMPLEMENTATION, Stage.EVALUATION)
ACTIVE_REPORT = ~Q(implementation__in=(ImplementationStatus.NOT_STARTED, ImplementationStatus.STALLED))


def dormant(government: Government, today: dt.date):
    """Signed a year ago or more, still in force, and no evaluation since reports any activity."""
    year_ago = add_months(today, -12)
    activity = Evaluation.objects.filter(
        ACTIVE_REPORT,
        agreement=OuterRef("pk"),
        round__year__gte=year_ago.year,
        status__in=(RealizationStatus.SUBMITTED, RealizationStatus.VERIFIED),
    )
    return (
        Agreement.objects.filter(
            government=government,
            stages__stage__in=SIGNED,
            stages__reached_on__lte=year_ago,
            terminated_on__isnull=True,
        )
        .exclude(end__lt=today)
        .annotate(active=Exists(activity))
        .filter(active=False)
        .distinct()
        .order_by("start", "title")
    )


TIMELINE_COLOURS = {AgreementStatus.ACTIVE: "#1a9850", AgreementStatus.RENEWAL_DUE: "#f39c12"}


def timeline_chart(in_force: list[Agreement], status: dict[int, str], today: dt.date) -> dict[str, Any]:
    """The agreements in force as bars from their start to their end date (the soonest ending
    first), coloured by status, with today marked: what expires when, at a glance."""
    dated = [a for a in in_force if a.start and a.end]
    return {
        "kind": "timeline",
        "today": today.isoformat(),
        "labels": {"today": str(_("Today"))},
        "items": [
            {
                "name": a.title,
                "start": a.start.isoformat(),
                "end": a.end.isoformat(),
                "status": str(AgreementStatus(status[a.pk]).label),
                "colour": TIMELINE_COLOURS.get(status[a.pk], "#6c757d"),
                "url": a.get_absolute_url(),
            }
            for a in dated
        ],
    }


def dashboard(government: Government, agreements, today: dt.date) -> dict[str, Any]:
    """`agreements`: the government's agreements the user sees."""
    rows = list(
        agreements.prefetch_related("stages", "documents", "responsible_units")
        .annotate(renewal_count=Count("renewals", distinct=True))
        .order_by("end", "title")
    )
    window = renewal_window(government.pk)
    status = {a.pk: status_of(a, today, window) for a in rows}
    by_status = Counter(status.values())
    value_by_status: dict[str, Decimal] = {}
    for a in rows:
        if a.value is not None:
            value_by_status[status[a.pk]] = value_by_status.get(status[a.pk], Decimal(0)) + a.value
    by_kind = {
        row["kind"]: row
        for row in agreements.values("kind").annotate(count=Count("id"), value=Sum("value")).order_by()
    }
    by_unit = (
        Unit.objects.filter(agreements__in=agreements)
        .annotate(count=Count("agreements", distinct=True), value=Sum("agreements__value"))
        .order_by("-count", "name")
    )
    partner_counts = dict(
        Partner.objects.filter(agreement__in=agreements, region__isnull=False)
        .values_list("region_id")
        .annotate(n=Count("agreement", distinct=True))
        .order_by()
    )
    in_force = [a for a in rows if status[a.pk] in (AgreementStatus.ACTIVE, AgreementStatus.RENEWAL_DUE)]
    return {
        "total": len(rows),
        "renewal_months": window,
        "value": sum((a.value or Decimal(0) for a in rows), Decimal(0)),
        "by_status": [(s, s.label, by_status.get(s, 0), value_by_status.get(s)) for s in AgreementStatus],
        "by_kind": [
            (label, by_kind.get(kind, {}).get("count", 0), by_kind.get(kind, {}).get("value"))
            for kind, label in CooperationKind.choices
        ],
        "by_unit": by_unit,
        "timeline": [(a, status[a.pk], (a.end - today).days if a.end else None) for a in in_force],
        "timeline_chart": timeline_chart(in_force, status, today),
        "renewal_due": [a for a in rows if status[a.pk] == AgreementStatus.RENEWAL_DUE],
        "dormant": dormant(government, today).filter(pk__in=[a.pk for a in rows]),
        "partner_map": {
            "values": partner_counts,
            "label": "Kerja sama",
            "unit": "",
            "decimals": 0,
            "bands": [
                {"lower": 3, "colour": "#1a9850", "label": "≥ 3"},
                {"lower": 2, "colour": "#91cf60", "label": "2"},
                {"lower": None, "colour": "#d9ef8b", "label": "1"},
            ],
        },
    }
