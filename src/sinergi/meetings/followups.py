"""Follow-up actions (RTL) of a meeting, accounted for per responsible unit.

An action given to several units has one **line** per unit (FollowUpLine), the way the BPK
monitors audit recommendations: each unit's line has its own status, progress, evidence,
history and due date. A unit reports on its own line only; the organizer unit, the government's
coordinators and the units designated to coordinate follow-ups of that unit (core.scope
coordination, purpose "follow_up") accept a unit's completion or return it with a reason. The
action's status and progress are derived from its lines (`derive`), never typed:

    open         no line has moved
    in_progress  some line has moved, not all are closed
    done         every line is closed (compliant, or not actionable with a valid reason)
    cancelled    the organizer cancelled the action (with a reason; final)

A line: not_started -> in_progress -> submitted (the unit reports it done, or not actionable
with a reason) -> compliant / not_actionable (accepted) or back to in_progress (returned with a
reason). The assessors may also close a line directly (a report received on paper) and reopen a
closed one (with a reason). Nobody accepts a report they made themselves (four eyes).

Overdue is judged in the government's own zone: an active line past its due date. On time or
late is judged by the day the unit reported its part done (`reported_on`), not by when the
organizer got round to assessing it."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.core.formatting import long_date
from sinergi.core.roles import Role
from sinergi.core.scope import Action, can, user_scope
from sinergi.core.scope import coordinates as core_coordinates
from sinergi.core.services import Actor, StaleEditError, create_object, update_object
from sinergi.meetings import rules
from sinergi.meetings.choices import (
    FOLLOW_UP_ACTIVE,
    LINE_ACTIVE,
    LINE_CLOSED,
    FollowUpStatus,
    LineStatus,
    UpdateStatus,
)
from sinergi.meetings.models import (
    MEETING_MANAGERS,
    AgendaItem,
    FollowUp,
    FollowUpLine,
    FollowUpUpdate,
    Meeting,
)

OPEN, PROGRESS, D, C = (
    FollowUpStatus.OPEN,
    FollowUpStatus.IN_PROGRESS,
    FollowUpStatus.DONE,
    FollowUpStatus.CANCELLED,
)
RESPONSIBLE, ORGANIZER, ASSESSOR = "responsible", "organizer", "assessor"
COORDINATION_PURPOSE = "follow_up"
MESSAGE_LANGUAGE = "id"  # notifications are read in Indonesian, whatever the sender's page language


class Step(enum.StrEnum):
    """What can be done to a line, by whom (RESPONSIBLE: the unit; ASSESSOR: the organizer or a
    coordinating unit), from which states, to which state, and whether a reason is needed."""

    PROGRESS = "progress"
    REPORT_DONE = "report_done"
    REPORT_NOT_ACTIONABLE = "report_not_actionable"
    ACCEPT = "accept"
    RETURN = "return"
    CLOSE = "close"
    REOPEN = "reopen"


NS, IP, SUB, OK, NA = (
    LineStatus.NOT_STARTED,
    LineStatus.IN_PROGRESS,
    LineStatus.SUBMITTED,
    LineStatus.COMPLIANT,
    LineStatus.NOT_ACTIONABLE,
)


@dataclass(frozen=True)
class StepRule:
    who: frozenset[str]
    sources: frozenset[str]
    needs_reason: bool = False


UNIT, ASSESSORS, BOTH = frozenset({RESPONSIBLE}), frozenset({ASSESSOR}), frozenset({RESPONSIBLE, ASSESSOR})
STEPS: dict[Step, StepRule] = {
    # The organizer may record progress a unit sent in (by letter, by WhatsApp) on its line.
    Step.PROGRESS: StepRule(BOTH, frozenset({NS, IP})),
    Step.REPORT_DONE: StepRule(UNIT, frozenset({NS, IP})),
    Step.REPORT_NOT_ACTIONABLE: StepRule(UNIT, frozenset({NS, IP}), needs_reason=True),
    Step.ACCEPT: StepRule(ASSESSORS, frozenset({SUB})),
    Step.RETURN: StepRule(ASSESSORS, frozenset({SUB}), needs_reason=True),
    Step.CLOSE: StepRule(ASSESSORS, frozenset({NS, IP})),
    Step.REOPEN: StepRule(ASSESSORS, frozenset({OK, NA}), needs_reason=True),
}

STEP_LABELS = {
    Step.PROGRESS: gettext_lazy("Record progress"),
    Step.REPORT_DONE: gettext_lazy("Report done"),
    Step.REPORT_NOT_ACTIONABLE: gettext_lazy("Report: cannot be followed up"),
    Step.ACCEPT: gettext_lazy("Accept"),
    Step.RETURN: gettext_lazy("Return"),
    Step.CLOSE: gettext_lazy("Record as compliant"),
    Step.REOPEN: gettext_lazy("Reopen"),
}


def today_in(zone: str, now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(ZoneInfo(zone)).date()


# ---------------------------------------------------------------------------------------------
# The action, derived from its lines


def is_overdue(follow_up: FollowUp, today: dt.date) -> bool:
    """Active and its due date has passed (`today` in the government's zone)."""
    return follow_up.status in FOLLOW_UP_ACTIVE and follow_up.due_date < today


def line_is_overdue(line: FollowUpLine, today: dt.date) -> bool:
    return line.status in LINE_ACTIVE and line.due_date < today


def overdue(queryset: QuerySet, today: dt.date) -> QuerySet:
    """Actions still active with at least one line past its due date (or the action's own date)."""
    late_lines = FollowUpLine.objects.filter(status__in=LINE_ACTIVE, due_date__lt=today).values(
        "follow_up_id"
    )
    return queryset.filter(status__in=FOLLOW_UP_ACTIVE).filter(Q(due_date__lt=today) | Q(pk__in=late_lines))


def overdue_lines(queryset: QuerySet, today: dt.date) -> QuerySet:
    return queryset.filter(status__in=LINE_ACTIVE, due_date__lt=today).exclude(follow_up__status=C)


@dataclass(frozen=True)
class Derived:
    status: str
    progress: int
    completed_on: dt.date | None
    total: int
    closed: int


def derive_from(lines: Iterable[tuple[str, int, dt.date | None]], cancelled: bool = False) -> Derived:
    """Pure: the action's state from its lines' (status, progress, reported_on).

    Progress is the mean of the lines' progress, a closed line counting 100 %."""
    lines = list(lines)
    closed = [line for line in lines if line[0] in LINE_CLOSED]
    total = len(lines)
    progress = round(sum(100 if s in LINE_CLOSED else p for s, p, _d in lines) / total) if total else 0
    if cancelled:
        status = C
    elif total and len(closed) == total:
        status = D
    elif any(s != NS or p for s, p, _d in lines):
        status = PROGRESS
    else:
        status = OPEN
    completed = max((d for _s, _p, d in closed if d), default=None) if status == D else None
    return Derived(status, 100 if status == D else progress, completed, total, len(closed))


def derive(actor: Actor, follow_up: FollowUp) -> FollowUp:
    """Write the action's derived status and progress (audited when they change)."""
    current = FollowUp.objects.get(pk=follow_up.pk)
    lines = current.lines.values_list("status", "progress", "reported_on")
    derived = derive_from(lines, cancelled=current.status == C)
    changes = {"status": derived.status, "progress": derived.progress}
    if derived.status == D:
        changes["completed_on"] = derived.completed_on or today_in(current.meeting.time_zone)
    elif derived.status != C:
        changes["completed_on"] = None
    return update_object(
        actor,
        current,
        changes,
        expected_version=current.version,
        authorized=True,
        note=_("Derived from the responsible units' lines"),
    )


# ---------------------------------------------------------------------------------------------
# Who may do what


DUE_SOON_DAYS = 7


def due_soon_lines(queryset: QuerySet, today: dt.date, days: int = DUE_SOON_DAYS) -> QuerySet:
    """Active lines due within `days` days of `today`, or overdue already."""
    return queryset.filter(status__in=LINE_ACTIVE, due_date__lte=today + dt.timedelta(days=days)).exclude(
        follow_up__status=C
    )


def _is_writer(user) -> bool:
    scope = user_scope(user)
    return scope.is_global or scope.role in MEETING_MANAGERS


def _covers(user, government_id: int, path: str) -> bool:
    scope = user_scope(user)
    if scope.is_global or government_id in scope.whole_governments:
        return True
    return any(path == root or path.startswith(root + ".") for root in scope.unit_paths)


def coordinates(user, path: str) -> bool:
    """The user's unit is designated to coordinate follow-ups of the unit at `path`."""
    return core_coordinates(user, COORDINATION_PURPOSE, path)


def coordinated_paths(user) -> tuple[str, ...]:
    """The unit paths whose follow-ups the user's units coordinate (core.scope designations)."""
    return tuple(user_scope(user).coordinated.get(COORDINATION_PURPOSE, ()))


def line_roles(user, line: FollowUpLine) -> set[str]:
    """RESPONSIBLE: the unit itself (its heads and operators, and the coordinators);
    ASSESSOR: the organizer (who may change the action), or the head of a coordinating unit."""
    if user is None:
        return {RESPONSIBLE, ASSESSOR}
    roles = set()
    follow_up = line.follow_up
    if _is_writer(user) and _covers(user, follow_up.government_id, line.unit.path):
        roles.add(RESPONSIBLE)
    if can(user, Action.CHANGE, follow_up) or (
        user_scope(user).role in (Role.UNIT_HEAD, Role.COORDINATOR) and coordinates(user, line.unit.path)
    ):
        roles.add(ASSESSOR)
    return roles


def roles_of(user, follow_up: FollowUp) -> set[str]:
    """Roles on the action as a whole: ORGANIZER may cancel it and edit it."""
    if user is None or can(user, Action.CHANGE, follow_up):
        return {ORGANIZER}
    return set()


def allowed_steps(user, line: FollowUpLine) -> list[Step]:
    if line.follow_up.status == C:
        return []
    roles = line_roles(user, line)
    return [step for step, rule in STEPS.items() if rule.who & roles and line.status in rule.sources]


# ---------------------------------------------------------------------------------------------
# Writes


@transaction.atomic
def create(
    actor: Actor,
    meeting: Meeting,
    description: str,
    units,
    due_date: dt.date,
    decision=None,
    unit_due_dates: dict[int, dt.date] | None = None,
    commitment=None,
) -> FollowUp:
    """The action and one line per responsible unit (each with the action's due date unless the
    meeting set the unit its own). `decision` / `commitment`: what the action carries out."""
    rules.ensure_open_for_changes(meeting)
    units = list(dict.fromkeys(units))
    if not units:
        raise ValidationError({"responsible_units": [_("Name at least one responsible unit.")]})
    if any(u.government_id != meeting.government_id for u in units):
        raise ValidationError({"responsible_units": [_("The unit belongs to another government.")]})
    follow_up = create_object(
        actor,
        FollowUp(
            government=meeting.government,
            meeting=meeting,
            decision=decision,
            commitment=commitment,
            description=description,
            due_date=due_date,
        ),
        m2m={"responsible_units": units},
    )
    add_lines(actor, follow_up, units, unit_due_dates)
    return follow_up


def add_lines(
    actor: Actor, follow_up: FollowUp, units, unit_due_dates: dict[int, dt.date] | None = None
) -> list[FollowUpLine]:
    """One line per responsible unit of a new action (for every path that records actions: the
    pages, the API, a report read into a meeting, the demo)."""
    lines = [
        # The organizer gives each responsible unit its line (a rule of this module: the unit
        # may lie outside the organizer's write scope).
        create_object(
            actor,
            FollowUpLine(
                follow_up=follow_up,
                unit=unit,
                due_date=(unit_due_dates or {}).get(unit.pk, follow_up.due_date),
            ),
            authorized=True,
        )
        for unit in dict.fromkeys(units)
    ]
    _notify_assigned(follow_up, lines)
    return lines


@transaction.atomic
def act(
    actor: Actor,
    line: FollowUpLine,
    step: Step | str,
    *,
    progress: int | None = None,
    note: str = "",
    reason: str = "",
    evidence=None,
    expected_version: int | None = None,
) -> FollowUpLine:
    """One step on one unit's line, with its note (and evidence); audited; stale versions refused;
    the action's status is derived afterwards."""
    try:
        step = Step(step)
    except ValueError:
        raise ValidationError(_("Unknown step."), code="step") from None
    current = (
        FollowUpLine.objects.select_for_update().select_related("follow_up__meeting", "unit").get(pk=line.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError()
    follow_up = current.follow_up
    if follow_up.status == C:
        raise ValidationError(_("The action was cancelled."), code="state")
    rule = STEPS[step]
    if current.status not in rule.sources:
        raise ValidationError(
            _("This is not possible for a line that is %(state)s.") % {"state": current.get_status_display()},
            code="state",
        )
    if not rule.who & line_roles(actor.user, current):
        raise PermissionDenied(_("You may not do this for this unit's line."))
    note, reason = (note or "").strip(), (reason or "").strip()
    if rule.needs_reason and not (reason or note):
        raise ValidationError({"reason": [_("Give a reason.")]})
    reason = reason or (note if rule.needs_reason else "")
    if not note:
        note = reason or _default_note(step)
    today = today_in(follow_up.meeting.time_zone)
    changes: dict = {}
    if step == Step.PROGRESS:
        value = current.progress if progress is None else max(0, min(99, int(progress)))
        changes = {"status": IP, "progress": value}
    elif step in (Step.REPORT_DONE, Step.REPORT_NOT_ACTIONABLE):
        claim = OK if step == Step.REPORT_DONE else NA
        changes = {
            "status": SUB,
            "claim": claim,
            "progress": 100 if claim == OK else current.progress,
            "reported_on": today,
            "reason": reason if claim == NA else "",
        }
    elif step == Step.ACCEPT:
        last = current.updates.filter(status=SUB).order_by("-created_at", "-id").first()
        if actor.user is not None and last is not None and last.author_id == actor.user.pk:
            raise PermissionDenied(_("Someone else must assess what you reported yourself."))
        changes = {
            "status": current.claim or OK,
            "progress": 100 if (current.claim or OK) == OK else current.progress,
            "assessed_on": today,
            "assessed_by": actor.user,
        }
    elif step == Step.RETURN:
        changes = {
            "status": IP,
            "claim": "",
            "progress": min(current.progress, 99),
            "reported_on": None,
            "reason": reason,
            "times_returned": current.times_returned + 1,
            "assessed_on": today,
            "assessed_by": actor.user,
        }
    elif step == Step.CLOSE:
        changes = {
            "status": OK,
            "claim": OK,
            "progress": 100,
            "reported_on": today,
            "assessed_on": today,
            "assessed_by": actor.user,
            "reason": "",
        }
    elif step == Step.REOPEN:
        changes = {
            "status": IP,
            "claim": "",
            "progress": min(current.progress, 99),
            "reported_on": None,
            "assessed_on": None,
            "assessed_by": None,
            "reason": reason,
        }
    update = FollowUpUpdate(
        follow_up=follow_up,
        line=current,
        author=actor.user,
        note=note,
        status=changes["status"],
        progress=changes["progress"],
    )
    if evidence is not None:
        update.evidence = evidence
    update.full_clean()
    update.save()
    written = update_object(
        actor,
        current,
        changes,
        expected_version=current.version,
        authorized=True,
        note=str(STEP_LABELS[step]),
    )
    if written.version == current.version:
        # Nothing changed but the line's history grew: a form opened before is stale.
        FollowUpLine.objects.filter(pk=current.pk).update(version=F("version") + 1)
        written.version = current.version + 1
    derive(actor, follow_up)
    _notify_step(written, step, reason)
    return written


def _default_note(step: Step) -> str:
    return str(STEP_LABELS[step])


@transaction.atomic
def cancel(actor: Actor, follow_up: FollowUp, reason: str, expected_version: int | None = None) -> FollowUp:
    """The organizer cancels the whole action (final), with a reason."""
    current = FollowUp.objects.select_for_update().select_related("meeting").get(pk=follow_up.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError()
    if ORGANIZER not in roles_of(actor.user, current):
        raise PermissionDenied(_("You may not do this for this follow-up action."))
    if current.status not in FOLLOW_UP_ACTIVE:
        raise ValidationError(
            _("This is not possible for a follow-up action that is %(state)s.")
            % {"state": current.get_status_display()},
            code="state",
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give a reason.")]})
    FollowUpUpdate.objects.create(
        follow_up=current,
        author=actor.user,
        note=reason,
        status=UpdateStatus.CANCELLED,
        progress=current.progress,
    )
    return update_object(
        actor, current, {"status": C, "cancel_reason": reason}, expected_version=current.version
    )


# Compatibility of the action-level progress call (API `POST /follow-ups/{id}/progress`, kept for
# existing clients): the caller's own line is the one reported on.
ACTION_TO_STEP = {
    PROGRESS: Step.PROGRESS,
    OPEN: Step.PROGRESS,
    D: Step.REPORT_DONE,
}


def line_for(user, follow_up: FollowUp, unit_id: int | None = None) -> FollowUpLine | None:
    """The line of `follow_up` the user reports on: the given unit's, else the only line the
    user's units cover (None when there is none or several to choose from)."""
    lines = [line for line in follow_up.lines.select_related("unit", "follow_up")]
    if unit_id is not None:
        lines = [line for line in lines if line.unit_id == unit_id]
    mine = [line for line in lines if RESPONSIBLE in line_roles(user, line)]
    if len(mine) == 1:
        return mine[0]
    return None


@transaction.atomic
def report(
    actor: Actor,
    follow_up: FollowUp,
    *,
    status: str,
    progress: int,
    note: str,
    evidence=None,
    reason: str = "",
    expected_version: int | None = None,
    unit_id: int | None = None,
) -> FollowUp:
    """The action-level report of the older API: cancel the action (organizer), or report on the
    caller's own line (progress, done). The action's version is the one checked (under its row
    lock) and raised, as the older API promised."""
    current = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError()
    if status == C:
        return cancel(actor, current, reason or note)
    step = ACTION_TO_STEP.get(status)
    if step is None:
        raise ValidationError(_("Unknown status."), code="state")
    line = line_for(actor.user, current, unit_id)
    if line is None:
        lines = [
            li for li in current.lines.select_related("unit", "follow_up") if unit_id in (None, li.unit_id)
        ]
        if not any(ASSESSOR in line_roles(actor.user, li) for li in lines):
            raise PermissionDenied(_("You may not do this for this follow-up action."))
        if len(lines) != 1:
            raise ValidationError(
                _("Report on a responsible unit's line (this action has several)."), code="line"
            )
        # The organizer records what the only responsible unit sent in; "done" closes it.
        line = lines[0]
        step = Step.CLOSE if step == Step.REPORT_DONE else step
    act(actor, line, step, progress=progress, note=note, reason=reason, evidence=evidence)
    written = FollowUp.objects.get(pk=current.pk)
    if written.version == current.version:
        FollowUp.objects.filter(pk=current.pk, version=current.version).update(version=F("version") + 1)
        written.version = current.version + 1
    return written


@transaction.atomic
def set_line_due_date(
    actor: Actor, line: FollowUpLine, due_date: dt.date, expected_version: int | None
) -> FollowUpLine:
    """The organizer gives one unit its own due date (an action still open)."""
    if ORGANIZER not in roles_of(actor.user, line.follow_up):
        raise PermissionDenied(_("You may not do this for this follow-up action."))
    if line.follow_up.status not in FOLLOW_UP_ACTIVE:
        raise ValidationError(_("The action is no longer open."), code="state")
    return update_object(
        actor, line, {"due_date": due_date}, expected_version=expected_version, authorized=True
    )


# ---------------------------------------------------------------------------------------------
# Figures


@dataclass(frozen=True)
class Completion:
    key: str
    total: int
    done: int
    overdue: int
    on_time: int = 0
    late: int = 0
    awaiting: int = 0
    unit_id: int | None = None

    @property
    def rate(self) -> float | None:
        return self.done / self.total * 100 if self.total else None

    @property
    def open(self) -> int:
        return self.total - self.done


def _line_figures(today: dt.date) -> dict:
    return {
        "total": Count("id"),
        "done": Count("id", filter=Q(status__in=LINE_CLOSED)),
        "on_time": Count("id", filter=Q(status__in=LINE_CLOSED, reported_on__lte=F("due_date"))),
        "late": Count("id", filter=Q(status__in=LINE_CLOSED, reported_on__gt=F("due_date"))),
        "awaiting": Count("id", filter=Q(status=SUB)),
        "late_now": Count("id", filter=Q(status__in=LINE_ACTIVE, due_date__lt=today)),
    }


def completion_by_unit(lines: QuerySet, today: dt.date) -> list[Completion]:
    """The rapor tindak lanjut: per responsible unit, the lines given (cancelled actions left out),
    closed on time, closed late, awaiting assessment, still open and overdue (one query)."""
    rows = (
        lines.exclude(follow_up__status=C)
        .values("unit_id", "unit__name")
        .annotate(**_line_figures(today))
        .order_by("unit__name", "unit_id")
    )
    return [
        Completion(
            r["unit__name"],
            r["total"],
            r["done"],
            r["late_now"],
            r["on_time"],
            r["late"],
            r["awaiting"],
            r["unit_id"],
        )
        for r in rows
    ]


def completion_of(meeting: Meeting, today: dt.date) -> Completion:
    """The meeting's actions (done ÷ all but cancelled) and overdue actions."""
    late_lines = FollowUpLine.objects.filter(status__in=LINE_ACTIVE, due_date__lt=today).values(
        "follow_up_id"
    )
    row = meeting.follow_ups.exclude(status=C).aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(status=D)),
        late=Count(
            "id", filter=Q(status__in=FOLLOW_UP_ACTIVE) & (Q(due_date__lt=today) | Q(pk__in=late_lines))
        ),
    )
    return Completion(meeting.title, row["total"], row["done"], row["late"])


def line_counts(follow_up_ids: list[int]) -> dict[int, tuple[int, int]]:
    """{action id: (closed lines, all lines)} in one query: "12 dari 18 unit sesuai"."""
    if not follow_up_ids:
        return {}
    rows = (
        FollowUpLine.objects.filter(follow_up_id__in=follow_up_ids)
        .values("follow_up_id")
        .annotate(total=Count("id"), closed=Count("id", filter=Q(status__in=LINE_CLOSED)))
    )
    return {r["follow_up_id"]: (r["closed"], r["total"]) for r in rows}


def unreachable_units(units: Iterable, day: dt.date) -> list:
    """The `units` nobody can be reached at (notifications.services.unreachable_units)."""
    from sinergi.notifications.services import unreachable_units as unreachable

    return unreachable(list({u.pk: u for u in units}.values()), day)


def proposed_agenda(meeting: Meeting) -> QuerySet:
    """Active follow-ups of earlier meetings of the same series, not yet on this agenda."""
    if meeting.series_id is None:
        return FollowUp.objects.none()
    return (
        FollowUp.objects.filter(
            meeting__series_id=meeting.series_id,
            meeting__starts_at__lt=meeting.starts_at,
            status__in=FOLLOW_UP_ACTIVE,
        )
        .exclude(agenda_items__meeting=meeting)
        .select_related("meeting")
        .order_by("due_date")
    )


@transaction.atomic
def carry_over(actor: Actor, meeting: Meeting, follow_up_ids: list[int]) -> list[AgendaItem]:
    rules.ensure_open_for_changes(meeting)
    proposed = proposed_agenda(meeting).filter(pk__in=follow_up_ids)
    order = meeting.agenda_items.count()
    items = []
    for follow_up in proposed:
        order += 1
        items.append(
            create_object(
                actor,
                AgendaItem(
                    meeting=meeting,
                    order=order,
                    follow_up=follow_up,
                    title=f"Tindak lanjut: {follow_up.description}"[:300],
                ),
            )
        )
    return items


# ---------------------------------------------------------------------------------------------
# Telling people (the notifications app, when installed)


def _notify_assigned(follow_up: FollowUp, lines: list[FollowUpLine]) -> None:
    """Tell each responsible unit's heads and operators that the action is theirs (in-app, and
    by email / WhatsApp as each prefers)."""
    from sinergi.notifications.choices import Kind
    from sinergi.notifications.services import Message, notify_many, users_by_unit

    members = users_by_unit([line.unit_id for line in lines])
    with translation.override(MESSAGE_LANGUAGE):
        title = _("New follow-up action: %(text)s") % {"text": follow_up.description[:120]}
        messages = [
            Message(
                members[line.unit_id],
                Kind.FOLLOW_UP_ASSIGNED,
                title,
                _("%(unit)s is responsible; due %(due)s. Meeting: %(meeting)s")
                % {
                    "unit": line.unit.name,
                    "due": long_date(line.due_date),
                    "meeting": follow_up.meeting.title,
                },
                line.get_absolute_url(),
                f"follow_up_line:{line.pk}",
                government=follow_up.government_id,
            )
            for line in lines
            if members.get(line.unit_id)
        ]
    notify_many(messages)


def _notify_step(line: FollowUpLine, step: Step, reason: str) -> None:
    """Tell the unit its report was returned (with the reason) or accepted."""
    from sinergi.notifications.choices import Kind
    from sinergi.notifications.services import notify, users_of_units

    if step not in (Step.RETURN, Step.ACCEPT, Step.CLOSE, Step.REOPEN):
        return
    returned = step in (Step.RETURN, Step.REOPEN)
    with translation.override(MESSAGE_LANGUAGE):
        description = line.follow_up.description[:120]
        title = (_("Follow-up returned: %(text)s") if returned else _("Follow-up accepted: %(text)s")) % {
            "text": description
        }
        body = (
            _("%(unit)s: %(reason)s") % {"unit": line.unit.name, "reason": reason}
            if returned
            else _("%(unit)s: accepted as %(status)s.")
            % {"unit": line.unit.name, "status": line.get_status_display()}
        )
    notify(
        users_of_units([line.unit_id]),
        Kind.FOLLOW_UP_RETURNED if returned else Kind.FOLLOW_UP_ACCEPTED,
        title,
        body,
        line.get_absolute_url(),
        f"follow_up_line:{line.pk}:{line.version}",
        government=line.follow_up.government_id,
    )
