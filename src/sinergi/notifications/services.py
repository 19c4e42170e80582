"""Telling people: `notify` creates the notifications (once per recipient, day, kind and
subject) and their deliveries per the recipients' preferences; helpers find whom to tell (the
users of a unit, by role) and which units nobody can be reached in.

Plain typed functions, usable without a request. Domain apps call them; this app imports no
domain app (only accounts and regions)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sinergi.accounts.models import User
from sinergi.core.contacts import mobile_or_empty, whatsapp_link
from sinergi.core.roles import Role
from sinergi.notifications import rules
from sinergi.notifications.choices import Channel, DeliveryStatus, Kind
from sinergi.notifications.models import Delivery, Notification, NotificationPreference
from sinergi.notifications.senders import whatsapp_api_configured
from sinergi.regions.models import PositionTerm, Region, Unit

# The roles told about a unit's work by default: those who do it.
UNIT_ROLES: tuple[str, ...] = (Role.UNIT_HEAD, Role.UNIT_OPERATOR)
TITLE_LENGTH = Notification._meta.get_field("title").max_length
KEY_LENGTH = Notification._meta.get_field("dedupe_key").max_length
ZONE_CHUNK = 2000  # users per query of zones_of


@dataclass
class NotifyResult:
    """What one `notify` call did."""

    created: int = 0        # notifications this call inserted
    skipped: int = 0        # recipients told already (this day, kind and subject)
    queued: int = 0         # deliveries queued for the worker (email, WhatsApp)
    held: int = 0           # ... of which wait for the end of the recipient's quiet hours
    no_contact: int = 0     # recipients with no address on any external channel they want
    unreached: list[int] = field(default_factory=list)  # their user ids
    # user id -> wa.me link with the message typed in, for a "Kirim lewat WhatsApp" button.
    whatsapp_links: dict[int, str] = field(default_factory=dict)


# ---------------------------------------------------------------------------- zones


def zones_of(user_ids: Collection[int]) -> dict[int, str]:
    """{user id: time zone}: the zone of the government of the user's first scope unit
    (WIB/WITA/WIT); users without a scope unit (administrators) get settings.TIME_ZONE. Two
    queries (one more per ZONE_CHUNK users)."""
    zones = {pk: settings.TIME_ZONE for pk in user_ids}
    if not user_ids:
        return zones
    ids = sorted(user_ids)
    first: dict[int, str] = {}
    for start in range(0, len(ids), ZONE_CHUNK):
        rows = (
            User.scope_units.through.objects.filter(user_id__in=ids[start:start + ZONE_CHUNK])
            .order_by("user_id", "unit__path")
            .values_list("user_id", "unit__government__region_id")
        )
        for user_id, region_code in rows:
            first.setdefault(user_id, region_code)
    provinces = dict(
        Region.objects.filter(code__in={code.split(".")[0] for code in first.values()})
        .values_list("code", "timezone")
    )
    for user_id, region_code in first.items():
        zones[user_id] = provinces.get(region_code.split(".")[0]) or settings.TIME_ZONE
    return zones


def zone_of(user: User) -> str:
    return zones_of([user.pk])[user.pk]


def today_for(user: User, now: dt.datetime | None = None) -> dt.date:
    return timezone.localdate(now or timezone.now(), ZoneInfo(zone_of(user)))


# ---------------------------------------------------------------------------- preferences


def preference_for(user: User) -> NotificationPreference:
    """The user's preferences; the defaults (unsaved) when they never chose."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)


def save_preference(user: User, *, email_kinds: Iterable[str], whatsapp_kinds: Iterable[str],
                    quiet_start: dt.time | None, quiet_end: dt.time | None) -> NotificationPreference:
    known = set(Kind.values)
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user,
        defaults={
            "email_kinds": sorted(set(email_kinds) & known),
            "whatsapp_kinds": sorted(set(whatsapp_kinds) & known),
            "quiet_start": quiet_start,
            "quiet_end": quiet_end,
        },
    )
    return preference


def external_channels() -> list[str]:
    """The channels deliveries are made on: email always; WhatsApp when the Cloud API is
    configured (otherwise only the wa.me link is offered, sent by a person)."""
    return [Channel.EMAIL, *([Channel.WHATSAPP] if whatsapp_api_configured() else [])]


def address_for(user: User, channel: str) -> str:
    """The user's email address, or WhatsApp number in stored form (6281…)."""
    return user.email if channel == Channel.EMAIL else mobile_or_empty(user.whatsapp)


# ---------------------------------------------------------------------------- notify


