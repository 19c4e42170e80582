"""core.scope with coordination designations, without the database: UserScope.build keeps the
coordinated subtrees per purpose, scope_filter opens reading (never writing) to the specs that
name the purpose, and `coordinates` answers for one unit path."""

from __future__ import annotations

from types import SimpleNamespace

from django.db.models import Q

from sinergi.core.roles import Role
from sinergi.core.scope import Action, ScopeSpec, UserScope, coordinates, scope_filter

SPEC = ScopeSpec(government="government_id", unit_path="unit__path",
                 managers=frozenset({Role.UNIT_HEAD}), purposes=frozenset({"monitoring"}))
NO_PURPOSE = ScopeSpec(government="government_id", unit_path="unit__path",
                       managers=frozenset({Role.UNIT_HEAD}))
GOVERNMENT_ROWS = ScopeSpec(government="government_id", unit_path="unit__path",
                            view_government=True, purposes=frozenset({"monitoring"}))

# The user's unit 1.2 (Tapem under Setda) coordinates the district offices 7 and 8 for
# monitoring and 7 for problems; 7.9 lies under 7 and 1.2.5 under the user's own unit.
COORDINATED = [("monitoring", "7"), ("monitoring", "7.9"), ("monitoring", "8"),
               ("monitoring", "1.2.5"), ("problems", "7")]


def scope(role=Role.UNIT_HEAD, coordinated=COORDINATED) -> UserScope:
    return UserScope.build(role, False, [("1.2", 10)], coordinated)


def user(s: UserScope):
    return SimpleNamespace(is_authenticated=True, is_active=True, scope=s)


def subtrees(q: Q) -> set[str]:
    """The unit subtrees a Q opens (its `unit__path__subtree` terms)."""
    found = set()
    for child in q.children:
        if isinstance(child, Q):
            found |= subtrees(child)
        elif child[0] == "unit__path__subtree":
            found.add(child[1])
    return found


def test_build_keeps_minimal_coordinated_roots_per_purpose():
    s = scope()
    assert s.coordinated == {"monitoring": ("1.2.5", "7", "8"), "problems": ("7",)}
    # What the user's own scope covers already adds no OR-term.
    assert s.coordinated_paths({"monitoring"}) == ("7", "8")
    assert s.coordinated_paths({"monitoring", "problems"}) == ("7", "8")
    assert s.coordinated_paths({"planning"}) == ()


def test_administrators_need_no_designations():
    s = UserScope.build(Role.ADMINISTRATOR, False, [("1", 10)], COORDINATED)
    assert s.is_global and s.coordinated == {}


def test_view_opens_the_coordinated_subtrees_of_the_specs_purpose():
    q = scope_filter(SPEC, scope(), Action.VIEW)
    assert subtrees(q) == {"1.2", "7", "8"}
    assert subtrees(scope_filter(NO_PURPOSE, scope(), Action.VIEW)) == {"1.2"}


def test_every_role_of_the_coordinating_unit_reads():
    for role in (Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.VIEWER):
        assert subtrees(scope_filter(SPEC, scope(role), Action.VIEW)) == {"1.2", "7", "8"}


def test_writing_stays_inside_the_own_subtree():
    for action in (Action.ADD, Action.CHANGE, Action.DELETE):
        assert subtrees(scope_filter(SPEC, scope(), action)) == {"1.2"}


def test_rows_seen_by_the_whole_government_are_unchanged():
    q = scope_filter(GOVERNMENT_ROWS, scope(), Action.VIEW)
    assert q == Q(government_id__in=frozenset({10}))


def test_no_designation_no_change():
    assert subtrees(scope_filter(SPEC, scope(coordinated=[]), Action.VIEW)) == {"1.2"}


def test_coordinates_answers_per_purpose_and_subtree():
    u = user(scope())
    assert coordinates(u, "monitoring", "7")
    assert coordinates(u, "monitoring", "7.12")
    assert coordinates(u, "problems", "7.9")
    assert not coordinates(u, "problems", "8")
    assert not coordinates(u, "monitoring", "77")  # not under 7
    assert not coordinates(u, "planning", "7")
    assert not coordinates(u, "monitoring", "")
    assert not coordinates(SimpleNamespace(is_authenticated=False), "monitoring", "7")
