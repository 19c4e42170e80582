"""The monitoring workflow as plain functions: reporting periods, saving drafts, submitting,
verifying, returning and reopening realizations, outputs and evidence.

Every write goes through core.services (scope check, validation, audit, version check). Each
workflow step is looked up in monitoring.rules.TRANSITIONS, the one table of who may move a
realization from which state to which; the checks here add what the table cannot know: the
reporting period (submitting needs an open period; after its deadline the submission counts as
late), the four-eyes rule (nobody verifies what they submitted) and mandatory reasons.

Decisions:
- Saving a draft does not need an open period (units may prepare their figures early);
  submitting does. Verifying and returning work whether the period is open or closed (a
  returned realization can only be resubmitted once the coordinator reopens the period).
  Reopening a verified realization does not: once its period is closed, the quarter's verified
  figures stand until the coordinator opens the period again (`reopen_refusal`).
- Returned figures stay "returned" while the unit corrects them (the reason stays visible) until
  they are submitted again.
- The system actor (user None: importers, the CLI) may take every transition.
- The head of a unit designated to coordinate other units for monitoring (regions.Coordination,
  core.scope.coordinates) verifies and returns the realizations of the units it coordinates,
  which its own scope does not let it write (four-eyes still applies); an operator or viewer
  of that unit only reads them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, Max, Q, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.roles import Role
from sinergi.core.scope import Action, check, coordinates, scoped, user_scope
from sinergi.core.services import (
    Actor,
    StaleEditError,
    bulk_create_objects,
    bulk_insert_objects,
    bulk_insert_values,
    bulk_update_objects,
    create_object,
    delete_object,
    update_object,
)
from sinergi.monitoring import notices, rules
from sinergi.monitoring.choices import PeriodStatus, RealizationStatus
from sinergi.monitoring.models import (
    Evidence,
    MonitoringSettings,
    Realization,
    RealizationOutput,
    ReportingPeriod,
    deferred_cumulative_check,
)
from sinergi.monitoring.rules import Step
from sinergi.notifications.choices import Kind
from sinergi.planning.models import Activity, Indicator
from sinergi.regions.models import Government

# ---------------------------------------------------------------------------- periods


@transaction.atomic
def open_period(actor: Actor, government: Government, year: int, quarter: int, *,
                opens_on, deadline) -> ReportingPeriod:
    """Open (or reopen) a quarter for reporting: coordinators of the government, administrators."""
    period = ReportingPeriod.objects.filter(government=government, year=year, quarter=quarter).first()
    if period is None:
        period = create_object(actor, ReportingPeriod(
            government=government, year=year, quarter=quarter, opens_on=opens_on,
            deadline=deadline, status=PeriodStatus.OPEN))
    else:
        period = update_object(actor, period, {"status": PeriodStatus.OPEN, "closed_at": None,
                                                "opens_on": opens_on, "deadline": deadline},
                               expected_version=None)
    # The units are told now when the period opens today or earlier; a period opened ahead of
    # time is announced on its opening day by the daily reminders (monitoring.tasks).
    if period.opens_on <= notices.today_in(government):
        notices.period_opened(period)
    return period


@dataclass(frozen=True)
class PeriodCounts:
    """What a period holds when it is closed: its government's activities of the year and
    their realizations of the period's quarter, per state. The close page shows it so that the
    coordinator knows what closing leaves behind."""

    activities: int
    draft: int = 0
    returned: int = 0
    submitted: int = 0
    verified: int = 0

    @property
    def reported(self) -> int:
        return self.submitted + self.verified

    @property
    def not_entered(self) -> int:
        """Activities without any realization of the quarter."""
        return self.activities - self.draft - self.returned - self.reported

    @property
    def unreported(self) -> int:
        """Activities not reported (no realization, a draft or a returned one): after closing,
        none of them can be submitted."""
        return self.activities - self.reported


def period_counts(period: ReportingPeriod) -> PeriodCounts:
    """PeriodCounts of `period`, in one query (each activity has at most one realization per
    quarter)."""
    in_quarter = Q(realizations__quarter=period.quarter)
    row = Activity.objects.filter(government_id=period.government_id, year=period.year).aggregate(
        activities=Count("id", distinct=True),
        **{state.value: Count("realizations", filter=in_quarter & Q(realizations__status=state))
           for state in (RealizationStatus.DRAFT, RealizationStatus.RETURNED,
                         RealizationStatus.SUBMITTED, RealizationStatus.VERIFIED)})
    return PeriodCounts(**row)


def close_period(actor: Actor, period: ReportingPeriod, *, expected_version: int | None) -> ReportingPeriod:
    """Close a period: no more submissions for its quarter, and its verified realizations are
    not reopened until it is opened again. The page asks for an explicit confirmation first
    (monitoring.views.period_close, with `period_counts`)."""
    if period.status == PeriodStatus.CLOSED:
        raise ValidationError(_("This period is closed already."), code="state")
    return update_object(actor, period, {"status": PeriodStatus.CLOSED, "closed_at": timezone.now()},
                         expected_version=expected_version)


# ---------------------------------------------------------------------------- drafts

CENTS = Decimal("0.01")


def _cents(value: Decimal) -> Decimal:
    try:
        return Decimal(value).quantize(CENTS)
    except (InvalidOperation, TypeError):
        return value  # left to the model's validation


# What the scope check, Realization.clean() and str() (the audit's object_repr) follow from a
# realization: read with the rows, so that a batch costs no query per row.
WITH_ACTIVITY = ("activity__unit", "activity__nomenclature")


@dataclass(frozen=True)
class Values:
    """What a unit enters for one activity and quarter."""

    physical: Decimal
    financial: Decimal
    problems: str = ""
    over_budget_confirmed: bool = False

    def as_changes(self) -> dict:
        # As stored (2 decimals), so that an unchanged figure compares equal to the stored one.
        return {"physical": _cents(self.physical), "financial": _cents(self.financial),
                "problems": self.problems, "over_budget_confirmed": self.over_budget_confirmed}


Outputs = Mapping[int, Decimal | None]
"""The outputs realized of one realization as a whole: {indicator id: value}. An indicator
that is not listed (or None) has no output afterwards."""


@dataclass(frozen=True)
class Entry:
    """One row to save: `version` is the version of the realization the user saw (None: the
    user saw none; a realization created meanwhile makes the save stale). `outputs`: the
    realization's outputs per indicator as a whole (None: leave them as they are)."""

    activity: Activity
    quarter: int
    values: Values
    version: int | None = None
    outputs: Outputs | None = None


