"""The yearly evaluation of a government's cooperation agreements.

The coordinator opens a round for a year: every agreement in force during that year (signed, not
ended before 1 January, not terminated before it) gets a draft evaluation assigned to its lead
responsible unit. The unit fills it and submits; the head or the coordinator verifies it or
returns it with a reason — the very workflow of quarterly monitoring (monitoring.rules
.TRANSITIONS: one table of steps, states and roles), audited the same way.

Completeness: "12 of 17 SKPD submitted, 41 of 50 initiatives evaluated" (one aggregate query).
Score: cooperation.rules.score from the facts on file (documents the stage needs, the
implementation, what the PKS promised, the benefit and its evidence).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sinergi.cooperation import rules
from sinergi.cooperation.choices import Stage
from sinergi.cooperation.models import Agreement, Evaluation, EvaluationEvidence, EvaluationRound, Indicator
from sinergi.core.formatting import long_date
from sinergi.core.scope import Action, can, check, scoped
from sinergi.core.services import Actor, StaleEditError, create_object, update_object
from sinergi.monitoring import rules as workflow
from sinergi.monitoring.choices import EDITABLE_STATES, RealizationStatus
from sinergi.monitoring.services import actor_role
from sinergi.notifications.choices import Kind
from sinergi.notifications.services import notify, users_of_units
from sinergi.regions.models import Government, Unit

DONE = (RealizationStatus.SUBMITTED, RealizationStatus.VERIFIED)
EDITABLE_FIELDS = (
    "implementation",
    "activities",
    "outputs",
    "benefit",
    "money_spent",
    "problems",
    "partner_performance",
    "recommendation",
)


def agreements_for_year(government: Government, year: int):
    """Agreements to evaluate for `year`: signed (a signing stage reached by the year's end) and
    in force at some time of the year."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    signed = Stage.MOU_SIGNED, Stage.PKS_SIGNED, Stage.IMPLEMENTATION, Stage.EVALUATION
    return (
        Agreement.objects.filter(government=government)
        .filter(stages__stage__in=signed, stages__reached_on__lte=last)
        .exclude(end__lt=first)
        .exclude(terminated_on__lt=first)
        .distinct()
        .prefetch_related("responsible_units")
    )


@transaction.atomic
def open_round(
    actor: Actor, government: Government, year: int, opens_on: dt.date, deadline: dt.date
) -> EvaluationRound:
    """Open the round (coordinators) and create a draft evaluation per agreement for its lead
    responsible unit. ValidationError when the round exists."""
    if EvaluationRound.objects.filter(government=government, year=year).exists():
        raise ValidationError(
            {"year": _("An evaluation round for %(year)s exists already.") % {"year": year}}
        )
    evaluation_round = create_object(
        actor, EvaluationRound(government=government, year=year, opens_on=opens_on, deadline=deadline)
    )
    evaluated_units = set()
    for agreement in agreements_for_year(government, year):
        units = sorted(agreement.responsible_units.all(), key=lambda u: u.path)
        if units:
            Evaluation.objects.create(round=evaluation_round, agreement=agreement, unit=units[0])
            evaluated_units.add(units[0].pk)
    _announce_round(evaluation_round, evaluated_units)
    return evaluation_round


def _announce_round(evaluation_round: EvaluationRound, unit_ids: set[int]) -> None:
    """Tell the heads and operators of the units that have agreements to evaluate (Indonesian)."""
    with translation.override("id"):
        title = _("Cooperation evaluation %(year)s is open") % {"year": evaluation_round.year}
        body = _("Evaluate your unit's cooperation agreements by %(deadline)s.") % {
            "deadline": long_date(evaluation_round.deadline)}
    notify(users_of_units(unit_ids), Kind.EVALUATION_ROUND_OPENED, title, body,
           reverse("cooperation:round_detail", args=[evaluation_round.pk]),
           f"evaluation_round:{evaluation_round.pk}", government=evaluation_round.government_id)


def _fresh(evaluation: Evaluation, expected_version: int | None) -> Evaluation:
    current = Evaluation.objects.select_related("round").get(pk=evaluation.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError()
    return current


def save(actor: Actor, evaluation: Evaluation, changes: dict, *, expected_version: int | None) -> Evaluation:
    """The unit's answers, while the evaluation is a draft or returned and the round is open."""
    current = _fresh(evaluation, expected_version)
    if current.status not in EDITABLE_STATES:
        raise ValidationError(_("The evaluation was submitted: it can no longer be changed."), code="locked")
    if current.round.closed_at:
        raise ValidationError(_("The evaluation round is closed."), code="closed")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    return update_object(actor, current, changes, expected_version=current.version)


def _step(
    actor: Actor, evaluation: Evaluation, step: str, expected_version: int | None, reason: str = ""
) -> Evaluation:
    current = _fresh(evaluation, expected_version)
    if actor.user is not None:
        check(actor.user, Action.CHANGE, current)
    role = actor_role(actor)
    try:
        move = workflow.next_state(step, current.status, role)
    except workflow.TransitionRefused as exc:
        if exc.kind == "role":
            raise PermissionDenied(_("Your role may not do this.")) from None
        raise ValidationError(
            _("This is not possible for an evaluation that is %(state)s.")
            % {"state": current.get_status_display()},
            code="state",
        ) from None
    reason = (reason or "").strip()
    if move.needs_reason and not reason:
        raise ValidationError({"return_reason": [_("Give a reason.")]})
    now = timezone.now()
    change: dict = {"status": move.target}
    if step == workflow.Step.SUBMIT:
        if current.round.closed_at:
            raise ValidationError(_("The evaluation round is closed."), code="closed")
        change.update(submitted_by=actor.user, submitted_at=now, verified_by=None, verified_at=None)
    elif step == workflow.Step.VERIFY:
        if actor.user is not None and current.submitted_by_id == actor.user.pk:
            raise PermissionDenied(_("You submitted this evaluation: someone else must verify it."))
        change.update(verified_by=actor.user, verified_at=now)
    else:
        change.update(return_reason=reason, verified_by=None, verified_at=None)
    return update_object(actor, current, change, expected_version=current.version)


def submit(actor: Actor, evaluation: Evaluation, *, expected_version: int | None = None) -> Evaluation:
    return _step(actor, evaluation, workflow.Step.SUBMIT, expected_version)


def verify(actor: Actor, evaluation: Evaluation, *, expected_version: int | None = None) -> Evaluation:
    return _step(actor, evaluation, workflow.Step.VERIFY, expected_version)


def return_evaluation(
    actor: Actor, evaluation: Evaluation, reason: str, *, expected_version: int | None = None
) -> Evaluation:
    return _step(actor, evaluation, workflow.Step.RETURN, expected_version, reason)


def add_indicator(
    actor: Actor,
    evaluation: Evaluation,
    name: str,
    promised: Decimal,
    realized: Decimal,
    unit_of_measure: str = "",
) -> Indicator:
    if evaluation.status not in EDITABLE_STATES:
        raise ValidationError(_("The evaluation was submitted: it can no longer be changed."), code="locked")
    return create_object(
        actor,
        Indicator(
            evaluation=evaluation,
            name=name,
            promised=promised,
            realized=realized,
            unit_of_measure=unit_of_measure,
        ),
    )


# ------------------------------------------------------------------------ completeness


@dataclass(frozen=True)
class Completeness:
    units: int
    units_submitted: int
    agreements: int
    agreements_evaluated: int

    def __str__(self) -> str:
        return _(
            "%(done)s of %(units)s units submitted, %(evaluated)s of %(agreements)s agreements evaluated"
        ) % {
            "done": self.units_submitted,
            "units": self.units,
            "evaluated": self.agreements_evaluated,
            "agreements": self.agreements,
        }


def of_round(evaluation_round: EvaluationRound, user=None):
    """The evaluations of the round; only those `user` may see when a user is given (a unit
    sees its own, a coordinator the government's: core.scope)."""
    rows = Evaluation.objects.filter(round=evaluation_round)
    return rows if user is None else scoped(rows, user)


def completeness(evaluation_round: EvaluationRound, user=None) -> Completeness:
    """A unit counts as submitted when all its evaluations are submitted or verified. With
    `user`: over the evaluations the user may see."""
    per_unit = (
        of_round(evaluation_round, user)
        .values("unit_id")
        .annotate(total=Count("id"), done=Count("id", filter=Q(status__in=DONE)))
    )
    rows = list(per_unit)
    return Completeness(
        units=len(rows),
        units_submitted=sum(1 for r in rows if r["done"] == r["total"]),
        agreements=sum(r["total"] for r in rows),
        agreements_evaluated=sum(r["done"] for r in rows),
    )


@dataclass(frozen=True)
class UnitCompleteness:
    unit: Unit
    agreements: int
    evaluated: int  # submitted or verified
    verified: int

    @property
    def complete(self) -> bool:
        return self.evaluated == self.agreements


def completeness_by_unit(evaluation_round: EvaluationRound, user=None) -> list[UnitCompleteness]:
    """Per responsible unit: its agreements in the round, how many it has submitted (or had
    verified) — who is lagging, the least complete first (one query). With `user`: the units
    of the evaluations the user may see."""
    rows = (
        of_round(evaluation_round, user)
        .values("unit_id")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=Q(status__in=DONE)),
            verified=Count("id", filter=Q(status=RealizationStatus.VERIFIED)),
        )
        .order_by()
    )
    figures = {r["unit_id"]: r for r in rows}
    units = Unit.objects.filter(pk__in=figures).order_by("path")
    result = [
        UnitCompleteness(u, figures[u.pk]["total"], figures[u.pk]["done"], figures[u.pk]["verified"])
        for u in units
    ]
    return sorted(result, key=lambda c: (c.evaluated / c.agreements, c.unit.path))


