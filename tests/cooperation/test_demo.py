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
    assert seed_cooperation(Actor.system()) == 0  # idempotent
