"""The rules of kerja sama daerah: derived status at its date edges, the renewal window, the
documents each stage needs, the score and its bands."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sinergi.cooperation.choices import AgreementStatus, DocumentKind, ImplementationStatus, Stage
from sinergi.cooperation.rules import (
    AgreementFacts,
    EvaluationFacts,
    Promise,
    add_months,
    derived_status,
    missing_documents,
    renewal_starts,
    required_documents,
    score,
    stage_checklist,
)
from sinergi.monitoring.achievement import Band

D = dt.date
SIGNED = {Stage.MOU_SIGNED: D(2023, 1, 10), Stage.PKS_SIGNED: D(2023, 2, 1)}


def facts(**extra) -> AgreementFacts:
    values = dict(start=D(2023, 2, 1), end=D(2025, 12, 31), stages=SIGNED)
    values.update(extra)
    return AgreementFacts(**values)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2023, 1, 9), AgreementStatus.IN_PREPARATION),  # nothing signed yet
        (D(2023, 1, 10), AgreementStatus.SIGNED),  # MoU signed, not in force until 1 Feb
        (D(2023, 2, 1), AgreementStatus.ACTIVE),  # in force from its first day
        (D(2025, 6, 29), AgreementStatus.ACTIVE),  # the day before the 6-month window
        (D(2025, 6, 30), AgreementStatus.RENEWAL_DUE),  # 31 Dec - 6 months = 30 Jun (clamped)
        (D(2025, 12, 31), AgreementStatus.RENEWAL_DUE),  # its last day is still in force
        (D(2026, 1, 1), AgreementStatus.EXPIRED),  # the day after
    ],
)
def test_status_at_its_date_edges(today, expected):
    assert derived_status(facts(), today) == expected


def test_renewed_terminated_and_a_configured_window():
    assert derived_status(facts(renewed=True), D(2026, 1, 1)) == AgreementStatus.RENEWED
    # Its renewal recorded, an agreement in its last months is no longer due for renewal.
    assert derived_status(facts(renewed=True), D(2025, 12, 31)) == AgreementStatus.ACTIVE
    assert derived_status(facts(terminated_on=D(2024, 5, 1)), D(2024, 4, 30)) == AgreementStatus.ACTIVE
    assert derived_status(facts(terminated_on=D(2024, 5, 1)), D(2024, 5, 1)) == AgreementStatus.TERMINATED
    assert derived_status(facts(), D(2025, 9, 30), renewal_months=3) == AgreementStatus.RENEWAL_DUE
    assert derived_status(facts(), D(2025, 9, 29), renewal_months=3) == AgreementStatus.ACTIVE


def test_add_months_clamps_to_the_month_end():
    assert add_months(D(2025, 8, 31), -6) == D(2025, 2, 28)
    assert add_months(D(2024, 8, 31), -6) == D(2024, 2, 29)
    assert add_months(D(2025, 1, 15), 12) == D(2026, 1, 15)
    assert renewal_starts(D(2025, 12, 31)) == D(2025, 6, 30)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 1, 1)), st.integers(-240, 240))
def test_add_months_round_trip_keeps_early_days(day, months):
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    if day.day <= 28:
        assert moved.day == day.day


def test_documents_each_stage_needs():
    assert required_documents(None) == ()
    assert required_documents(Stage.MOU_SIGNED) == (
        DocumentKind.PROPOSAL,
        DocumentKind.OFFER_LETTER,
        DocumentKind.MOU_DRAFT,
        DocumentKind.MOU,
    )
    with_dprd = required_documents(Stage.PKS_SIGNED, dprd_approval_required=True)
    assert DocumentKind.DPRD_APPROVAL in with_dprd
    assert DocumentKind.DPRD_APPROVAL not in required_documents(Stage.PKS_SIGNED)
    assert missing_documents(Stage.MOU_SIGNED, ["proposal", "mou"]) == (
        DocumentKind.OFFER_LETTER,
        DocumentKind.MOU_DRAFT,
    )


def test_stage_checklist_lists_every_stage_with_its_documents():
    stages = {Stage.PREPARATION: dt.date(2022, 5, 2), Stage.MOU_SIGNED: dt.date(2023, 3, 1)}
    checklist = stage_checklist(stages, ["proposal", "mou"], dprd_approval_required=True)
    assert [item.stage for item in checklist] == list(Stage)
    by_stage = {item.stage: item for item in checklist}
    assert by_stage[Stage.MOU_SIGNED].is_current and not by_stage[Stage.PREPARATION].is_current
    assert (
        by_stage[Stage.MOU_SIGNED].reached_on == dt.date(2023, 3, 1) and by_stage[Stage.MOU_SIGNED].complete
    )
    assert by_stage[Stage.OFFER].documents == ((DocumentKind.OFFER_LETTER, False),)
    assert not by_stage[Stage.OFFER].complete and by_stage[Stage.OFFER].reached_on is None
    assert by_stage[Stage.PKS_SIGNED].documents == (
        (DocumentKind.PKS, False),
        (DocumentKind.DPRD_APPROVAL, False),
    )
    assert DocumentKind.DPRD_APPROVAL not in dict(stage_checklist(stages, [])[5].documents)


def test_score_parts_weights_and_band():
    full = score(
        EvaluationFacts(
            documents_required=4,
            documents_on_file=4,
            implementation=ImplementationStatus.COMPLETED,
            promises=(Promise(Decimal(10), Decimal(12)),),  # capped at 100 %
            benefit_described=True,
            benefit_evidence=True,
        )
    )
    assert full.value == Decimal("100.00") and full.band == Band.SANGAT_TINGGI
    weak = score(
        EvaluationFacts(
            documents_required=4,
            documents_on_file=2,
            implementation=ImplementationStatus.DELAYED,
            promises=(Promise(Decimal(100), Decimal(40)), Promise(Decimal(2), Decimal(2))),
            benefit_described=True,
        )
    )
    # documents 50*0.20 + on time 50*0.25 + realization 70*0.35 + benefit 50*0.20 = 57.00
    assert weak.parts == {
        "documents": Decimal("50.00"),
        "on_time": Decimal("50.00"),
        "realization": Decimal("70.00"),
        "benefit": Decimal("50.00"),
    }
    assert weak.value == Decimal("57.00") and weak.band == Band.RENDAH


def test_score_without_indicators_reads_the_implementation_and_evidence_needs_a_benefit():
    result = score(
        EvaluationFacts(
            documents_required=0,
            documents_on_file=0,
            implementation=ImplementationStatus.NOT_STARTED,
            benefit_evidence=True,
        )
    )
    assert result.parts["realization"] == 0 and result.parts["benefit"] == 0
    assert result.parts["documents"] == 100
    assert result.value == Decimal("20.00") and result.band == Band.SANGAT_RENDAH


@given(
    st.integers(0, 20),
    st.integers(0, 20),
    st.sampled_from(list(ImplementationStatus)),
    st.lists(st.tuples(st.decimals(0, 10**6, places=2), st.decimals(0, 10**6, places=2)), max_size=5),
    st.booleans(),
    st.booleans(),
)
def test_score_stays_between_0_and_100(required, on_file, implementation, promises, described, evidence):
    result = score(
        EvaluationFacts(
            required, on_file, implementation, tuple(Promise(p, r) for p, r in promises), described, evidence
        )
    )
    assert Decimal(0) <= result.value <= Decimal(100)
