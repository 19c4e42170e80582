"""Audited, atomic writes: the only way Sinergi changes a record.

Each app's services call `create_object`, `update_object` and `delete_object`. Each validates
(full_clean), checks the user's scope, writes, and records an AuditEvent in the same
transaction. `update_object` also refuses a change based on a stale version."""

from __future__ import annotations

import datetime as dt
import decimal
import functools
from collections import namedtuple
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, models, router, transaction
from django.db.models import F, Func, Value
from django.db.models.functions import Cast, JSONObject, Left
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.core import audit_chain
from sinergi.core.models import AuditAction, AuditEvent, AuditSource
from sinergi.core.scope import Action, ScopeSpec, _resolve, can, check, scoped
from sinergi.core.signals import rows_written
from sinergi.core.text import validate_text

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Actor:
    """Who is writing and through which door. `user=None` is the system itself (CLI, loaders)."""

    user: Any
    source: str = AuditSource.WEB

    @classmethod
    def system(cls, source: str = AuditSource.SYSTEM) -> Actor:
        return cls(user=None, source=source)

    @property
    def label(self) -> str:
        if self.user is None:
            return "system"
        return self.user.get_username()


class StaleEditError(ValidationError):
    """The record changed since the form or request was loaded."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "This record was changed by someone else after you opened it. Your changes "
                "were not saved. Reload the page to see the current data, then edit again."
            ),
            code="stale",
        )


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_json_value(v) for v in value]
    return value


_NOT_SNAPSHOTTED = frozenset({"password", "created_at", "updated_at"})
_PLAIN = frozenset({str, int, bool, float, type(None)})  # JSON-ready as they are


@functools.cache
def _snapshot_fields(model: type[models.Model]) -> tuple[tuple[str, Any], ...]:
    return tuple((f.attname, f.value_from_object) for f in model._meta.concrete_fields
                 if f.name not in _NOT_SNAPSHOTTED)


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's concrete fields (and many-to-many ids) as JSON-ready values."""
    data: dict[str, Any] = {}
    for attname, value_from_object in _snapshot_fields(type(obj)):
        value = value_from_object(obj)
        data[attname] = value if type(value) in _PLAIN else _json_value(value)
    if obj.pk is not None:
        for f in obj._meta.many_to_many:
            data[f.name] = sorted(_json_value(v) for v in f.value_from_object(obj))
    return data


def record(
    actor: Actor,
    action: str,
    obj: models.Model,
    before: dict | None,
    after: dict | None,
    note: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor.user,
        actor_label=actor.label,
        action=action,
        source=actor.source,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=before,
        after=after,
        note=note[:300],
    )


def check_text(obj: models.Model, names: Iterable[str] | None = None) -> None:
    """core.text's rule over the text fields of `obj` (all, or those in `names`: an update
    checks what it changes, so a row stored before the rule stays editable): the services'
    door, behind the forms', the API's and the imports' own. ValidationError naming the fields."""
    errors = {}
    for field in obj._meta.concrete_fields:
        if names is not None and field.name not in names and field.attname not in names:
            continue
        if isinstance(field, models.CharField | models.TextField):
            try:
                validate_text(getattr(obj, field.attname))
            except ValidationError as exc:
                errors[field.name] = exc.messages
    if errors:
        raise ValidationError(errors)


def _check(actor: Actor, action: Action, obj: models.Model) -> None:
    if actor.user is not None:
        check(actor.user, action, obj)


# Rules of a domain that decide whether a row may be written at all, whoever writes it (beyond
# scope): an adopted plan is locked (planning.lifecycle). A guard is called with the actor, the
# action, the rows (as they will be written; for CHANGE also as they were) and, for CHANGE, the
# names of the fields changed; it raises ValidationError to refuse. Registered by the app that
# owns the rule (its AppConfig.ready), keyed by model.
WriteGuard = Callable[[Actor, Action, Sequence[models.Model], frozenset[str] | None], None]
WRITE_GUARDS: dict[type[models.Model], list[WriteGuard]] = {}


def register_write_guard(model: type[models.Model], guard: WriteGuard) -> None:
    guards = WRITE_GUARDS.setdefault(model, [])
    if guard not in guards:
        guards.append(guard)


