"""The page step every "Terbitkan" button shares (POST with a confirmation): issue, or say why
not. The apps' views decide who may and what is issued."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _


def issue_from_post(request: HttpRequest, *, allowed: bool, issue: Callable[[], object],
                    done: Callable[[object], str]) -> None:
    """On a POST: refuse (403) when not `allowed`; without the confirmation box ticked, say so;
    else `issue()` and report `done(result)`, or the reasons of its ValidationError."""
    if request.method != "POST":
        return
    if not allowed:
        raise PermissionDenied
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Confirm that the document is final."))
        return
    try:
        result = issue()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done(result))
