"""A government's units as its organisation: each unit under its parent, indented by depth."""

import re

import pytest
from django.urls import reverse

from sinergi.core.roles import Role


@pytest.mark.django_db
def test_units_list_is_the_tree(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    html = client.get(reverse("regions:unit_list"), {"government": world.kutim.pk}).content.decode()
    names = re.findall(r'data-depth="(\d)">(?:<span[^>]*>└ </span>)?<a href="[^"]+">([^<]+)</a>', html)
    order = [name for _depth, name in names]
    assert order.index(world.setda.name) + 1 == order.index(world.tapem.name)  # right under its parent
    assert dict((name, int(depth)) for depth, name in names)[world.tapem.name] == 1
    assert dict((name, int(depth)) for depth, name in names)[world.setda.name] == 0
