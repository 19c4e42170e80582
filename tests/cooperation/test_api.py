"""API of the cooperation registry: who sees and writes which agreement (the partner region's
coordinator reads, never writes), the evaluation steps, stale versions."""

from __future__ import annotations

import datetime as dt

import pytest

from sinergi.cooperation.models import Agreement, Evaluation, Partner
from sinergi.core.roles import Role
from sinergi.regions.models import Region
from tests import factories
from tests.api.conftest import ApiClient
from tests.cooperation.test_evaluation import agreement


@pytest.fixture
def waste(world):
    a = agreement(world, "Sampah", [world.tapem])
    Partner.objects.create(agreement=a, region=Region.objects.get(name="Kabupaten Mimika"))
    return a


@pytest.mark.parametrize(
    ("role", "sees", "writes"),
    [
        (Role.ADMINISTRATOR, True, True),
        (Role.COORDINATOR, True, True),
        (Role.UNIT_HEAD, True, True),
        (Role.UNIT_OPERATOR, True, True),
        (Role.VIEWER, False, False),
    ],
)
def test_agreement_scope_by_role(world, waste, role, sees, writes):
    api = ApiClient(world.users[role])
    response = api.get(f"cooperation/agreements/{waste.pk}")
    assert response.status_code == (200 if sees else 404)
    patch = api.patch(f"cooperation/agreements/{waste.pk}", {"version": waste.version, "notes": "x"})
    assert patch.status_code == (200 if writes else 404)


def test_partner_region_coordinator_reads_only(world, waste):
    api = ApiClient(factories.user("coord-mimika", Role.COORDINATOR, [world.mimika_tapem]))
    body = api.get(f"cooperation/agreements/{waste.pk}").json()
    assert body["title"] == "Sampah" and body["editable"] is False
    assert api.patch(f"cooperation/agreements/{waste.pk}", {"version": 1, "notes": "x"}).status_code == 403
    assert [a["id"] for a in api.get("cooperation/agreements").json()] == [waste.pk]


def test_create_scoped_to_the_units_of_the_user(world):
    operator = ApiClient(world.users[Role.UNIT_OPERATOR])  # Tapem
    own = {
        "government": world.kutim.pk,
        "title": "Air bersih",
        "kind": "region_voluntary",
        "responsible_units": [world.tapem.pk],
    }
    assert operator.post("cooperation/agreements", own).status_code == 201
    other = {**own, "title": "Beasiswa", "responsible_units": [world.bappeda.pk]}
    assert operator.post("cooperation/agreements", other).status_code == 422  # the unit is not visible to it


def test_stale_patch_and_evaluation_steps(world, waste):
    coordinator = ApiClient(world.users[Role.COORDINATOR])
    assert (
        coordinator.patch(
            f"cooperation/agreements/{waste.pk}", {"version": waste.version - 1 or 99, "notes": "x"}
        ).status_code
        == 409
    )
    from sinergi.cooperation import evaluation as ev
    from sinergi.core.services import Actor

    evaluation_round = ev.open_round(
        Actor(world.users[Role.COORDINATOR]), world.kutim, 2024, dt.date(2025, 1, 2), dt.date(2025, 1, 31)
    )
    evaluation = Evaluation.objects.get(round=evaluation_round)
    operator = ApiClient(world.users[Role.UNIT_OPERATOR])
    saved = operator.patch(
        f"cooperation/evaluations/{evaluation.pk}", {"version": evaluation.version, "benefit": "Manfaat"}
    ).json()
    submitted = operator.post(
        f"cooperation/evaluations/{evaluation.pk}/submit", {"version": saved["version"]}
    )
    assert submitted.json()["status"] == "submitted"
    head = ApiClient(world.users[Role.UNIT_HEAD])
    blank = head.post(
        f"cooperation/evaluations/{evaluation.pk}/return", {"version": submitted.json()["version"]}
    )
    assert blank.status_code == 422
    rounds = coordinator.get("cooperation/rounds", government=world.kutim.pk).json()
    assert rounds[0]["agreements"] == 1 and rounds[0]["agreements_evaluated"] == 1


