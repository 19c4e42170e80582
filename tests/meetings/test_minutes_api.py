"""API of the minutes module: minutes get/put with version (409 stale, sanitised minutes_html),
decisions edit/delete (frozen after close, amendment with reason), commitments delete, record PDF;
who may (viewer 403, other government 404, organizer and coordinator ok)."""

from __future__ import annotations

import pytest

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.meetings import closing
from sinergi.meetings.choices import DecisionKind
from tests import factories
from tests.api.conftest import ApiClient


def url(meeting, tail=""):
    return f"meetings/meetings/{meeting.pk}/{tail}"


def test_minutes_get_put_and_stale(world, meeting):
    api = ApiClient(world.users[Role.UNIT_OPERATOR])
    got = api.get(url(meeting, "minutes")).json()
    assert got["minutes"] == "" and got["version"] == meeting.version
    saved = api.put(
        url(meeting, "minutes"), {"minutes": "**Dibuka** <script>x()</script>", "version": got["version"]}
    )
    assert saved.status_code == 200
    body = saved.json()
    assert "<strong>Dibuka</strong>" in body["minutes_html"] and "<script" not in body["minutes_html"]
    assert body["version"] == got["version"] + 1
    stale = api.put(url(meeting, "minutes"), {"minutes": "lain", "version": got["version"]})
    assert stale.status_code == 409


@pytest.mark.parametrize(
    ("who", "status"),
    [("viewer", 403), ("other", 404), ("organizer", 200), ("coordinator", 200), ("admin", 200)],
)
def test_who_may_write_minutes(world, meeting, who, status):
    user = {
        "viewer": world.users[Role.VIEWER],
        "other": factories.user("op-mimika", Role.UNIT_OPERATOR, [world.mimika_tapem]),
        "organizer": world.users[Role.UNIT_OPERATOR],
        "coordinator": world.users[Role.COORDINATOR],
        "admin": world.users[Role.ADMINISTRATOR],
    }[who]
    response = ApiClient(user).put(
        url(meeting, "minutes"), {"minutes": "Catatan", "version": meeting.version}
    )
    assert response.status_code == status
    assert ApiClient(user).get(url(meeting, "minutes")).status_code == (404 if who == "other" else 200)


def test_decision_edit_delete_freeze_and_amend(world, meeting):
    organizer = Actor(world.users[Role.UNIT_OPERATOR])
    first = closing.add_decision(organizer, meeting, "Perbarui DPT", DecisionKind.DIRECTIVE)
    second = closing.add_decision(organizer, meeting, "Hapus saya", DecisionKind.DECISION)
    api = ApiClient(world.users[Role.UNIT_OPERATOR])
    edited = api.patch(
        url(meeting, f"decisions/{first.pk}"), {"version": first.version, "given_by": "Bupati"}
    )
    assert edited.status_code == 200 and edited.json()["given_by"] == "Bupati"
    assert (
        api.patch(url(meeting, f"decisions/{first.pk}"), {"version": first.version, "text": "x"}).status_code
        == 409
    )
    assert (
        ApiClient(world.users[Role.VIEWER]).delete(url(meeting, f"decisions/{second.pk}")).status_code == 403
    )
    assert api.delete(url(meeting, f"decisions/{second.pk}")).status_code == 204
    closed = api.post(url(meeting, "actions/close"), {"version": meeting.version})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    refused = api.post(url(meeting, "decisions"), {"kind": "decision", "text": "Terlambat"})
    assert refused.status_code == 422
    version = edited.json()["version"]
    no_reason = api.patch(
        url(meeting, f"decisions/{first.pk}"), {"version": version, "text": "Perbarui DPT 2025"}
    )
    assert no_reason.status_code == 422
    amended = api.patch(
        url(meeting, f"decisions/{first.pk}"),
        {"version": version, "text": "Perbarui DPT 2025", "reason": "Ralat"},
    )
    assert amended.status_code == 200 and amended.json()["version"] == version + 1
    assert [r for _d, r in closing.amendments(meeting)] == ["Ralat"]


def test_commitment_delete_and_record_pdf(world, meeting):
    organizer = Actor(world.users[Role.UNIT_OPERATOR])
    commitment = closing.add_commitment(organizer, meeting, title="Pakta", kind="pakta_integritas")
    assert (
        ApiClient(world.users[Role.VIEWER]).delete(url(meeting, f"commitments/{commitment.pk}")).status_code
        == 403
    )
    assert ApiClient(organizer.user).delete(url(meeting, f"commitments/{commitment.pk}")).status_code == 204
    pdf = ApiClient(world.users[Role.VIEWER]).get(url(meeting, "record.pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    other = ApiClient(factories.user("op-mimika", Role.UNIT_OPERATOR, [world.mimika_tapem]))
    assert other.get(url(meeting, "record.pdf")).status_code == 404
