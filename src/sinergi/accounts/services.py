"""Account actions: API tokens (created, revoked) with audit."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sinergi.accounts.models import ApiToken, User
from sinergi.core.models import AuditAction
from sinergi.core.services import Actor, record, snapshot


@transaction.atomic
def create_token(actor: Actor, user: User, name: str, expires_at=None) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns it with the key, which is never stored in clear."""
    key = ApiToken.generate_key()
    token = ApiToken(user=user, name=name.strip() or "token", expires_at=expires_at)
    token.set_key(key)
    token.full_clean()
    token.save()
    record(actor, AuditAction.CREATE, token, None, snapshot(token))
    return token, key


@transaction.atomic
def revoke_token(actor: Actor, token: ApiToken) -> ApiToken:
    if token.revoked_at is not None:
        return token
    before = snapshot(token)
    token.revoked_at = timezone.now()
    token.version += 1
    token.save(update_fields=["revoked_at", "version", "updated_at"])
    record(actor, AuditAction.UPDATE, token, before, snapshot(token), note="revoked")
    return token
