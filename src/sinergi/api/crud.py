"""Shared plumbing for the API routers: scoped lookups, ids -> rows, filtersets, audited writes.

Every endpoint goes through `Resource`: reads through core.scope.scoped (out of scope -> 404,
visible but not allowed -> 403), writes through core.services (scope check, full_clean, audit
with source "api", stale version -> 409). `add_crud_routes` wires the usual list / detail /
create / replace / patch / delete operations of one resource onto a router.

This module deliberately does not use `from __future__ import annotations`: Ninja reads the
endpoint signatures built in `add_crud_routes` at run time, and their types are local names.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from ninja.patch_dict import PatchDict

from sinergi.core.models import AuditSource
from sinergi.core.scope import Action, can, scoped
from sinergi.core.services import Actor, create_object, delete_object, update_object


class ErrorItem(Schema):
    field: str | None
    reason: str


class ErrorsOut(Schema):
    """Every error answer: which field (None for the request as a whole) and why."""

    errors: list[ErrorItem]


ERRORS = {code: ErrorsOut for code in (401, 403, 404, 409, 422)}


class Pagination(PageNumberPagination):
    """`?page=2&page_size=20`; the answer is `{"items": [...], "count": N}`. The page number is
    bounded (a page past 10**7 would ask the database for an OFFSET no database holds: SQLite's
    driver raised OverflowError for page=10**22)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=10_000_000)
        page_size: int | None = Field(None, ge=1, le=10_000)


def api_user(request: HttpRequest) -> Any:
    """The authenticated user (token or session), as set by the API's auth classes."""
    return request.auth


def api_actor(request: HttpRequest) -> Actor:
    return Actor(user=api_user(request), source=AuditSource.API)


def field_error(field_name: str | None, reason: Any) -> ValidationError:
    if field_name is None:
        return ValidationError(reason)
    return ValidationError({field_name: [reason]})


def visible(queryset: QuerySet, user: Any, **lookup: Any) -> Model:
    """The row, if the user may see it; 404 otherwise (invisible and missing look the same)."""
    obj = scoped(queryset, user, Action.VIEW).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def allowed(queryset: QuerySet, user: Any, action: Action, **lookup: Any) -> Model:
    """The row for `action`: 404 when invisible, 403 when visible but not allowed."""
    obj = visible(queryset, user, **lookup)
    if not can(user, action, obj):
        raise PermissionDenied
    return obj