def actor_role(actor: Actor) -> str | None:
    """The role the workflow table is read with; None for the system actor."""
    if actor.user is None:
        return None
    scope = user_scope(actor.user)
    return Role.ADMINISTRATOR if scope.is_global else scope.role


COORDINATING_STEPS = frozenset({Step.VERIFY, Step.RETURN})
"""What the head of a coordinating unit may do to the realizations of the units it coordinates."""
MONITORING = "monitoring"  # regions.choices.CoordinationPurpose.MONITORING


def coordinates_realization(user, realization: Realization) -> bool:
    """Does `user` head a unit that coordinates the realization's unit for monitoring (and so
    may verify and return it, core.scope granting no write)? `realization.activity.unit` is
    read (select it with the row)."""
    return (user_scope(user).role == Role.UNIT_HEAD
            and coordinates(user, MONITORING, realization.activity.unit.path))


def _authorized_by_coordination(actor: Actor, step: Step, realizations: Iterable[Realization]) -> bool:
    """True when `actor` takes `step` on some of these rows as the head of a coordinating unit:
    every row must then be writable by scope or coordinated (PermissionDenied otherwise), and
    the caller skips the generic scope check. False: the generic check decides."""
    if actor.user is None or step not in COORDINATING_STEPS:
        return False
    if user_scope(actor.user).role != Role.UNIT_HEAD:
        return False
    rows = list(realizations)
    writable = set(scoped(Realization.objects.filter(pk__in=[r.pk for r in rows]), actor.user,
                          Action.CHANGE).values_list("pk", flat=True))
    others = [r for r in rows if r.pk not in writable]
    if not others:
        return False
    if not all(coordinates_realization(actor.user, r) for r in others):
        raise PermissionDenied
    return True