def guard_write(actor: Actor, action: Action, objs: Sequence[models.Model],
                changed: Iterable[str] | None = None) -> None:
    """Every guard of the rows' model (no-op without one). Bulk writers call it once for all
    their rows."""
    if not objs:
        return
    guards = WRITE_GUARDS.get(type(objs[0]))
    if guards:
        names = frozenset(changed) if changed is not None else None
        for guard in guards:
            guard(actor, action, objs, names)


@transaction.atomic
def create_object(actor: Actor, obj: M, *, m2m: dict[str, Any] | None = None, authorized: bool = False) -> M:
    """Validate, save and audit a new object. `authorized`: as for update_object."""
    if not authorized:
        _check(actor, Action.ADD, obj)
    guard_write(actor, Action.ADD, [obj])
    obj.full_clean()
    check_text(obj)
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    record(actor, AuditAction.CREATE, obj, None, snapshot(obj))
    return obj


@transaction.atomic
def update_object(
    actor: Actor,
    obj: M,
    changes: dict[str, Any],
    *,
    expected_version: int | None,
    m2m: dict[str, Any] | None = None,
    authorized: bool = False,
    note: str = "",
) -> M:
    """Apply `changes` to `obj` if it is still at `expected_version`.

    The version is bumped with a conditional UPDATE first: it takes the row's write lock
    (PostgreSQL) or the database write lock (SQLite), so two concurrent saves of the same
    version cannot both succeed. Nothing is written when nothing changes.

    `authorized`: the caller has decided the permission by a rule of its own that the generic
    scope cannot express (an invited unit answering its invitation, a responsible unit reporting
    on a follow-up): the scope checks are skipped, everything else (version, validation, audit
    with `note`) is the same."""
    model = type(obj)
    check = (lambda *_args: None) if authorized else _check
    check(actor, Action.CHANGE, obj)
    current = model._default_manager.get(pk=obj.pk)
    before = snapshot(current)
    versioned = hasattr(current, "version")
    if versioned and expected_version is not None and current.version != expected_version:
        raise StaleEditError()
    for name, value in changes.items():
        setattr(current, name, value)
    # The changed row must still lie inside what the user may write (no moving it out).
    check(actor, Action.ADD, current)
    current.full_clean()
    check_text(current, changes)
    after = snapshot(current)
    m2m_changed = False
    for name, values in (m2m or {}).items():
        new_ids = sorted(_json_value(v) for v in values)
        if before.get(name) != new_ids:
            m2m_changed = True
            after[name] = new_ids
    if after == before and not m2m_changed:
        return current
    if model in WRITE_GUARDS:
        # The fields that change (snapshot attnames and many-to-many names); the row as stored
        # and as it will be (a row moved into, or out of, what a guard protects).
        changed = {name for name in after if after[name] != before.get(name)}
        stored = model._default_manager.get(pk=obj.pk)
        guard_write(actor, Action.CHANGE, [stored, current], changed)
    if versioned:
        base = current.version
        bumped = model._default_manager.filter(pk=obj.pk, version=base).update(
            version=F("version") + 1
        )
        if not bumped:
            raise StaleEditError()
        current.version = base + 1
        after["version"] = current.version
    current.save()
    for name, values in (m2m or {}).items():
        getattr(current, name).set(values)
    record(actor, AuditAction.UPDATE, current, before, after, note)
    return current


@transaction.atomic
def delete_object(
    actor: Actor, obj: models.Model, *, expected_version: int | None = None, authorized: bool = False
) -> None:
    model = type(obj)
    if not authorized:
        _check(actor, Action.DELETE, obj)
    current = model._default_manager.get(pk=obj.pk)
    if (
        expected_version is not None
        and hasattr(current, "version")
        and current.version != expected_version
    ):
        raise StaleEditError()
    guard_write(actor, Action.DELETE, [current])
    before = snapshot(current)
    record(actor, AuditAction.DELETE, current, before, None)
    current.delete()


# ----------------------------------------------------------------------------- bulk writes
#
# For importers of volume (quarterly realization, tens of thousands of rows): the importer has
# validated the file as a whole — foreign keys resolved and uniqueness checked in a few batched
# queries — so these functions skip the per-row database look-ups of `full_clean` (foreign keys,
# unique checks) but still run each row's own field and model validation, check scope, write in
# batches and record one audit event per row, all in one transaction.


