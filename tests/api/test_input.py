"""Bad input: every refusal is JSON naming the field and the reason, nothing is written, and
hostile text is stored verbatim and returned as inert JSON."""

from __future__ import annotations

import json

import pytest

from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.regions.models import Official, Unit

pytestmark = pytest.mark.django_db


def _fields(response) -> set:
    assert response["Content-Type"].startswith("application/json")
    return {e["field"] for e in response.json()["errors"]}


def _unit(world, **changes) -> dict:
    body = {"government": world.kutim.pk, "code": "BARU", "name": "Dinas Baru", "kind": "agency"}
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


BAD_UNITS = [
    # (what is wrong, changes to a valid body, the fields named)
    ("government is text", {"government": "Kutai Timur"}, {"government"}),
    ("code is a number", {"code": 12}, {"code"}),
    ("kind is unknown", {"kind": "ministry"}, {"kind"}),
    ("dates are not dates", {"active_from": "kemarin"}, {"active_from"}),
    ("name is missing", {"name": ...}, {"name"}),
    ("several at once", {"name": ..., "kind": ..., "government": None}, {"name", "kind", "government"}),
    ("unknown government", {"government": 99999}, {"government"}),
    ("unknown parent", {"parent": 99999}, {"parent"}),
    ("unknown region code", {"kind": "district_office", "region": "99.99.99"}, {"region"}),
    ("district office without district", {"kind": "district_office"}, {"region"}),
    ("district of another regency", {"kind": "district_office", "region": "94.04.01"}, {"region"}),
    ("name too long", {"name": "x" * 201}, {"name"}),
    ("code too long", {"code": "K" * 41}, {"code"}),
    ("end before start", {"active_from": "2025-01-02", "active_until": "2025-01-01"}, {"active_until"}),
    ("code already used", {"code": "SETDA"}, {None}),
]


@pytest.mark.parametrize(("case", "changes", "fields"), BAD_UNITS, ids=[c[0] for c in BAD_UNITS])
def test_bad_unit_input_is_422_naming_the_field(as_role, world, case, changes, fields):
    before = (Unit.objects.count(), AuditEvent.objects.count())
    response = as_role(Role.ADMINISTRATOR).post("units", _unit(world, **changes))
    assert response.status_code == 422, response.content
    named = _fields(response)
    assert named == fields, named
    assert all(e["reason"] for e in response.json()["errors"])
    assert (Unit.objects.count(), AuditEvent.objects.count()) == before


def test_government_outside_the_callers_scope_is_an_unknown_id(as_role, world):
    response = as_role(Role.COORDINATOR).post("units", _unit(world, government=world.mimika.pk))
    assert response.status_code == 422
    assert response.json()["errors"] == [{
        "field": "government",
        "reason": response.json()["errors"][0]["reason"],
    }]
    assert str(world.mimika.pk) in response.json()["errors"][0]["reason"]
    # The same for a parent unit the coordinator cannot see.
    parent = as_role(Role.COORDINATOR).post("units", _unit(world, parent=world.mimika_tapem.pk))
    assert _fields(parent) == {"parent"}


@pytest.mark.parametrize(("nip", "ok"), [
    ("197103152000031005", True),
    ("19710315200003100", False),        # 17 digits
    ("1971031520000310051", False),      # 19 digits
    ("19711315200003100A", False),       # a letter
    ("197113152000031005", False),       # month 13
])
def test_nip_is_validated(as_role, world, nip, ok):
    response = as_role(Role.COORDINATOR).post(
        "officials", {"government": world.kutim.pk, "name": "Siti Aminah", "nip": nip}
    )
    if ok:
        assert response.status_code == 201, response.content
        assert response.json()["nip"] == "197103152000031005"
    else:
        assert response.status_code == 422
        assert _fields(response) == {"nip"}
        assert not Official.objects.exists()


def test_wrong_types_in_patch_and_query(as_role, world):
    client = as_role(Role.ADMINISTRATOR)
    assert _fields(client.patch(f"units/{world.tapem.pk}", {"version": "satu", "name": "x"})) == {"version"}
    assert _fields(client.patch(f"units/{world.tapem.pk}", {"version": 1, "parent": "setda"})) == {"parent"}
    assert _fields(client.get("units", page="dua")) == {"page"}
    assert client.get("units/abc").status_code == 422
    empty = client.patch(f"units/{world.tapem.pk}", {"version": 1, "name": None})
    assert empty.status_code == 422 and _fields(empty) == {"name"}
    world.tapem.refresh_from_db()
    assert world.tapem.name == "Bagian Tata Pemerintahan"


def test_unparseable_body_is_400_json(as_role):
    client = as_role(Role.ADMINISTRATOR)
    response = client.client.post("/api/v1/units", "{'not': json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] is None


HOSTILE = [
    "<script>alert(1)</script>",
    "'; DROP TABLE regions_unit; --",
    'Robert"); DELETE FROM accounts_user; --',
    "{{ 7*7 }} ${7*7} %(name)s",
    "Kantor <b>Camat</b> & \"Distrik\" \u200f",
]


def test_a_bidi_override_is_refused(as_role, world):
    """U+202E reorders what a reader sees (core.text): refused, not stored."""
    client = as_role(Role.COORDINATOR)
    refused = client.post("units", _unit(world, name="Kantor \u202eCamat"))
    assert refused.status_code == 422 and _fields(refused) == {"name"}


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_verbatim_and_returned_inert(as_role, world, text):
    client = as_role(Role.COORDINATOR)
    created = client.post("units", _unit(world, name=text, short_name=text[:60]))
    assert created.status_code == 201, created.content
    unit_id = created.json()["id"]
    assert Unit.objects.get(pk=unit_id).name == text
    fetched = client.get(f"units/{unit_id}")
    assert fetched["Content-Type"].startswith("application/json")
    assert fetched.json()["name"] == text
    # The raw JSON carries no markup characters at all: <, > and & are \\u-escaped.
    raw = fetched.content.decode()
    assert "<" not in raw and ">" not in raw and "&" not in raw
    assert json.loads(raw)["short_name"] == text[:60]
    # Searching for it is a plain parameter, and the tables are all still there.
    assert client.get("units", q=text).json()["count"] == 1
    assert Unit.objects.count() == 6 and client.get("users").status_code == 200
