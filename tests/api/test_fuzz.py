"""Property-based fuzzing of the whole API (Schemathesis over /api/v1/openapi.json), in process,
on the demo data, as an administrator and as a unit operator: 0 server errors and 0 responses
that break their own schema.

The budget is bounded for `make test` (SINERGI_FUZZ_EXAMPLES examples per operation, default
5); `make bench` runs `bench/bench_api_fuzz.py` with a longer one."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from sinergi.accounts.models import User
from sinergi.accounts.services import create_token
from sinergi.core.services import Actor
from sinergi.demo.loader import load_demo
from sinergi.wsgi import application

EXAMPLES = int(os.environ.get("SINERGI_FUZZ_EXAMPLES", "5"))
ROLES = {"administrator": "admin", "unit_operator": "operator"}


@pytest.fixture
def api_schema(db):
    load_demo()
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(params=sorted(ROLES))
def token(request, api_schema) -> str:
    user = User.objects.get(username=ROLES[request.param])
    return create_token(Actor.system(), user, f"fuzz {request.param}")[1]


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_server_error_and_every_response_fits_its_schema(case, token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