def _refuse(exc: rules.TransitionRefused) -> Exception:
    if exc.kind == "role":
        return PermissionDenied({"__all__": exc.message})
    return ValidationError(exc.message, code="state")


def _new_realizations():
    """A builder of Realization(activity=..., quarter=..., status=DRAFT, **values) with
    positional arguments (Django's fast path when there are many rows): the other fields hold
    their defaults, computed once (each is a constant: no callable default)."""
    fields = Realization._meta.concrete_fields
    if any(callable(f.default) for f in fields if f.has_default()):
        raise TypeError("Realization has a callable default: build rows with keyword arguments")
    template = [f.get_default() for f in fields]
    at = {f.attname: index for index, f in enumerate(fields)}
    physical, financial = at["physical"], at["financial"]
    problems, over_budget = at["problems"], at["over_budget_confirmed"]
    activity_at, quarter_at, status_at = at["activity_id"], at["quarter"], at["status"]
    cache_activity = Realization.activity.field.set_cached_value

    def build(entry: Entry) -> Realization:
        args = list(template)
        changes = entry.values.as_changes()
        args[activity_at], args[quarter_at] = entry.activity.pk, entry.quarter
        args[status_at] = RealizationStatus.DRAFT
        args[physical], args[financial] = changes["physical"], changes["financial"]
        args[problems], args[over_budget] = changes["problems"], changes["over_budget_confirmed"]
        row = Realization(*args)
        cache_activity(row, entry.activity)
        return row

    return build


DRAFT_FIELDS = ("activity_id", "quarter", "status", "physical", "financial", "problems",
                "over_budget_confirmed")


@transaction.atomic  # a refusal (the cumulative rule) leaves nothing written
def insert_checked_drafts(actor: Actor, quarter: int,
                          drafts: Sequence[tuple[int, Decimal, Decimal, str, bool]]) -> int:
    """New draft realizations, each (activity id, physical %, financial Rp, problems, over
    budget confirmed) with the figures at 2 decimals, that the caller has checked with this
    module's rules (each row's own: ranges, the budget flag, the workflow), for activities it
    found by a scoped query (the xlsx import: monitoring.spreadsheets). Written without model
    instances (core.services.bulk_insert_values): the same rows and audit events as save_drafts
    writes for new rows. The cumulative rule across quarters is then checked by the database
    over the rows written (cumulative_violations): ValidationError keyed like save_drafts'
    (`physical_<activity id>`, `financial_<activity id>`), nothing written. Returns the number
    of rows."""
    draft = RealizationStatus.DRAFT.value
    last = Realization.objects.aggregate(last=Max("pk"))["last"] or 0  # ids only grow
    count = bulk_insert_values(
        actor, Realization, DRAFT_FIELDS,
        [(activity_id, quarter, draft, physical, financial, problems, over_budget)
         for activity_id, physical, financial, problems, over_budget in drafts],
        label=Concat(Value(f"{rules.quarter_label(quarter)}: "), Activity.label_expression("activity__")))
    broken = cumulative_violations(quarter, written_after=last)
    if broken:
        raise ValidationError(_cumulative_errors(quarter, broken))
    return count


