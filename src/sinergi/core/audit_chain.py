"""The audit log's hash chain: every AuditEvent carries the SHA-256 of its own content and of the
event before it, in id order, so that changing, removing or inserting an event afterwards (with
SQL, behind the application's back) shows: `verify()` walks the chain and names the first event
that does not fit (`sinergi verify_audit`).

The hash of an event is SHA-256 over one line of canonical JSON (keys sorted, no spaces, ASCII
with \\u escapes)::

    [id, time, actor id, actor label, action, source, "app_label.model", object id,
     object repr, before, after, note, previous hash]

with the time in UTC as "YYYY-MM-DDTHH:MM:SS.ffffff", `before`/`after` as the database gives
them back (JSON objects whose keys are text; a float with an integral value as that integer,
like PostgreSQL's jsonb gives it back), and the previous hash that of the event before
(GENESIS for the first one).

Appending: whoever writes events takes the chain's lock first (PostgreSQL: a transaction-level
advisory lock; SQLite: its write lock, taken at the start of every transaction, the project's
transactions being IMMEDIATE), so the new events' ids come after every committed event's and
nobody else appends until the transaction ends. Events given in Python (AuditEvent.save, the
queryset's bulk_create, core.services.insert_audit_events): their ids are drawn and their
hashes computed before the INSERT (`link`, `link_values`). Events the database builds (the
INSERT ... SELECT of core.services.bulk_insert_values): `appending()` reads them back in id
order and writes their hashes, in the same transaction.

What the chain does not show by itself: events removed from its end (the last ones), or the
whole chain recomputed after a change. Keep the last hash that `verify_audit` prints somewhere
else (a report, a ticket) to notice either."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from sinergi.core.models import AuditEvent

GENESIS = "0" * 64  # the "previous hash" of the first event
# pg_advisory_xact_lock's key for appending to the chain ("SINERGIA" as a 64-bit integer).
LOCK_KEY = int.from_bytes(b"SINERGIA", "big")
BATCH = 5000  # hashes written per statement

# The columns read back to compute or check a hash, in the hash's order (content type as its id).
_COLUMNS = ("id", "timestamp", "actor_id", "actor_label", "action", "source", "content_type_id",
            "object_id", "object_repr", "before", "after", "note")


# ----------------------------------------------------------------------------- the hash


def _parse_float(text: str) -> float | int:
    value = float(text)
    # An integral float as the integer its shortest form means: what jsonb keeps of 1e+16.
    return int(decimal.Decimal(repr(value))) if value.is_integer() else value


_FLAT = frozenset({str, int, bool, type(None)})  # JSON values that come back as they are
_decode = json.JSONDecoder(parse_float=_parse_float).decode
_encoder = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True)
if json.encoder.c_make_encoder is not None:
    # What _encoder.encode(a list) runs, built once instead of at every call.
    _c_encode = json.encoder.c_make_encoder(
        None, _encoder.default, json.encoder.encode_basestring_ascii, None, ":", ",", True, False, True)

    def _encode(line: list) -> str:
        return "".join(_c_encode(line, 0))
else:  # pragma: no cover - a Python without the json C accelerator
    _encode = _encoder.encode


def _json(value: Any, *, text: bool = False) -> Any:
    """A JSON column's value as the hash sees it: parsed from the text the database gives back
    (`text`: `value` is that text) or, for a value given in Python, from the text JSONField
    stores for it (its encoder is the default one)."""
    if value is None:
        return None
    if text and isinstance(value, str | bytes | bytearray):
        return _decode(value if isinstance(value, str) else value.decode())
    if type(value) is dict and all(type(k) is str and type(v) in _FLAT for k, v in value.items()):
        return value  # an audit snapshot: the text's round trip gives it back unchanged
    return _decode(json.dumps(value))


def _time(value: Any) -> str:
    if isinstance(value, str):  # SQLite without its converters
        value = parse_datetime(value)
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds")


def event_hash(pk: int, time: str, actor_id: int | None, actor_label: str, action: str, source: str,
               content_type: str, object_id: str, object_repr: str, before: Any, after: Any, note: str,
               previous_hash: str) -> str:
    """The hash of one event: `time` as _time gives it, `content_type` "app_label.model",
    `before`/`after` as _json gives them."""
    line = _encode([pk, time, actor_id, actor_label, action, source, content_type, object_id,
                    object_repr, before, after, note, previous_hash])
    return hashlib.sha256(line.encode("ascii")).hexdigest()


class _Rows:
    """Hashes of rows read with _COLUMNS. `text`: their JSON columns are the database's text
    (a raw cursor), else values parsed by the field."""

    def __init__(self, using: str, *, text: bool) -> None:
        self.using, self.text = using, text
        self.labels: dict[int, str] = {}
        self.timestamp: Any = None
        self.time = ""

    def label(self, content_type_id: int) -> str:
        label = self.labels.get(content_type_id)
        if label is None:
            content_type = ContentType.objects.db_manager(self.using).get_for_id(content_type_id)
            label = self.labels[content_type_id] = f"{content_type.app_label}.{content_type.model}"
        return label

    def hash(self, row: tuple, previous_hash: str) -> str:
        (pk, timestamp, actor_id, actor_label, action, source, content_type_id, object_id,
         object_repr, before, after, note) = row[:12]
        if timestamp != self.timestamp:  # the events of one bulk write share their time
            self.timestamp, self.time = timestamp, _time(timestamp)
        return event_hash(pk, self.time, actor_id, actor_label, action, source, self.label(content_type_id),
                          object_id, object_repr, _json(before, text=self.text),
                          _json(after, text=self.text), note, previous_hash)


# ----------------------------------------------------------------------------- appending


def _table(connection) -> str:
    return connection.ops.quote_name(AuditEvent._meta.db_table)


def _lock(connection, cursor) -> None:
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    # SQLite: the transaction holds the database's write lock (IMMEDIATE), one writer at a time.


def _head(cursor, table: str) -> tuple[int, str]:
    """(id, hash) of the last event: (0, GENESIS) when there is none."""
    cursor.execute(f"SELECT id, hash FROM {table} ORDER BY id DESC LIMIT 1")  # noqa: S608 (quoted name)
    row = cursor.fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def _allocate(connection, count: int) -> tuple[list[int], str]:
    """Take the chain's lock (held until the transaction ends) and draw `count` ids for new
    events, ascending, after every stored one's; with the hash of the last stored event."""
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("Audit events are appended inside a transaction.")
    table = _table(connection)
    with connection.cursor() as cursor:
        _lock(connection, cursor)
        if connection.vendor == "postgresql":
            # From the table's own sequence: nobody else draws from it without the lock.
            cursor.execute(f"SELECT (SELECT hash FROM {table} ORDER BY id DESC LIMIT 1), "  # noqa: S608
                           "ARRAY(SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                           "FROM generate_series(1, %s))", [table, count])
            previous, ids = cursor.fetchone()
            return sorted(ids), GENESIS if previous is None else previous
        last, previous = _head(cursor, table)
        return list(range(last + 1, last + count + 1)), previous


