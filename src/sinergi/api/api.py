"""API v1, assembled from each app's `api.py` router."""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import NON_FIELD_ERRORS, BadRequest, PermissionDenied, ValidationError
from django.db import InterfaceError, OperationalError
from django.db.models import ProtectedError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from sinergi.accounts.api import router as accounts_router
from sinergi.api.auth import AUTH
from sinergi.cooperation.api import router as cooperation_router
from sinergi.core.errors import database_reachable
from sinergi.meetings.api import router as meetings_router
from sinergi.monitoring.api import router as monitoring_router
from sinergi.notifications.api import router as notifications_router
from sinergi.planning.api import router as planning_router
from sinergi.problems.api import router as problems_router
from sinergi.regions.api import router as regions_router
from sinergi.reports.api import router as reports_router


class SafeJSONRenderer(JSONRenderer):
    """JSON with <, > and & written as \\u escapes (still the same JSON strings): text such as
    `<script>` that users stored can never turn into markup, even if a response is shown as
    HTML by mistake."""

    _ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})

    def render(self, request: HttpRequest, data, *, response_status: int) -> str:
        return super().render(request, data, response_status=response_status).translate(self._ESCAPES)


api = NinjaAPI(
    title="Sinergi API",
    version="1",
    urls_namespace="api-v1",
    auth=AUTH,
    renderer=SafeJSONRenderer(),
    description=(
        "Sinergi API v1. Authenticate with a personal token (`Authorization: Bearer sng_…`, "
        "from `sinergi create_token USERNAME` or POST /api/v1/tokens) or the browser session "
        "(unsafe methods then need the `X-CSRFToken` header). Updates need the `version` you "
        "read (409 when it is stale); errors are `{\"errors\": [{\"field\", \"reason\"}]}`."
    ),
)


def _errors_from_validation(exc: ValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": None if field == NON_FIELD_ERRORS else field,
             "reason": " ".join(str(m) for e in errors for m in e.messages)}
            for field, errors in exc.error_dict.items()
        ]
    return [{"field": None, "reason": " ".join(exc.messages)}]


@api.exception_handler(ValidationError)
def django_validation_error(request: HttpRequest, exc: ValidationError):
    code = 409 if getattr(exc, "code", None) == "stale" else 422
    return api.create_response(request, {"errors": _errors_from_validation(exc)}, status=code)


@api.exception_handler(NinjaValidationError)
def ninja_validation_error(request: HttpRequest, exc: NinjaValidationError):
    errors = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", []) if part not in ("body", "payload")]
        errors.append({"field": ".".join(loc[1:] if loc and loc[0] in ("query", "path") else loc)
                       or None, "reason": error.get("msg", "")})
    return api.create_response(request, {"errors": errors}, status=422)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied):
    # A rule that names what is refused (accounts.services: {"role": "..."}) says so.
    if exc.args and isinstance(exc.args[0], dict):
        errors = [{"field": None if field == "__all__" else field, "reason": str(reason)}
                  for field, reason in exc.args[0].items()]
    else:
        errors = [{"field": None, "reason": "Permission denied."}]
    return api.create_response(request, {"errors": errors}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):
    return api.create_response(
        request, {"errors": [{"field": None, "reason": str(exc) or "Not found."}]}, status=404
    )


@api.exception_handler(ProtectedError)
def protected(request: HttpRequest, exc: ProtectedError):
    """Deleting a row that other rows still refer to (on_delete=PROTECT)."""
    kinds = Counter(str(obj._meta.verbose_name_plural) for obj in exc.protected_objects)
    refs = ", ".join(f"{kind}: {n}" for kind, n in sorted(kinds.items()))
    reason = _("This record cannot be deleted: other records still refer to it (%(refs)s). "
               "Delete or move those first.") % {"refs": refs}
    return api.create_response(request, {"errors": [{"field": None, "reason": reason}]}, status=409)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    """Ninja's own errors (unparseable body, CSRF refused, throttled) in the same shape."""
    return api.create_response(
        request, {"errors": [{"field": None, "reason": exc.message}]}, status=exc.status_code
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(
        request, {"errors": [{"field": None, "reason": "Authentication required."}]}, status=401
    )


@api.exception_handler(BadRequest)
def bad_request(request: HttpRequest, exc: BadRequest):
    return api.create_response(
        request, {"errors": [{"field": None, "reason": str(exc) or "Bad request."}]}, status=400
    )


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def database_error(request: HttpRequest, exc: Exception):
    """The database went away: 503 in the API's error shape (a query error of a reachable
    database is a defect: re-raised, a 500)."""
    if database_reachable():
        raise exc
    response = api.create_response(
        request,
        {"errors": [{"field": None,
                     "reason": _("The database cannot be reached right now. Try again in a minute.")}]},
        status=503,
    )
    response.headers["Retry-After"] = "60"
    return response


# Each app's endpoints (regions, governments, units, officials, positions, terms; users, tokens).
api.add_router("/", regions_router)
api.add_router("/", accounts_router)
api.add_router("/planning", planning_router)
api.add_router("/monitoring", monitoring_router)
api.add_router("/meetings", meetings_router)
api.add_router("/problems", problems_router)
api.add_router("/cooperation", cooperation_router)
api.add_router("/", reports_router)
api.add_router("/", notifications_router)