def message_text(title: str, body: str, url: str) -> str:
    """The notification as one plain text (email body, wa.me message)."""
    base = getattr(settings, "SINERGI_BASE_URL", "").rstrip("/")
    parts = [title, body, f"{base}{url}" if url else ""]
    return "\n\n".join(p for p in parts if p)


@dataclass
class Message:
    """One piece of news for `notify_many`: the arguments of `notify`."""

    recipients: Iterable[User]
    kind: str
    title: str
    body: str
    url: str
    key: str
    government: object = None
    day: dt.date | None = None
    channels: Collection[str] | None = None


CHUNK = 1000  # notifications written per transaction by notify_many


def notify(recipients: Iterable[User], kind: str, title: str, body: str, url: str, key: str,
           government=None, day: dt.date | None = None, *, now: dt.datetime | None = None,
           channels: Collection[str] | None = None) -> NotifyResult:
    """Tell `recipients` (inactive users are left out) about `key` (the subject, e.g.
    "realization:42"): one notification each, unless they were told about it on `day` already
    (default: today in each recipient's zone), with a delivery per external channel their
    preferences ask for — queued, held until the end of their quiet hours, or `no_contact` when
    they have no address for the channel. Safe against concurrent calls: the unique constraint
    decides, and rows another call inserted are not counted (nor given deliveries) here.
    `url` is a path within Sinergi. `channels` limits the external channels (e.g. no email
    when the caller mails the same news itself)."""
    message = Message(recipients, kind, title, body, url, key, government, day, channels)
    return notify_many([message], now=now)[0]


def notify_many(messages: Iterable[Message], *, now: dt.datetime | None = None) -> list[NotifyResult]:
    """`notify` for many messages at once (one result per message, in order), with the same
    guarantees, in a few queries per CHUNK notifications instead of several per message: the
    recipients' zones once, then per chunk (one transaction) one insert of the notifications
    (ON CONFLICT DO NOTHING), one read of those this call inserted, one of the preferences and
    one insert of the deliveries. The worker is asked to send once, at the end."""
    now = now or timezone.now()
    results: list[NotifyResult] = []
    prepared: list[tuple[Message, str, str, str, dict[int, User]]] = []  # message, kind, title, key, users
    for message in messages:
        kind = Kind(message.kind).value
        if not rules.is_internal_link(message.url):
            raise ValueError(f"a notification links within Sinergi: {message.url!r}")
        results.append(NotifyResult())
        prepared.append((message, kind, message.title[:TITLE_LENGTH], message.key[:KEY_LENGTH],
                         {u.pk: u for u in message.recipients if u.is_active}))
    pairs = [(index, pk) for index, (*_m, users) in enumerate(prepared) for pk in users]
    if not pairs:
        return results
    zones = zones_of({pk for _i, pk in pairs})
    offered = external_channels()
    for start in range(0, len(pairs), CHUNK):
        _notify_chunk(prepared, pairs[start:start + CHUNK], results, zones, offered, now)
    for (message, _kind, title, _key, users), result in zip(prepared, results, strict=True):
        result.skipped = len(users) - result.created
        if users:
            text = message_text(title, message.body, message.url)
            result.whatsapp_links = {
                pk: whatsapp_link(number, text)
                for pk, user in users.items() if (number := mobile_or_empty(user.whatsapp))
            }
    if any(result.queued for result in results):
        transaction.on_commit(_enqueue_sending)
    return results


def _notify_chunk(prepared, pairs: list[tuple[int, int]], results: list[NotifyResult],
                  zones: dict[int, str], offered: list[str], now: dt.datetime) -> None:
    batch = uuid.uuid4()
    rows, owner = [], {}
    for index, pk in pairs:
        message, kind, title, key, _users = prepared[index]
        day = message.day or timezone.localdate(now, ZoneInfo(zones[pk]))
        # Two messages of one call for the same recipient, kind, subject and day: the first.
        owner.setdefault((pk, kind, key, day), index)
        rows.append(Notification(
            recipient_id=pk, kind=kind, title=title, body=message.body, url=message.url,
            government_id=getattr(message.government, "pk", message.government), dedupe_key=key,
            batch=batch, day=day,
        ))
    with transaction.atomic():
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        mine = list(Notification.objects.filter(recipient_id__in=sorted({pk for _i, pk in pairs}),
                                                batch=batch))
        preferences = {p.user_id: p for p in NotificationPreference.objects.filter(
            user_id__in=[n.recipient_id for n in mine])}
        deliveries = []
        for notification in mine:
            index = owner[(notification.recipient_id, notification.kind, notification.dedupe_key,
                           notification.day)]
            message, kind, _title, _key, users = prepared[index]
            result = results[index]
            result.created += 1
            user = users[notification.recipient_id]
            preference = preferences.get(user.pk) or NotificationPreference(user=user)
            wanted = [c for c in offered if (message.channels is None or c in message.channels)
                      and preference.wants(kind, c)]
            hold = rules.held_until(now, zones[user.pk], preference.quiet_start, preference.quiet_end)
            reachable = False
            for channel in wanted:
                address = address_for(user, channel)
                status = DeliveryStatus.QUEUED if address else DeliveryStatus.NO_CONTACT
                reachable |= bool(address)
                deliveries.append(Delivery(
                    notification=notification, channel=channel, status=status, address=address,
                    not_before=hold or now,
                    reason="" if address else _("No address for this channel."),
                ))
                if address:
                    result.queued += 1
                    result.held += hold is not None
            if wanted and not reachable:
                result.no_contact += 1
                result.unreached.append(user.pk)
        Delivery.objects.bulk_create(deliveries)