# ------------------------------------------------------------------------------- scores


def facts_for(evaluation: Evaluation) -> rules.EvaluationFacts:
    """The facts the score reads, from what is on file (uses prefetched rows when present)."""
    agreement = evaluation.agreement
    stages = {s.stage: s.reached_on for s in agreement.stages.all()}
    stage = rules.current_stage(stages)
    on_file = {d.kind for d in agreement.documents.all() if d.file or d.signed_on}
    required = rules.required_documents(stage, agreement.dprd_approval_required)
    return rules.EvaluationFacts(
        documents_required=len(required),
        documents_on_file=sum(1 for kind in required if kind in on_file),
        implementation=evaluation.implementation,
        promises=tuple(rules.Promise(i.promised, i.realized) for i in evaluation.indicators.all()),
        benefit_described=bool(evaluation.benefit.strip()),
        benefit_evidence=(
            evaluation.has_evidence if hasattr(evaluation, "has_evidence") else evaluation.evidence.exists()
        ),
    )


def scored(evaluation_round: EvaluationRound, user=None) -> list[tuple[Evaluation, rules.Score]]:
    """Every evaluation of the round (with `user`: that the user may see) with its score (six
    queries whatever the size)."""
    evaluations = (
        of_round(evaluation_round, user)
        .select_related("agreement", "agreement__object", "unit")
        .annotate(has_evidence=Exists(EvaluationEvidence.objects.filter(evaluation=OuterRef("pk"))))
        .prefetch_related(
            "agreement__stages",
            "agreement__documents",
            "indicators",
            Prefetch("agreement__partners"),
            "agreement__partners__region",
            "agreement__partners__third_party",
            "agreement__responsible_units",
        )
    )
    return [(evaluation, rules.score(facts_for(evaluation))) for evaluation in evaluations]


