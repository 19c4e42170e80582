"""API v1 for the cooperation registry: agreements (with partners, stages, documents and their
numbers per party), documents (create with numbers and signatories, edit, number per party,
scanned file up and down), the follow-up actions of meetings about an agreement, evaluation
rounds and evaluations (save, submit, verify, return).

Scope: a unit sees and edits its own agreements; the coordinator the government's; the
coordinators of a partner region see the agreements that name it, read-only. Writes go through
core.services (audited, stale versions -> 409).
No `from __future__ import annotations` here: Ninja reads these annotations at run time.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from sinergi.api.crud import ERRORS, api_actor, api_user
from sinergi.cooperation import documents
from sinergi.cooperation import evaluation as evaluations
from sinergi.cooperation import followups as agreement_followups
from sinergi.cooperation.choices import CooperationKind, DocumentKind
from sinergi.cooperation.models import Agreement, Document, Evaluation, EvaluationRound
from sinergi.cooperation.services import (
    add_partner,
    may_write,
    partner_regions,
    renew,
    renewal_windows,
    status_of,
    visible_agreements,
)
from sinergi.core.files import download_name, file_response
from sinergi.core.scope import Action, can, scoped
from sinergi.core.services import create_object, update_object
from sinergi.meetings.models import FollowUp
from sinergi.regions.models import Government, Official, Unit

router = Router(tags=["cooperation"])

QUERYSET = (
    Agreement.objects.select_related("government")
    .prefetch_related(
        "partners__region",
        "partners__third_party",
        "responsible_units",
        "stages",
        "documents__numbers",
        "documents__signatories",
    )
    .annotate(renewal_count=Count("renewals", distinct=True))
)


class NumberOut(Schema):
    party: str
    number: str
    is_own: bool


class SignatoryOut(Schema):
    official: int | None
    name: str
    position: str
    party: str


class DocumentOut(Schema):
    id: int
    agreement: int
    kind: str
    title: str
    parent: int | None
    signed_on: date | None
    start: date | None
    end: date | None
    value: Decimal | None
    numbers: list[NumberOut]
    signatories: list[SignatoryOut]
    file: str | None
    version: int


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


class PartnerIn(Schema):
    """Exactly one of: a region code, a third party (its type when it is new), a foreign name."""

    region: str | None = None
    third_party: str = ""
    third_party_kind: str = ""
    foreign_name: str = ""


class AgreementIn(Schema):
    government: int
    title: str
    kind: CooperationKind
    responsible_units: list[int]
    partners: list[PartnerIn] = []
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


def _document_out(document: Document) -> dict:
    return {
        "id": document.pk,
        "agreement": document.agreement_id,
        "kind": document.kind,
        "title": document.title,
        "parent": document.parent_id,
        "signed_on": document.signed_on,
        "start": document.start,
        "end": document.end,
        "value": document.value,
        "numbers": [
            {"party": n.party, "number": n.number, "is_own": n.is_own} for n in document.numbers.all()
        ],
        "signatories": [
            {"official": s.official_id, "name": s.name, "position": s.position, "party": s.party}
            for s in document.signatories.all()
        ],
        "file": reverse("api-v1:cooperation_document_file", args=[document.pk]) if document.file else None,
        "version": document.version,
    }


def _out(
    agreement: Agreement, user: Any, renewal_months: int | None = None, editable: bool | None = None
) -> dict:
    return {
        "id": agreement.pk,
        "government": agreement.government_id,
        "title": agreement.title,
        "kind": agreement.kind,
        "status": status_of(agreement, timezone.localdate(), renewal_months),
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
        "documents": [_document_out(d) for d in agreement.documents.all()],
        "version": agreement.version,
        "editable": can(user, Action.CHANGE, agreement) if editable is None else editable,
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
    agreements = list(agreements)
    windows = renewal_windows({a.government_id for a in agreements})
    editable = set(
        scoped(Agreement.objects.filter(pk__in=[a.pk for a in agreements]), user, Action.CHANGE).values_list(
            "pk", flat=True
        )
    )
    return [_out(a, user, windows[a.government_id], a.pk in editable) for a in agreements]


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
    data = payload.dict(exclude={"government", "responsible_units", "partners"})
    with transaction.atomic():
        agreement = create_object(
            api_actor(request), Agreement(government=government, **data), m2m={"responsible_units": units}
        )
        for partner in payload.partners:
            _add_partner(request, agreement, partner)
    return Status(201, _out(QUERYSET.get(pk=agreement.pk), user))


def _add_partner(request: HttpRequest, agreement: Agreement, partner: "PartnerIn") -> None:
    region = None
    if partner.region:
        region = partner_regions().filter(pk=partner.region).first()
        if region is None:
            raise ValidationError({"region": [f"Unknown region code {partner.region}."]})
    add_partner(
        api_actor(request),
        agreement,
        region=region,
        third_party_name=partner.third_party,
        third_party_kind=partner.third_party_kind,
        foreign_name=partner.foreign_name,
    )


class RenewalIn(Schema):
    start: date
    end: date
    title: str = ""


@router.post("/agreements/{pk}/renew", response={201: AgreementOut, **ERRORS})
def renew_agreement(request: HttpRequest, pk: int, payload: RenewalIn):
    """Record the renewal: a new agreement with the same parties that renews this one."""
    agreement = _agreement_to_change(request, pk)
    if payload.end < payload.start:
        raise ValidationError({"end": ["The agreement ends before it starts."]})
    renewal = renew(api_actor(request), agreement, payload.start, payload.end, payload.title)
    return Status(201, _out(QUERYSET.get(pk=renewal.pk), api_user(request)))


@router.post("/agreements/{pk}/partners", response={200: AgreementOut, **ERRORS})
def add_agreement_partner(request: HttpRequest, pk: int, payload: PartnerIn):
    agreement = _agreement_to_change(request, pk)
    _add_partner(request, agreement, payload)
    return _out(QUERYSET.get(pk=pk), api_user(request))


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


def _round_out(evaluation_round: EvaluationRound, user: Any) -> dict:
    """The round with its completeness over the evaluations `user` may see (as on its page)."""
    done = evaluations.completeness(evaluation_round, user)
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
    user = api_user(request)
    rounds = scoped(EvaluationRound.objects.all(), user).order_by("-year")
    if government:
        rounds = rounds.filter(government_id=government)
    return [_round_out(r, user) for r in rounds]


class RoundIn(Schema):
    government: int
    year: int
    opens_on: date
    deadline: date


@router.post("/rounds", response={201: RoundOut, **ERRORS})
def open_round(request: HttpRequest, payload: RoundIn):
    """The coordinator opens the year's round: a draft evaluation per agreement in force."""
    user = api_user(request)
    government = scoped(Government.objects.all(), user).filter(pk=payload.government).first()
    if government is None:
        raise ValidationError({"government": ["Unknown government."]})
    if not can(user, Action.ADD, EvaluationRound(government=government)):
        raise PermissionDenied
    created = evaluations.open_round(
        api_actor(request), government, payload.year, payload.opens_on, payload.deadline
    )
    return Status(201, _round_out(created, user))


