"""Who may manage which user accounts, as plain functions.

Callers pass users and the government ids of the scope units involved; nothing here queries the
database (a user's `scope` is built once per request by accounts.models.User.scope).

- An administrator (role administrator, or a superuser) manages every account.
- A coordinator manages the accounts whose scope units all lie in the coordinator's governments
  (and has at least one: an account without scope belongs to nobody's government), may only
  assign scope units inside those governments, and never creates, edits or elevates an
  administrator or a superuser, nor grants access to the Django admin.
- Nobody changes their own role or deactivates themselves (no one locks themselves out).
- Every other role manages no accounts; everyone sees their own profile.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.utils.translation import gettext as _

from sinergi.core.roles import Role


def is_administrator(user: Any) -> bool:
    return bool(
        user is not None and getattr(user, "is_authenticated", False) and user.is_active
        and (user.is_superuser or user.role == Role.ADMINISTRATOR)
    )


def is_coordinator(user: Any) -> bool:
    return bool(
        user is not None and getattr(user, "is_authenticated", False) and user.is_active
        and not is_administrator(user) and user.role == Role.COORDINATOR
    )


def managed_governments(user: Any) -> frozenset[int] | None:
    """The governments whose accounts `user` manages; None means all of them."""
    if is_administrator(user):
        return None
    if is_coordinator(user):
        return frozenset(user.scope.whole_governments)
    return frozenset()


def can_manage_users(user: Any) -> bool:
    """May `user` open the user management pages at all?"""
    governments = managed_governments(user)
    return governments is None or bool(governments)


def is_privileged(target: Any) -> bool:
    """An account only administrators may touch."""
    return bool(target.is_superuser or target.role == Role.ADMINISTRATOR)


def within(governments: frozenset[int] | None, target_governments: Collection[int]) -> bool:
    """Do the target's governments all lie in `governments` (None = everywhere)?"""
    if governments is None:
        return True
    return bool(target_governments) and set(target_governments) <= governments


def can_view_user(actor: Any, target: Any, target_governments: Collection[int]) -> bool:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if actor.pk == target.pk:
        return True
    governments = managed_governments(actor)
    if governments is not None and not governments:
        return False
    return within(governments, target_governments)


def can_manage_user(actor: Any, target: Any, target_governments: Collection[int]) -> bool:
    """May `actor` edit, deactivate or set the password of `target` (as it is now)?"""
    governments = managed_governments(actor)
    if governments is None:
        return True
    if not governments or is_privileged(target):
        return False
    return within(governments, target_governments)


def assignment_errors(
    actor: Any,
    *,
    target: Any | None,
    role: str,
    is_staff: bool,
    is_superuser: bool,
    unit_governments: Collection[int],
    is_active: bool = True,
) -> dict[str, str]:
    """What is wrong with giving an account (new when `target` is None) these values.

    `unit_governments`: the government of each scope unit the account will have. An empty
    dict means `actor` may save them."""
    errors: dict[str, str] = {}
    governments = managed_governments(actor)
    if governments is not None and not governments:
        return {"__all__": _("You may not manage user accounts.")}
    is_self = target is not None and actor.pk == target.pk
    if is_self and role != target.role:
        errors["role"] = _("You cannot change your own role.")
    if is_self and not is_active:
        errors["is_active"] = _("You cannot deactivate your own account.")
    if governments is None:
        return errors
    # A coordinator from here on.
    if target is not None and not is_self and is_privileged(target):
        errors["__all__"] = _("Only an administrator may change an administrator's account.")
    if role == Role.ADMINISTRATOR and not (is_self and target.role == role):
        errors["role"] = _("Only an administrator may make someone an administrator.")
    if is_superuser and not (target is not None and target.is_superuser):
        errors["__all__"] = _("Only an administrator may grant superuser rights.")
    if is_staff and not (target is not None and target.is_staff):
        errors["is_staff"] = _("Only an administrator may grant access to the admin site.")
    if not unit_governments:
        errors["scope_units"] = _("Choose at least one unit of your government.")
    elif not set(unit_governments) <= governments:
        errors["scope_units"] = _("You may only assign units of your own governments.")
    return errors
