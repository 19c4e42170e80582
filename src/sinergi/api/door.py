"""The API's door for text: a request whose JSON body, form fields or query parameters hold
a character that core.text refuses is answered 422 in the API's error shape, naming the field,
before any endpoint sees it (so no endpoint, old or new, can store one)."""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

from sinergi.core.text import unprintable_paths

API_PREFIX = "/api/"


def _message(char: str) -> str:
    return _("Contains an invisible control character (%(char)s) that cannot be printed or "
             "exported; it often comes with text pasted from another program. Remove it and "
             "type the text again.") % {"char": char}


class UnprintableTextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path.startswith(API_PREFIX):
            found = self._found(request)
            if found:
                errors = [{"field": ".".join(str(p) for p in path) or None, "reason": _message(char)}
                          for path, char in found[:20]]
                return JsonResponse({"errors": errors}, status=422)
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