def apply_filterset(filterset_class: type | None, params: dict[str, Any], queryset: QuerySet,
                    request: HttpRequest) -> QuerySet:
    """Filter with a django-filter FilterSet (the same ones the pages use); bad values -> 422."""
    data = {k: v for k, v in params.items() if v is not None and v != ""}
    if filterset_class is None or not data:
        return queryset
    filterset = filterset_class(data, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise ValidationError({name: list(errors) for name, errors in filterset.errors.items()})
    return filterset.qs


UNKNOWN_ID = _("Unknown id %(id)s (no such record, or not visible to you).")


def resolve_ids(data: dict[str, Any], relations: dict[str, type[Model]], user: Any) -> dict[str, Any]:
    """Replace related ids in `data` by rows the user may see; unknown ids -> 422 naming the field.

    A list value (many-to-many) must name only known ids (a repeated id counts once)."""
    errors: dict[str, list] = {}
    for name, model in relations.items():
        value = data.get(name)
        if value is None:
            continue
        pool = scoped(model._default_manager.all(), user, Action.VIEW)
        if isinstance(value, list | tuple | set):
            wanted = set(value)
            found = list(pool.filter(pk__in=wanted))
            missing = wanted - {obj.pk for obj in found}
            if missing:
                errors[name] = [UNKNOWN_ID % {"id": ", ".join(str(m) for m in sorted(missing))}]
            data[name] = found
        else:
            obj = pool.filter(pk=value).first()
            if obj is None:
                errors[name] = [UNKNOWN_ID % {"id": value}]
            data[name] = obj
    if errors:
        raise ValidationError(errors)
    return data


@dataclass
class Resource:
    """One model exposed by the API: its base queryset (with the joins its output needs), the
    related fields given as ids, and its FilterSet."""

    name: str
    queryset: QuerySet
    relations: dict[str, type[Model]] = field(default_factory=dict)
    filterset: type | None = None
    lookup: str = "pk"

    @property
    def model(self) -> type[Model]:
        return self.queryset.model

    def list(self, request: HttpRequest, params: dict[str, Any]) -> QuerySet:
        qs = scoped(self.queryset.all(), api_user(request), Action.VIEW)
        return apply_filterset(self.filterset, params, qs, request)

    def get(self, request: HttpRequest, pk: Any, action: Action = Action.VIEW) -> Model:
        return allowed(self.queryset.all(), api_user(request), action, **{self.lookup: pk})

    def reload(self, obj: Model) -> Model:
        """The saved row again, with the joins of the base queryset (for the answer)."""
        return self.queryset.get(pk=obj.pk)

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Model:
        user = api_user(request)
        if not can(user, Action.ADD, self.model):
            raise PermissionDenied
        data = resolve_ids(dict(data), self.relations, user)
        obj = create_object(api_actor(request), self.model(**data))
        return self.reload(obj)

    def for_update(self, request: HttpRequest, pk: Any, data: dict[str, Any]) -> tuple[Model, int, dict]:
        """The object to change (404/403 by scope), the version the client read (required) and
        the changes with their ids resolved: what every update starts from."""
        data = dict(data)
        version = data.pop("version", None)
        obj = self.get(request, pk, Action.CHANGE)
        if version is None:
            raise field_error("version", _("Send the version you read; it guards against "
                                          "overwriting someone else's change."))
        return obj, version, resolve_ids(data, self.relations, api_user(request))

    def update(self, request: HttpRequest, pk: Any, data: dict[str, Any]) -> Model:
        obj, version, data = self.for_update(request, pk, data)
        obj = update_object(api_actor(request), obj, data, expected_version=version)
        return self.reload(obj)

    def delete(self, request: HttpRequest, pk: Any, version: int | None) -> None:
        obj = self.get(request, pk, Action.DELETE)
        delete_object(api_actor(request), obj, expected_version=version)


def add_crud_routes(
    router: Router,
    resource: Resource,
    *,
    out: type[Schema],
    filters: type[Schema],
    create_in: type[Schema] | None = None,
    update_in: type[Schema] | None = None,
    pk_type: type = int,
    delete: bool = True,
) -> Router:
    """List (paginated, filtered) and detail; with `create_in`/`update_in` also POST, PUT,
    PATCH and DELETE. PUT and PATCH require `version`; DELETE takes an optional `?version=`."""
    name = resource.name

    @router.get("", response=list[out], operation_id=f"{name}_list")
    @paginate(Pagination)
    def list_objects(request, filters: Query[filters]):
        return resource.list(request, filters.dict())

    @router.get("/{pk}", response={200: out, **ERRORS}, operation_id=f"{name}_read")
    def read_object(request, pk: pk_type):
        return resource.get(request, pk)

    if create_in is not None:
        @router.post("", response={201: out, **ERRORS}, operation_id=f"{name}_create")
        def create_object_(request, payload: create_in):
            return Status(201, resource.create(request, payload.dict()))

    if update_in is not None:
        @router.put("/{pk}", response={200: out, **ERRORS}, operation_id=f"{name}_replace")
        def replace_object(request, pk: pk_type, payload: update_in):
            return resource.update(request, pk, payload.dict())

        @router.patch("/{pk}", response={200: out, **ERRORS}, operation_id=f"{name}_patch")
        def patch_object(request, pk: pk_type, payload: PatchDict[update_in]):
            return resource.update(request, pk, payload)

    if delete and update_in is not None:
        @router.delete("/{pk}", response={204: None, **ERRORS}, operation_id=f"{name}_delete")
        def delete_object_(request, pk: pk_type, version: int | None = None):
            resource.delete(request, pk, version)
            return Status(204, None)
    return router
