"""API authentication: personal tokens (`Authorization: Bearer sng_…`) or the browser session."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from sinergi.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = ApiToken.authenticate(token)
        if user is not None:
            request.user = user
        return user


class SignedInSessionAuth(SessionAuth):
    """Ninja's session auth (CSRF checked on unsafe methods), asked only when a session user
    exists: a request with neither a session nor a valid token is answered 401, not 403 CSRF."""

    def __call__(self, request: HttpRequest):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


AUTH = [TokenAuth(), SignedInSessionAuth()]
