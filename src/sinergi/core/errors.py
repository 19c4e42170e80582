"""Error pages in the user's language, and 503 when the database is gone.

Every error page is `templates/errors/page.html`, which stands alone: it reads neither the user
nor anything else from the database, so it renders when the database is what failed.

`DatabaseUnavailableMiddleware` turns a database connection error, raised by a view or a
middleware, into a 503 page (in every mode, DEBUG included: a traceback would only say
"connection refused"), after checking with a fresh connection that the database is really
unreachable: a query error of a reachable database is a defect and stays a 500."""

from __future__ import annotations

import contextlib
import logging
import sys

from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

CONNECTION_ERRORS = (OperationalError, InterfaceError)


def database_reachable() -> bool:
    """A new connection (not the request's, which may be inside a transaction) to each
    configured database answers SELECT 1."""
    for alias in connections:
        probe = connections[alias].copy()
        try:
            with probe.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            return False
        finally:
            with contextlib.suppress(DatabaseError):
                probe.close()
    return True


def error_page(request: HttpRequest | None, status: int, title: str, message: str,
               detail: str = "") -> HttpResponse:
    body = loader.render_to_string(
        "errors/page.html", {"status": status, "title": title, "message": message, "detail": detail}
    )
    response = HttpResponse(body, status=status)
    if status == 503:
        response.headers["Retry-After"] = "60"
    return response


def unavailable(request: HttpRequest | None) -> HttpResponse:
    return error_page(
        request, 503, _("Service temporarily unavailable"),
        _("The database cannot be reached right now. Nothing you sent was half saved: try again "
          "in a minute. If this lasts, tell your administrator."),
    )


class DatabaseUnavailableMiddleware:
    """First in MIDDLEWARE: a response that ended in an uncaught database connection error
    (raised by a view or by any middleware, in any mode) becomes the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "_sinergi_database_down", False):
            return unavailable(request)
        return response


@receiver(got_request_exception)
def _note_database_down(sender, request=None, **kwargs) -> None:
    exception = sys.exc_info()[1]
    if request is not None and isinstance(exception, CONNECTION_ERRORS) and not database_reachable():
        logger.error("database unreachable: %s", exception)
        request._sinergi_database_down = True


def bad_request(request, exception=None, template_name=None):
    detail = str(exception) if exception is not None and exception.args else ""
    return error_page(
        request, 400, _("Bad request"),
        _("Something in the address or the form could not be read. Go back and check what was typed."),
        detail,
    )


def permission_denied(request, exception=None, template_name=None):
    return error_page(request, 403, _("Not allowed"),
                      _("Your role does not allow this. Ask your unit head or the administrator."))


def page_not_found(request, exception=None, template_name=None):
    return error_page(request, 404, _("Not found"),
                      _("This page does not exist, or it is outside what your account may see."))


def server_error(request, template_name=None):
    if getattr(request, "_sinergi_database_down", False):
        return unavailable(request)
    return error_page(
        request, 500, _("Something went wrong"),
        _("The error was recorded for the administrator. Nothing you sent was half saved."),
    )
