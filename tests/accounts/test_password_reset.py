"""Lupa kata sandi: a one-time link by email to choose a new password; the same answer whether
an account has the address or not; the new password stored through the audited service, the
account's API tokens revoked; the link dead once used."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from sinergi.accounts.models import ApiToken
from sinergi.accounts.services import create_token
from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.core.services import Actor

NEW = "Kata-sandi-baru-2026!"


@pytest.fixture
def operator(world):
    user = world.users[Role.UNIT_OPERATOR]
    user.email = "operator.tapem@kutaitimurkab.go.id"
    user.save(update_fields=["email"])
    return user


@pytest.mark.django_db
def test_reset_by_email_link(client, operator, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    create_token(Actor(operator), operator, "laptop")
    login = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in login
    response = client.post(reverse("password_reset"), {"email": "OPERATOR.tapem@kutaitimurkab.go.id"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [operator.email]
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    assert "operator" in message.body  # the account's username
    form = client.get(link, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0] if form.redirect_chain else link
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done.url == reverse("password_reset_complete")
    operator.refresh_from_db()
    assert operator.check_password(NEW)
    assert not ApiToken.objects.filter(user=operator, revoked_at__isnull=True).exists()
    assert AuditEvent.objects.filter(object_id=str(operator.pk), content_type__model="user").exists()
    # The link is dead once used.
    again = client.get(link, follow=True).content.decode()
    assert 'data-testid="reset-invalid"' in again
    signed_in = client.post(reverse("login"), {"username": operator.username, "password": NEW})
    assert signed_in.status_code == 302


@pytest.mark.django_db
def test_same_answer_for_unknown_addresses_and_garbage(client, operator, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(reverse("password_reset"), {"email": "nobody@example.go.id"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert mail.outbox == []
    for garbage in ("x" * 10000, "a\x00b@x.id", "", "not an address", "²@x.id"):
        assert client.post(reverse("password_reset"), {"email": garbage}).status_code in (200, 302, 400)
    assert mail.outbox == []
    for path in ("/password-reset/xx/yy/", "/password-reset/" + "A" * 500 + "/set-password/"):
        assert client.get(path).status_code in (200, 302, 404)
