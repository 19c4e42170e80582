"""Follow-up actions (RTL) of a meeting: the state machine, who may take each step, progress
updates with evidence, overdue detection in the government's own zone, completion rates, and
the carry-over of open actions to the next meeting of a series.

States: open -> in_progress -> done; open/in_progress -> cancelled (with a reason);
done -> in_progress ("reopen", with a reason, organizer or coordinator only); cancelled is final.
The responsible units' heads and operators report progress (open -> in_progress -> done); the
organizer unit and the coordinators create, edit, cancel and reopen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.scope import Action, can
from sinergi.core.services import Actor, StaleEditError, create_object, update_object
from sinergi.meetings import rules
from sinergi.meetings.choices import FOLLOW_UP_ACTIVE, FollowUpStatus
from sinergi.meetings.models import AgendaItem, FollowUp, FollowUpUpdate, Meeting

OPEN, PROGRESS, D, C = (
    FollowUpStatus.OPEN,
    FollowUpStatus.IN_PROGRESS,
    FollowUpStatus.DONE,
    FollowUpStatus.CANCELLED,
)
RESPONSIBLE, ORGANIZER = "responsible", "organizer"
# (from, to) -> who may take the step, and whether a reason is needed.
TRANSITIONS: dict[tuple[str, str], tuple[frozenset[str], bool]] = {
    (OPEN, PROGRESS): (frozenset({RESPONSIBLE, ORGANIZER}), False),
    (OPEN, D): (frozenset({RESPONSIBLE, ORGANIZER}), False),
    (PROGRESS, PROGRESS): (frozenset({RESPONSIBLE, ORGANIZER}), False),
    (OPEN, OPEN): (frozenset({RESPONSIBLE, ORGANIZER}), False),
    (PROGRESS, D): (frozenset({RESPONSIBLE, ORGANIZER}), False),
    (OPEN, C): (frozenset({ORGANIZER}), True),
    (PROGRESS, C): (frozenset({ORGANIZER}), True),
    (D, PROGRESS): (frozenset({ORGANIZER}), True),
}


def is_overdue(follow_up: FollowUp, today: dt.date) -> bool:
    """Active and its due date has passed (`today` in the government's zone)."""
    return follow_up.status in FOLLOW_UP_ACTIVE and follow_up.due_date < today


def today_in(zone: str, now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(ZoneInfo(zone)).date()


def overdue(queryset: QuerySet, today: dt.date) -> QuerySet:
    return queryset.filter(status__in=FOLLOW_UP_ACTIVE, due_date__lt=today)


DUE_SOON_DAYS = 7


def due_soon(queryset: QuerySet, today: dt.date, days: int = DUE_SOON_DAYS) -> QuerySet:
    """Active actions due within `days` days of `today`, or overdue already."""
    return queryset.filter(status__in=FOLLOW_UP_ACTIVE, due_date__lte=today + dt.timedelta(days=days))


def roles_of(user, follow_up: FollowUp) -> set[str]:
    roles = set()
    if user is None or can(user, Action.CHANGE, follow_up):
        roles.add(ORGANIZER)
    if user is None or (_is_writer(user) and _covers_responsible(user, follow_up)):
        roles.add(RESPONSIBLE)
    return roles


def _is_writer(user) -> bool:
    from sinergi.core.scope import user_scope
    from sinergi.meetings.models import MEETING_MANAGERS

    scope = user_scope(user)
    return scope.is_global or scope.role in MEETING_MANAGERS


def _covers_responsible(user, follow_up: FollowUp) -> bool:
    from sinergi.core.scope import user_scope

    scope = user_scope(user)
    if scope.is_global or follow_up.government_id in scope.whole_governments:
        return True
    paths = [u.path for u in follow_up.responsible_units.all()]
    return any(p == root or p.startswith(root + ".") for p in paths for root in scope.unit_paths)


@transaction.atomic
def create(
    actor: Actor, meeting: Meeting, description: str, units, due_date: dt.date, decision=None
) -> FollowUp:
    rules.ensure_open_for_changes(meeting)
    units = list(units)
    if not units:
        raise ValidationError({"responsible_units": [_("Name at least one responsible unit.")]})
    if any(u.government_id != meeting.government_id for u in units):
        raise ValidationError({"responsible_units": [_("The unit belongs to another government.")]})
    return create_object(
        actor,
        FollowUp(
            government=meeting.government,
            meeting=meeting,
            decision=decision,
            description=description,
            due_date=due_date,
        ),
        m2m={"responsible_units": units},
    )


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
) -> FollowUp:
    """A progress update (or a state change) with its note; audited; stale versions refused."""
    current = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError()
    step = TRANSITIONS.get((current.status, status))
    if step is None:
        raise ValidationError(
            _("This is not possible for a follow-up action that is %(state)s.")
            % {"state": current.get_status_display()},
            code="state",
        )
    who, needs_reason = step
    if not (who & roles_of(actor.user, current)):
        raise PermissionDenied(_("You may not do this for this follow-up action."))
    note = (note or "").strip() or (reason or "").strip()
    if needs_reason and not (reason or note).strip():
        raise ValidationError({"reason": [_("Give a reason.")]})
    if not note:
        raise ValidationError({"note": [_("Say what was done.")]})
    progress = 100 if status == D else max(0, min(100, int(progress)))
    changes = {
        "status": status,
        "progress": progress,
        "completed_on": today_in(current.meeting.time_zone) if status == D else None,
    }
    if status == C:
        changes["cancel_reason"] = (reason or note).strip()
    update = FollowUpUpdate(follow_up=current, author=actor.user, note=note, status=status, progress=progress)
    if evidence is not None:
        update.evidence = evidence
    update.full_clean()
    update.save()
    # The action's own record: audited through the state change (the update row is its detail).
    written = _write(actor, current, changes)
    if written.version == current.version:
        # Same status and progress: the report still changed the action's history, so a form
        # opened before it is stale (two reports from one version: the second one is refused,
        # as for any other edit).
        FollowUp.objects.filter(pk=current.pk, version=current.version).update(version=F("version") + 1)
        written.version = current.version + 1
    return written


def _write(actor: Actor, follow_up: FollowUp, changes: dict) -> FollowUp:
    """The action's own audited write; a responsible unit may not edit the action but reports
    on it (report() checked that), so its write is authorized by that rule."""
    if actor.user is None or can(actor.user, Action.CHANGE, follow_up):
        return update_object(actor, follow_up, changes, expected_version=follow_up.version)
    return update_object(
        actor,
        follow_up,
        changes,
        expected_version=follow_up.version,
        authorized=True,
        note=_("Progress reported by a responsible unit"),
    )


@dataclass(frozen=True)
class Completion:
    key: str
    total: int
    done: int
    overdue: int

    @property
    def rate(self) -> float | None:
        return self.done / self.total * 100 if self.total else None


def completion_by_unit(queryset: QuerySet, today: dt.date) -> list[Completion]:
    """Per responsible unit: done ÷ (all − cancelled), and the overdue ones (one query)."""
    rows = (
        queryset.exclude(status=C)
        .values("responsible_units__name")
        .annotate(
            total=Count("id", distinct=True),
            done=Count("id", filter=Q(status=D), distinct=True),
            late=Count("id", filter=Q(status__in=FOLLOW_UP_ACTIVE, due_date__lt=today), distinct=True),
        )
        .order_by("responsible_units__name")
    )
    return [Completion(r["responsible_units__name"] or "–", r["total"], r["done"], r["late"]) for r in rows]


def completion_of(meeting: Meeting, today: dt.date) -> Completion:
    row = meeting.follow_ups.exclude(status=C).aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(status=D)),
        late=Count("id", filter=Q(status__in=FOLLOW_UP_ACTIVE, due_date__lt=today)),
    )
    return Completion(meeting.title, row["total"], row["done"], row["late"])


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