def cumulative_violations(quarter: int, *, written_after: int) -> list[int]:
    """The activities whose realization of `quarter` written after id `written_after` (a
    write's rows: ids only grow) breaks the cumulative rule (rules.cumulative_problems) with
    another stored quarter: a figure below that of an earlier quarter or above that of a later
    one. One query, decided by the database: for the writes of tens of thousands of rows, which
    do not read the other quarters."""
    quote = connection.ops.quote_name
    meta = Realization._meta
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    activity, column_quarter, physical, financial = (
        quote(meta.get_field(name).column) for name in ("activity", "quarter", "physical", "financial"))
    with connection.cursor() as cursor:
        # "+n.quarter": the ids' range, not the index of a whole quarter, finds the rows (SQLite).
        cursor.execute(
            f"SELECT DISTINCT n.{activity} FROM {table} n INNER JOIN {table} o "  # noqa: S608 (names from _meta)
            f"ON o.{activity} = n.{activity} AND o.{column_quarter} <> n.{column_quarter} "
            f"WHERE n.{pk} > %s AND +n.{column_quarter} = %s AND ("
            f"(o.{column_quarter} < n.{column_quarter} AND (o.{physical} > n.{physical} "
            f"OR o.{financial} > n.{financial})) OR "
            f"(o.{column_quarter} > n.{column_quarter} AND (o.{physical} < n.{physical} "
            f"OR o.{financial} < n.{financial})))", [written_after, quarter])
        return sorted(activity_id for (activity_id,) in cursor.fetchall())


def _cumulative_errors(quarter: int, activity_ids: Sequence[int]) -> dict[str, list[str]]:
    """rules.cumulative_problems of these activities' stored quarters, keyed like save_drafts'."""
    series: dict[int, dict[int, tuple[Decimal, Decimal]]] = {}
    for start in range(0, len(activity_ids), 500):
        for activity_id, q, physical, financial in Realization.objects.filter(
                activity_id__in=activity_ids[start:start + 500]).values_list(
                "activity_id", "quarter", "physical", "financial"):
            series.setdefault(activity_id, {})[q] = (physical, financial)
    errors: dict[str, list[str]] = {}
    for activity_id, values in series.items():
        for p in rules.cumulative_problems(values):
            prefix = "" if p.quarter == quarter else f"{rules.quarter_label(p.quarter)}: "
            errors.setdefault(f"{p.field}_{activity_id}", []).append(prefix + p.message)
    return errors


@transaction.atomic
def save_drafts(actor: Actor, entries: Sequence[Entry], *, validated: bool = False) -> list[Realization]:
    """Create or update the realizations of several activities at once (the entry page, the
    API). The cumulative rule is checked for the whole set in one pass, then the rows are
    written in batches (core.services.bulk_*: scope, validation, one audit event per row).
    Rows whose values do not change are left alone. Entries with `outputs` set them in the
    same transaction (see set_outputs). Returns the rows created or changed (outputs included).

    ValidationError keys: `<field>_<activity id>` for a row's problem (field physical,
    financial, problems or over_budget_confirmed), `output_<indicator id>` for an output's.

    Queries: a fixed number whatever the number of rows (scope is checked for the batch).

    `validated=True`: the caller (the xlsx import) has already checked each row's own values
    with the same rules (ranges, digits, the budget flag) and they are not checked again; the
    cumulative rule against the stored quarters, the workflow, the versions and the scope are
    still checked here, under lock."""
    if not entries:
        return []
    role = actor_role(actor)
    activity_ids = {e.activity.pk for e in entries}
    # Every stored quarter of these activities (the cumulative rule), under lock, in one query
    # of plain values: a model instance only for the rows the entries update.
    locked = Realization.objects.select_for_update().filter(activity_id__in=activity_ids)
    attnames = [f.attname for f in Realization._meta.concrete_fields]
    at = {name: attnames.index(name) for name in ("activity_id", "quarter", "physical", "financial")}
    wanted = {(e.activity.pk, e.quarter) for e in entries}
    values: dict[int, dict[int, tuple[Decimal | None, Decimal | None]]] = {}
    existing = {}
    for row in locked.values_list(*attnames):
        key = (row[at["activity_id"]], row[at["quarter"]])
        values.setdefault(key[0], {})[key[1]] = (row[at["physical"]], row[at["financial"]])
        if key in wanted:
            existing[key] = Realization.from_db(locked.db, attnames, row)
    errors: dict[str, list] = {}
    creates, updates = [], []
    new_realization = _new_realizations()
    for entry in entries:
        current = existing.get((entry.activity.pk, entry.quarter))
        if current is None and entry.version is not None:
            raise StaleEditError()
        if current is not None and entry.version is None:
            raise StaleEditError()
        try:
            rules.next_state(Step.SAVE, current.status if current else rules.NEW, role)
        except rules.TransitionRefused as exc:
            raise _refuse(exc) from None
        values.setdefault(entry.activity.pk, {})[entry.quarter] = (
            entry.values.physical, entry.values.financial)
        if current is None:
            creates.append(new_realization(entry))
        else:
            current.activity = entry.activity
            updates.append((current, entry.values.as_changes(), entry.version))
    for entry in entries:
        for p in rules.cumulative_problems(values[entry.activity.pk]):
            prefix = "" if p.quarter == entry.quarter else f"{rules.quarter_label(p.quarter)}: "
            errors.setdefault(f"{p.field}_{entry.activity.pk}", []).append(prefix + p.message)
    requests = [(entry.activity, entry.quarter, entry.outputs) for entry in entries
                if entry.outputs is not None]
    plan = _plan_outputs(requests, errors) if requests else None
    # Each row's own rules (ranges, the budget flag), reported per activity.
    with deferred_cumulative_check():
        for row, changes in [(r, {}) for r in creates] + [(r, c) for r, c, _v in updates]:
            for name, value in changes.items():
                setattr(row, name, value)
            if validated:
                continue
            try:
                row.clean_fields(exclude=["activity", "submitted_by", "verified_by"])
                row.clean()
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    errors.setdefault(f"{field}_{row.activity_id}", []).extend(messages)
    if errors:
        raise ValidationError(errors)
    with deferred_cumulative_check():
        # Each row was validated above (once): the writes do not run clean_fields/clean again.
        created = bulk_insert_objects(actor, creates, key=("activity_id", "quarter"), validated=True)
        changed = bulk_update_objects(actor, updates, select_related=WITH_ACTIVITY, validated=True)
    if plan is None:
        return created + changed
    rows = {(r.activity_id, r.quarter): r for r in [*created, *(r for r, _c, _v in updates)]}
    written = {r.pk for r in created + changed}
    moved = _write_outputs(actor, plan, rows, written)
    return created + changed + [r for r in rows.values() if r.pk in moved and r.pk not in written]