def _audit_event(actor: Actor, content_type, action: str, obj: models.Model,
                 before: dict | None, after: dict | None) -> AuditEvent:
    return AuditEvent(
        actor=actor.user, actor_label=actor.label, action=action, source=actor.source,
        content_type=content_type, object_id=str(obj.pk), object_repr=str(obj)[:300],
        before=before, after=after,
    )


def _validate_without_lookups(obj: models.Model) -> None:
    relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    obj.clean_fields(exclude=relations)
    obj.clean()


@transaction.atomic
def bulk_create_objects(actor: Actor, objs: list[M], *, batch_size: int = 1000) -> list[M]:
    """Create many rows of one model: batched INSERTs plus one audit event per row."""
    if not objs:
        return objs
    model = type(objs[0])
    for obj in objs:
        _check(actor, Action.ADD, obj)
        _validate_without_lookups(obj)
    guard_write(actor, Action.ADD, objs)
    model._default_manager.bulk_create(objs, batch_size=batch_size)
    content_type = ContentType.objects.get_for_model(model)
    AuditEvent.objects.bulk_create(
        [_audit_event(actor, content_type, AuditAction.CREATE, obj, None, snapshot(obj))
         for obj in objs],
        batch_size=batch_size,
    )
    rows_written.send(sender=model, rows=objs)
    return objs


SCOPE_CHUNK = 500  # ids per scope query: well within every database's limit on parameters


def _writable_pks(actor: Actor, model: type[models.Model], pks: list[Any]) -> set[Any] | None:
    """The rows among `pks` the actor may change (one query per SCOPE_CHUNK rows; None: the
    system may change all). Row by row this is `check(user, Action.CHANGE, row)`."""
    if actor.user is None:
        return None
    allowed: set[Any] = set()
    for start in range(0, len(pks), SCOPE_CHUNK):
        chunk = model._default_manager.filter(pk__in=pks[start:start + SCOPE_CHUNK])
        allowed.update(scoped(chunk, actor.user, Action.CHANGE).values_list("pk", flat=True))
    return allowed


@transaction.atomic
def bulk_update_objects(
    actor: Actor,
    changes: list[tuple[M, dict[str, Any], int | None]],
    *,
    batch_size: int = 1000,
    select_related: tuple[str, ...] = (),
    validated: bool = False,
    authorized: bool = False,
) -> list[M]:
    """Apply (row, changes, expected version) to many rows of one model at once.

    The current rows are read in one query (locked on PostgreSQL; SQLite's IMMEDIATE
    transactions already hold the write lock), every version is compared before anything is
    written — one stale row refuses the whole batch — and rows whose values do not change are
    left alone. Returns the rows that were written.

    Scope: whether the user may change the rows is asked for the whole batch in one query;
    whether each changed row still lies inside what the user may write is judged from the
    row's own relations. `select_related` names the relations that check and the model's
    clean() follow (e.g. `("activity__unit",)`): read with the rows, they cost no query per row.
    `validated=True`: the caller has already validated each changed row (clean_fields/clean,
    on the row as read in this transaction) and it is not run twice. `authorized=True`: the
    caller has decided the permission by a rule of its own (as for update_object): the scope
    checks are skipped."""
    if not changes:
        return []
    model = type(changes[0][0])
    pks = [obj.pk for obj, _changes, _version in changes]
    rows = model._default_manager.select_for_update(of=("self",) if select_related else ())
    current_by_pk = rows.select_related(*select_related).in_bulk(pks)
    writable = None if authorized else _writable_pks(actor, model, pks)
    written, events, fields = [], [], set()
    content_type = ContentType.objects.get_for_model(model)
    for obj, row_changes, expected_version in changes:
        current = current_by_pk.get(obj.pk)
        if current is None:
            raise StaleEditError()
        if writable is not None and current.pk not in writable:
            raise PermissionDenied
        versioned = hasattr(current, "version")
        if versioned and expected_version is not None and current.version != expected_version:
            raise StaleEditError()
        before = snapshot(current)
        for name, value in row_changes.items():
            setattr(current, name, value)
        if not authorized:
            _check(actor, Action.ADD, current)
        if not validated:
            _validate_without_lookups(current)
        after = snapshot(current)
        if after == before:
            continue
        fields.update(row_changes)
        if versioned:
            current.version += 1
            after["version"] = current.version
        written.append(current)
        events.append(_audit_event(actor, content_type, AuditAction.UPDATE, current, before, after))
    if written:
        if hasattr(written[0], "version"):
            fields.add("version")
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            now = timezone.now()
            for row in written:
                row.updated_at = now
            fields.add("updated_at")
        guard_write(actor, Action.CHANGE, written, {model._meta.get_field(name).attname for name in fields}
                    | set(fields))
        model._default_manager.bulk_update(written, sorted(fields), batch_size=batch_size)
        AuditEvent.objects.bulk_create(events, batch_size=batch_size)
        rows_written.send(sender=model, rows=written)
    return written