def link_values(using: str, events: list[tuple]) -> list[tuple[int, str, str]]:
    """(id, previous hash, hash) for new events given as Python values (timestamp, actor id,
    actor label, action, source, content type id, object id, object repr, before, after, note),
    in that order, to be inserted with those ids in the same transaction (the chain's lock is
    held until it ends)."""
    if not events:
        return []
    connection = connections[using]
    ids, previous = _allocate(connection, len(events))
    rows = _Rows(using, text=False)
    links = []
    for pk, values in zip(ids, events, strict=True):
        digest = rows.hash((pk, *values), previous)
        links.append((pk, previous, digest))
        previous = digest
    return links


_EVENT_FIELDS = ("timestamp", "actor_id", "actor_label", "action", "source", "content_type_id",
                 "object_id", "object_repr", "before", "after", "note")


def link(events: list[AuditEvent], using: str) -> None:
    """Give new events, about to be inserted in this order (inside a transaction), their ids,
    previous hashes and hashes (over their values as the fields will store them)."""
    fields = [AuditEvent._meta.get_field(name) for name in _EVENT_FIELDS]
    values = []
    for event in events:
        if event.timestamp is None:
            event.timestamp = fields[0].get_default()
        elif settings.USE_TZ and timezone.is_naive(event.timestamp):
            event.timestamp = timezone.make_aware(event.timestamp)  # what the field stores for it
        values.append(tuple(field.to_python(getattr(event, field.attname)) for field in fields))
    links = link_values(using, values)
    for event, (pk, previous, digest) in zip(events, links, strict=True):
        event.pk, event.previous_hash, event.hash = pk, previous, digest


