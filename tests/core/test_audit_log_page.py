"""The audit log page: filters (who, action, source, type, period, search), the filtered events
as xlsx, administrators only, garbage answered without a 500."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import load_workbook

from sinergi.core.roles import Role
from sinergi.core.services import Actor, update_object
from sinergi.regions.models import Unit


@pytest.mark.django_db
def test_filters_and_export(client, world):
    admin = world.users[Role.ADMINISTRATOR]
    update_object(Actor(admin), world.tapem, {"name": "Bagian Tata Pemerintahan Setda"},
                  expected_version=None)
    client.force_login(admin)
    url = reverse("core:audit_list")
    everything = client.get(url)
    assert everything.status_code == 200
    unit_type = ContentType.objects.get_for_model(Unit).pk
    page = client.get(url, {"q": "Tata Pemerintahan Setda", "action": "update", "content_type": unit_type})
    rows = page.context["object_list"]
    assert [e.object_repr for e in rows] == [str(Unit.objects.get(pk=world.tapem.pk))]
    assert client.get(url, {"until": "2000-01-01"}).context["object_list"].count() == 0
    today = dt.date.today().isoformat()
    assert client.get(url, {"since": today, "actor": admin.username}).context["object_list"].count() >= 1
    export = client.get(url, {"q": "Tata Pemerintahan Setda", "format": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0].startswith("Waktu (") and len(values) == 2
    assert "Tata Pemerintahan Setda" in values[1][5]
    for garbage in ({"since": "2025-02-31"}, {"content_type": "99999999999999999999"}, {"action": "x" * 5000},
                    {"q": "\x00"}, {"page": "²"}):
        assert client.get(url, garbage).status_code in (200, 400, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.VIEWER])
def test_only_administrators(client, world, role):
    client.force_login(world.users[role])
    assert client.get(reverse("core:audit_list")).status_code == 403
    assert client.get(reverse("core:audit_list"), {"format": "xlsx"}).status_code == 403


def test_export_times_are_real_dates_in_the_readers_zone(client, world):
    """The xlsx holds each event's moment as a date-time cell (dd/mm/yyyy hh:mm), in the
    administrator's own zone, never as text."""
    import datetime as dt
    import io

    import openpyxl

    from sinergi.core.models import AuditEvent

    client.force_login(world.users["administrator"])
    response = client.get(reverse("core:audit_list"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Log audit"]
    first = sheet.cell(2, 1)
    assert isinstance(first.value, dt.datetime) and first.number_format == "dd/mm/yyyy hh:mm"
    newest = AuditEvent.objects.order_by("-timestamp", "-id").first().timestamp
    wib = dt.timezone(dt.timedelta(hours=7))
    assert first.value == newest.astimezone(wib).replace(tzinfo=None, microsecond=0)
    assert "WIB" in sheet.cell(1, 1).value
