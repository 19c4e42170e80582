"""Sign-in throttling: django-axes with a limit of its own for each lockout parameter.

AXES_LOCKOUT_PARAMETERS counts failures per [username, address] (one account's password guessed)
and per address (password spraying: one password tried over many usernames). Axes compares every
parameter with its single AXES_FAILURE_LIMIT, too low for a whole address, where a government
office's staff sign in behind one NAT; this handler holds the address to its own, higher limit,
SINERGI_LOGIN_FAILURES_PER_ADDRESS. A successful sign-in clears that user's failures only, not the
address's: signing into an account of one's own must not reset a spraying run.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit, get_lockout_parameters
from django.conf import settings
from django.db.models import Sum

ADDRESS = "ip_address"


def address_failure_limit() -> int:
    return settings.SINERGI_LOGIN_FAILURES_PER_ADDRESS


class AxesHandler(AxesDatabaseHandler):
    def _failures_per_parameter(self, request, credentials=None):
        parameters = get_lockout_parameters(request, credentials)
        attempts = self.get_user_attempts(request, credentials)
        for parameter, rows in zip(parameters, attempts, strict=True):
            yield parameter, rows.aggregate(n=Sum("failures_since_start"))["n"] or 0

    def get_failures(self, request, credentials=None) -> int:
        """The failures axes compares with AXES_FAILURE_LIMIT: those for the username from this
        address, or the limit itself once the address has reached its own limit."""
        limit = get_failure_limit(request, credentials)
        failures = 0
        for parameter, count in self._failures_per_parameter(request, credentials):
            if parameter == ADDRESS:
                count = limit if count >= address_failure_limit() else 0
            failures = max(failures, count)
        return failures

    def reset_user_attempts(self, request, credentials=None) -> int:
        parameters = get_lockout_parameters(request, credentials)
        attempts = self.filter_user_attempts(request, credentials)
        count = 0
        for parameter, rows in zip(parameters, attempts, strict=True):
            if parameter != ADDRESS:
                count += rows.delete()[0]
        return count


def username_for_axes(request, credentials=None) -> str:
    """The username axes records a failure under (AXES_USERNAME_CALLABLE): what was typed, cut to
    the length of a username (150; its table holds 255): a 10,000-character "username" failed
    the sign-in with a database error on PostgreSQL instead of a refusal."""
    value = (credentials or {}).get("username") if credentials else None
    if value is None and request is not None:
        value = request.POST.get("username") if hasattr(request, "POST") else None
    return str(value or "")[:150]
