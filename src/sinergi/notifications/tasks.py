"""Sending the queued deliveries (django-tasks; `sinergi db_worker` runs it).

`notify` enqueues `send_deliveries` when its transaction commits. A worker claims a batch of due
deliveries in a short transaction — on PostgreSQL `SELECT … FOR UPDATE SKIP LOCKED`, so two
workers never claim the same row; on SQLite the transaction's write lock (IMMEDIATE) serialises
the claims — marking them `sending` and counting the attempt, then sends outside any
transaction and records the outcome. A passing failure is retried (MAX_ATTEMPTS in all, later
each time); a delivery left `sending` by a worker that died is claimed again after
STALE_SENDING (at least once: a message may then go out twice, never zero times)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import connection, transaction
from django.db.models import F, Min, Q
from django.utils import timezone
from django_tasks import task

from sinergi.notifications.choices import DeliveryStatus
from sinergi.notifications.models import Delivery
from sinergi.notifications.senders import SENDERS, Outcome

BATCH = 50
MAX_ATTEMPTS = 3
RETRY_AFTER = dt.timedelta(minutes=5)
STALE_SENDING = dt.timedelta(minutes=15)


def claim(now: dt.datetime | None = None, batch: int = BATCH) -> list[Delivery]:
    """Take up to `batch` due deliveries for this worker (status `sending`, one more attempt)."""
    now = now or timezone.now()
    with transaction.atomic():
        due = Delivery.objects.filter(
            Q(status=DeliveryStatus.QUEUED, not_before__lte=now)
            | Q(status=DeliveryStatus.SENDING, updated_at__lt=now - STALE_SENDING)
        ).order_by("not_before", "id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:batch])
        if not ids:
            return []
        Delivery.objects.filter(pk__in=ids).update(
            status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, updated_at=now)
    return list(Delivery.objects.filter(pk__in=ids).select_related("notification").order_by("id"))


def record(delivery: Delivery, outcome: Outcome, now: dt.datetime | None = None) -> str:
    """Store what sending `delivery` (claimed) came to; returns the status written."""
    now = now or timezone.now()
    changes: dict = {"reason": outcome.reason, "updated_at": now}
    if outcome.status == Outcome.RETRY:
        if delivery.attempts >= MAX_ATTEMPTS:
            changes["status"] = DeliveryStatus.FAILED
        else:
            changes.update(status=DeliveryStatus.QUEUED, not_before=now + RETRY_AFTER * delivery.attempts)
    else:
        changes["status"] = outcome.status
        if outcome.status == DeliveryStatus.SENT:
            changes.update(sent_at=now, provider_message_id=outcome.message_id)
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(**changes)
    return changes["status"]


def send_deliveries_now(now: dt.datetime | None = None) -> Counter:
    """Send every due delivery; returns how many ended in each status."""
    done: Counter = Counter()
    while True:
        claimed = claim(now)
        if not claimed:
            return done
        for delivery in claimed:
            outcome = SENDERS[delivery.channel](delivery)
            done[record(delivery, outcome, now)] += 1


def next_due() -> dt.datetime | None:
    """When the earliest waiting delivery (quiet hours, a retry) becomes due."""
    return Delivery.objects.filter(status=DeliveryStatus.QUEUED).aggregate(at=Min("not_before"))["at"]


@task()
def send_deliveries() -> dict:
    done = send_deliveries_now()
    later = next_due()
    if later is not None and later > timezone.now():
        send_deliveries.using(run_after=later).enqueue()
    return dict(done)