@router.get("/rounds/{pk}", response={200: RoundOut, **ERRORS})
def get_round(request: HttpRequest, pk: int):
    user = api_user(request)
    evaluation_round = scoped(EvaluationRound.objects.all(), user).filter(pk=pk).first()
    if evaluation_round is None:
        raise Http404
    return _round_out(evaluation_round, user)


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


# --- Documents: one MoU, many PKS, addenda; each party's number; signatories; the scan --------


class NumberIn(Schema):
    party: str
    number: str
    is_own: bool = False


class SignatoryIn(Schema):
    official: int | None = None
    name: str = ""
    position: str = ""
    party: str = ""


class DocumentIn(Schema):
    kind: DocumentKind
    title: str
    parent: int | None = None
    signed_on: date | None = None
    start: date | None = None
    end: date | None = None
    value: Decimal | None = None
    numbers: list[NumberIn] = []
    signatories: list[SignatoryIn] = []


class DocumentPatch(Schema):
    version: int
    title: str | None = None
    signed_on: date | None = None
    start: date | None = None
    end: date | None = None
    value: Decimal | None = None


DOCUMENTS = Document.objects.select_related("agreement__government").prefetch_related(
    "numbers", "signatories"
)


def _agreement_to_change(request: HttpRequest, pk: int) -> Agreement:
    user = api_user(request)
    agreement = visible_agreements(user).filter(pk=pk).select_related("government").first()
    if agreement is None:
        raise Http404
    if not can(user, Action.CHANGE, agreement):
        raise PermissionDenied
    return agreement