def save_draft(actor: Actor, activity: Activity, quarter: int, values: Values, *,
               expected_version: int | None = None) -> Realization:
    """One activity's realization for one quarter (see save_drafts). Errors name the field."""
    try:
        save_drafts(actor, [Entry(activity, quarter, values, expected_version)])
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            suffix = f"_{activity.pk}"
            raise ValidationError({k.removesuffix(suffix): v for k, v in exc.error_dict.items()}) from None
        raise
    return Realization.objects.get(activity=activity, quarter=quarter)


# ---------------------------------------------------------------------------- transitions

# The steps the unit is told about (sinergi.notifications), and as what.
NOTIFIED_STEPS = {Step.RETURN: Kind.REALIZATION_RETURNED, Step.VERIFY: Kind.REALIZATION_VERIFIED}


def _periods(realizations: Iterable[Realization]) -> dict[tuple[int, int, int], ReportingPeriod]:
    keys = {(r.activity.government_id, r.activity.year, r.quarter) for r in realizations}
    if not keys:
        return {}
    periods = ReportingPeriod.objects.filter(
        government_id__in={k[0] for k in keys}, year__in={k[1] for k in keys},
        quarter__in={k[2] for k in keys}).select_related("government__region__parent")
    return {(p.government_id, p.year, p.quarter): p for p in periods}


