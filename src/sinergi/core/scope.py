"""Who may see and change what: the one place where scope is decided.

Every model a user can reach declares a `ScopeSpec` (class attribute `scope_spec`) saying how to get
from a row to its government and, where it has one, to the materialized path of its unit.
A user's `UserScope` says which governments and unit subtrees the user reaches. `scoped()`
filters any queryset by the two; `can()` answers for one object. Views, the API, importers and
services all call these two functions and nothing else.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet

from sinergi.core.paths import is_in_subtree
from sinergi.core.roles import GOVERNMENT_WIDE_ROLES, Role


class Action(enum.StrEnum):
    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"


WRITE_ACTIONS = frozenset({Action.ADD, Action.CHANGE, Action.DELETE})
ADMIN_ONLY = frozenset({Role.ADMINISTRATOR})
GOVERNMENT_MANAGERS = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR})


@dataclass(frozen=True)
class ScopeSpec:
    """How a model is reached by scope.

    government: ORM path to the government's primary key ("government_id", "pk", ...).
    unit_path:  ORM path to the unit's materialized path, for rows that belong to a unit.
    managers:   roles that may add, change and delete such rows (inside their write scope).
    public:     reference data that every signed-in user may read (regions).
    to_many:    the paths cross a to-many relation (filter through a subquery, no duplicates).
    view_government: every user of the row's government may see it (a meeting, a follow-up);
                the unit path then limits writing only.
    purposes:   the coordination purposes (regions.Coordination: "monitoring", "planning", ...)
                under which a unit designated to coordinate other units sees such rows of the
                units it coordinates (reading only; see `coordinates` for the writes a
                service grants on top).
    """

    government: str | None
    unit_path: str | None = None
    managers: frozenset[str] = ADMIN_ONLY
    public: bool = False
    to_many: bool = False
    view_government: bool = False
    purposes: frozenset[str] = frozenset()


def minimal_roots(paths: Iterable[str]) -> tuple[str, ...]:
    """The paths without those already inside another one's subtree (fewer OR-terms in every
    query), sorted."""
    roots = sorted(set(paths))
    return tuple(p for p in roots if not any(p != r and p.startswith(r + ".") for r in roots))


@dataclass(frozen=True)
class UserScope:
    """role, governments and unit subtrees a user reaches; `coordinated`: for each coordination
    purpose, the unit subtrees the user's units coordinate (read access to the rows whose spec
    names that purpose)."""

    role: str
    is_global: bool = False
    governments: frozenset[int] = field(default_factory=frozenset)
    whole_governments: frozenset[int] = field(default_factory=frozenset)
    unit_paths: tuple[str, ...] = ()
    # Left out of the hash (a dict is not hashable); equality still compares it.
    coordinated: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)

    @classmethod
    def build(
        cls, role: str, is_global: bool, units: Iterable[tuple[str, int]],
        coordinated: Iterable[tuple[str, str]] = (),
    ) -> UserScope:
        """units: (unit path, government id) of the user's scope units. coordinated: (purpose,
        unit path) of the units coordinated by the user's units (regions.Coordination, resolved
        by the caller: core knows no domain model)."""
        units = list(units)
        governments = frozenset(gov for _path, gov in units)
        if is_global or role == Role.ADMINISTRATOR:
            return cls(role=role, is_global=True)
        by_purpose: dict[str, list[str]] = {}
        for purpose, path in coordinated:
            by_purpose.setdefault(purpose, []).append(path)
        coordinated_roots = {purpose: minimal_roots(paths) for purpose, paths in by_purpose.items()}
        if role in GOVERNMENT_WIDE_ROLES:
            return cls(role=role, governments=governments, whole_governments=governments,
                       coordinated=coordinated_roots)
        return cls(role=role, governments=governments,
                   unit_paths=minimal_roots(path for path, _gov in units),
                   coordinated=coordinated_roots)

    def coordinated_paths(self, purposes: Iterable[str]) -> tuple[str, ...]:
        """The unit subtrees the user coordinates for any of `purposes`, minus those its own
        scope covers already."""
        paths = [p for purpose in purposes for p in self.coordinated.get(purpose, ())]
        if not paths:
            return ()
        return tuple(p for p in minimal_roots(paths)
                     if not any(is_in_subtree(p, own) for own in self.unit_paths))


NO_SCOPE = UserScope(role="")


def user_scope(user: Any) -> UserScope:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_SCOPE
    return user.scope


def _spec(model: type[Model]) -> ScopeSpec:
    spec = getattr(model, "scope_spec", None)
    if not isinstance(spec, ScopeSpec):
        raise TypeError(f"{model.__name__} declares no ScopeSpec; it cannot be scoped.")
    return spec


def _unit_q(spec: ScopeSpec, paths: Iterable[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{spec.unit_path}__subtree": path})
    return q


def scope_filter(spec: ScopeSpec, scope: UserScope, action: Action) -> Q | None:
    """The Q a row must satisfy; None means every row."""
    if scope.is_global:
        return None
    nothing = Q(pk__in=[])
    if not scope.role:
        return nothing
    if action == Action.VIEW:
        if spec.public:
            return None
        if spec.government is None:
            return nothing
        q = Q(**{f"{spec.government}__in": scope.whole_governments})
        if spec.unit_path and not spec.view_government:
            q |= _unit_q(spec, scope.unit_paths)
            coordinated = scope.coordinated_paths(spec.purposes)
            if coordinated and scope.role not in GOVERNMENT_WIDE_ROLES:
                q |= _unit_q(spec, coordinated)
            return q
        return Q(**{f"{spec.government}__in": scope.governments})
    # Writing: the role must manage this kind of row, then only inside its write scope.
    if scope.role not in spec.managers or spec.government is None:
        return nothing
    q = Q(**{f"{spec.government}__in": scope.whole_governments})
    if spec.unit_path and scope.role in (Role.UNIT_HEAD, Role.UNIT_OPERATOR):
        q |= _unit_q(spec, scope.unit_paths)
    return q


def scoped(queryset: QuerySet, user: Any, action: Action = Action.VIEW) -> QuerySet:
    """The rows of `queryset` that `user` may see (or change, delete)."""
    spec = _spec(queryset.model)
    q = scope_filter(spec, user_scope(user), action)
    if q is None:
        return queryset
    if spec.to_many:
        inner = queryset.model._default_manager.filter(q).values("pk")
        return queryset.filter(pk__in=inner)
    return queryset.filter(q)


def _resolve(obj: Any, path: str) -> Any:
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


def can(user: Any, action: Action, obj: Model | type[Model]) -> bool:
    """May `user` do `action` on `obj` (an instance, or a model class for "any such row")?"""
    scope = user_scope(user)
    if scope.is_global:
        return True
    if not scope.role:
        return False
    model = obj if isinstance(obj, type) else type(obj)
    spec = _spec(model)
    if isinstance(obj, type):
        if action == Action.VIEW:
            return True
        return scope.role in spec.managers and bool(scope.governments)
    if obj.pk is not None and (spec.to_many or action != Action.ADD):
        return scoped(model._default_manager.filter(pk=obj.pk), user, action).exists()
    if spec.to_many:
        # An unsaved row has no to-many links to follow yet: only the role can be judged here;
        # the owning app's service checks the links it is about to make (accounts.rules).
        return action != Action.VIEW and scope.role in spec.managers and bool(scope.governments)
    # An unsaved row (or ADD): decide from its own attributes.
    q_spec = scope_filter(spec, scope, action)
    if q_spec is None:
        return True
    government = _resolve(obj, spec.government) if spec.government else None
    path = _resolve(obj, spec.unit_path) if spec.unit_path else None
    if action == Action.VIEW and (not spec.unit_path or spec.view_government):
        return government in scope.governments
    if action != Action.VIEW and scope.role not in spec.managers:
        return False
    if government in scope.whole_governments:
        return True
    if (path and (action == Action.VIEW or scope.role in (Role.UNIT_HEAD, Role.UNIT_OPERATOR))
            and any(is_in_subtree(path, root) for root in scope.unit_paths)):
        return True
    if path and action == Action.VIEW:
        return any(is_in_subtree(path, root) for root in scope.coordinated_paths(spec.purposes))
    return False


def coordinates(user: Any, purpose: str, unit_path: str) -> bool:
    """Is the unit at `unit_path` coordinated for `purpose` by one of `user`'s units (a
    regions.Coordination designation)? Only the designation is answered here: services combine
    it with the role (monitoring: a coordinating unit's head verifies and returns the
    realizations of the units it coordinates) and with their own rules (four-eyes)."""
    if not unit_path:
        return False
    scope = user_scope(user)
    return any(is_in_subtree(unit_path, root) for root in scope.coordinated.get(purpose, ()))


def check(user: Any, action: Action, obj: Model | type[Model]) -> None:
    if not can(user, action, obj):
        raise PermissionDenied