# ----------------------------------------------------------------------------- fast inserts
#
# For the imports of tens of thousands of rows: the same guarantees as bulk_create_objects
# (scope checked per row, validated, one audit event per row with the same content, one
# transaction) without the ORM's per-row SQL compilation: each field's value is prepared once
# with the field's own get_db_prep_save (what Django itself stores) and the rows and their audit
# events are written with cursor.executemany.

AUDIT_COLUMNS = ("timestamp", "actor_id", "actor_label", "action", "source", "content_type_id",
                 "object_id", "object_repr", "before", "after", "note")
# Written empty by the bulk writes, then filled in the same transaction (audit_chain.appending).
CHAIN_COLUMNS = ("previous_hash", "hash")


def _insert_many(model: type[models.Model], columns: Sequence[str], params: list[tuple],
                 batch_size: int, constants: Mapping[str, Any] | None = None) -> None:
    """executemany of `params` (the values of `columns`) into the model's table; `constants`
    (column -> prepared value shared by every row) are written into the statement as literals
    instead of being bound again for each row (most of what executemany costs on SQLite)."""
    if not params:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    constants = constants or {}
    literals = _sql_literals(connection, list(constants.values()))
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from _meta, quoted literals
        quote(model._meta.db_table), ", ".join(quote(c) for c in [*columns, *constants]),
        ", ".join([*(["%s"] * len(columns)), *literals]))
    with connection.cursor() as cursor:
        for start in range(0, len(params), batch_size):
            cursor.executemany(sql, params[start:start + batch_size])


def _sql_literals(connection, values: Sequence[Any]) -> list[str]:
    """Prepared values as SQL literals, quoted by the database itself (SQLite's quote()) or
    its driver (psycopg's client-side quoting), with % doubled for the cursor's placeholders."""
    if not values:
        return []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(["QUOTE(%s)"] * len(values)), values)
            literals = list(cursor.fetchone())
    else:
        literals = [connection.ops.compose_sql("%s", [value]) for value in values]
    return [literal.replace("%", "%%") for literal in literals]


_REPEATED_TYPES = (type(None), bool, int, str, dt.datetime)


def _preparer(field: models.Field, connection) -> Any:
    """field.get_db_prep_save for one write, remembering the result for plain values that
    repeat from row to row (None, booleans, integers, text, the write's timestamp). Decimals
    and other values are prepared each time (Decimal("1.5") == Decimal("1.50"))."""
    cache: dict[tuple[type, Any], Any] = {}
    prepare = field.get_db_prep_save

    def prep(value: Any) -> Any:
        kind = type(value)
        if kind not in _REPEATED_TYPES:
            return prepare(value, connection)
        key = (kind, value)
        try:
            return cache[key]
        except KeyError:
            prepared = cache[key] = prepare(value, connection)
            return prepared

    return prep


