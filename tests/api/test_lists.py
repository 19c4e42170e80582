"""Lists: pagination ({"items", "count"}), the filters, scope in lists, the holder query, and
a pinned number of database queries per list (no query per row)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.core.roles import Role
from sinergi.regions.choices import Capacity, UnitKind
from sinergi.regions.models import Official, Position, PositionTerm, Region
from tests import factories

pytestmark = pytest.mark.django_db


def _codes(response) -> list:
    return [item["code"] for item in response.json()["items"]]


def test_pagination_gives_count_and_items_per_page(as_role, world):
    for i in range(30):
        factories.unit(world.kutim, f"DINAS{i:02}", f"Dinas {i:02}")
    client = as_role(Role.ADMINISTRATOR)
    first = client.get("units", page_size=10).json()
    assert first["count"] == 35 and len(first["items"]) == 10
    third = client.get("units", page_size=10, page=4).json()
    assert third["count"] == 35 and len(third["items"]) == 5
    ids = [u["id"] for page in (1, 2, 3, 4)
           for u in client.get("units", page_size=10, page=page).json()["items"]]
    assert len(ids) == len(set(ids)) == 35
    # Beyond the last page: empty, not an error; a page size above 100 is capped.
    assert client.get("units", page_size=10, page=9).json()["items"] == []
    assert len(client.get("units", page_size=1000).json()["items"]) == 35
    assert client.get("units", page=0).status_code == 422


def test_list_is_scoped(as_role, objs):
    assert as_role(Role.ADMINISTRATOR).get("units").json()["count"] == 5
    assert as_role(Role.COORDINATOR).get("units").json()["count"] == 4
    head = as_role(Role.UNIT_HEAD).get("units").json()
    assert {u["code"] for u in head["items"]} == {"SETDA", "TAPEM"}
    assert _codes(as_role(Role.VIEWER).get("units")) == ["KEC-SGU"]
    assert [g["id"] for g in as_role(Role.VIEWER).get("governments").json()["items"]] == [objs["kutim"].pk]
    names = {o["name"] for o in as_role(Role.COORDINATOR).get("officials").json()["items"]}
    assert names == {"Ardiansyah Sulaiman", "Rudi Hartono"}


def test_region_filters_within_subtree_level_and_search(as_role, world):
    client = as_role(Role.VIEWER)
    within = client.get("regions", within="64.08", page_size=100).json()
    expected = Region.objects.filter(code__subtree="64.08").count()
    assert within["count"] == expected > 10
    assert all(c == "64.08" or c.startswith("64.08.") for c in _codes(client.get("regions", within="64.08")))
    districts = client.get("regions", within="64.08", level="district", page_size=100).json()
    assert districts["count"] == expected - 1
    assert {r["level"] for r in districts["items"]} == {"district"}
    assert {r["parent"] for r in districts["items"]} == {"64.08"}
    # "64.1" is not a prefix of "64.11": the subtree follows the dots.
    assert client.get("regions", within="64.1").json()["count"] == 0
    found = client.get("regions", q="Sangatta Utara").json()["items"]
    assert [r["name"] for r in found] == ["Sangatta Utara"]
    assert client.get("regions/64.08").json() == {
        "code": "64.08", "name": "Kabupaten Kutai Timur", "level": "regency", "parent": "64", "timezone": "",
    }
    assert client.get("regions", level="galaxy").status_code == 422


def test_unit_filters(as_role, objs):
    client = as_role(Role.ADMINISTRATOR)
    assert _codes(client.get("units", government=objs["mimika"].pk)) == ["TAPEM"]
    assert _codes(client.get("units", kind=UnitKind.DISTRICT_OFFICE)) == ["KEC-SGU"]
    assert set(_codes(client.get("units", q="tata pemerintahan"))) == {"TAPEM"}
    assert client.get("units", q="tata pemerintahan").json()["count"] == 2
    combined = client.get("units", q="tata", government=objs["kutim"].pk).json()["items"]
    assert [u["id"] for u in combined] == [objs["tapem"].pk]
    # A government the caller cannot see is not a valid filter value: 422 naming it.
    response = as_role(Role.COORDINATOR).get("units", government=objs["mimika"].pk)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "government"
    assert client.get("units", government="abc").status_code == 422


def test_official_position_and_term_filters(as_role, objs):
    client = as_role(Role.ADMINISTRATOR)
    by_title = client.get("officials", q="Bupati Mimika").json()["items"]
    assert [o["name"] for o in by_title] == ["Johannes Rettob"]
    assert by_title[0]["full_name"] == "Johannes Rettob"
    assert client.get("officials", q="197103152000031005").json()["count"] == 1
    assert client.get("officials", government=objs["kutim"].pk).json()["count"] == 2
    positions = client.get("positions", government=objs["mimika"].pk).json()["items"]
    assert [p["title"] for p in positions] == ["Bupati Mimika", "Wakil Bupati Mimika"]
    assert client.get("positions", q="wakil").json()["count"] == 2
    on_day = client.get("terms", on="2025-02-11").json()
    assert on_day["count"] == 2
    after = client.get("terms", on="2025-03-01").json()["items"]
    assert [t["id"] for t in after] == [objs["term_kutim"].pk]
    plt = client.get("terms", capacity="plt").json()["items"]
    assert [t["capacity_title"] for t in plt] == ["Plt. Bupati Mimika"]
    assert client.get("terms", government=objs["kutim"].pk).json()["count"] == 1
    assert client.get("terms", official=objs["johannes"].pk).json()["count"] == 1
    assert client.get("terms", on="11-02-2025").status_code == 422


def test_user_and_token_filters(as_role, objs, world):
    client = as_role(Role.ADMINISTRATOR)
    viewers = client.get("users", role="viewer").json()["items"]
    assert {u["username"] for u in viewers} == {"viewer", "mimika"}
    assert [u["username"] for u in client.get("users", q="coord").json()["items"]] == ["coordinator"]
    in_mimika = client.get("users", government=objs["mimika"].pk).json()["items"]
    assert [u["username"] for u in in_mimika] == ["mimika"]
    assert in_mimika[0]["scope_units"] == [objs["mimika_tapem"].pk]
    assert "password" not in in_mimika[0]
    tokens = as_role(Role.VIEWER)
    tokens.post("tokens", {"name": "a"})
    second = tokens.post("tokens", {"name": "b"}).json()
    tokens.post(f"tokens/{second['id']}/revoke")
    assert [t["name"] for t in tokens.get("tokens", active="true").json()["items"]] == ["a"]
    assert [t["name"] for t in tokens.get("tokens", active="false").json()["items"]] == ["b"]
    assert tokens.get("tokens").json()["count"] == 2


# ---------------------------------------------------------------------------- who held the office


def test_holders_answers_who_held_the_office_and_in_what_capacity(as_role, objs):
    mimika, bupati = objs["mimika"], objs["bupati_mimika"]
    pj = factories.official(mimika, "Valentinus Sudarjanto Sumito")
    factories.term(bupati, pj, dt.date(2024, 10, 1), dt.date(2025, 2, 20), capacity=Capacity.PJ)
    client = as_role(Role.ADMINISTRATOR)
    body = client.get(f"governments/{mimika.pk}/holders", title="bupati mimika", on="2025-02-11").json()
    assert body["title"] == "Bupati Mimika" and body["on"] == "2025-02-11"
    # Both terms were active that day; the Plt (standing in) exercises the office before the Pj
    # (regions.rules.EXERCISE_ORDER).
    assert body["holder"]["official_name"] == "Johannes Rettob"
    assert body["holder"]["capacity"] == "plt"
    assert body["holder"]["capacity_title"] == "Plt. Bupati Mimika"
    assert body["holder"]["nip"] == "197103152000031005"
    assert [(h["capacity"], h["official_name"]) for h in body["holders"]] == [
        ("plt", "Johannes Rettob"), ("pj", "Valentinus Sudarjanto Sumito"),
    ]
    later = client.get(f"governments/{mimika.pk}/holders", title="Bupati Mimika", on="2025-03-01").json()
    assert later["holder"] is None and later["holders"] == []
    missing = client.get(f"governments/{mimika.pk}/holders", title="Gubernur", on="2025-02-11")
    assert missing.status_code == 404
    assert "Gubernur" in missing.json()["errors"][0]["reason"]
    assert client.get(f"governments/{mimika.pk}/holders", on="2025-02-11").status_code == 422
    assert client.get(f"governments/{mimika.pk}/holders", title="Bupati Mimika",
                      on="kemarin").status_code == 422


# ---------------------------------------------------------------------------- query counts

LIST_ENDPOINTS = ["regions", "governments", "units", "officials", "positions", "terms", "users",
                  "tokens"]
# Session, user, scope units, COUNT, page (+ one prefetch for users' scope units).
MAX_QUERIES = {"users": 6}


def _grow(world, numbers: range) -> None:
    """One more row of every listed kind in Kutai Timur (visible to the coordinator) per number."""
    from sinergi.accounts.services import create_token
    from sinergi.core.services import Actor

    kutim = world.kutim
    regencies = _regencies_without_government()
    for i in numbers:
        unit = factories.unit(kutim, f"U{i:03}", f"Unit {i:03}", parent=world.setda)
        official = Official.objects.create(government=kutim, name=f"Pejabat {i:03}")
        position = Position.objects.create(government=kutim, unit=unit, title=f"Kepala {i:03}")
        PositionTerm.objects.create(position=position, official=official, start=dt.date(2024, 1, 1))
        factories.user(f"user{i:03}", Role.VIEWER, [unit, world.kec_sangatta])
        create_token(Actor.system(), world.users[Role.COORDINATOR], f"token {i}")
        factories.government(regencies[i])


def _regencies_without_government() -> list[str]:
    return list(Region.objects.filter(level="regency", government__isnull=True)
                .order_by("code").values_list("code", flat=True)[:40])


def _queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, page_size=100)
    assert response.status_code == 200, response.content
    return len(ctx), len(response.json()["items"])


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_list_queries_do_not_grow_with_rows(as_role, objs, world, endpoint,
                                            django_assert_max_num_queries):
    """3 rows or 30: the same number of queries (regions are reference data: fixed size)."""
    # Governments: the administrator, who sees all of them; the rest: the coordinator (scoped).
    client = as_role(Role.ADMINISTRATOR if endpoint == "governments" else Role.COORDINATOR)
    _grow(world, range(3))
    few_queries, few_rows = _queries(client, endpoint)
    _grow(world, range(3, 30))
    many_queries, many_rows = _queries(client, endpoint)
    if endpoint != "regions":
        assert many_rows >= few_rows + 27
    assert many_queries == few_queries
    with django_assert_max_num_queries(MAX_QUERIES.get(endpoint, 5)):
        client.get(endpoint, page_size=100)


def test_token_authenticated_list_queries_are_pinned(world, django_assert_max_num_queries):
    """With a token: token+user, (last-used stamp), scope units, COUNT, page."""
    from sinergi.accounts.services import create_token
    from sinergi.core.services import Actor
    from tests.api.conftest import ApiClient

    _token, key = create_token(Actor.system(), world.users[Role.COORDINATOR], "t")
    client = ApiClient(token=key)
    with django_assert_max_num_queries(5):
        assert client.get("units").status_code == 200
    with django_assert_max_num_queries(4):  # last use stamped less than a minute ago
        assert client.get("units").status_code == 200