def test_documents_with_numbers_per_party_signatories_and_the_scan(world, waste):
    operator = ApiClient(world.users[Role.UNIT_OPERATOR])  # Tapem: the agreement's unit
    mou = {
        "kind": "mou",
        "title": "Kesepakatan Bersama Sampah",
        "signed_on": "2023-03-01",
        "numbers": [
            {"party": world.kutim.name, "number": "180/12/HK/2023", "is_own": True},
            {"party": "Kabupaten Mimika", "number": "119/45/2023"},
        ],
        "signatories": [
            {"name": "Johannes Rettob", "position": "Bupati Mimika", "party": "Kabupaten Mimika"}
        ],
    }
    created = operator.post(f"cooperation/agreements/{waste.pk}/documents", mou)
    assert created.status_code == 201, created.content
    body = created.json()
    assert {n["party"]: n["number"] for n in body["numbers"]} == {
        world.kutim.name: "180/12/HK/2023",
        "Kabupaten Mimika": "119/45/2023",
    }
    assert body["signatories"][0]["name"] == "Johannes Rettob" and body["file"] is None

    # A PKS implements the MoU; a PKS naming another PKS as parent is refused, nothing written.
    pks = operator.post(
        f"cooperation/agreements/{waste.pk}/documents",
        {"kind": "pks", "title": "PKS 1", "parent": body["id"]},
    )
    assert pks.status_code == 201
    bad = operator.post(
        f"cooperation/agreements/{waste.pk}/documents",
        {
            "kind": "pks",
            "title": "PKS 2",
            "parent": pks.json()["id"],
            "numbers": [{"party": "X", "number": "1"}],
        },
    )
    assert bad.status_code == 422
    assert [d["title"] for d in operator.get(f"cooperation/agreements/{waste.pk}/documents").json()] == [
        "Kesepakatan Bersama Sampah",
        "PKS 1",
    ]

    number = operator.post(
        f"cooperation/documents/{body['id']}/numbers", {"party": "Kabupaten Mimika", "number": "119/46/2023"}
    )
    assert {n["party"]: n["number"] for n in number.json()["numbers"]}["Kabupaten Mimika"] == "119/46/2023"
    patched = operator.patch(
        f"cooperation/documents/{body['id']}", {"version": body["version"], "end": "2026-03-01"}
    )
    assert patched.json()["end"] == "2026-03-01"
    assert (
        operator.patch(f"cooperation/documents/{body['id']}", {"version": 1, "title": "Lama"}).status_code
        == 409
    )

    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = operator.client.post(
        f"/api/v1/cooperation/documents/{body['id']}/file",
        {"file": SimpleUploadedFile("mou.pdf", b"%PDF-1.4 mou"), "version": patched.json()["version"]},
    )
    assert upload.status_code == 200, upload.content
    url = upload.json()["file"]
    download = operator.client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 mou"

    # The partner region's coordinator reads, never writes; Bappeda's operator sees nothing.
    partner = ApiClient(factories.user("coord-mimika", Role.COORDINATOR, [world.mimika_tapem]))
    assert partner.get(f"cooperation/documents/{body['id']}").status_code == 200
    assert (
        partner.post(
            f"cooperation/documents/{body['id']}/numbers", {"party": "Kabupaten Mimika", "number": "1"}
        )
    ).status_code == 403
    outsider = ApiClient(factories.user("op-bappeda", Role.UNIT_OPERATOR, [world.bappeda]))
    assert outsider.get(f"cooperation/documents/{body['id']}").status_code == 404
    assert outsider.client.get(url).status_code == 404


