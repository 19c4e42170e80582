"""The permission matrix of API v1: every role x every endpoint and method x an object inside
or outside the role's scope, with the exact status.

Scope of the test world (tests.factories.build_world): the coordinator manages all of Kutai
Timur; the unit head sees Setda and its Tapem; the operator sees Tapem; the viewer sees the
Sangatta Utara district office. All of them see Kutai Timur's government, officials, positions
and terms; nobody but the administrator sees anything of Mimika. 404 = invisible, 403 =
visible but not allowed, 401 = not signed in, 422 = the target is not a valid choice for the
caller (a government or unit it cannot see is an unknown id).
"""

from __future__ import annotations

from typing import Any

import pytest

from sinergi.core.roles import Role
from tests.api.conftest import matrix

pytestmark = pytest.mark.django_db


def _full(obj, fields: list[str], **changes) -> dict[str, Any]:
    """A PUT body: the object's current values (related rows as ids), the version, changes."""
    data = {}
    for name in fields:
        value = getattr(obj, obj._meta.get_field(name).attname)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    data.update(version=obj.version, **changes)
    return data


# Each resource: its URL, how to name an object in a URL, the body of a create aimed at a
# target, and the body of a PUT and a PATCH of an object.
RESOURCES: dict[str, dict[str, Any]] = {
    "regions": {"url": "regions", "key": lambda o: o},
    "governments": {
        "url": "governments",
        "create": lambda o, t: {"region": t, "name": "Pemerintah Kabupaten Kutai Barat"},
        "put": lambda o: _full(o, ["region", "name", "short_name", "address", "website"],
                               address="Jl. Baru No. 1"),
        "patch": lambda o: {"version": o.version, "address": "Jl. Baru No. 1"},
    },
    "units": {
        "url": "units",
        "create": lambda o, t: {"government": o[t].pk, "code": "BARU", "name": "Dinas Baru",
                                "kind": "agency"},
        "put": lambda o: _full(o, ["government", "parent", "code", "name", "short_name", "kind",
                                   "region", "active_from", "active_until"], name="Nama Baru"),
        "patch": lambda o: {"version": o.version, "name": "Nama Baru"},
    },
    "officials": {
        "url": "officials",
        "create": lambda o, t: {"government": o[t].pk, "name": "Siti Aminah"},
        "put": lambda o: _full(o, ["government", "name", "front_title", "back_title", "nip",
                                   "email", "phone"], phone="0811"),
        "patch": lambda o: {"version": o.version, "phone": "0811"},
    },
    "positions": {
        "url": "positions",
        "create": lambda o, t: {"government": o[t].pk, "title": "Sekretaris Daerah"},
        "put": lambda o: _full(o, ["government", "unit", "title", "grade", "is_unit_head",
                                   "order"], order=7),
        "patch": lambda o: {"version": o.version, "order": 7},
    },
    "terms": {
        "url": "terms",
        "create": lambda o, t: {
            "position": o[{"kutim": "wabup_kutim", "mimika": "wabup_mimika"}[t]].pk,
            "official": o[{"kutim": "rudi", "mimika": "yohana"}[t]].pk,
            "start": "2024-01-01",
        },
        "put": lambda o: _full(o, ["position", "official", "capacity", "start", "end", "decree"],
                               decree="SK 100.3.3.2/2025"),
        "patch": lambda o: {"version": o.version, "decree": "SK 100.3.3.2/2025"},
    },
    "users": {
        "url": "users",
        "create": lambda o, t: {"username": "baru", "password": "Kuat-Sekali-2025!",
                                "role": "viewer", "scope_units": [o[t].pk]},
        "put": lambda o: {"username": o.username, "email": "baru@example.org", "role": o.role,
                          "is_active": True, "version": o.version,
                          "scope_units": [u.pk for u in o.scope_units.all()]},
        "patch": lambda o: {"version": o.version, "email": "baru@example.org"},
    },
}


def perform(client, objs, resource: str, action: str, target: str | None):
    spec = RESOURCES[resource]
    base = spec["url"]
    if action == "list":
        return client.get(base)
    if action == "create":
        body = spec["create"](objs, target) if "create" in spec else {}
        return client.post(base, body)
    obj = objs.get(target, target)
    key = spec.get("key", lambda o: o.pk)(obj)
    if action == "get":
        return client.get(f"{base}/{key}")
    if action == "put":
        return client.put(f"{base}/{key}", spec["put"](obj) if "put" in spec else {})
    if action == "patch":
        return client.patch(f"{base}/{key}", spec["patch"](obj) if "patch" in spec else {})
    if action == "delete":
        return client.delete(f"{base}/{key}")
    raise AssertionError(action)


