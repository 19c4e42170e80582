"""The meetings API: create in the government's zone, times with offset, stale patch, invite all
kecamatan, answer, steps, follow-ups and progress, problems; scope (viewer 403, other government 404)."""

from __future__ import annotations

import datetime as dt

from sinergi.core.roles import Role
from tests import factories
from tests.api.conftest import ApiClient


def test_meeting_lifecycle_through_the_api(world):
    operator = ApiClient(world.users[Role.UNIT_OPERATOR])
    created = operator.post(
        "meetings/meetings",
        {
            "organizer": world.tapem.pk,
            "title": "Rakor Camat",
            "day": "2024-12-10",
            "start": "09:00",
            "end": "12:00",
        },
    )
    assert created.status_code == 201, created.content
    meeting = created.json()
    assert meeting["starts_at"] == "2024-12-10T09:00:00+08:00" and meeting["time_zone"] == "Asia/Makassar"
    pk = meeting["id"]
    stale = operator.patch(f"meetings/meetings/{pk}", {"version": meeting["version"] + 5, "title": "x"})
    assert stale.status_code == 409
    invited = operator.post(f"meetings/meetings/{pk}/invitations", {"all_kecamatan": True}).json()
    assert [i["addressee"] for i in invited] == ["Camat Sangatta Utara"]
    agenda = operator.post(
        f"meetings/meetings/{pk}/agenda", {"title": "Paparan capaian", "duration_minutes": 30}
    )
    assert (
        agenda.status_code == 201 and operator.get(f"meetings/meetings/{pk}/agenda").json()[0]["order"] == 1
    )
    decision = operator.post(
        f"meetings/meetings/{pk}/decisions", {"kind": "directive", "text": "Perbarui DPT"}
    )
    assert decision.json()["kind"] == "directive"
    assert operator.get(f"meetings/meetings/{pk}/commitments").json() == []
    pact = operator.post(
        f"meetings/meetings/{pk}/commitments",
        {"title": "Pakta Integritas", "kind": "pakta_integritas", "signatories": ["Hasdiah"]},
    )
    assert pact.status_code == 201 and pact.json()["signatories"] == ["Hasdiah"]
    assert operator.get(f"meetings/meetings/{pk}/materials").json() == []
    series = operator.post("meetings/series", {"organizer": world.tapem.pk, "name": "Rakor Camat"})
    assert series.status_code == 201 and operator.get("meetings/series").json()[0]["name"] == "Rakor Camat"
    opened = operator.post(f"meetings/meetings/{pk}/actions/open", {"version": meeting["version"]}).json()
    assert opened["status"] == "open"
    follow_up = operator.post(
        f"meetings/meetings/{pk}/follow-ups",
        {
            "description": "Perbarui data DPT",
            "responsible_units": [world.kec_sangatta.pk],
            "due_date": "2024-12-20",
        },
    ).json()
    progressed = operator.post(
        f"meetings/follow-ups/{follow_up['id']}/progress",
        {"version": follow_up["version"], "status": "in_progress", "progress": 30, "note": "12 desa"},
    ).json()
    assert progressed["status"] == "in_progress" and progressed["progress"] == 30
    closed = operator.post(f"meetings/meetings/{pk}/actions/close", {"version": opened["version"]}).json()
    assert closed["status"] == "closed"
    assert operator.get(f"meetings/meetings/{pk}/ics").content.startswith(b"BEGIN:VCALENDAR")


def test_meeting_api_scope(world):
    operator = ApiClient(world.users[Role.UNIT_OPERATOR])
    pk = operator.post(
        "meetings/meetings",
        {
            "organizer": world.tapem.pk,
            "title": "Rakor",
            "day": "2024-12-10",
            "start": "09:00",
            "end": "12:00",
        },
    ).json()["id"]
    viewer = ApiClient(world.users[Role.VIEWER])
    assert viewer.get(f"meetings/meetings/{pk}").status_code == 200
    assert viewer.patch(f"meetings/meetings/{pk}", {"version": 1, "title": "x"}).status_code == 403
    other = ApiClient(factories.user("op-mimika", Role.UNIT_OPERATOR, [world.mimika_tapem]))
    assert other.get(f"meetings/meetings/{pk}").status_code == 404
    assert ApiClient().get("meetings/meetings").status_code == 401


def test_problems_api(world):
    operator = ApiClient(world.users[Role.UNIT_OPERATOR])
    problem = operator.post(
        "problems/problems", {"unit": world.tapem.pk, "category": "electoral", "title": "Lokasi TPS"}
    ).json()
    assert problem["raised_on"] == dt.date.today().isoformat()
    step = operator.post(
        f"problems/problems/{problem['id']}/steps",
        {"version": problem["version"], "status": "resolved", "note": "Ditetapkan"},
    )
    assert step.json()["status"] == "resolved"
    assert (
        ApiClient(world.users[Role.VIEWER])
        .post(
            f"problems/problems/{problem['id']}/steps",
            {"version": step.json()["version"], "status": "open", "note": "x"},
        )
        .status_code
        == 403
    )