def insert_audit_events(actor: Actor, model: type[models.Model], action: str,
                        events: Iterable[tuple[Any, str, dict | None, dict | None]],
                        *, batch_size: int = 1000) -> int:
    """Write one AuditEvent per (object id, object repr, before, after) with executemany: the
    stored rows are those `_audit_event` + bulk_create write (each value prepared by the
    AuditEvent field itself). Returns the number of events written."""
    connection = connections[router.db_for_write(AuditEvent)]
    fields = {name: AuditEvent._meta.get_field(name) for name in ("timestamp", "before", "after")}
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    timestamp = fields["timestamp"].get_db_prep_save(now, connection)
    actor_id = actor.user.pk if actor.user is not None else None
    label = actor.label
    before_field, after_field = fields["before"], fields["after"]
    empty = before_field.get_db_prep_save(None, connection)
    events = [(str(pk), repr_[:300], before, after) for pk, repr_, before, after in events]
    with transaction.atomic(using=connection.alias, savepoint=False):
        # Their ids and hashes first (the chain's lock is held until the transaction ends).
        links = audit_chain.link_values(connection.alias, [
            (now, actor_id, label, action, actor.source, content_type.pk, pk, repr_, before, after, "")
            for pk, repr_, before, after in events])
        params = [
            (event_id, timestamp, actor_id, label, action, actor.source, content_type.pk, pk, repr_,
             empty if before is None else before_field.get_db_prep_save(before, connection),
             empty if after is None else after_field.get_db_prep_save(after, connection), "",
             previous, digest)
            for (pk, repr_, before, after), (event_id, previous, digest) in zip(events, links, strict=True)
        ]
        _insert_many(AuditEvent, ("id", *AUDIT_COLUMNS, *CHAIN_COLUMNS), params, batch_size)
    return len(params)


def _check_new_rows(actor: Actor, objs: list[models.Model]) -> None:
    """`check(user, Action.ADD, row)` for every new row, asked once per distinct (government,
    unit path) the rows resolve to: for an unsaved row that is all the answer depends on."""
    if actor.user is None:
        return
    spec = getattr(type(objs[0]), "scope_spec", None)
    if not isinstance(spec, ScopeSpec) or spec.to_many:
        for obj in objs:
            _check(actor, Action.ADD, obj)
        return
    decided: dict[tuple[Any, Any], bool] = {}
    for obj in objs:
        if obj.pk is not None:
            _check(actor, Action.ADD, obj)
            continue
        key = (_resolve(obj, spec.government) if spec.government else None,
               _resolve(obj, spec.unit_path) if spec.unit_path else None)
        allowed = decided.get(key)
        if allowed is None:
            allowed = decided[key] = can(actor.user, Action.ADD, obj)
        if not allowed:
            raise PermissionDenied


@transaction.atomic
def bulk_insert_objects(actor: Actor, objs: list[M], *, key: Sequence[str], validated: bool = False,
                        batch_size: int = 1000) -> list[M]:
    """Create many new rows of one model like bulk_create_objects, faster: rows and audit events
    are written with executemany, then the new primary keys are read back by `key` (the
    attnames of a unique constraint, e.g. ("activity_id", "quarter"); one query per
    SCOPE_CHUNK rows). `validated=True`: the caller has already run each row's own field and
    model validation (clean_fields/clean) and it is not run twice. Models with many-to-many
    fields or auto-created primary keys other than an integer id are not supported."""
    if not objs:
        return objs
    model = type(objs[0])
    meta = model._meta
    if meta.many_to_many or any(f.has_db_default() for f in meta.concrete_fields):
        raise TypeError(f"{model.__name__}: many-to-many fields or database defaults: "
                        "use bulk_create_objects")
    unique_keys = {tuple(meta.get_field(name).attname for name in c.fields)
                   for c in meta.total_unique_constraints}
    unique_keys |= {tuple(meta.get_field(name).attname for name in names)
                    for names in meta.unique_together}
    unique_keys |= {(f.attname,) for f in meta.concrete_fields if f.unique and not f.primary_key}
    if tuple(key) not in unique_keys:
        raise TypeError(f"{model.__name__}: {key} is not a unique key of the model")
    _check_new_rows(actor, objs)
    guard_write(actor, Action.ADD, objs)
    if not validated:
        for obj in objs:
            _validate_without_lookups(obj)
    connection = connections[router.db_for_write(model)]
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    preps = [(f.attname, _preparer(f, connection)) for f in fields]
    now = timezone.now()
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    for obj in objs:
        for f in stamped:
            setattr(obj, f.attname, now)  # what DateTimeField.pre_save(add=True) sets
    params = [tuple(prep(getattr(obj, attname)) for attname, prep in preps) for obj in objs]
    _insert_many(model, [f.column for f in fields], params, batch_size)
    by_key = {tuple(getattr(obj, k) for k in key): obj for obj in objs}
    first = key[0]
    values = list({getattr(obj, first) for obj in objs})
    for start in range(0, len(values), SCOPE_CHUNK):
        found = model._default_manager.using(connection.alias).filter(
            **{f"{first}__in": values[start:start + SCOPE_CHUNK]}).values_list(*key, "pk")
        for *row_key, pk in found:
            obj = by_key.get(tuple(row_key))
            if obj is not None:
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = connection.alias
    if any(obj.pk is None for obj in objs):  # a key that is not unique, or not the row's
        raise RuntimeError(f"bulk_insert_objects: {key} does not identify the new rows")
    insert_audit_events(actor, model, AuditAction.CREATE,
                        ((obj.pk, str(obj), None, snapshot(obj)) for obj in objs),
                        batch_size=batch_size)
    rows_written.send(sender=model, rows=objs)
    return objs


