"""Property-based fuzzing of the whole API (Schemathesis over /api/v1/openapi.json), in process,
on the demo data, as an administrator and as a unit operator: 0 server errors and 0 responses
that break their own schema.

Every operation of the schema gets SINERGI_FUZZ_EXAMPLES generated requests (default 5, so
that `make test` stays fast; `make bench` runs bench/bench_api_fuzz.py with a longer budget).
Failures are collected over all operations and reported together."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from sinergi.accounts.models import User
from sinergi.accounts.services import create_token
from sinergi.core.services import Actor
from sinergi.demo.loader import load_demo
from sinergi.wsgi import application

EXAMPLES = int(os.environ.get("SINERGI_FUZZ_EXAMPLES", "5"))


def fuzz(username: str, examples: int) -> tuple[int, int, list[str]]:
    """(operations, requests, failures) of a run as `username` with `examples` per operation."""
    # The schema's WSGI calls (loading the schema too) bypass Django's test client, which keeps
    # the request signals from closing the test's connection: inside the test's transaction,
    # PostgreSQL's would be closed.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        return _fuzz(username, examples)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzz(username: str, examples: int) -> tuple[int, int, list[str]]:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    token = create_token(Actor.system(), User.objects.get(username=username), f"fuzz {username}")[1]
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations, sent, failures = 0, [0], []
    checks = [not_a_server_error, response_schema_conformance]

    def runner(operation, found: list[str]):
        @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            sent[0] += 1
            response = case.call(headers=headers)
            try:
                case.validate_response(response, checks=checks)
            except Exception as exc:  # one line per failing operation is enough
                if not found:
                    found.append(f"{operation.method.upper()} {operation.path}: "
                                 f"{type(exc).__name__}: {str(exc)[:300]}")
        return run

    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        found: list[str] = []
        runner(operation, found)()
        failures.extend(found)
    return operations, sent[0], failures


@pytest.fixture
def demo(db):
    load_demo()


@pytest.mark.parametrize("username", ["admin", "operator"])
def test_no_server_error_and_every_response_fits_its_schema(demo, username):
    operations, requests, failures = fuzz(username, EXAMPLES)
    assert operations > 50 and requests >= operations
    assert failures == [], f"{len(failures)} of {operations} operations ({requests} requests):\n" + "\n".join(
        failures)
