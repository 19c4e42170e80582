"""API v1 for the cooperation registry: agreements (with partners, stages, documents and their
numbers per party), evaluation rounds and evaluations (save, submit, verify, return).

Scope: a unit sees and edits its own agreements; the coordinator the government's; the
coordinators of a partner region see the agreements that name it, read-only. Writes go through
core.services (audited, stale versions -> 409).
No `from __future__ import annotations` here: Ninja reads these annotations at run time.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from sinergi.api.crud import ERRORS, api_actor, api_user
from sinergi.cooperation import evaluation as evaluations
from sinergi.cooperation.choices import CooperationKind
from sinergi.cooperation.models import Agreement, Evaluation, EvaluationRound
from sinergi.cooperation.services import may_write, status_of, visible_agreements
from sinergi.core.scope import Action, can, scoped
from sinergi.core.services import create_object, update_object
from sinergi.regions.models import Government, Unit

router = Router(tags=["cooperation"])

QUERYSET = Agreement.objects.select_related("government").prefetch_related(
    "partners__region", "partners__third_party", "responsible_units", "stages", "documents__numbers"
)


class NumberOut(Schema):
    party: str
    number: str
    is_own: bool


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    parent: int | None
    signed_on: date | None
    numbers: list[NumberOut]


class PartnerOut(Schema):
    region: str | None
    third_party: str | None
    foreign_name: str


class AgreementOut(Schema):
    id: int
    government: int
    title: str
    kind: str
    status: str
    partners: list[PartnerOut]
    responsible_units: list[int]
    object_text: str
    value: Decimal | None
    start: date | None
    end: date | None
    dprd_approval_required: bool
    dprd_approved_on: date | None
    stages: dict[str, date]
    documents: list[DocumentOut]
    version: int
    editable: bool


class AgreementIn(Schema):
    government: int
    title: str
    kind: CooperationKind
    responsible_units: list[int]
    object_text: str = ""
    value: Decimal | None = None
    start: date | None = None
    end: date | None = None
    dprd_approval_required: bool = False
    notes: str = ""


class AgreementPatch(Schema):
    version: int
    title: str | None = None
    object_text: str | None = None
    value: Decimal | None = None
    start: date | None = None
    end: date | None = None
    terminated_on: date | None = None
    notes: str | None = None


def _out(agreement: Agreement, user: Any) -> dict:
    return {
        "id": agreement.pk,
        "government": agreement.government_id,
        "title": agreement.title,
        "kind": agreement.kind,
        "status": status_of(agreement, timezone.localdate()),
        "partners": [
            {
                "region": p.region_id,
                "third_party": p.third_party.name if p.third_party_id else None,
                "foreign_name": p.foreign_name,
            }
            for p in agreement.partners.all()
        ],
        "responsible_units": [u.pk for u in agreement.responsible_units.all()],
        "object_text": agreement.object_text,
        "value": agreement.value,
        "start": agreement.start,
        "end": agreement.end,
        "dprd_approval_required": agreement.dprd_approval_required,
        "dprd_approved_on": agreement.dprd_approved_on,
        "stages": {s.stage: s.reached_on for s in agreement.stages.all()},
        "documents": [
            {
                "id": d.pk,
                "kind": d.kind,
                "title": d.title,
                "parent": d.parent_id,
                "signed_on": d.signed_on,
                "numbers": [
                    {"party": n.party, "number": n.number, "is_own": n.is_own} for n in d.numbers.all()
                ],
            }
            for d in agreement.documents.all()
        ],
        "version": agreement.version,
        "editable": can(user, Action.CHANGE, agreement),
    }


def _visible(user: Any) -> QuerySet:
    return QUERYSET.filter(pk__in=visible_agreements(user).values("pk"))


@router.get("/agreements", response={200: list[AgreementOut], **ERRORS})
def list_agreements(request: HttpRequest, government: int | None = None, kind: str | None = None):
    user = api_user(request)
    agreements = _visible(user).order_by("government_id", "end", "title")
    if government:
        agreements = agreements.filter(government_id=government)
    if kind:
        agreements = agreements.filter(kind=kind)
    return [_out(a, user) for a in agreements]


@router.get("/agreements/{pk}", response={200: AgreementOut, **ERRORS})
def get_agreement(request: HttpRequest, pk: int):
    user = api_user(request)
    agreement = _visible(user).filter(pk=pk).first()
    if agreement is None:
        raise Http404
    return _out(agreement, user)


@router.post("/agreements", response={201: AgreementOut, **ERRORS})
def create_agreement(request: HttpRequest, payload: AgreementIn):
    user = api_user(request)
    government = scoped(Government.objects.all(), user).filter(pk=payload.government).first()
    if government is None:
        raise ValidationError({"government": ["Unknown government."]})
    units = list(scoped(Unit.objects.filter(government=government, pk__in=payload.responsible_units), user))
    if len(units) != len(set(payload.responsible_units)) or not units:
        raise ValidationError({"responsible_units": ["Unknown unit (or not visible to you)."]})
    if not may_write(user, government, units):
        raise PermissionDenied
    data = payload.dict(exclude={"government", "responsible_units"})
    agreement = create_object(
        api_actor(request), Agreement(government=government, **data), m2m={"responsible_units": units}
    )
    return Status(201, _out(QUERYSET.get(pk=agreement.pk), user))


@router.patch("/agreements/{pk}", response={200: AgreementOut, **ERRORS})
def patch_agreement(request: HttpRequest, pk: int, payload: AgreementPatch):
    user = api_user(request)
    agreement = _visible(user).filter(pk=pk).first()
    if agreement is None:
        raise Http404
    if not can(user, Action.CHANGE, agreement):
        raise PermissionDenied
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    update_object(api_actor(request), agreement, changes, expected_version=payload.version)
    return _out(QUERYSET.get(pk=pk), user)


class RoundOut(Schema):
    id: int
    government: int
    year: int
    opens_on: date
    deadline: date
    units: int
    units_submitted: int
    agreements: int
    agreements_evaluated: int


class EvaluationOut(Schema):
    id: int
    round: int
    agreement: int
    unit: int
    status: str
    implementation: str
    activities: str
    outputs: str
    benefit: str
    money_spent: Decimal | None
    problems: str
    partner_performance: str
    recommendation: str
    return_reason: str
    score: Decimal
    band: str
    version: int


class EvaluationPatch(Schema):
    version: int
    implementation: str | None = None
    activities: str | None = None
    outputs: str | None = None
    benefit: str | None = None
    money_spent: Decimal | None = None
    problems: str | None = None
    partner_performance: str | None = None
    recommendation: str | None = None


class StepIn(Schema):
    version: int
    reason: str = ""


def _round_out(evaluation_round: EvaluationRound) -> dict:
    done = evaluations.completeness(evaluation_round)
    return {
        "id": evaluation_round.pk,
        "government": evaluation_round.government_id,
        "year": evaluation_round.year,
        "opens_on": evaluation_round.opens_on,
        "deadline": evaluation_round.deadline,
        "units": done.units,
        "units_submitted": done.units_submitted,
        "agreements": done.agreements,
        "agreements_evaluated": done.agreements_evaluated,
    }


def _evaluation_out(evaluation: Evaluation) -> dict:
    score = evaluations.rules.score(evaluations.facts_for(evaluation))
    fields = (
        "status",
        "implementation",
        "activities",
        "outputs",
        "benefit",
        "money_spent",
        "problems",
        "partner_performance",
        "recommendation",
        "return_reason",
        "version",
    )
    return {
        "id": evaluation.pk,
        "round": evaluation.round_id,
        "agreement": evaluation.agreement_id,
        "unit": evaluation.unit_id,
        "score": score.value,
        "band": score.band.value,
        **{name: getattr(evaluation, name) for name in fields},
    }


@router.get("/rounds", response={200: list[RoundOut], **ERRORS})
def list_rounds(request: HttpRequest, government: int | None = None):
    rounds = scoped(EvaluationRound.objects.all(), api_user(request)).order_by("-year")
    if government:
        rounds = rounds.filter(government_id=government)
    return [_round_out(r) for r in rounds]


@router.get("/rounds/{pk}/evaluations", response={200: list[EvaluationOut], **ERRORS})
def list_evaluations(request: HttpRequest, pk: int):
    evaluation_round = scoped(EvaluationRound.objects.all(), api_user(request)).filter(pk=pk).first()
    if evaluation_round is None:
        raise Http404
    rows = scoped(Evaluation.objects.filter(round=evaluation_round), api_user(request)).select_related(
        "agreement"
    )
    return [
        _evaluation_out(e)
        for e in rows.prefetch_related("agreement__stages", "agreement__documents", "indicators", "evidence")
    ]


def _evaluation(request: HttpRequest, pk: int) -> Evaluation:
    evaluation = (
        scoped(Evaluation.objects.select_related("round", "agreement"), api_user(request))
        .filter(pk=pk)
        .first()
    )
    if evaluation is None:
        raise Http404
    return evaluation


@router.patch("/evaluations/{pk}", response={200: EvaluationOut, **ERRORS})
def patch_evaluation(request: HttpRequest, pk: int, payload: EvaluationPatch):
    evaluation = _evaluation(request, pk)
    if not can(api_user(request), Action.CHANGE, evaluation):
        raise PermissionDenied
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    return _evaluation_out(
        evaluations.save(api_actor(request), evaluation, changes, expected_version=payload.version)
    )


@router.post("/evaluations/{pk}/{step}", response={200: EvaluationOut, **ERRORS})
def evaluation_step(request: HttpRequest, pk: int, step: str, payload: StepIn):
    evaluation = _evaluation(request, pk)
    actor = api_actor(request)
    if step == "submit":
        done = evaluations.submit(actor, evaluation, expected_version=payload.version)
    elif step == "verify":
        done = evaluations.verify(actor, evaluation, expected_version=payload.version)
    elif step == "return":
        done = evaluations.return_evaluation(
            actor, evaluation, payload.reason, expected_version=payload.version
        )
    else:
        raise Http404
    return _evaluation_out(done)