def test_follow_ups_of_an_agreement(world, waste):
    from sinergi.core.services import Actor
    from sinergi.meetings import followups as meeting_followups
    from tests.meetings.conftest import make_meeting

    meeting = make_meeting(world, title="Sosialisasi Evaluasi Kerja Sama Daerah")
    follow_up = meeting_followups.create(
        Actor(world.users[Role.COORDINATOR]), meeting, "Lengkapi PKS", [world.tapem], dt.date(2025, 3, 31)
    )
    coordinator = ApiClient(world.users[Role.COORDINATOR])
    linked = coordinator.post(f"cooperation/agreements/{waste.pk}/follow-ups", {"follow_up": follow_up.pk})
    assert linked.status_code == 200 and [f["id"] for f in linked.json()] == [follow_up.pk]
    operator = ApiClient(world.users[Role.UNIT_OPERATOR])
    assert (
        operator.get(f"cooperation/agreements/{waste.pk}/follow-ups").json()[0]["description"]
        == "Lengkapi PKS"
    )
    viewer = ApiClient(world.users[Role.VIEWER])
    assert viewer.post(
        f"cooperation/agreements/{waste.pk}/follow-ups", {"follow_up": follow_up.pk}
    ).status_code in (403, 404)


def test_partners_through_the_api(world):
    operator = ApiClient(world.users[Role.UNIT_OPERATOR])
    created = operator.post(
        "cooperation/agreements",
        {
            "government": world.kutim.pk,
            "title": "Beasiswa Unmul",
            "kind": "third_party",
            "responsible_units": [world.tapem.pk],
            "partners": [{"third_party": "Universitas Mulawarman", "third_party_kind": "university"}],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert [p["third_party"] for p in body["partners"]] == ["Universitas Mulawarman"]
    added = operator.post(f"cooperation/agreements/{body['id']}/partners", {"region": "64.71"})
    assert [p["region"] for p in added.json()["partners"]] == [None, "64.71"]
    assert (
        operator.post(f"cooperation/agreements/{body['id']}/partners", {"region": "99.99"}).status_code == 422
    )
    bad = operator.post(
        "cooperation/agreements",
        {
            "government": world.kutim.pk,
            "title": "Tanpa jenis",
            "kind": "third_party",
            "responsible_units": [world.tapem.pk],
            "partners": [{"third_party": "PT Baru"}],
        },
    )
    assert bad.status_code == 422
    assert not Agreement.objects.filter(title="Tanpa jenis").exists()  # all or nothing


def test_rounds_opened_by_the_coordinator_only(world, waste):
    payload = {"government": world.kutim.pk, "year": 2024, "opens_on": "2025-01-02", "deadline": "2025-01-31"}
    assert ApiClient(world.users[Role.UNIT_OPERATOR]).post("cooperation/rounds", payload).status_code == 403
    coordinator = ApiClient(world.users[Role.COORDINATOR])
    created = coordinator.post("cooperation/rounds", payload)
    assert created.status_code == 201 and created.json()["agreements"] == 1
    assert coordinator.post("cooperation/rounds", payload).status_code == 422  # once a year
    assert coordinator.get(f"cooperation/rounds/{created.json()['id']}").json()["year"] == 2024


def test_a_units_round_counts_its_own_evaluations(world, waste):
    """As on the round page: the operator of Tapem reads the completeness of Tapem's evaluations,
    the coordinator the government's."""
    from sinergi.cooperation import evaluation as ev
    from sinergi.core.services import Actor

    agreement(world, "Beasiswa", [world.bappeda])
    evaluation_round = ev.open_round(
        Actor(world.users[Role.COORDINATOR]), world.kutim, 2024, dt.date(2025, 1, 2), dt.date(2025, 1, 31)
    )
    url = f"cooperation/rounds/{evaluation_round.pk}"
    operator = ApiClient(world.users[Role.UNIT_OPERATOR]).get(url).json()
    assert (operator["units"], operator["agreements"]) == (1, 1)
    assert ApiClient(world.users[Role.UNIT_OPERATOR]).get("cooperation/rounds").json()[0]["agreements"] == 1
    coordinator = ApiClient(world.users[Role.COORDINATOR]).get(url).json()
    assert (coordinator["units"], coordinator["agreements"]) == (2, 2)
    evaluations = ApiClient(world.users[Role.UNIT_OPERATOR]).get(f"{url}/evaluations").json()
    assert [e["agreement"] for e in evaluations] == [waste.pk]
