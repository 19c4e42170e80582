"""API v1, assembled from each app's `api.py` router."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from sinergi.api.auth import AUTH

api = NinjaAPI(
    title="Sinergi API",
    version="1",
    urls_namespace="api-v1",
    auth=AUTH,
    description="Sinergi API v1. Authenticate with a personal token: `Authorization: Bearer sng_…`.",
)


def _errors_from_validation(exc: ValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": field, "reason": " ".join(str(m) for e in errors for m in e.messages)}
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
    return api.create_response(
        request, {"errors": [{"field": None, "reason": "Permission denied."}]}, status=403
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):
    return api.create_response(
        request, {"errors": [{"field": None, "reason": "Not found."}]}, status=404
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(
        request, {"errors": [{"field": None, "reason": "Authentication required."}]}, status=401
    )
