"""Every link a role is shown leads somewhere it may go: as each demo account, follow the links
of the pages reachable from the home page (breadth first, up to MAX_PAGES per role) and fail on
any that answers 4xx or 5xx — a button offered to a role that may not use it (the viewer's
"Import" on the cooperation list), a unit linked from a page seen government-wide (an official's
positions) — with the page that showed the link."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sinergi.accounts.models import User
from sinergi.core.services import Actor
from sinergi.demo.data import DEMO_USERS
from sinergi.demo.loader import load_demo

MAX_PAGES = 120
SKIPPED = ("/static", "/i18n", "/logout", "/admin", "/api", "/media")
FILES = (".pdf", ".xlsx", ".ics", ".csv", ".typ", "/export/", "/download/")
LINK = re.compile(r'href="(/[^"#?]*)')


@pytest.mark.django_db
def test_every_link_shown_to_a_role_opens():
    load_demo(Actor.system())
    broken = []
    for account in DEMO_USERS:
        client = Client()
        client.force_login(User.objects.get(username=account.username))
        queue, seen, shown_on = ["/"], set(), {"/": "(home)"}
        while queue and len(seen) < MAX_PAGES:
            url = queue.pop(0)
            seen.add(url)
            response = client.get(url)
            if response.status_code >= 400:
                broken.append(f"{account.username}: {url} -> {response.status_code} "
                              f"(linked from {shown_on[url]})")
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            for link in LINK.findall(response.content.decode()):
                if link in shown_on or link.startswith(SKIPPED) or link.endswith(FILES):
                    continue
                shown_on[link] = url
                queue.append(link)
    assert not broken, "\n".join(broken)