class JSONBoolean(Func):
    """A boolean as JSON true/false inside JSONObject (SQLite's json_object would write 1/0)."""

    template = "(%(expressions)s)"
    output_field = models.BooleanField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="json(CASE WHEN %(expressions)s THEN 'true' "
                           "ELSE 'false' END)", **extra_context)


class DecimalText(Func):
    """A decimal column as the text str(Decimal) gives for it once stored ("12.50"): what the
    audit snapshot holds for a DecimalField."""

    output_field = models.TextField()

    def __init__(self, expression: Any, places: int) -> None:
        super().__init__(expression)
        self.places = int(places)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template=f"printf('%%%%.{self.places}f', %(expressions)s)",
                           **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        # numeric(p, s)::text keeps the column's scale: 12.50.
        return self.as_sql(compiler, connection, template="(%(expressions)s)::text", **extra_context)


# The Python types a field of each kind stores as they are: get_db_prep_save would return them
# unchanged (the caller's values are already checked and, for decimals, at the field's places).
_STORED_AS_IS = {"AutoField": int, "BigAutoField": int, "IntegerField": int, "BigIntegerField": int,
                 "SmallIntegerField": int, "PositiveIntegerField": int, "PositiveSmallIntegerField": int,
                 "PositiveBigIntegerField": int, "CharField": str, "TextField": str, "SlugField": str,
                 "EmailField": str, "BooleanField": bool, "DecimalField": decimal.Decimal}
# The kinds whose stored value is JSON as it is (numbers, text).
_JSON_AS_IS = frozenset(kind for kind, stored in _STORED_AS_IS.items() if stored in (int, str))


def _snapshot_expression(field: models.Field) -> Any:
    """The SQL expression of a column's value in the audit snapshot (what snapshot() gives)."""
    kind = field.get_internal_type()
    if kind == "DecimalField":
        return DecimalText(F(field.attname), field.decimal_places)
    if kind == "BooleanField":
        return JSONBoolean(F(field.attname))
    if field.is_relation:
        kind = field.target_field.get_internal_type()
    if kind in _JSON_AS_IS:
        return F(field.attname)
    raise TypeError(f"{field.model.__name__}.{field.name}: no audit expression for {kind}")


def _snapshot_constant(value: Any) -> Any:
    value = value if type(value) in _PLAIN else _json_value(value)
    if type(value) is bool:
        return JSONBoolean(Value(value))
    if type(value) is float:
        raise TypeError("floats in an audit snapshot: use a DecimalField")
    return Value(value)


