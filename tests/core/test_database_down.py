"""The database goes away: /healthz answers 503 and every page a short Indonesian error page
(503, not a traceback), in the default (DEBUG) mode and in production, on SQLite (the file
cannot be opened) and PostgreSQL (the server refuses connections)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

PROBE = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.test import Client
    client = Client(raise_request_exception=False)
    # A signed-in browser: its session is read from the database.
    client.cookies["sessionid"] = "a" * 32
    out = {}
    for path in ("/healthz", "/login/", "/", "/meetings/", "/api/v1/governments"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="id")
        out[path] = [response.status_code, response.content.decode("utf-8", "replace")]
    print(json.dumps(out))
    """
)

UNREACHABLE = {
    "sqlite": "sqlite:////nonexistent-sinergi-dir/db.sqlite3",
    "postgresql": "postgres://sinergi:sinergi@127.0.0.1:1/sinergi",
}


@pytest.mark.parametrize("mode", ["development", "production"])
@pytest.mark.parametrize("database", sorted(UNREACHABLE))
def test_pages_answer_503_in_indonesian_without_a_traceback(database, mode, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": UNREACHABLE[database],
        "SINERGI_ENV": mode,
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SINERGI_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "sinergi.settings",
    }
    result = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    pages = json.loads(result.stdout.strip().splitlines()[-1])
    status, body = pages.pop("/healthz")
    assert status == 503 and json.loads(body)["database"] == "error"
    # The sign-in form needs no database to be shown; signing in does.
    assert pages.pop("/login/")[0] in (200, 503)
    for path, (status, body) in pages.items():
        assert status == 503, (path, status, body[:500])
        assert "Traceback" not in body and "OperationalError" not in body
        if not path.startswith("/api/"):
            assert "Basis data" in body or "basis data" in body, body[:800]
