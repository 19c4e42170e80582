"""The permission matrix of the UI, written once: a view test battery in the NetBox manner.

A test class per model subclasses `ViewBattery`, names the URLs the model has and says how to
build an object inside or outside a role's scope and valid form data. The battery then runs
every role (and anonymous) × every action (list, detail, add, edit, delete) × object inside /
outside the role's scope, for GET and POST, and asserts both the status code the permission
model prescribes and what happened in the database.

The permission model, as the UI must apply it:
- anonymous: redirected to the login page, nothing changes;
- lists: every signed-in role, showing only what the role's scope holds (administrators: all);
- an object outside the role's scope is invisible: 404 (administrators see everything);
- inside the scope: detail 200; add/edit/delete 200 (GET) and 302 (a successful POST) for the
  roles in `writers`, 403 for the others;
- adding outside one's governments is refused by the form (200 with errors, nothing created).
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.urls import reverse

from sinergi.core.roles import Role

ROLES: tuple[str | None, ...] = (
    None, Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.VIEWER,
)
ACTIONS = ("list", "detail", "add", "edit", "delete")
OBJECT_ACTIONS = frozenset({"detail", "edit", "delete"})


class ViewBattery:
    """Subclass as `TestXxxViews(ViewBattery)` and fill in the hooks below."""

    model: ClassVar[type]
    # action -> URL name; actions the model has no page for are left out (and not tested).
    urls: ClassVar[dict[str, str]] = {}
    writers: ClassVar[frozenset[str]] = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR})

    # ------------------------------------------------------------------ hooks

    def make_object(self, world, role: str | None, inside: bool) -> Any:
        """A fresh object inside `role`'s scope (inside=True) or in the other government."""
        raise NotImplementedError

    def add_data(self, world, inside: bool) -> dict:
        """Valid POST data for the add form, creating a row inside/outside Kutai Timur."""
        raise NotImplementedError

    def edit_data(self, world, obj) -> dict:
        """Valid POST data for the edit form that changes `obj` (see `edited`)."""
        raise NotImplementedError

    def created(self, data: dict) -> bool:
        raise NotImplementedError

    def edited(self, obj) -> bool:
        raise NotImplementedError

    # ------------------------------------------------------------------ the matrix

    def pytest_generate_tests(self, metafunc) -> None:
        if {"role", "action", "inside"} <= set(metafunc.fixturenames):
            writes_only = metafunc.function.__name__ == "test_post"
            cases, ids = [], []
            for action in ACTIONS:
                if action not in self.urls or (writes_only and action in ("list", "detail")):
                    continue
                for role in ROLES:
                    for inside in (True, False):
                        cases.append((role, action, inside))
                        ids.append(f"{role or 'anonymous'}-{action}-{'in' if inside else 'out'}")
            metafunc.parametrize(("role", "action", "inside"), cases, ids=ids)

    def expected(self, role: str | None, action: str, inside: bool, method: str) -> int:
        if role is None:
            return 302
        is_admin = role == Role.ADMINISTRATOR
        if action == "list":
            return 200
        if action in OBJECT_ACTIONS and not inside and not is_admin:
            return 404
        if action == "detail":
            return 200
        if role not in self.writers:
            return 403
        if method == "GET":
            return 200
        if action == "add" and not inside and not is_admin:
            return 200  # the form offers only the user's governments: an error, nothing saved
        return 302

    def url(self, action: str, obj=None) -> str:
        if action in OBJECT_ACTIONS:
            return reverse(self.urls[action], args=[obj.pk])
        return reverse(self.urls[action])

    def login(self, client, world, role):
        if role is not None:
            client.force_login(world.users[role])

    # ------------------------------------------------------------------ the tests

    @pytest.mark.django_db
    def test_get(self, client, world, role, action, inside):
        obj = self.make_object(world, role, inside)
        self.login(client, world, role)
        response = client.get(self.url(action, obj))
        expected = self.expected(role, action, inside, "GET")
        assert response.status_code == expected, response.content[:500]
        if role is None:
            assert response["Location"].startswith(reverse("login"))
            return
        if action == "list":
            visible = inside or role == Role.ADMINISTRATOR
            listed = obj.get_absolute_url() in response.content.decode()
            assert listed == visible

    @pytest.mark.django_db
    def test_post(self, client, world, role, action, inside):
        obj = self.make_object(world, role, inside) if action in OBJECT_ACTIONS else None
        self.login(client, world, role)
        if action == "add":
            data = self.add_data(world, inside)
        elif action == "edit":
            data = self.edit_data(world, obj)
        else:
            data = {"version": obj.version}
        response = client.post(self.url(action, obj), data)
        expected = self.expected(role, action, inside, "POST")
        assert response.status_code == expected, response.content[:800]
        succeeded = expected == 302 and role is not None
        if action == "add":
            assert self.created(data) == succeeded
        elif action == "edit":
            assert self.edited(obj) == succeeded
        else:
            assert (not type(obj)._default_manager.filter(pk=obj.pk).exists()) == succeeded