@transaction.atomic(savepoint=False)
def bulk_insert_values(actor: Actor, model: type[models.Model], fields: Sequence[str],
                       rows: Sequence[tuple], *, label: Any, batch_size: int = 2000) -> int:
    """Insert many new rows of one model from plain values, without model instances: for the
    imports of tens of thousands of rows whose every value the caller has already checked with
    the model's own rules (decimals at the field's places) and whose scope it has decided by a
    scoped query (as with the `authorized` writes: no scope check here).

    `rows` hold the values of `fields` (attnames), in that order; the other fields take their
    defaults. The rows are written with executemany, then their audit events (one CREATE per
    row, `after` = the row's snapshot, as snapshot() gives it) by the database itself from the
    rows just written (INSERT ... SELECT: the rows are found by their creation stamp among the
    ids above the largest before the write; a count that differs refuses the write), with
    `label` (an expression over the model's rows) as each event's object. The values every row
    shares (the defaults) are written into the INSERT as literals. Sends rows_written with
    light rows (their values, no pk). Returns the number of rows."""
    if not rows:
        return 0
    meta = model._meta
    if meta.many_to_many:
        raise TypeError(f"{model.__name__}: many-to-many fields: use bulk_insert_objects")
    connection = connections[router.db_for_write(model)]
    if connection.vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"bulk_insert_values: {connection.vendor}")
    columns = [f for f in meta.concrete_fields if not f.primary_key]
    stamp = next((f.attname for f in columns if getattr(f, "auto_now_add", False)), None)
    if stamp is None:
        raise TypeError(f"{model.__name__} has no creation stamp (auto_now_add) to find its new rows by")
    by_name = {f.attname: f for f in columns}
    unknown = [name for name in fields if name not in by_name]
    if unknown:
        raise TypeError(f"{model.__name__}: no such fields {unknown}")
    now = timezone.now()
    defaults: dict[str, Any] = {}
    for f in columns:
        if f.attname in fields:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default() and callable(f.default):
            raise TypeError(f"{model.__name__}.{f.name} has a callable default: use bulk_insert_objects")
        else:
            defaults[f.attname] = f.get_default()
    constants = {f.column: f.get_db_prep_save(defaults[f.attname], connection)
                 for f in columns if f.attname not in fields}
    # Each row's values as they are when the field stores that type unchanged, else prepared.
    stored_as = [_STORED_AS_IS.get((by_name[name].target_field if by_name[name].is_relation
                                    else by_name[name]).get_internal_type()) for name in fields]
    prepare = [by_name[name].get_db_prep_save for name in fields]
    rows = [row if type(row) is tuple else tuple(row) for row in rows]
    # The columns whose values are not all stored as they are (usually none): found column by
    # column, prepared value by value.
    mixed = [index for index, kind in enumerate(stored_as)
             if {type(row[index]) for row in rows} - {kind, type(None)}]
    params = rows
    if mixed:
        params = []
        for row in rows:
            values = list(row)
            for index in mixed:
                value = values[index]
                if value is not None and type(value) is not stored_as[index]:
                    values[index] = prepare[index](value, connection)
            params.append(values)
    # The rows written are found again by their creation stamp, among the ids above the
    # largest before the write (ids only grow: no scan of the whole table).
    before = model._default_manager.using(connection.alias).aggregate(last=models.Max("pk"))["last"] or 0
    _insert_many(model, [by_name[name].column for name in fields], params, batch_size, constants)
    # The audit events, built by the database from the rows just written.
    snapshot_names = [attname for attname, _value in _snapshot_fields(model)]
    snapshot = {name: _snapshot_constant(defaults[name]) if name in defaults else
                _snapshot_expression(meta.get_field(name)) for name in snapshot_names}
    written = model._default_manager.using(connection.alias).filter(pk__gt=before, **{stamp: now}).order_by()
    select = written.annotate(
        _timestamp=Value(now, output_field=models.DateTimeField()),
        _actor_id=Value(actor.user.pk if actor.user is not None else None,
                        output_field=models.IntegerField()),
        _actor_label=Value(actor.label), _action=Value(AuditAction.CREATE.value), _source=Value(actor.source),
        _content_type_id=Value(ContentType.objects.get_for_model(model).pk),
        _object_id=Cast(meta.pk.attname, models.CharField()),
        _object_repr=Left(label, 300), _before=Value(None, output_field=models.TextField()),
        _after=JSONObject(**snapshot), _note=Value(""), _previous_hash=Value(""), _hash=Value(""),
    ).values_list(*(f"_{name}" for name in (*AUDIT_COLUMNS, *CHAIN_COLUMNS)))
    sql, sql_params = select.query.sql_with_params()
    quote = connection.ops.quote_name
    with audit_chain.appending(connection.alias), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(AuditEvent._meta.db_table)} "
            f"({', '.join(quote(c) for c in (*AUDIT_COLUMNS, *CHAIN_COLUMNS))}) {sql}", sql_params)
        if cursor.rowcount != len(rows):  # another write with the same stamp: refuse
            raise StaleEditError()
    # rows_written's receivers read attributes: a named tuple per row (values, then defaults).
    light = namedtuple(f"{model.__name__}Values", [*fields, *defaults])
    default_values = tuple(defaults.values())
    rows_written.send(sender=model, rows=list(map(light._make, (row + default_values for row in rows))))
    return len(rows)

