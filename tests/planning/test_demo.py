"""The demo loads the sample nomenclature and the Asta Cita missions, once."""

import pytest

from sinergi.core.models import AuditEvent
from sinergi.demo.loader import load_demo
from sinergi.planning.models import NomenclatureItem, Priority

pytestmark = pytest.mark.django_db


def test_demo_seeds_planning_idempotently():
    first = load_demo()
    assert first.created["NomenclatureItem"] == NomenclatureItem.objects.count() > 40
    assert Priority.objects.filter(framework__name="Asta Cita").count() == 8
    events = AuditEvent.objects.count()
    again = load_demo()
    assert again.created_total == 0
    assert AuditEvent.objects.count() == events
