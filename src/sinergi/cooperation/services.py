"""Who may write an agreement (the scope rule that core.scope cannot decide alone, because an
agreement belongs to several responsible units)."""

from __future__ import annotations

from typing import Any

from sinergi.cooperation.models import Agreement
from sinergi.core.roles import Role
from sinergi.core.scope import Action, can, user_scope
from sinergi.planning.models import ACTIVITY_MANAGERS
from sinergi.regions.models import Government, Unit


def _covers(paths: tuple[str, ...], unit: Unit) -> bool:
    return any(unit.path == root or unit.path.startswith(root + ".") for root in paths)


def may_write(
    user: Any, government: Government, units: list[Unit], agreement: Agreement | None = None
) -> bool:
    """May `user` record (or change) an agreement of `government` whose responsible units are
    `units`? Administrators and the government's coordinators: yes; a unit's head or operator:
    when every responsible unit is in their scope (and, for an existing agreement, when they
    may change it already)."""
    scope = user_scope(user)
    if scope.is_global:
        return True
    if scope.role not in ACTIVITY_MANAGERS:
        return False
    if agreement is not None and not can(user, Action.CHANGE, agreement):
        return False
    if government.pk in scope.whole_governments:
        return True
    if scope.role in (Role.UNIT_HEAD, Role.UNIT_OPERATOR):
        return bool(units) and all(
            u.government_id == government.pk and _covers(scope.unit_paths, u) for u in units
        )
    return False
