"""The yearly evaluation: which agreements a round covers, the unit fills and submits, the head
verifies or returns with a reason, completeness per unit, scores and their rollups."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sinergi.cooperation import evaluation as ev
from sinergi.cooperation.choices import CooperationKind, DocumentKind, ImplementationStatus, Stage
from sinergi.cooperation.models import Agreement, Document, Evaluation, StageReached
from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.core.services import Actor, StaleEditError
from sinergi.monitoring.achievement import Band
from sinergi.monitoring.choices import RealizationStatus
from tests import factories


def agreement(world, title, units, *, signed=dt.date(2023, 3, 1), end=dt.date(2026, 12, 31), **extra):
    a = Agreement.objects.create(
        government=world.kutim,
        title=title,
        kind=CooperationKind.REGION_VOLUNTARY,
        start=signed,
        end=end,
        **extra,
    )
    a.responsible_units.set(units)
    if signed:
        StageReached.objects.create(agreement=a, stage=Stage.MOU_SIGNED, reached_on=signed)
    return a


@pytest.fixture
def round_2024(world):
    agreement(world, "Sampah", [world.tapem])
    agreement(world, "Air bersih", [world.tapem])
    agreement(world, "Beasiswa", [world.bappeda])
    agreement(world, "Belum ditandatangani", [world.tapem], signed=None)  # not signed: out
    agreement(world, "Berakhir 2023", [world.tapem], end=dt.date(2023, 12, 31))  # ended before: out
    return ev.open_round(
        Actor(world.users[Role.COORDINATOR]), world.kutim, 2024, dt.date(2025, 1, 2), dt.date(2025, 1, 31)
    )


def test_round_covers_signed_agreements_in_force_that_year(world, round_2024):
    titles = sorted(e.agreement.title for e in Evaluation.objects.filter(round=round_2024))
    assert titles == ["Air bersih", "Beasiswa", "Sampah"]
    with pytest.raises(ValidationError):
        ev.open_round(
            Actor(world.users[Role.COORDINATOR]), world.kutim, 2024, dt.date(2025, 1, 2), dt.date(2025, 1, 31)
        )
    assert ev.completeness(round_2024) == ev.Completeness(
        units=2, units_submitted=0, agreements=3, agreements_evaluated=0
    )


def test_unit_fills_and_submits_head_returns_with_a_reason(world, round_2024):
    operator, head = world.users[Role.UNIT_OPERATOR], world.users[Role.UNIT_HEAD]
    sampah = Evaluation.objects.get(round=round_2024, agreement__title="Sampah")
    sampah = ev.save(
        Actor(operator),
        sampah,
        {"implementation": ImplementationStatus.DELAYED, "benefit": "Sampah terangkut 40 ton/bulan."},
        expected_version=sampah.version,
    )
    with pytest.raises(StaleEditError):
        ev.save(Actor(operator), sampah, {"problems": "x"}, expected_version=sampah.version - 1)
    sampah = ev.submit(Actor(operator), sampah, expected_version=sampah.version)
    assert sampah.status == RealizationStatus.SUBMITTED
    with pytest.raises(ValidationError, match="diajukan"):
        ev.save(Actor(operator), sampah, {"problems": "late edit"}, expected_version=sampah.version)
    with pytest.raises(ValidationError):
        ev.return_evaluation(Actor(head), sampah, "  ", expected_version=sampah.version)
    with pytest.raises(PermissionDenied):
        ev.verify(Actor(operator), sampah, expected_version=sampah.version)  # operators do not verify
    sampah = ev.return_evaluation(
        Actor(head), sampah, "Lengkapi bukti dukung.", expected_version=sampah.version
    )
    assert sampah.status == RealizationStatus.RETURNED and sampah.return_reason == "Lengkapi bukti dukung."
    assert AuditEvent.objects.filter(object_id=str(sampah.pk), action="update").count() == 3


def test_other_unit_cannot_touch_and_completeness_counts_units(world, round_2024):
    bappeda_operator = factories.user("op-bappeda", Role.UNIT_OPERATOR, [world.bappeda])
    sampah = Evaluation.objects.get(round=round_2024, agreement__title="Sampah")
    with pytest.raises(PermissionDenied):
        ev.submit(Actor(bappeda_operator), sampah)
    beasiswa = Evaluation.objects.get(round=round_2024, agreement__title="Beasiswa")
    ev.submit(Actor(bappeda_operator), beasiswa)
    ev.submit(Actor(world.users[Role.UNIT_OPERATOR]), sampah)
    assert ev.completeness(round_2024) == ev.Completeness(
        units=2, units_submitted=1, agreements=3, agreements_evaluated=2
    )


def test_scores_and_rollups(world, round_2024):
    sampah = Evaluation.objects.get(round=round_2024, agreement__title="Sampah")
    Document.objects.create(
        agreement=sampah.agreement, kind=DocumentKind.MOU, title="KB", signed_on=dt.date(2023, 3, 1)
    )
    ev.save(
        Actor(world.users[Role.COORDINATOR]),
        sampah,
        {"implementation": ImplementationStatus.COMPLETED, "benefit": "Manfaat"},
        expected_version=sampah.version,
    )
    ev.add_indicator(
        Actor(world.users[Role.COORDINATOR]),
        Evaluation.objects.get(pk=sampah.pk),
        "Sampah terangkut (ton)",
        Decimal(100),
        Decimal(80),
    )
    scores = {e.agreement.title: s for e, s in ev.scored(round_2024)}
    # documents 1 of 4 (proposal, offer, draft missing) 25, on time 100, realization 80, benefit 50
    assert scores["Sampah"].value == Decimal("25.00") * Decimal("0.2") + 25 + 28 + 10
    # nothing on file, no benefit: on schedule 25 + realization read from the status 35 = 60
    assert scores["Beasiswa"].value == Decimal("60.00") and scores["Beasiswa"].band == Band.RENDAH
    by_unit = {g.key: g for g in ev.rollup(ev.scored(round_2024), "unit")}
    assert by_unit[str(world.tapem)].count == 2
    kinds = ev.rollup(ev.scored(round_2024), "kind")
    assert [(g.key, g.count) for g in kinds] == [(sampah.agreement.get_kind_display(), 3)]


def test_completeness_per_unit_least_complete_first(world, round_2024):
    sampah = Evaluation.objects.get(round=round_2024, agreement__title="Sampah")
    ev.submit(Actor(world.users[Role.UNIT_OPERATOR]), sampah, expected_version=sampah.version)
    rows = ev.completeness_by_unit(round_2024)
    assert [(r.unit, r.agreements, r.evaluated, r.verified, r.complete) for r in rows] == [
        (world.bappeda, 1, 0, 0, False),
        (world.tapem, 2, 1, 0, False),
    ]
