"""The rules of kerja sama daerah, as pure functions (no queries): the derived status of an
agreement at a date, the renewal window, the documents each stage needs, and the score of a
yearly evaluation with its band.

Status (never typed, always derived at a date `today`):
  terminated   the agreement was ended early (terminated_on reached);
  renewed      its end date has passed and a renewal agreement exists;
  expired      its end date has passed (the end date itself is still in force);
  renewal_due  in force and the end date falls within the renewal window (default 6 months);
  active       in force: signed (MoU or PKS), start date reached;
  signed       signed, start date not reached yet;
  in_preparation  nothing signed yet (the stage reached tells how far it got).

Score of an evaluation (0-100, then the same bands as monitoring, DOMAIN.md):
  documents  20 %  share of the documents its stages require that are on file;
  on time    25 %  completed or on schedule 100, delayed 50, stalled 20, not started 0;
  realization 35 % what the PKS promised that was realized (realized / promised per indicator,
                   capped at 100 % each, averaged; without indicators: the implementation status);
  benefit    20 %  a benefit for the public described (50) and backed by evidence (+50).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sinergi.cooperation.choices import (
    STAGE_ORDER,
    AgreementStatus,
    DocumentKind,
    ImplementationStatus,
    Stage,
)
from sinergi.monitoring.achievement import BANDS, Band, BandBound, band

DEFAULT_RENEWAL_MONTHS = 6  # a government may set its own (CooperationSettings)
MAX_RENEWAL_MONTHS = 36
SIGNED_STAGES = frozenset({Stage.MOU_SIGNED, Stage.PKS_SIGNED, Stage.IMPLEMENTATION, Stage.EVALUATION})


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by `months` calendar months (31 August - 6 months = 28/29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class AgreementFacts:
    start: dt.date | None = None
    end: dt.date | None = None
    terminated_on: dt.date | None = None
    renewed: bool = False
    stages: Mapping[str, dt.date] = field(default_factory=dict)  # stage -> date reached
    signed_on: dt.date | None = None  # of the MoU or PKS, when a signed document is on file


def current_stage(stages: Mapping[str, dt.date], today: dt.date | None = None) -> Stage | None:
    """The furthest stage reached (by `today` when given)."""
    reached = [Stage(s) for s, day in stages.items() if today is None or day <= today]
    return max(reached, key=STAGE_ORDER.index) if reached else None


def renewal_starts(end: dt.date, months: int = DEFAULT_RENEWAL_MONTHS) -> dt.date:
    """The first day on which an agreement ending on `end` is flagged for renewal."""
    return add_months(end, -months)


def derived_status(
    facts: AgreementFacts, today: dt.date, renewal_months: int = DEFAULT_RENEWAL_MONTHS
) -> AgreementStatus:
    if facts.terminated_on and facts.terminated_on <= today:
        return AgreementStatus.TERMINATED
    if facts.end and facts.end < today:
        return AgreementStatus.RENEWED if facts.renewed else AgreementStatus.EXPIRED
    stage = current_stage(facts.stages, today)
    signed = (facts.signed_on is not None and facts.signed_on <= today) or stage in SIGNED_STAGES
    if not signed:
        return AgreementStatus.IN_PREPARATION
    if facts.start and facts.start > today:
        return AgreementStatus.SIGNED
    if facts.end and today >= renewal_starts(facts.end, renewal_months) and not facts.renewed:
        return AgreementStatus.RENEWAL_DUE  # (once its renewal is recorded, nobody is reminded)
    return AgreementStatus.ACTIVE


# The documents each stage needs on file (Permendagri 22/2020), cumulative along the stages.
STAGE_DOCUMENTS: dict[Stage, tuple[DocumentKind, ...]] = {
    Stage.PREPARATION: (DocumentKind.PROPOSAL,),
    Stage.OFFER: (DocumentKind.OFFER_LETTER,),
    Stage.MOU_DRAFTING: (DocumentKind.MOU_DRAFT,),
    Stage.MOU_SIGNED: (DocumentKind.MOU,),
    Stage.PKS_DRAFTING: (DocumentKind.PKS_DRAFT,),
    Stage.PKS_SIGNED: (DocumentKind.PKS,),
    Stage.IMPLEMENTATION: (DocumentKind.IMPLEMENTATION_REPORT,),
    Stage.EVALUATION: (DocumentKind.EVALUATION_REPORT,),
}


def required_documents(stage: Stage | None, dprd_approval_required: bool = False) -> tuple[DocumentKind, ...]:
    """Every document the stages up to `stage` need; the DPRD's approval from the signing of the
    PKS on when the agreement needs it."""
    if stage is None:
        return ()
    required: list[DocumentKind] = []
    for each in STAGE_ORDER[: STAGE_ORDER.index(stage) + 1]:
        required.extend(STAGE_DOCUMENTS[each])
        if each == Stage.PKS_SIGNED and dprd_approval_required:
            required.append(DocumentKind.DPRD_APPROVAL)
    return tuple(required)


def missing_documents(
    stage: Stage | None, on_file: Iterable[str], dprd_approval_required: bool = False
) -> tuple[DocumentKind, ...]:
    present = set(on_file)
    return tuple(kind for kind in required_documents(stage, dprd_approval_required) if kind not in present)


@dataclass(frozen=True)
class ChecklistItem:
    """One stage of the checklist: when it was reached, the documents it needs and whether
    each is on file."""

    stage: Stage
    reached_on: dt.date | None
    documents: tuple[tuple[DocumentKind, bool], ...]
    is_current: bool

    @property
    def complete(self) -> bool:
        return all(present for _kind, present in self.documents)


def stage_checklist(
    stages: Mapping[str, dt.date], on_file: Iterable[str], dprd_approval_required: bool = False
) -> tuple[ChecklistItem, ...]:
    """Every stage of Permendagri 22/2020 in order, with the date it was reached and the
    documents it needs (the DPRD's approval with the signing of the PKS when needed)."""
    present = set(on_file)
    current = current_stage(stages)
    items = []
    for stage in STAGE_ORDER:
        kinds = list(STAGE_DOCUMENTS[stage])
        if stage == Stage.PKS_SIGNED and dprd_approval_required:
            kinds.append(DocumentKind.DPRD_APPROVAL)
        items.append(
            ChecklistItem(
                stage=stage,
                reached_on=stages.get(stage),
                documents=tuple((kind, kind in present) for kind in kinds),
                is_current=stage == current,
            )
        )
    return tuple(items)


# ----------------------------------------------------------------------------- the score

WEIGHTS = {
    "documents": Decimal(20),
    "on_time": Decimal(25),
    "realization": Decimal(35),
    "benefit": Decimal(20),
}
ON_TIME_POINTS = {
    ImplementationStatus.COMPLETED: Decimal(100),
    ImplementationStatus.ON_SCHEDULE: Decimal(100),
    ImplementationStatus.DELAYED: Decimal(50),
    ImplementationStatus.STALLED: Decimal(20),
    ImplementationStatus.NOT_STARTED: Decimal(0),
}
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Promise:
    """One indicator the PKS promised, and what was realized of it."""

    promised: Decimal
    realized: Decimal


@dataclass(frozen=True)
class EvaluationFacts:
    documents_required: int
    documents_on_file: int
    implementation: str  # ImplementationStatus
    promises: tuple[Promise, ...] = ()
    benefit_described: bool = False
    benefit_evidence: bool = False


@dataclass(frozen=True)
class Score:
    value: Decimal  # 0-100, two decimals
    parts: Mapping[str, Decimal]  # each part 0-100 before weighting
    band: Band


def _part_realization(facts: EvaluationFacts) -> Decimal:
    shares = []
    for promise in facts.promises:
        if promise.promised > 0:
            shares.append(min(HUNDRED, max(Decimal(0), promise.realized) / promise.promised * HUNDRED))
    if shares:
        return sum(shares, Decimal(0)) / len(shares)
    return (
        ON_TIME_POINTS.get(ImplementationStatus(facts.implementation), Decimal(0))
        if facts.implementation
        else Decimal(0)
    )


def score(facts: EvaluationFacts, bands: tuple[BandBound, ...] = BANDS) -> Score:
    """The score of one cooperation's yearly evaluation (see the module docstring)."""
    if facts.documents_required > 0:
        documents = min(
            HUNDRED, Decimal(facts.documents_on_file) / Decimal(facts.documents_required) * HUNDRED
        )
    else:
        documents = HUNDRED
    on_time = ON_TIME_POINTS.get(ImplementationStatus(facts.implementation), Decimal(0))
    realization = _part_realization(facts)
    benefit = (Decimal(50) if facts.benefit_described else Decimal(0)) + (
        Decimal(50) if facts.benefit_evidence and facts.benefit_described else Decimal(0)
    )
    parts = {"documents": documents, "on_time": on_time, "realization": realization, "benefit": benefit}
    total = sum((parts[name] * WEIGHTS[name] for name in WEIGHTS), Decimal(0)) / HUNDRED
    value = total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Score(
        value=value,
        parts={k: v.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) for k, v in parts.items()},
        band=band(value, bands),
    )
