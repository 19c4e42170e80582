"""API v1 for user accounts and the caller's own API tokens.

Who may see and manage which account is accounts.rules / accounts.services (the same rules as
the pages); this module only turns requests into those calls. Passwords are accepted, never
returned; a token's key is returned once, when it is created.
No `from __future__ import annotations` here: Ninja reads these annotations at run time.
"""

import datetime as dt

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, ModelSchema, Query, Router, Schema, Status
from ninja.pagination import paginate
from ninja.patch_dict import PatchDict

from sinergi.accounts import rules, services
from sinergi.accounts.forms import UserFilterSet
from sinergi.accounts.models import ApiToken, User
from sinergi.api.crud import (
    ERRORS,
    Pagination,
    api_actor,
    api_user,
    apply_filterset,
    field_error,
    resolve_ids,
)
from sinergi.core.contacts import WHATSAPP_HELP
from sinergi.core.roles import Role
from sinergi.regions.models import Unit

router = Router()

# ---------------------------------------------------------------------------- users

user_router = Router(tags=["users"])


class UserOut(ModelSchema):
    scope_units: list[int]

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "whatsapp", "role", "is_active",
                  "last_login", "date_joined", "version"]

    @staticmethod
    def resolve_scope_units(obj: User) -> list[int]:
        return sorted(unit.pk for unit in obj.scope_units.all())  # prefetched


class UserFields(Schema):
    username: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    whatsapp: str = Field("", description=WHATSAPP_HELP)
    role: Role = Role.VIEWER
    is_active: bool = True
    scope_units: list[int] = Field(
        default_factory=list, description="Unit ids; the user works on these units and their sub-units."
    )


class UserIn(UserFields):
    password: str = Field(description="Checked against the password rules; never returned.")


class UserUpdate(UserFields):
    version: int


class UserFilters(Schema):
    q: str | None = Field(None, description="Search in username, names and email.")
    role: Role | None = None
    government: int | None = Field(None, description="Users with a scope unit in this government.")
    is_active: bool | None = None


def _users(request):
    return services.visible_users(api_user(request), User.objects.prefetch_related("scope_units"))


def _get_user(request, pk: int) -> User:
    user = _users(request).filter(pk=pk).first()
    if user is None:
        raise Http404
    return user


def _username_taken(username: str, exclude_pk: int | None = None) -> ValidationError | None:
    if User.objects.filter(username__iexact=username).exclude(pk=exclude_pk).exists():
        return field_error("username", _("A user with that username already exists."))
    return None


@user_router.get("", response=list[UserOut], operation_id="users_list")
@paginate(Pagination)
def list_users(request, filters: Query[UserFilters]):
    """Administrators see every account, coordinators the accounts of their governments,
    everyone else only their own."""
    return apply_filterset(UserFilterSet, filters.dict(), _users(request), request)


@user_router.get("/{pk}", response={200: UserOut, **ERRORS}, operation_id="users_read")
def read_user(request, pk: int):
    return _get_user(request, pk)


@user_router.post("", response={201: UserOut, **ERRORS}, operation_id="users_create")
def create_user(request, payload: UserIn):
    """Create an account. A coordinator may only give roles below administrator and units of
    its own governments."""
    if not rules.can_manage_users(api_user(request)):
        raise PermissionDenied
    data = resolve_ids(payload.dict(), {"scope_units": Unit}, api_user(request))
    password = data.pop("password")
    units = data.pop("scope_units")
    clash = _username_taken(data["username"])
    if clash:
        raise clash
    user = User(**data)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.error_list}) from None
    user = services.create_user(api_actor(request), user, scope_units=units, password=password)
    return Status(201, _get_user(request, user.pk))


def _update(request, pk: int, data: dict) -> User:
    user = _get_user(request, pk)
    if not rules.can_manage_user(api_user(request), user, services.user_governments(user)):
        raise PermissionDenied
    version = data.pop("version", None)
    if version is None:
        raise field_error("version", _("Send the version you read; it guards against "
                                      "overwriting someone else's change."))
    data = resolve_ids(data, {"scope_units": Unit}, api_user(request))
    units = data.pop("scope_units", None)
    if "username" in data:
        clash = _username_taken(data["username"], exclude_pk=user.pk)
        if clash:
            raise clash
    services.update_user(api_actor(request), user, data, expected_version=version, scope_units=units)
    return _get_user(request, pk)


@user_router.put("/{pk}", response={200: UserOut, **ERRORS}, operation_id="users_replace")
def replace_user(request, pk: int, payload: UserUpdate):
    """Replace an account's fields (not its password). Requires the `version` you read."""
    return _update(request, pk, payload.dict())


@user_router.patch("/{pk}", response={200: UserOut, **ERRORS}, operation_id="users_patch")
def patch_user(request, pk: int, payload: PatchDict[UserUpdate]):
    """Change some of an account's fields. Requires the `version` you read."""
    return _update(request, pk, dict(payload))


# ---------------------------------------------------------------------------- own API tokens

token_router = Router(tags=["tokens"])


class TokenOut(ModelSchema):
    is_active: bool

    class Meta:
        model = ApiToken
        fields = ["id", "name", "key_prefix", "created_at", "expires_at", "last_used_at",
                  "revoked_at"]


class NewTokenOut(TokenOut):
    key: str = Field(description="The token. Shown only now: store it safely.")


class TokenIn(Schema):
    name: str
    expires_at: dt.datetime | None = None


class TokenFilters(Schema):
    active: bool | None = Field(None, description="Only usable (true) or unusable (false) tokens.")


def _own_tokens(request):
    return ApiToken.objects.filter(user=api_user(request))


@token_router.get("", response=list[TokenOut], operation_id="tokens_list")
@paginate(Pagination)
def list_tokens(request, filters: Query[TokenFilters]):
    """Your own tokens (never anyone else's, whatever your role)."""
    tokens = _own_tokens(request)
    if filters.active is True:
        tokens = tokens.usable()
    elif filters.active is False:
        tokens = tokens.exclude(pk__in=ApiToken.objects.usable().values("pk"))
    return tokens


@token_router.post("", response={201: NewTokenOut, **ERRORS}, operation_id="tokens_create")
def create_token(request, payload: TokenIn):
    """Create a token for yourself; the answer carries its key, which is never shown again."""
    if not payload.name.strip():
        raise field_error("name", _("This field is required."))
    expires_at = payload.expires_at
    if expires_at is not None and timezone.is_naive(expires_at):
        expires_at = timezone.make_aware(expires_at)  # in the site's zone (Asia/Jakarta)
    if expires_at is not None and expires_at <= timezone.now():
        raise field_error("expires_at", _("The expiry must lie in the future."))
    token, key = services.create_token(api_actor(request), api_user(request), payload.name, expires_at)
    token.key = key
    return Status(201, token)


@token_router.post("/{pk}/revoke", response={200: TokenOut, **ERRORS},
                   operation_id="tokens_revoke")
def revoke_token(request, pk: int):
    """Revoke one of your tokens: it stops working at once (it stays listed, as revoked)."""
    token = _own_tokens(request).filter(pk=pk).first()
    if token is None:
        raise Http404
    return services.revoke_token(api_actor(request), token)


router.add_router("/users", user_router)
router.add_router("/tokens", token_router)