@transaction.atomic
def transition(actor: Actor, step: Step | str, rows: Sequence[tuple[Realization, int | None]],
               *, reason: str = "") -> list[Realization]:
    """Take workflow `step` for each (realization, version the user saw). All or nothing: one
    refused row refuses the whole set. Returns the rows as written."""
    step = Step(step)
    if not rows:
        return []
    role = actor_role(actor)
    reason = (reason or "").strip()
    current = Realization.objects.select_related("activity__unit").in_bulk([r.pk for r, _v in rows])
    periods = _periods(current.values()) if step in (Step.SUBMIT, Step.REOPEN) else {}
    now = timezone.now()
    changes = []
    for row, version in rows:
        realization = current.get(row.pk)
        if realization is None:
            raise StaleEditError()
        if version is not None and realization.version != version:
            raise StaleEditError()
        try:
            move = rules.next_state(step, realization.status, role)
        except rules.TransitionRefused as exc:
            raise _refuse(exc) from None
        if step == Step.REOPEN:
            _refuse_reopen_when_closed(realization, periods)
        if move.needs_reason and not reason:
            raise ValidationError({"return_reason": [_("Give a reason.")]})
        change: dict = {"status": move.target}
        if step == Step.SUBMIT:
            activity = realization.activity
            period = periods.get((activity.government_id, activity.year, realization.quarter))
            if period is None or not period.is_open:
                raise ValidationError(
                    _("%(quarter)s %(year)s is not open for reporting.")
                    % {"quarter": rules.quarter_label(realization.quarter), "year": activity.year},
                    code="period_closed")
            change.update(submitted_by=actor.user, submitted_at=now, verified_by=None,
                          verified_at=None,
                          submitted_late=rules.is_late(
                              # The deadline is a day in the government's own zone (WIB/WITA/WIT).
                              timezone.localdate(now, ZoneInfo(period.government.time_zone)),
                              period.deadline))
        elif step == Step.VERIFY:
            if actor.user is not None and realization.submitted_by_id == actor.user.pk:
                raise PermissionDenied({"__all__": _(
                    "You submitted this realization: someone else must verify it.")})
            change.update(verified_by=actor.user, verified_at=now)
        elif step in (Step.RETURN, Step.REOPEN):
            change.update(return_reason=reason, verified_by=None, verified_at=None)
        changes.append((realization, change, version))
    authorized = _authorized_by_coordination(actor, step, [r for r, _c, _v in changes])
    with deferred_cumulative_check():
        bulk_update_objects(actor, changes, select_related=WITH_ACTIVITY, authorized=authorized)
    fresh = Realization.objects.in_bulk([r.pk for r, _c, _v in changes])
    written = [fresh[r.pk] for r, _c, _v in changes]
    if step in NOTIFIED_STEPS:
        notices.realizations_decided(NOTIFIED_STEPS[step], written, actor.user)
    return written


def reopen_refusal(period: ReportingPeriod | None, quarter: int, year: int) -> str | None:
    """Why a verified realization of `quarter` may not be reopened now, or None: its reporting
    period is closed (the quarter's verified figures stand; the coordinator opens the period
    again first). A quarter without a period was never closed."""
    if period is None or period.is_open:
        return None
    return _("%(quarter)s %(year)s is closed: its verified realizations cannot be reopened. Open the "
             "period again first.") % {"quarter": rules.quarter_label(quarter), "year": year}


def _refuse_reopen_when_closed(realization: Realization,
                               periods: dict[tuple[int, int, int], ReportingPeriod]) -> None:
    activity = realization.activity
    message = reopen_refusal(periods.get((activity.government_id, activity.year, realization.quarter)),
                             realization.quarter, activity.year)
    if message:
        raise ValidationError(message, code="period_closed")


def submit(actor: Actor, realization: Realization, *, expected_version: int | None) -> Realization:
    return transition(actor, Step.SUBMIT, [(realization, expected_version)])[0]


def verify(actor: Actor, realization: Realization, *, expected_version: int | None) -> Realization:
    return transition(actor, Step.VERIFY, [(realization, expected_version)])[0]


def return_realization(actor: Actor, realization: Realization, reason: str, *,
                       expected_version: int | None) -> Realization:
    return transition(actor, Step.RETURN, [(realization, expected_version)], reason=reason)[0]


def reopen(actor: Actor, realization: Realization, reason: str, *,
           expected_version: int | None) -> Realization:
    """Unlock a verified realization (coordinators, administrators), with the reason audited."""
    return transition(actor, Step.REOPEN, [(realization, expected_version)], reason=reason)[0]


# ---------------------------------------------------------------------------- outputs, evidence


