"""Authentication: personal tokens (Bearer), the session (with CSRF on unsafe methods), 401 for
everyone else; the `create_token` command; OpenAPI and the interactive docs."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from sinergi.accounts.models import ApiToken
from sinergi.accounts.services import create_token
from sinergi.core.models import AuditEvent, AuditSource
from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.regions.models import Unit
from tests.api.conftest import API, ApiClient

pytestmark = pytest.mark.django_db


def _key(user, **extra) -> str:
    _token, key = create_token(Actor.system(), user, "test", **extra)
    return key


def test_bearer_token_authenticates_as_its_user_with_its_scope(world):
    client = ApiClient(token=_key(world.users[Role.UNIT_HEAD]))
    units = client.get("units").json()
    assert {u["code"] for u in units["items"]} == {"SETDA", "TAPEM"}
    assert client.get(f"units/{world.bappeda.pk}").status_code == 404


def test_token_writes_are_audited_as_the_tokens_user(world):
    coordinator = world.users[Role.COORDINATOR]
    client = ApiClient(token=_key(coordinator))
    response = client.post("officials", {"government": world.kutim.pk, "name": "Siti Aminah"})
    assert response.status_code == 201
    event = AuditEvent.objects.get(object_id=str(response.json()["id"]), action="create",
                                   content_type__model="official")
    assert (event.actor_id, event.source) == (coordinator.pk, AuditSource.API)


@pytest.mark.parametrize("case", ["revoked", "expired", "inactive user", "garbage", "no prefix",
                                  "empty"])
def test_unusable_tokens_are_401(world, case):
    user = world.users[Role.VIEWER]
    if case == "expired":
        key = _key(user, expires_at=timezone.now() - dt.timedelta(minutes=1))
    elif case == "garbage":
        key = "sng_" + "x" * 43
    elif case == "no prefix":
        key = _key(user)[4:]
    elif case == "empty":
        key = " "
    else:
        key = _key(user)
    if case == "revoked":
        ApiToken.objects.update(revoked_at=timezone.now())
    if case == "inactive user":
        user.is_active = False
        user.save()
    client = ApiClient(token=key)
    for response in (client.get("units"), client.post("officials", {"name": "x"})):
        assert response.status_code == 401
        assert response.json() == {"errors": [{"field": None, "reason": "Authentication required."}]}


def test_revoking_through_the_api_stops_the_token_at_once(world):
    viewer = world.users[Role.VIEWER]
    session = ApiClient(viewer)
    created = session.post("tokens", {"name": "skrip"})
    assert created.status_code == 201
    body = created.json()
    key = body["key"]
    assert key.startswith("sng_") and body["key_prefix"] == key[:8]
    # The key is shown once: the list never carries it, the database only its hash.
    listed = session.get("tokens").json()["items"]
    assert [t["name"] for t in listed] == ["skrip"] and "key" not in listed[0]
    assert key not in ApiToken.objects.get().key_hash
    token_client = ApiClient(token=key)
    assert token_client.get("units").status_code == 200
    revoked = token_client.post(f"tokens/{body['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["is_active"] is False
    assert token_client.get("units").status_code == 401
    events = AuditEvent.objects.filter(content_type__model="apitoken").order_by("id")
    assert [(e.action, e.source) for e in events] == [("create", "api"), ("update", "api")]


def test_token_create_validates(world):
    client = ApiClient(world.users[Role.VIEWER])
    assert client.post("tokens", {"name": "  "}).json()["errors"][0]["field"] == "name"
    past = client.post("tokens", {"name": "a", "expires_at": "2020-01-01T00:00:00"})
    assert past.status_code == 422 and past.json()["errors"][0]["field"] == "expires_at"
    long = client.post("tokens", {"name": "a" * 101})
    assert long.status_code == 422 and long.json()["errors"][0]["field"] == "name"
    future = client.post("tokens", {"name": "a", "expires_at": "2999-01-01T08:00:00+07:00"})
    assert future.status_code == 201
    expires = dt.datetime.fromisoformat(future.json()["expires_at"])
    assert expires == dt.datetime(2999, 1, 1, 1, 0, tzinfo=dt.UTC)
    assert ApiToken.objects.get().expires_at == expires


def test_create_token_command_prints_a_working_token(world):
    out = io.StringIO()
    call_command("create_token", "coordinator", "--name", "etl", stdout=out)
    key = out.getvalue().strip()
    assert re.fullmatch(r"sng_[A-Za-z0-9_-]{43}", key)
    response = ApiClient(token=key).get("units")
    assert response.status_code == 200 and response.json()["count"] == 4
    token = ApiToken.objects.get()
    assert token.name == "etl" and token.user == world.users[Role.COORDINATOR]


def test_create_token_command_sets_an_expiry(world):
    out = io.StringIO()
    call_command("create_token", "coordinator", "--days", "30", stdout=out)
    token = ApiToken.objects.get()
    assert abs(token.expires_at - (timezone.now() + dt.timedelta(days=30))) < dt.timedelta(minutes=1)
    assert ApiClient(token=out.getvalue().strip()).get("units").status_code == 200
    with pytest.raises(CommandError):
        call_command("create_token", "coordinator", "--days", "0", stdout=io.StringIO())


def test_an_expired_token_is_refused_like_a_revoked_one(world):
    user = world.users[Role.VIEWER]
    token, key = create_token(Actor(user), user, "skrip", timezone.now() + dt.timedelta(hours=1))
    client = ApiClient(token=key)
    assert client.get("units").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    refused = client.get("units")
    assert refused.status_code == 401
    assert refused.json() == {"errors": [{"field": None, "reason": "Authentication required."}]}
    listed = ApiClient(user).get("tokens").json()["items"]
    assert listed[0]["is_active"] is False and listed[0]["revoked_at"] is None


@pytest.mark.parametrize("path", ["regions", "governments", "units", "officials", "positions",
                                  "terms", "users", "tokens"])
def test_anonymous_gets_401_json(db, path):
    client = Client(enforce_csrf_checks=True)
    for response in (client.get(f"{API}/{path}"),
                     client.post(f"{API}/{path}", "{}", content_type="application/json")):
        assert response.status_code in (401, 405)
        if response.status_code == 401:
            assert response.json()["errors"][0]["reason"] == "Authentication required."


def test_session_writes_need_the_csrf_token_bearer_writes_do_not(world):
    coordinator = world.users[Role.COORDINATOR]
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    body = json.dumps({"government": world.kutim.pk, "code": "X1", "name": "X", "kind": "agency"})
    refused = client.post(f"{API}/units", body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["reason"] == "CSRF check Failed"
    assert not Unit.objects.filter(code="X1").exists()
    # Reading needs no CSRF token; a page visit hands one out for the writes.
    assert client.get(f"{API}/units").status_code == 200
    client.get("/")
    csrf = client.cookies["csrftoken"].value
    accepted = client.post(f"{API}/units", body, content_type="application/json",
                           headers={"X-CSRFToken": csrf})
    assert accepted.status_code == 201, accepted.content
    bearer = Client(enforce_csrf_checks=True)
    body = body.replace("X1", "X2")
    response = bearer.post(f"{API}/units", body, content_type="application/json",
                           headers={"Authorization": f"Bearer {_key(coordinator)}"})
    assert response.status_code == 201


# ---------------------------------------------------------------------------- OpenAPI and docs

EXPECTED_PATHS = {
    "/api/v1/me/notification-preferences": {"get", "put"},
    "/api/v1/notifications": {"get"},
    "/api/v1/notifications/read-all": {"post"},
    "/api/v1/notifications/{pk}/read": {"post"},
    "/api/v1/me/tasks": {"get"},
    "/api/v1/meetings/follow-ups": {"get"},
    "/api/v1/meetings/follow-ups/{pk}": {"get"},
    "/api/v1/meetings/follow-ups/{pk}/progress": {"post"},
    "/api/v1/meetings/follow-ups/lines/{pk}/steps": {"post"},
    "/api/v1/meetings/invitations/{pk}/answer": {"post"},
    "/api/v1/meetings/meetings": {"get", "post"},
    "/api/v1/meetings/meetings/{pk}": {"get", "patch"},
    "/api/v1/meetings/meetings/{pk}/actions/{step}": {"post"},
    "/api/v1/meetings/meetings/{pk}/agenda": {"get", "post"},
    "/api/v1/meetings/meetings/{pk}/commitments/{commitment_id}": {"get", "patch", "delete"},
    "/api/v1/meetings/meetings/{pk}/commitments/{commitment_id}/issue": {"post"},
    "/api/v1/meetings/meetings/{pk}/commitments/{commitment_id}/document.pdf": {"get"},
    "/api/v1/meetings/meetings/{pk}/commitments/{commitment_id}/signatories/{signatory_id}/signature": {
        "post"},
    "/api/v1/meetings/meetings/{pk}/decisions/{decision_id}": {"delete", "patch"},
    "/api/v1/meetings/meetings/{pk}/minutes": {"get", "put"},
    "/api/v1/meetings/meetings/{pk}/record.pdf": {"get"},
    "/api/v1/meetings/meetings/{pk}/attendance": {"get", "post"},
    "/api/v1/meetings/meetings/{pk}/commitments": {"get", "post"},
    "/api/v1/meetings/meetings/{pk}/materials": {"get"},
    "/api/v1/meetings/series": {"get", "post"},
    "/api/v1/meetings/meetings/{pk}/decisions": {"get", "post"},
    "/api/v1/meetings/meetings/{pk}/follow-ups": {"post"},
    "/api/v1/meetings/meetings/{pk}/ics": {"get"},
    "/api/v1/meetings/meetings/{pk}/invitations": {"get", "post"},
    "/api/v1/problems/problems": {"get", "post"},
    "/api/v1/problems/problems/{pk}/steps": {"post"},
    "/api/v1/cooperation/agreements": {"get", "post"},
    "/api/v1/cooperation/agreements/{pk}": {"get", "patch"},
    "/api/v1/cooperation/agreements/{pk}/documents": {"get", "post"},
    "/api/v1/cooperation/agreements/{pk}/partners": {"post"},
    "/api/v1/cooperation/agreements/{pk}/renew": {"post"},
    "/api/v1/cooperation/agreements/{pk}/follow-ups": {"get", "post"},
    "/api/v1/cooperation/documents/{pk}": {"get", "patch"},
    "/api/v1/cooperation/documents/{pk}/numbers": {"post"},
    "/api/v1/cooperation/documents/{pk}/file": {"get", "post"},
    "/api/v1/cooperation/rounds": {"get", "post"},
    "/api/v1/cooperation/rounds/{pk}": {"get"},
    "/api/v1/cooperation/rounds/{pk}/evaluations": {"get"},
    "/api/v1/cooperation/evaluations/{pk}": {"patch"},
    "/api/v1/cooperation/evaluations/{pk}/{step}": {"post"},
    "/api/v1/regions": {"get"},
    "/api/v1/regions/{pk}": {"get"},
    "/api/v1/governments": {"get", "post"},
    "/api/v1/governments/{pk}": {"get", "put", "patch", "delete"},
    "/api/v1/governments/{pk}/holders": {"get"},
    "/api/v1/units": {"get", "post"},
    "/api/v1/units/{pk}": {"get", "put", "patch", "delete"},
    "/api/v1/officials": {"get", "post"},
    "/api/v1/officials/{pk}": {"get", "put", "patch", "delete"},
    "/api/v1/positions": {"get", "post"},
    "/api/v1/positions/{pk}": {"get", "put", "patch", "delete"},
    "/api/v1/terms": {"get", "post"},
    "/api/v1/terms/{pk}": {"get", "put", "patch", "delete"},
    "/api/v1/coordinations": {"get", "post"},
    "/api/v1/coordinations/{pk}": {"get", "put", "patch", "delete"},
    "/api/v1/users": {"get", "post"},
    "/api/v1/users/{pk}": {"get", "put", "patch"},
    "/api/v1/tokens": {"get", "post"},
    "/api/v1/tokens/{pk}/revoke": {"post"},
    "/api/v1/planning/activities": {"get", "post"},
    "/api/v1/planning/activities/{pk}": {"get", "put", "patch", "delete"},
    "/api/v1/planning/activities/{pk}/targets": {"get", "put"},
    "/api/v1/planning/indicators": {"get", "post"},
    "/api/v1/planning/indicators/{pk}": {"get", "put", "patch", "delete"},
    "/api/v1/planning/milestones": {"get", "post"},
    "/api/v1/planning/milestones/{pk}": {"get", "put", "patch", "delete"},
    "/api/v1/planning/frameworks": {"get", "post"},
    "/api/v1/planning/frameworks/{pk}": {"get", "put", "patch", "delete"},
    "/api/v1/planning/priorities": {"get", "post"},
    "/api/v1/planning/priorities/{pk}": {"get", "put", "patch", "delete"},
    "/api/v1/planning/nomenclature": {"get", "post"},
    "/api/v1/planning/nomenclature/{pk}": {"get", "put", "patch", "delete"},
    "/api/v1/planning/plans/{government}/{year}/versions": {"get"},
    "/api/v1/planning/plans/{government}/{year}/versions/{number}": {"get"},
    "/api/v1/monitoring/realizations": {"get", "post"},
    "/api/v1/monitoring/realizations/{pk}": {"get", "put", "patch"},
    "/api/v1/monitoring/realizations/{pk}/outputs": {"put"},
    "/api/v1/monitoring/realizations/{pk}/submit": {"post"},
    "/api/v1/monitoring/realizations/{pk}/verify": {"post"},
    "/api/v1/monitoring/realizations/{pk}/return": {"post"},
    "/api/v1/monitoring/realizations/{pk}/reopen": {"post"},
    "/api/v1/monitoring/rollup": {"get"},
    "/api/v1/monitoring/forecast": {"get"},
    "/api/v1/monitoring/missions": {"get"},
}


def test_openapi_json_parses_and_lists_every_path(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["info"]["title"] == "Sinergi API" and schema["openapi"].startswith("3.")
    paths = {path: set(ops) for path, ops in schema["paths"].items()}
    assert paths == EXPECTED_PATHS
    operation_ids = [op["operationId"] for ops in schema["paths"].values() for op in ops.values()]
    assert len(operation_ids) == len(set(operation_ids))
    # Lists document their filters and pagination; writes their error answers.
    units = schema["paths"]["/api/v1/units"]
    params = {p["name"] for p in units["get"]["parameters"]}
    assert {"q", "government", "kind", "page", "page_size"} <= params
    patch = schema["paths"]["/api/v1/units/{pk}"]["patch"]
    assert {"401", "403", "404", "409", "422"} <= set(patch["responses"])
    regions = schema["paths"]["/api/v1/regions"]["get"]
    assert {"q", "level", "within"} <= {p["name"] for p in regions["parameters"]}
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    assert "password" not in json.dumps(schema["components"]["schemas"]["UserOut"])


def test_docs_page_loads_only_local_assets_and_no_inline_script(client):
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", html), "external asset in docs page"
    assets = re.findall(r"(?:src|href)=\"([^\"]+)\"", html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
    # Every <script> either loads a local file or is inert JSON data (allowed by script-src 'self').
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
        if "src=" in attrs:
            assert not body.strip()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.S).group(1))["url"] == (
        f"{API}/openapi.json"
    )
