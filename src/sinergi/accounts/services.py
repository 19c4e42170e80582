"""Account actions: users (created, edited, (de)activated, password set) and API tokens, with
audit. User writes check accounts.rules, then go through core.services (scope, full_clean,
version check, audit in one transaction)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from sinergi.accounts import rules
from sinergi.accounts.models import ApiToken, User
from sinergi.core.models import AuditAction
from sinergi.core.services import (
    Actor,
    StaleEditError,
    create_object,
    record,
    snapshot,
    update_object,
)
from sinergi.regions.models import Unit

# ---------------------------------------------------------------------------- reading


def user_governments(user: User) -> set[int]:
    """The governments of the user's scope units (as stored)."""
    return set(user.scope_units.values_list("government_id", flat=True))


def visible_users(viewer, queryset: QuerySet[User] | None = None) -> QuerySet[User]:
    """The accounts `viewer` may see: all (administrators), those whose scope units all lie in
    the coordinator's governments (coordinators), otherwise only the viewer's own."""
    queryset = User.objects.all() if queryset is None else queryset
    if viewer is None or not viewer.is_authenticated or not viewer.is_active:
        return queryset.none()
    governments = rules.managed_governments(viewer)
    if governments is None:
        return queryset
    own = queryset.filter(pk=viewer.pk)
    if not governments:
        return own
    inside = User.objects.filter(scope_units__government_id__in=governments).values("pk")
    outside = User.objects.filter(
        scope_units__in=Unit.objects.exclude(government_id__in=governments)
    ).values("pk")
    return queryset.filter(pk__in=inside).exclude(pk__in=outside) | own


def _check_manage(actor: Actor, target: User) -> None:
    if actor.user is not None and not rules.can_manage_user(
        actor.user, target, user_governments(target)
    ):
        raise PermissionDenied


def _check_assignment(actor: Actor, target: User | None, values: dict, units: Iterable[Unit]) -> None:
    if actor.user is None:
        return
    errors = rules.assignment_errors(
        actor.user,
        target=target,
        role=values["role"],
        is_staff=values.get("is_staff", False),
        is_superuser=values.get("is_superuser", False),
        is_active=values.get("is_active", True),
        unit_governments=[u.government_id for u in units],
    )
    if errors:
        # Rules broken through a form that offered only allowed choices mean a forged request.
        raise PermissionDenied(errors)


# ---------------------------------------------------------------------------- users


def create_user(actor: Actor, user: User, *, scope_units: Iterable[Unit], password: str) -> User:
    """Create `user` (unsaved) with a password (hashed here) and scope units."""
    units = list(scope_units)
    _check_assignment(
        actor, None,
        {"role": user.role, "is_staff": user.is_staff, "is_superuser": user.is_superuser,
         "is_active": user.is_active},
        units,
    )
    user.set_password(password)
    return create_object(actor, user, m2m={"scope_units": units})


def update_user(
    actor: Actor, user: User, changes: dict, *, expected_version: int | None,
    scope_units: Iterable[Unit] | None = None,
) -> User:
    """Edit an account (never its password: see set_password)."""
    changes = {k: v for k, v in changes.items() if k != "password"}
    _check_manage(actor, user)
    units = list(user.scope_units.all()) if scope_units is None else list(scope_units)
    values = {
        name: changes.get(name, getattr(user, name))
        for name in ("role", "is_staff", "is_superuser", "is_active")
    }
    _check_assignment(actor, user, values, units)
    m2m = None if scope_units is None else {"scope_units": units}
    return update_object(actor, user, changes, expected_version=expected_version, m2m=m2m)


def set_active(actor: Actor, user: User, active: bool, *, expected_version: int | None = None) -> User:
    return update_user(actor, user, {"is_active": active}, expected_version=expected_version)


def set_password(
    actor: Actor, user: User, password: str | None, *, expected_version: int | None = None,
    revoke_tokens: bool = False,
) -> User:
    """Set (or, with None, disable) the password. The audit shows that it changed, never the
    hash; the version moves so an open edit form of the account turns stale. A password change
    does not stop the user's API tokens: `revoke_tokens` revokes them in the same transaction."""
    probe = User()
    if password is None:
        probe.set_unusable_password()
    else:
        probe.set_password(password)
    return set_password_hash(
        actor, user, probe.password, expected_version=expected_version, revoke_tokens=revoke_tokens
    )


@transaction.atomic
def set_password_hash(
    actor: Actor, user: User, encoded: str, *, expected_version: int | None = None,
    revoke_tokens: bool = False,
) -> User:
    """Store an already hashed password (from Django's password forms), audited. A user may
    always change their own password (the view has checked the old one); others' only as
    their manager. With `revoke_tokens`, the user's API tokens are revoked too (audited)."""
    if actor.user is None or actor.user.pk != user.pk:
        _check_manage(actor, user)
    current = User.objects.select_for_update().get(pk=user.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError()
    before = snapshot(current)
    bumped = User.objects.filter(pk=current.pk, version=current.version).update(
        version=F("version") + 1, password=encoded
    )
    if not bumped:
        raise StaleEditError()
    current.password = encoded
    current.version += 1
    usable = current.has_usable_password()
    record(actor, AuditAction.UPDATE, current, before, snapshot(current),
           note="password set" if usable else "password disabled")
    if revoke_tokens:
        revoke_all_tokens(actor, current)
    user.password, user.version = current.password, current.version
    return current


def validation_error_for(exc: PermissionDenied) -> ValidationError | None:
    """The rule messages a PermissionDenied from this module carries, as a ValidationError."""
    if exc.args and isinstance(exc.args[0], dict):
        return ValidationError(exc.args[0])
    return None


# ---------------------------------------------------------------------------- API tokens


@transaction.atomic
def create_token(actor: Actor, user: User, name: str, expires_at=None) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns it with the key, which is never stored in clear."""
    key = ApiToken.generate_key()
    token = ApiToken(user=user, name=name.strip() or "token", expires_at=expires_at)
    token.set_key(key)
    token.full_clean()
    token.save()
    record(actor, AuditAction.CREATE, token, None, snapshot(token))
    return token, key


def unrevoked_tokens(user: User) -> QuerySet[ApiToken]:
    """The user's tokens not yet revoked (expired ones included: an expiry can be moved)."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)


@transaction.atomic
def revoke_all_tokens(actor: Actor, user: User) -> int:
    """Revoke every token of `user` (each audited); how many were revoked."""
    tokens = list(unrevoked_tokens(user).select_for_update())
    for token in tokens:
        revoke_token(actor, token)
    return len(tokens)


@transaction.atomic
def revoke_token(actor: Actor, token: ApiToken) -> ApiToken:
    if token.revoked_at is not None:
        return token
    before = snapshot(token)
    token.revoked_at = timezone.now()
    token.version += 1
    token.save(update_fields=["revoked_at", "version", "updated_at"])
    record(actor, AuditAction.UPDATE, token, before, snapshot(token), note="revoked")
    return token
