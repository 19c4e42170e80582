"""No N+1 on the cooperation pages and API: each page costs the same number of queries with 5
and with 20 of everything (agreements with partners, stages and documents; documents with
numbers and signatories; evaluations; follow-ups). The idea of tests/test_query_counts.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.cooperation import evaluation as ev
from sinergi.cooperation.choices import DocumentKind
from sinergi.cooperation.models import (
    AgreementFollowUp,
    Document,
    DocumentNumber,
    EvaluationRound,
    Partner,
    Signatory,
    ThirdParty,
)
from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.meetings.models import FollowUp
from sinergi.regions.models import Region
from tests.cooperation.test_evaluation import agreement
from tests.meetings.conftest import make_meeting

PAGES = [
    ("list", lambda d: "/cooperation/"),
    ("detail", lambda d: f"/cooperation/{d['first'].pk}/"),
    ("document", lambda d: f"/cooperation/documents/{d['document'].pk}/"),
    ("dashboard", lambda d: f"/cooperation/government/{d['world'].kutim.pk}/dashboard/"),
    ("round", lambda d: f"/cooperation/rounds/{d['round'].pk}/"),
    ("round follow-ups", lambda d: f"/cooperation/rounds/{d['round'].pk}/follow-ups/"),
    ("api list", lambda d: "/api/v1/cooperation/agreements"),
    ("api documents", lambda d: f"/api/v1/cooperation/agreements/{d['first'].pk}/documents"),
    ("api evaluations", lambda d: f"/api/v1/cooperation/rounds/{d['round'].pk}/evaluations"),
]


def build(world, n: int, tag: str, year: int) -> dict:
    regions = list(
        Region.objects.filter(code__startswith="64.").exclude(code="64.08").filter(level="regency")
    )
    meeting = make_meeting(world, title="Evaluasi kerja sama")
    agreements = []
    for i in range(n):
        a = agreement(world, f"Kerja sama {tag}{i:02d}", [world.tapem if i % 2 else world.bappeda])
        Partner.objects.create(agreement=a, region=regions[i % len(regions)])
        Partner.objects.create(
            agreement=a,
            third_party=ThirdParty.objects.create(
                government=world.kutim, name=f"PT Mitra {tag}{i}", kind="business"
            ),
        )
        Document.objects.create(
            agreement=a, kind=DocumentKind.MOU, title=f"KB {i}", signed_on=dt.date(2023, 3, 1)
        )
        agreements.append(a)
    first = agreements[0]
    document = first.documents.get()
    for i in range(n):
        DocumentNumber.objects.create(document=document, party=f"Pihak {i}", number=f"{i}/2023")
        Signatory.objects.create(document=document, name=f"Penanda tangan {i}", position="Kepala")
        Document.objects.create(agreement=first, kind=DocumentKind.PKS, title=f"PKS {i}", parent=document)
        follow_up = FollowUp.objects.create(
            government=world.kutim,
            meeting=meeting,
            description=f"Tindak lanjut {i}",
            due_date=dt.date(2025, 3, 1),
        )
        follow_up.responsible_units.set([world.tapem])
        AgreementFollowUp.objects.create(agreement=first, follow_up=follow_up)
    evaluation_round = ev.open_round(
        Actor(world.users[Role.COORDINATOR]),
        world.kutim,
        year,
        dt.date(year + 1, 1, 2),
        dt.date(year + 1, 1, 31),
    )
    EvaluationRound.objects.filter(pk=evaluation_round.pk).update(meeting=meeting)
    return {"world": world, "first": first, "document": document, "round": evaluation_round}


def count(client, url: str) -> int:
    client.get(url)  # warm process-wide caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


@pytest.mark.parametrize(("name", "url_of"), PAGES, ids=[p[0] for p in PAGES])
def test_queries_do_not_grow_with_the_rows(client, world, name, url_of):
    client.force_login(world.users[Role.COORDINATOR])
    small = build(world, 5, "a", 2024)
    small_count = count(client, url_of(small))
    big = build(world, 20, "b", 2023)
    # The same page for the bigger data set: the first agreement of the second batch.
    big_count = count(client, url_of(big))
    assert big_count == small_count, f"{name}: {small_count} queries with 5 rows, {big_count} with 20"