def counted(pairs: Iterable[tuple[Evaluation, rules.Score]]) -> list[tuple[Evaluation, rules.Score]]:
    """The evaluations that the rollups and the report's averages count: the submitted and
    verified ones. A draft's score is provisional: it reads what the unit has not yet said."""
    return [(evaluation, score) for evaluation, score in pairs if evaluation.status in DONE]


@dataclass(frozen=True)
class Group:
    key: str
    count: int
    average: Decimal | None


def rollup(pairs: Iterable[tuple[Evaluation, rules.Score]], by: str) -> list[Group]:
    """Average score per unit, partner, kind or object ("unit" | "partner" | "kind" | "object")."""
    groups: dict[str, list[Decimal]] = defaultdict(list)
    for evaluation, score in pairs:
        agreement = evaluation.agreement
        if by == "unit":
            keys = [str(evaluation.unit)]
        elif by == "partner":
            keys = [str(p) for p in agreement.partners.all()] or [_("(no partner)")]
        elif by == "kind":
            keys = [agreement.get_kind_display()]
        elif by == "object":
            keys = [
                str(agreement.object) if agreement.object_id else agreement.object_text or _("(not stated)")
            ]
        else:
            raise ValueError(by)
        for key in keys:
            groups[key].append(score.value)
    return sorted(
        (
            Group(key, len(values), (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01")))
            for key, values in groups.items()
        ),
        key=lambda g: g.key,
    )


def may_evaluate(user, evaluation: Evaluation) -> bool:
    return can(user, Action.CHANGE, evaluation)