def _editable(realization: Realization) -> None:
    if not realization.is_editable:
        raise ValidationError(_("This realization is %(state)s: it cannot be changed.")
                              % {"state": rules.state_label(realization.status)}, code="locked")


@dataclass
class _OutputPlan:
    """What writing outputs will do, worked out (and validated) before anything is written."""

    wanted: dict[tuple[int, int], dict[int, Decimal]]  # (activity, quarter) -> {indicator: value}
    stored: dict[tuple[int, int], dict[int, RealizationOutput]]
    indicators: dict[int, Indicator]


def _plan_outputs(requests: Sequence[tuple[Activity, int, Outputs]],
                  errors: dict[str, list]) -> _OutputPlan:
    """Check the outputs of (activity, quarter, {indicator id: value}) as a whole, in two
    queries: every indicator belongs to its activity, each value fits the field, and the
    cumulative rule holds per indicator across the activity's quarters (monitoring.rules).
    Problems are added to `errors` under `output_<indicator id>`."""
    activity_ids = {activity.pk for activity, _q, _o in requests}
    indicators = Indicator.objects.filter(activity_id__in=activity_ids).in_bulk()
    stored: dict[tuple[int, int], dict[int, RealizationOutput]] = {}
    for output in RealizationOutput.objects.filter(
            realization__activity_id__in=activity_ids).select_related("realization"):
        key = (output.realization.activity_id, output.realization.quarter)
        stored.setdefault(key, {})[output.indicator_id] = output
    series: dict[int, dict[int, dict[int, Decimal]]] = {}
    for (activity_id, quarter), outputs in stored.items():
        series.setdefault(activity_id, {})[quarter] = {i: o.value for i, o in outputs.items()}
    field = RealizationOutput._meta.get_field("value")
    wanted: dict[tuple[int, int], dict[int, Decimal]] = {}
    for activity, quarter, outputs in requests:
        values: dict[int, Decimal] = {}
        for indicator_id, value in outputs.items():
            indicator = indicators.get(indicator_id)
            key = f"output_{indicator_id}"
            if indicator is None or indicator.activity_id != activity.pk:
                errors.setdefault(key, []).append(ValidationError(
                    _("The indicator %(id)s is not an indicator of this activity.") % {"id": indicator_id},
                    code="indicator"))
                continue
            if value is None:
                continue
            try:
                values[indicator_id] = field.clean(_cents(value), None)
            except ValidationError as exc:
                errors.setdefault(key, []).extend(exc.messages)
        wanted[(activity.pk, quarter)] = values
        series.setdefault(activity.pk, {})[quarter] = values
    for activity, quarter, _outputs in requests:
        for p in rules.output_problems(series[activity.pk]):
            # A problem of another quarter that is saved too is reported there.
            if p.quarter != quarter and (activity.pk, p.quarter) in wanted:
                continue
            prefix = "" if p.quarter == quarter else f"{rules.quarter_label(p.quarter)}: "
            messages = errors.setdefault(f"output_{p.field}", [])
            if prefix + p.message not in messages:
                messages.append(prefix + p.message)
    return _OutputPlan(wanted, stored, indicators)


def _write_outputs(actor: Actor, plan: _OutputPlan, realizations: dict[tuple[int, int], Realization],
                   written: set[int]) -> set[int]:
    """Create, update and delete outputs as planned (audited, scope-checked in batches), and
    move the version of each realization whose outputs changed, unless this save wrote it
    already (`written`): the realization's version guards its outputs too. Returns the ids of
    the realizations whose outputs changed."""
    creates, updates, deletes = [], [], []
    for key, values in plan.wanted.items():
        realization = realizations[key]
        stored = plan.stored.get(key, {})
        for indicator_id, value in values.items():
            output = stored.get(indicator_id)
            if output is None:
                creates.append(RealizationOutput(realization=realization, value=value,
                                                 indicator=plan.indicators[indicator_id]))
            elif output.value != value:
                updates.append((output, {"value": value}, None))
        deletes.extend(o for i, o in stored.items() if i not in values)
    created = bulk_create_objects(actor, creates)
    changed = bulk_update_objects(actor, updates,
                                  select_related=("realization__activity__unit", "indicator"))
    for output in deletes:
        delete_object(actor, output)
    moved = {o.realization_id for o in [*created, *changed, *deletes]}
    bump = moved - written
    if bump:
        Realization.objects.filter(pk__in=bump).update(version=F("version") + 1,
                                                      updated_at=timezone.now())
        for realization in realizations.values():
            if realization.pk in bump:
                realization.version += 1
    return moved