def check(as_role, objs, resource, role, action, target, status):
    response = perform(as_role(role), objs, resource, action, target)
    assert response.status_code == status, response.content
    if status >= 400 and status != 405:
        body = response.json()
        assert body["errors"] and {"field", "reason"} <= set(body["errors"][0])


# ---------------------------------------------------------------------------- matrices
#   action    target           admin coord head  oper  viewer anon

REGIONS = [
    ("list",   None,            200,  200,  200,  200,  200,   401),
    ("get",    "64.08",         200,  200,  200,  200,  200,   401),
    ("get",    "94.04",         200,  200,  200,  200,  200,   401),
    ("get",    "99.99",         404,  404,  404,  404,  404,   401),
    ("create", None,            405,  405,  405,  405,  405,   405),
    ("patch",  "64.08",         405,  405,  405,  405,  405,   405),
    ("delete", "64.08",         405,  405,  405,  405,  405,   405),
]

# Deleting a government that still has units is refused with 409 (see test_writes for a 204).
GOVERNMENTS = [
    ("list",   None,            200,  200,  200,  200,  200,   401),
    ("get",    "kutim",         200,  200,  200,  200,  200,   401),
    ("get",    "mimika",        200,  404,  404,  404,  404,   401),
    ("create", "64.07",         201,  403,  403,  403,  403,   401),
    ("put",    "kutim",         200,  403,  403,  403,  403,   401),
    ("put",    "mimika",        200,  404,  404,  404,  404,   401),
    ("patch",  "kutim",         200,  403,  403,  403,  403,   401),
    ("patch",  "mimika",        200,  404,  404,  404,  404,   401),
    ("delete", "kutim",         409,  403,  403,  403,  403,   401),
    ("delete", "mimika",        409,  404,  404,  404,  404,   401),
]

UNITS = [
    ("list",   None,            200,  200,  200,  200,  200,   401),
    ("get",    "tapem",         200,  200,  200,  200,  404,   401),
    ("get",    "kec",           200,  200,  404,  404,  200,   401),
    ("get",    "mimika_tapem",  200,  404,  404,  404,  404,   401),
    ("create", "kutim",         201,  201,  403,  403,  403,   401),
    ("create", "mimika",        201,  422,  403,  403,  403,   401),
    ("put",    "tapem",         200,  200,  403,  403,  404,   401),
    ("put",    "mimika_tapem",  200,  404,  404,  404,  404,   401),
    ("patch",  "tapem",         200,  200,  403,  403,  404,   401),
    ("patch",  "kec",           200,  200,  404,  404,  403,   401),
    ("patch",  "mimika_tapem",  200,  404,  404,  404,  404,   401),
    ("delete", "tapem",         204,  204,  403,  403,  404,   401),
    ("delete", "mimika_tapem",  204,  404,  404,  404,  404,   401),
]

OFFICIALS = [
    ("list",   None,            200,  200,  200,  200,  200,   401),
    ("get",    "rudi",          200,  200,  200,  200,  200,   401),
    ("get",    "yohana",        200,  404,  404,  404,  404,   401),
    ("create", "kutim",         201,  201,  403,  403,  403,   401),
    ("create", "mimika",        201,  422,  403,  403,  403,   401),
    ("put",    "rudi",          200,  200,  403,  403,  403,   401),
    ("put",    "yohana",        200,  404,  404,  404,  404,   401),
    ("patch",  "rudi",          200,  200,  403,  403,  403,   401),
    ("patch",  "yohana",        200,  404,  404,  404,  404,   401),
    ("delete", "rudi",          204,  204,  403,  403,  403,   401),
    ("delete", "yohana",        204,  404,  404,  404,  404,   401),
]

POSITIONS = [
    ("list",   None,            200,  200,  200,  200,  200,   401),
    ("get",    "wabup_kutim",   200,  200,  200,  200,  200,   401),
    ("get",    "wabup_mimika",  200,  404,  404,  404,  404,   401),
    ("create", "kutim",         201,  201,  403,  403,  403,   401),
    ("create", "mimika",        201,  422,  403,  403,  403,   401),
    ("put",    "wabup_kutim",   200,  200,  403,  403,  403,   401),
    ("put",    "wabup_mimika",  200,  404,  404,  404,  404,   401),
    ("patch",  "wabup_kutim",   200,  200,  403,  403,  403,   401),
    ("patch",  "wabup_mimika",  200,  404,  404,  404,  404,   401),
    ("delete", "wabup_kutim",   204,  204,  403,  403,  403,   401),
    ("delete", "wabup_mimika",  204,  404,  404,  404,  404,   401),
]