@contextmanager
def appending(using: str | None = None) -> Iterator[list[tuple[str, str, int]]]:
    """Around a write of many events that leaves their hashes empty (bulk_create, executemany,
    INSERT ... SELECT): takes the chain's lock (held until the transaction ends), and on the
    way out reads the events written since in id order, computes their hashes and writes them.
    Yields a list that then holds (previous hash, hash, id) of each event, in id order."""
    using = using or router.db_for_write(AuditEvent)
    connection = connections[using]
    sealed: list[tuple[str, str, int]] = []
    with transaction.atomic(using=using, savepoint=False):
        with connection.cursor() as cursor:
            _lock(connection, cursor)
            last, previous = _head(cursor, _table(connection))
        yield sealed
        seal_after(connection, last, previous, into=sealed)


def seal_after(connection, last: int, previous: str, *, into: list | None = None) -> int:
    """Compute and write the hashes of the events after id `last` (whose hash is `previous`), in
    id order, BATCH at a time; (previous hash, hash, id) of each go `into` a list if given.
    The caller holds the chain's lock. Returns the number of events."""
    rows = _Rows(connection.alias, text=True)
    table = _table(connection)
    select = f"SELECT {', '.join(_COLUMNS)} FROM {table} WHERE id > %s ORDER BY id LIMIT {BATCH}"  # noqa: S608
    count = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(select, [last])
            batch = []
            for row in cursor.fetchall():
                digest = rows.hash(row, previous)
                batch.append((previous, digest, row[0]))
                previous = digest
            if not batch:
                return count
            if connection.vendor == "postgresql":
                # One statement per batch (executemany would send one UPDATE per event).
                cursor.execute(
                    f"UPDATE {table} AS e SET previous_hash = v.previous_hash, hash = v.hash "  # noqa: S608
                    "FROM unnest(%s::text[], %s::text[], %s::bigint[]) AS v(previous_hash, hash, id) "
                    "WHERE e.id = v.id",
                    [[p for p, _h, _i in batch], [h for _p, h, _i in batch], [i for _p, _h, i in batch]])
            else:
                cursor.executemany(f"UPDATE {table} SET previous_hash = %s, hash = %s WHERE id = %s",  # noqa: S608
                                   batch)
            if into is not None:
                into.extend(batch)
            count += len(batch)
            last = batch[-1][2]
            if len(batch) < BATCH:
                return count


# ----------------------------------------------------------------------------- verifying


@dataclass(frozen=True)
class BrokenEvent:
    """The first event that does not fit the chain. `changed`: its content is not what its hash
    was computed from; otherwise it does not follow the event before it (an event removed or
    inserted before it, or its link changed)."""

    id: int
    timestamp: dt.datetime | None
    content_type: str
    object_id: str
    object_repr: str
    changed: bool


@dataclass(frozen=True)
class ChainReport:
    count: int  # the events found in order before the first broken one (all of them when intact)
    last_id: int | None  # the last of those
    last_hash: str
    broken: BrokenEvent | None


def check_chain(using: str | None = None, *, chunk_size: int = 2000) -> ChainReport:
    """Walk the whole chain in id order, reading `chunk_size` events at a time (constant memory)."""
    using = using or router.db_for_read(AuditEvent)
    rows = _Rows(using, text=False)  # the JSON columns come parsed by their field
    events = AuditEvent.objects.using(using).order_by("pk").values_list(*_COLUMNS, "previous_hash", "hash")
    count, last_id, previous = 0, None, GENESIS
    for row in events.iterator(chunk_size=chunk_size):
        stored_previous, stored = row[12], row[13]
        changed = rows.hash(row, stored_previous) != stored
        if changed or stored_previous != previous:
            return ChainReport(count, last_id, previous, BrokenEvent(
                row[0], row[1], rows.label(row[6]), row[7], row[8], changed))
        count, last_id, previous = count + 1, row[0], stored
    return ChainReport(count, last_id, previous, None)


def verify(using: str | None = None) -> BrokenEvent | None:
    """The first event that breaks the chain, or None when the whole chain holds."""
    return check_chain(using).broken