@transaction.atomic
def set_outputs(actor: Actor, realization: Realization, outputs: Outputs, *,
                expected_version: int | None) -> Realization:
    """Replace the outputs realized of a draft (or returned) realization as a whole:
    {indicator id: value}, cumulative in the indicator's unit of measure. Indicators not
    listed have no output afterwards. Above the annual target is allowed (and shown).
    `expected_version` is the realization's version: changing its outputs moves it.

    ValidationError keys `output_<indicator id>`; a locked realization is refused like a
    save (code "state"); PermissionDenied outside the actor's scope or role."""
    current = (Realization.objects.select_for_update(of=("self",)).select_related(*WITH_ACTIVITY)
               .filter(pk=realization.pk).first())
    if current is None:
        raise StaleEditError()
    if actor.user is not None:
        check(actor.user, Action.CHANGE, current)
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError()
    try:
        rules.next_state(Step.SAVE, current.status, actor_role(actor))
    except rules.TransitionRefused as exc:
        raise _refuse(exc) from None
    errors: dict[str, list] = {}
    plan = _plan_outputs([(current.activity, current.quarter, outputs)], errors)
    if errors:
        raise ValidationError(errors)
    _write_outputs(actor, plan, {(current.activity_id, current.quarter): current}, set())
    return current


@transaction.atomic
def set_output(actor: Actor, realization: Realization, indicator: Indicator, value: Decimal, *,
               expected_version: int | None = None) -> RealizationOutput:
    """The output realized for one indicator (created or updated), the realization's other
    outputs unchanged. `expected_version` is the version of the output the user saw."""
    current = {o.indicator_id: o for o in RealizationOutput.objects.filter(realization=realization)}
    seen = current.get(indicator.pk)
    if expected_version is not None and (seen is None or seen.version != expected_version):
        raise StaleEditError()
    outputs = {i: o.value for i, o in current.items()} | {indicator.pk: value}
    try:
        set_outputs(actor, realization, outputs, expected_version=None)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise ValidationError({"value" if k == f"output_{indicator.pk}" else k: v
                                   for k, v in exc.error_dict.items()}) from None
        raise
    return RealizationOutput.objects.get(realization=realization, indicator=indicator)


@transaction.atomic
def add_evidence(actor: Actor, realization: Realization, file, description: str = "") -> Evidence:
    """Attach a file (type and size checked by the model's validators)."""
    realization = Realization.objects.select_related("activity").get(pk=realization.pk)
    _editable(realization)
    return create_object(actor, Evidence(realization=realization, file=file, description=description,
                                         uploaded_by=actor.user))


@transaction.atomic
def remove_evidence(actor: Actor, evidence: Evidence) -> None:
    _editable(Realization.objects.get(pk=evidence.realization_id))
    delete_object(actor, evidence)
    evidence.file.delete(save=False)


def year_end_goal(government: Government) -> Decimal:
    """The year-end achievement the government aims at: its own setting, or the default."""
    from sinergi.reports.forecast import DEFAULT_GOAL

    try:  # no query when read with select_related("monitoring_settings")
        return government.monitoring_settings.year_end_goal
    except MonitoringSettings.DoesNotExist:
        return DEFAULT_GOAL


def set_year_end_goal(actor: Actor, government: Government, goal: Decimal) -> MonitoringSettings:
    """The coordinator sets the government's year-end goal (audited; 1-100 %)."""
    current = MonitoringSettings.objects.filter(government=government).first()
    if current is None:
        return create_object(actor, MonitoringSettings(government=government, year_end_goal=goal))
    return update_object(actor, current, {"year_end_goal": goal}, expected_version=None)
