"""Findings of the page battery (tests/browser/test_page_battery.py, issue 16) that a page's
HTML shows: a label, a list's counter, the history's field names and times, a filter's levels."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from sinergi.core.roles import Role
from sinergi.core.services import Actor, update_object
from sinergi.core.templatetags.sinergi import verbose_value
from sinergi.regions.choices import RegionLevel
from sinergi.regions.models import Region
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db


def test_the_meeting_title_is_a_title_not_a_job_title(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    html = client.get(reverse("meetings:meeting_add")).content.decode()
    assert re.search(r'<label[^>]*for="id_title"[^>]*>\s*Judul', html)
    assert "Nama jabatan" not in html
    # A position's title is still the name of the office.
    from sinergi.regions.models import Position

    assert str(Position._meta.get_field("title").verbose_name) == "nama jabatan"


def test_the_meeting_list_counts_its_rows(client, world):
    make_meeting(world)
    make_meeting(world, title="Rakor kedua")
    client.force_login(world.users[Role.COORDINATOR])
    html = client.get(reverse("meetings:meeting_list")).content.decode()
    assert html.count('data-testid="meeting-row"') == 2
    assert re.search(r'data-testid="list-count">\s*2 data', html), html


@pytest.mark.parametrize("name", ["regions:unit_list", "regions:government_list", "regions:region_list",
                                  "regions:official_list", "planning:activity_list", "accounts:user_list",
                                  "core:audit_list", "notifications:list"])
def test_every_list_counter_agrees_with_the_list(client, world, name):
    client.force_login(world.users[Role.ADMINISTRATOR])
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    paginator = response.context.get("paginator")
    page = response.context.get("page_obj")
    expected = page.paginator.count if page is not None else len(response.context["object_list"])
    assert paginator is None or paginator.count == expected
    assert re.search(rf'data-testid="list-count">\s*{expected} data', html), name


def test_history_shows_field_names_and_the_zone(client, world):
    unit = world.bappeda
    admin = world.users[Role.ADMINISTRATOR]
    update_object(Actor(admin), unit, {"short_name": "Bappeda Kutim",
                                                 "government": world.kutim},
                  expected_version=unit.version)
    client.force_login(admin)
    html = client.get(reverse("regions:unit_detail", args=[unit.pk])).content.decode()
    history = html[html.index('id="history"'):]
    assert "short_name" not in history and "<code>" not in history.split("</table>")[0]
    assert "Nama singkat" in history or "Singkatan" in history, history[:2000]
    assert re.search(r"\d{1,2} \w{3} \d{4} \d{2}\.\d{2} WIB", history), history[:1500]


def test_history_values_show_dates_for_people():
    assert verbose_value(None) == "–"
    assert verbose_value("2026-12-05") == "5 Des 2026"
    assert verbose_value("2026-12-05T01:00:00+00:00") == "5 Des 2026 08.00 WIB"
    assert verbose_value("Rapat 2026") == "Rapat 2026"


def test_the_region_filter_offers_only_loaded_levels(client, world):
    client.force_login(world.users[Role.VIEWER])
    html = client.get(reverse("regions:region_list")).content.decode()
    levels = set(Region.objects.values_list("level", flat=True))
    assert RegionLevel.VILLAGE not in levels  # the test registry has no villages
    assert f'value="{RegionLevel.VILLAGE}"' not in html
    assert f'value="{RegionLevel.DISTRICT}"' in html


def test_audit_list_shows_the_zone(client, world):
    admin = world.users[Role.ADMINISTRATOR]
    update_object(Actor(admin), world.setda, {"short_name": "Setda"},
                  expected_version=world.setda.version)
    client.force_login(admin)
    html = client.get(reverse("core:audit_list")).content.decode()
    assert re.search(r"\d{4} \d{2}\.\d{2} WIB", html)
    assert dt.date.today().isoformat() not in html
