"""The API's door for text: a request whose JSON body, form fields or query parameters hold
a character that core.text refuses is answered 422 in the API's error shape, naming the field,
before any endpoint sees it (so no endpoint, old or new, can store one)."""

from __future__ import annotations

import json

from django.core.exceptions import BadRequest
from django.http import HttpRequest, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from sinergi.core.text import unprintable_message, unprintable_paths

API_PREFIX = "/api/"


def streams_uploads(view):
    """Marks a view that reads its own upload (its own upload handlers, installed before the
    body is parsed: documents.views.verify fingerprints a copy as it arrives and keeps nothing).
    Its form fields are not read here, which would parse the body with Django's handlers first;
    the view checks them itself."""
    view.streams_uploads = True
    return view


def _streams_uploads(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return getattr(match.func, "streams_uploads", False)


def _has_nul(request: HttpRequest) -> bool:
    if "%00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in value for values in request.GET.lists() for value in values[1]):
        return True
    if request.method == "POST" and (request.content_type or "").startswith(
            ("multipart/form-data", "application/x-www-form-urlencoded")) and not _streams_uploads(request):
        return any("\x00" in key or any("\x00" in v for v in values) for key, values in request.POST.lists())
    return False


class UnprintableTextMiddleware:
    """For the API, the whole rule (422 naming the fields). For pages, a NUL in any query
    parameter or form field is a 400 before any view runs: no user types one, PostgreSQL refuses
    it in any text it compares (a search box sent "%00" and the list answered 500), and a form's
    own fields refuse the other characters with a message on the field (core.apps)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path.startswith(API_PREFIX):
            found = self._found(request)
            if found:
                errors = [{"field": ".".join(str(p) for p in path) or None,
                           "reason": unprintable_message(char)} for path, char in found[:20]]
                return JsonResponse({"errors": errors}, status=422)
        elif _has_nul(request):
            from sinergi.core.errors import bad_request

            return bad_request(request, BadRequest(_("A value sent holds a NUL character (U+0000).")))
        return self.get_response(request)

    @staticmethod
    def _found(request: HttpRequest) -> list:
        found = unprintable_paths({key: request.GET.getlist(key) for key in request.GET})
        found = [((path[0],), char) for path, char in found]
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            content_type = request.content_type or ""
            if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
                form = unprintable_paths({key: request.POST.getlist(key) for key in request.POST})
                found += [((path[0],), char) for path, char in form]
            elif request.body:
                try:
                    data = json.loads(request.body)
                except (ValueError, UnicodeDecodeError):
                    return found  # the endpoint answers 400 for a body it cannot parse
                found += unprintable_paths(data)
        return found
