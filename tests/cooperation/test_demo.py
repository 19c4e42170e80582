"""The synthetic demo registry of Kabupaten Tanah Bumbu (issue 7's demo)."""

from __future__ import annotations

import datetime as dt

from sinergi.cooperation.choices import AgreementStatus
from sinergi.cooperation.evaluation import completeness
from sinergi.cooperation.models import Agreement, EvaluationRound
from sinergi.cooperation.services import status_of
from sinergi.core.services import Actor
from sinergi.demo.cooperation import seed_cooperation
from sinergi.demo.loader import load_demo


def test_demo_registry(db):
    load_demo(Actor.system())
    today = dt.date.today()
    agreements = Agreement.objects.filter(government__region_id="63.10").prefetch_related(
        "stages", "documents", "responsible_units"
    )
    assert agreements.count() == 50
    assert len({u.pk for a in agreements for u in a.responsible_units.all()}) == 17
    statuses = [status_of(a, today) for a in agreements]
    assert statuses.count(AgreementStatus.RENEWAL_DUE) >= 3
    assert statuses.count(AgreementStatus.IN_PREPARATION) == 8
    done = completeness(EvaluationRound.objects.get(government__region_id="63.10", year=2024))
    assert 0 < done.agreements_evaluated < done.agreements
    from sinergi.cooperation.dashboard import dormant

    assert 1 <= dormant(agreements.first().government, today).count() <= 4  # a few dormant
    assert seed_cooperation(Actor.system()) == 0  # idempotent


def test_demo_evaluation_meeting_is_linked_with_its_40_participants_and_follow_ups(db):
    from sinergi.cooperation.models import AgreementFollowUp
    from sinergi.demo.cooperation import seed_evaluation_meeting

    load_demo(Actor.system())
    evaluation_round = EvaluationRound.objects.get(government__region_id="63.10", year=2024)
    meeting = evaluation_round.meeting
    assert meeting is not None and meeting.starts_at.date() == dt.date(2024, 12, 9)
    assert "Kerja Sama" in meeting.title
    assert meeting.attendances.count() == 40
    assert {"Ismail", "Sartika Dewi", "Saiful Arifin"} <= set(
        meeting.attendances.values_list("name", flat=True)
    )
    units = set(evaluation_round.evaluations.values_list("unit_id", flat=True))
    assert set(meeting.invitations.values_list("unit_id", flat=True)) == units
    follow_ups = meeting.follow_ups.all()
    assert follow_ups.count() >= 1
    assert (
        AgreementFollowUp.objects.filter(follow_up__in=follow_ups).count()
        >= evaluation_round.evaluations.count()
    )
    assert seed_evaluation_meeting(Actor.system()) == 0  # idempotent