def _enqueue_sending() -> None:
    from sinergi.notifications.tasks import send_deliveries

    send_deliveries.enqueue()


# ---------------------------------------------------------------------------- whom to tell


def users_of_units(units: Iterable[Unit | int], roles: Collection[str] | None = UNIT_ROLES) -> list[User]:
    """The active users whose scope units include one of `units`, with one of `roles` (None:
    any role), in one query."""
    ids = [getattr(u, "pk", u) for u in units]
    if not ids:
        return []
    users = User.objects.filter(is_active=True, scope_units__in=ids)
    if roles is not None:
        users = users.filter(role__in=list(roles))
    return list(users.distinct().order_by("pk"))


def users_by_unit(units: Iterable[Unit | int],
                  roles: Collection[str] | None = UNIT_ROLES) -> dict[int, list[User]]:
    """{unit id: its active users with one of `roles`} (every unit asked for is a key)."""
    ids = [getattr(u, "pk", u) for u in units]
    found: dict[int, list[User]] = {pk: [] for pk in ids}
    links = User.scope_units.through.objects.filter(
        unit_id__in=ids, user__is_active=True).select_related("user")
    if roles is not None:
        links = links.filter(user__role__in=list(roles))
    for link in links.order_by("unit_id", "user_id"):
        found[link.unit_id].append(link.user)
    return found


def unreached_keys(contacts: Mapping[int, Iterable[tuple[str, str]]]) -> list[int]:
    """The keys (unit ids) of `contacts` — {unit: [(email, whatsapp) of its people]} — with
    nobody reachable on any external channel. Pure."""
    return [key for key, people in contacts.items() if not any(email or wa for email, wa in people)]


def unreachable_units(units: Iterable[Unit], day: dt.date | None = None,
                      roles: Collection[str] | None = UNIT_ROLES) -> list[Unit]:
    """The units in which neither a user (of `roles`) nor an official holding one of the unit's
    positions on `day` has an email address or a WhatsApp number. Two queries."""
    units = list(units)
    day = day or timezone.localdate()
    contacts: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for unit_id, people in users_by_unit(units, roles).items():
        contacts[unit_id] += [(u.email, u.whatsapp) for u in people]
    for term in PositionTerm.objects.active_on(day).filter(
            position__unit_id__in=[u.pk for u in units]).select_related("official", "position"):
        official = term.official
        contacts[term.position.unit_id].append((official.email, official.whatsapp_number))
    for unit in units:
        contacts.setdefault(unit.pk, [])
    missing = set(unreached_keys(contacts))
    return [unit for unit in units if unit.pk in missing]


def unreachable_message(count: int) -> str:
    """"3 unit belum dapat dihubungi"."""
    return ngettext("%(count)d unit cannot be reached yet", "%(count)d units cannot be reached yet",
                    count) % {"count": count}


# ---------------------------------------------------------------------------- reading


def unread_count(user: User, limit: int = 100) -> int:
    """Unread notifications of `user`, counted up to `limit` (the bell shows "99+")."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True)[:limit].count()


def mark_read(user: User, notification_id: int, now: dt.datetime | None = None) -> bool:
    """Mark one of the user's own notifications read; False when it is not theirs (or gone)."""
    mine = Notification.objects.filter(recipient=user, pk=notification_id)
    if not mine.exists():
        return False
    mine.filter(read_at__isnull=True).update(read_at=now or timezone.now())
    return True


def mark_all_read(user: User, now: dt.datetime | None = None) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=now or timezone.now())
