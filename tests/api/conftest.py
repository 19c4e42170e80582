"""Fixtures for the API tests: the shared world plus officials, positions and terms on both
sides of the scope line (Kutai Timur = inside for every non-admin role, Mimika = outside)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from sinergi.core.roles import Role
from sinergi.regions.choices import Capacity, PositionGrade
from sinergi.regions.models import Position
from tests import factories

API = "/api/v1"

# The column order of every permission matrix.
ROLES = [Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.VIEWER,
         "anonymous"]


def matrix(rows: list[tuple]) -> list:
    """Expand matrix rows `(action, target, admin, coordinator, head, operator, viewer, anon)`
    into one pytest case per role: (role, action, target, expected status)."""
    cases = []
    for action, target, *statuses in rows:
        for role, status in zip(ROLES, statuses, strict=True):
            cases.append(pytest.param(role, action, target, status, id=f"{action}-{target}-{role}"))
    return cases


class ApiClient:
    """A test client speaking JSON to the API, as a signed-in user (session) or anonymously."""

    def __init__(self, user=None, token: str | None = None, language: str | None = None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {"Accept-Language": language} if language else {}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        elif user is not None:
            self.client.force_login(user)

    def request(self, method: str, path: str, data: Any = None, **params):
        url = path if path.startswith("/") else f"{API}/{path}"
        if method == "get":
            return self.client.get(url, params, headers=self.headers)
        body = json.dumps(data) if data is not None else ""
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return getattr(self.client, method)(
            f"{url}?{query}" if query else url, body, content_type="application/json",
            headers=self.headers,
        )

    def get(self, path, **params):
        return self.request("get", path, **params)

    def post(self, path, data=None):
        return self.request("post", path, data)

    def put(self, path, data):
        return self.request("put", path, data)

    def patch(self, path, data):
        return self.request("patch", path, data)

    def delete(self, path, **params):
        return self.request("delete", path, **params)


@pytest.fixture
def as_role(world):
    """as_role("coordinator") -> an ApiClient signed in as that role's user ("anonymous": none)."""

    def make(role: str) -> ApiClient:
        return ApiClient(None if role == "anonymous" else world.users[role])

    return make


@pytest.fixture
def objs(world) -> dict[str, Any]:
    """Every object the matrices name, by name."""
    kutim, mimika = world.kutim, world.mimika
    ardiansyah = factories.official(kutim, "Ardiansyah Sulaiman", back_title="S.Sos., M.Si.")
    rudi = factories.official(kutim, "Rudi Hartono")
    johannes = factories.official(mimika, "Johannes Rettob", nip="197103152000031005")
    yohana = factories.official(mimika, "Yohana Paskalina")
    bupati_kutim = Position.objects.create(
        government=kutim, title="Bupati Kutai Timur", grade=PositionGrade.REGIONAL_HEAD, order=1
    )
    bupati_mimika = Position.objects.create(
        government=mimika, title="Bupati Mimika", grade=PositionGrade.REGIONAL_HEAD, order=1
    )
    wabup_kutim = Position.objects.create(government=kutim, title="Wakil Bupati Kutai Timur")
    wabup_mimika = Position.objects.create(government=mimika, title="Wakil Bupati Mimika")
    term_kutim = factories.term(bupati_kutim, ardiansyah, dt.date(2021, 2, 26))
    term_mimika = factories.term(
        bupati_mimika, johannes, dt.date(2024, 9, 25), dt.date(2025, 2, 20), capacity=Capacity.PLT
    )
    mimika_user = factories.user("mimika", Role.VIEWER, [world.mimika_tapem])
    return {
        "kutim": kutim, "mimika": mimika,
        "setda": world.setda, "tapem": world.tapem, "bappeda": world.bappeda,
        "kec": world.kec_sangatta, "mimika_tapem": world.mimika_tapem,
        "ardiansyah": ardiansyah, "rudi": rudi, "johannes": johannes, "yohana": yohana,
        "bupati_kutim": bupati_kutim, "bupati_mimika": bupati_mimika,
        "wabup_kutim": wabup_kutim, "wabup_mimika": wabup_mimika,
        "term_kutim": term_kutim, "term_mimika": term_mimika,
        "admin_user": world.users[Role.ADMINISTRATOR], "head_user": world.users[Role.UNIT_HEAD],
        "mimika_user": mimika_user,
    }