def _document(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Document:
    user = api_user(request)
    document = DOCUMENTS.filter(pk=pk, agreement__in=visible_agreements(user)).first()
    if document is None:
        raise Http404
    if action != Action.VIEW and not can(user, Action.CHANGE, document.agreement):
        raise PermissionDenied
    return document


def _signatory_official(government_id: int, official: int | None) -> Official | None:
    if official is None:
        return None
    found = Official.objects.filter(pk=official, government_id=government_id).first()
    if found is None:
        raise ValidationError({"official": ["Unknown official of this government."]})
    return found


@router.get("/agreements/{pk}/documents", response={200: list[DocumentOut], **ERRORS})
def list_documents(request: HttpRequest, pk: int):
    agreement = visible_agreements(api_user(request)).filter(pk=pk).first()
    if agreement is None:
        raise Http404
    return [_document_out(d) for d in DOCUMENTS.filter(agreement=agreement).order_by("id")]


@router.post("/agreements/{pk}/documents", response={201: DocumentOut, **ERRORS})
def create_document(request: HttpRequest, pk: int, payload: DocumentIn):
    """A document with the numbers its parties gave it and its signatories, all or nothing."""
    agreement = _agreement_to_change(request, pk)
    actor = api_actor(request)
    parent = None
    if payload.parent is not None:
        parent = agreement.documents.filter(pk=payload.parent).first()
        if parent is None:
            raise ValidationError({"parent": ["Unknown document of this agreement."]})
    with transaction.atomic():
        document = create_object(
            actor,
            Document(
                agreement=agreement,
                parent=parent,
                **payload.dict(exclude={"parent", "numbers", "signatories"}),
            ),
        )
        for number in payload.numbers:
            documents.set_number(actor, document, number.party, number.number, is_own=number.is_own)
        for signatory in payload.signatories:
            documents.add_signatory(
                actor,
                document,
                official=_signatory_official(agreement.government_id, signatory.official),
                name=signatory.name,
                position=signatory.position,
                party=signatory.party,
            )
    return Status(201, _document_out(DOCUMENTS.get(pk=document.pk)))


@router.get("/documents/{pk}", response={200: DocumentOut, **ERRORS})
def get_document(request: HttpRequest, pk: int):
    return _document_out(_document(request, pk))


@router.patch("/documents/{pk}", response={200: DocumentOut, **ERRORS})
def patch_document(request: HttpRequest, pk: int, payload: DocumentPatch):
    document = _document(request, pk, Action.CHANGE)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    update_object(api_actor(request), document, changes, expected_version=payload.version)
    return _document_out(DOCUMENTS.get(pk=pk))


@router.post("/documents/{pk}/numbers", response={200: DocumentOut, **ERRORS})
def set_document_number(request: HttpRequest, pk: int, payload: NumberIn):
    """The number `party` gave the document (an empty number removes it)."""
    document = _document(request, pk, Action.CHANGE)
    documents.set_number(api_actor(request), document, payload.party, payload.number, is_own=payload.is_own)
    return _document_out(DOCUMENTS.get(pk=pk))


@router.post("/documents/{pk}/file", response={200: DocumentOut, **ERRORS})
def upload_document_file(request: HttpRequest, pk: int, file: File[UploadedFile], version: Form[int]):
    """The scanned document (PDF or image), multipart; replaces the one on file."""
    document = _document(request, pk, Action.CHANGE)
    update_object(api_actor(request), document, {"file": file}, expected_version=version)
    return _document_out(DOCUMENTS.get(pk=pk))


@router.get("/documents/{pk}/file", url_name="cooperation_document_file", response={200: None, **ERRORS})
def download_document_file(request: HttpRequest, pk: int):
    document = _document(request, pk)
    return file_response(document.file, download_name(document.file, document.file_name))


# --- Follow-up actions of meetings about an agreement --------------------------------------


class FollowUpRefOut(Schema):
    id: int
    meeting: int
    description: str
    due_date: date
    status: str
    progress: int


class FollowUpLinkIn(Schema):
    follow_up: int


@router.get("/agreements/{pk}/follow-ups", response={200: list[FollowUpRefOut], **ERRORS})
def list_agreement_follow_ups(request: HttpRequest, pk: int):
    agreement = visible_agreements(api_user(request)).filter(pk=pk).first()
    if agreement is None:
        raise Http404
    return [
        {
            "id": f.pk,
            "meeting": f.meeting_id,
            "description": f.description,
            "due_date": f.due_date,
            "status": f.status,
            "progress": f.progress,
        }
        for f in agreement_followups.of_agreement(agreement)
    ]


@router.post("/agreements/{pk}/follow-ups", response={200: list[FollowUpRefOut], **ERRORS})
def link_agreement_follow_up(request: HttpRequest, pk: int, payload: FollowUpLinkIn):
    """Say that a follow-up action of a meeting concerns this agreement (whoever may change the
    meeting may; see cooperation.followups)."""
    user = api_user(request)
    agreement = visible_agreements(user).filter(pk=pk).first()
    follow_up = scoped(FollowUp.objects.select_related("meeting"), user).filter(pk=payload.follow_up).first()
    if agreement is None or follow_up is None:
        raise Http404
    agreement_followups.link(api_actor(request), follow_up, [agreement])
    return list_agreement_follow_ups(request, pk)
