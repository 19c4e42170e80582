"""Sign-in throttling (django-axes, accounts.throttling): five failures lock one username out
from one address; twenty failures from one address over any usernames (password spraying) lock
the address out, not the others; a success clears only its own user's failures; behind a
trusted proxy the forwarded address is the one counted."""

from __future__ import annotations

import pytest
from django.test import Client

from sinergi.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "Benar-sekali-123"


@pytest.fixture
def sutrisno():
    return User.objects.create_user("sutrisno", password=PASSWORD)


def sign_in(client: Client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def spray(client: Client, n: int, start: int = 0) -> list[int]:
    return [sign_in(client, f"pegawai{i:02}", "Kutim2025!").status_code for i in range(start, start + n)]


def test_password_spraying_locks_the_address_out_not_the_others(settings, sutrisno):
    assert settings.SINERGI_LOGIN_FAILURES_PER_ADDRESS == 20
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    assert spray(attacker, 19) == [200] * 19
    assert sign_in(attacker, "pegawai19", "Kutim2025!").status_code == 429
    # From that address, even the right password of another account is refused ...
    response = sign_in(attacker, "sutrisno", PASSWORD)
    assert response.status_code == 429 and not signed_in(attacker)
    assert "proses masuk dikunci selama 15 menit" in response.content.decode()
    # ... while another address signs in.
    colleague = Client(REMOTE_ADDR="198.51.100.8")
    assert sign_in(colleague, "sutrisno", PASSWORD).status_code == 302 and signed_in(colleague)


def test_a_few_failures_of_one_user_still_lock_only_that_user(settings, sutrisno):
    User.objects.create_user("wati", password=PASSWORD)
    office = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(office, "sutrisno", "salah")
    assert sign_in(office, "sutrisno", PASSWORD).status_code == 429
    assert sign_in(office, "wati", PASSWORD).status_code == 302


def test_signing_into_an_own_account_does_not_reset_the_spraying(sutrisno):
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    assert spray(attacker, 19) == [200] * 19
    assert sign_in(attacker, "sutrisno", PASSWORD).status_code == 302
    attacker.logout()
    assert sign_in(attacker, "pegawai19", "Kutim2025!").status_code == 429


@pytest.mark.parametrize("trusted", [True, False])
def test_behind_a_trusted_proxy_each_forwarded_address_counts_apart(settings, sutrisno, trusted):
    settings.SINERGI_TRUSTED_PROXIES = ["127.0.0.1"] if trusted else []
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    spray(attacker, 20)
    assert sign_in(attacker, "sutrisno", PASSWORD).status_code == 429
    colleague = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8")
    # Through the trusted proxy the colleague is another address; without trust, both are the
    # proxy's address and it is locked out (a client's own header is not believed).
    assert sign_in(colleague, "sutrisno", PASSWORD).status_code == (302 if trusted else 429)