TERMS = [
    ("list",   None,            200,  200,  200,  200,  200,   401),
    ("get",    "term_kutim",    200,  200,  200,  200,  200,   401),
    ("get",    "term_mimika",   200,  404,  404,  404,  404,   401),
    ("create", "kutim",         201,  201,  403,  403,  403,   401),
    ("create", "mimika",        201,  422,  403,  403,  403,   401),
    ("put",    "term_kutim",    200,  200,  403,  403,  403,   401),
    ("put",    "term_mimika",   200,  404,  404,  404,  404,   401),
    ("patch",  "term_kutim",    200,  200,  403,  403,  403,   401),
    ("patch",  "term_mimika",   200,  404,  404,  404,  404,   401),
    ("delete", "term_kutim",    204,  204,  403,  403,  403,   401),
    ("delete", "term_mimika",   204,  404,  404,  404,  404,   401),
]

# Accounts: administrators manage all, coordinators the accounts of their governments (never an
# administrator's), everyone else sees only their own account and changes none.
USERS = [
    ("list",   None,            200,  200,  200,  200,  200,   401),
    ("get",    "head_user",     200,  200,  200,  404,  404,   401),
    ("get",    "mimika_user",   200,  404,  404,  404,  404,   401),
    ("get",    "admin_user",    200,  404,  404,  404,  404,   401),
    ("create", "kec",           201,  201,  403,  403,  403,   401),
    ("create", "mimika_tapem",  201,  422,  403,  403,  403,   401),
    ("put",    "head_user",     200,  200,  403,  404,  404,   401),
    ("put",    "mimika_user",   200,  404,  404,  404,  404,   401),
    ("patch",  "head_user",     200,  200,  403,  404,  404,   401),
    ("patch",  "mimika_user",   200,  404,  404,  404,  404,   401),
    ("patch",  "admin_user",    200,  404,  404,  404,  404,   401),
    ("delete", "head_user",     405,  405,  405,  405,  405,   405),
]


@pytest.mark.parametrize(("role", "action", "target", "status"), matrix(REGIONS))
def test_regions(as_role, objs, role, action, target, status):
    check(as_role, objs, "regions", role, action, target, status)


@pytest.mark.parametrize(("role", "action", "target", "status"), matrix(GOVERNMENTS))
def test_governments(as_role, objs, role, action, target, status):
    check(as_role, objs, "governments", role, action, target, status)


@pytest.mark.parametrize(("role", "action", "target", "status"), matrix(UNITS))
def test_units(as_role, objs, role, action, target, status):
    check(as_role, objs, "units", role, action, target, status)


@pytest.mark.parametrize(("role", "action", "target", "status"), matrix(OFFICIALS))
def test_officials(as_role, objs, role, action, target, status):
    check(as_role, objs, "officials", role, action, target, status)


@pytest.mark.parametrize(("role", "action", "target", "status"), matrix(POSITIONS))
def test_positions(as_role, objs, role, action, target, status):
    check(as_role, objs, "positions", role, action, target, status)


@pytest.mark.parametrize(("role", "action", "target", "status"), matrix(TERMS))
def test_terms(as_role, objs, role, action, target, status):
    check(as_role, objs, "terms", role, action, target, status)


@pytest.mark.parametrize(("role", "action", "target", "status"), matrix(USERS))
def test_users(as_role, objs, role, action, target, status):
    check(as_role, objs, "users", role, action, target, status)


HOLDERS = [
    ("holders", "kutim",        200,  200,  200,  200,  200,   401),
    ("holders", "mimika",       200,  404,  404,  404,  404,   401),
]


@pytest.mark.parametrize(("role", "action", "target", "status"), matrix(HOLDERS))
def test_holders(as_role, objs, role, action, target, status):
    title = {"kutim": "Bupati Kutai Timur", "mimika": "Bupati Mimika"}[target]
    response = as_role(role).get(
        f"governments/{objs[target].pk}/holders", title=title, on="2025-02-11"
    )
    assert response.status_code == status, response.content


# Tokens are personal: every signed-in role lists, creates and revokes its own, never another's.
TOKENS = [
    ("list",        None,       200,  200,  200,  200,  200,   401),
    ("create",      None,       201,  201,  201,  201,  201,   401),
    ("revoke",      "own",      200,  200,  200,  200,  200,   401),
    ("revoke",      "other",    404,  404,  404,  404,  404,   401),
]


@pytest.mark.parametrize(("role", "action", "target", "status"), matrix(TOKENS))
def test_tokens(world, as_role, role, action, target, status):
    from sinergi.accounts.services import create_token
    from sinergi.core.services import Actor

    client = as_role(role)
    if action == "list":
        response = client.get("tokens")
    elif action == "create":
        response = client.post("tokens", {"name": "skrip data"})
    else:
        if target == "own":
            owner = world.users.get(role, world.users[Role.VIEWER])
        else:
            owner = world.users[Role.UNIT_HEAD if role == Role.VIEWER else Role.VIEWER]
        token, _key = create_token(Actor.system(), owner, "t")
        response = client.post(f"tokens/{token.pk}/revoke")
    assert response.status_code == status, response.content
