"""The meeting pages: plan a meeting in the government's own zone, list/search, the month
calendar by local date, edit (stale refused), cancel with a reason, open for check-in, agenda;
who may do what."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from sinergi.core.roles import Role
from sinergi.meetings.choices import MeetingStatus
from sinergi.meetings.models import AgendaItem, Meeting
from tests import factories
from tests.meetings.conftest import make_meeting

UTC = ZoneInfo("UTC")


def form_data(world, **extra):
    data = {
        "organizer": world.tapem.pk,
        "kind": "rapat_koordinasi",
        "title": "Rakor Camat TW IV",
        "day": "2024-12-10",
        "start": "09:00",
        "end": "12:00",
        "venue": "Ruang Meranti",
    }
    data.update(extra)
    return data


def test_plan_a_meeting_in_the_governments_zone(client, world):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    response = client.post(reverse("meetings:meeting_add"), form_data(world))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.time_zone == "Asia/Makassar"  # Kutai Timur: WITA
    assert meeting.starts_at == dt.datetime(2024, 12, 10, 1, 0, tzinfo=UTC)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Selasa, 10 Desember 2024, 09.00–12.00 WITA" in page


def test_a_mimika_meeting_is_in_wit(client, world):
    coordinator = factories.user("coord-mimika", Role.COORDINATOR, [world.mimika_tapem])
    client.force_login(coordinator)
    client.post(reverse("meetings:meeting_add"), form_data(world, organizer=world.mimika_tapem.pk))
    meeting = Meeting.objects.get()
    assert meeting.starts_at == dt.datetime(2024, 12, 10, 0, 0, tzinfo=UTC)  # 09.00 WIT
    assert "09.00–12.00 WIT" in client.get(meeting.get_absolute_url()).content.decode()


def test_end_before_start_and_foreign_organizer_are_refused(client, world):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    response = client.post(reverse("meetings:meeting_add"), form_data(world, start="12:00", end="09:00"))
    assert response.status_code == 200 and not Meeting.objects.exists()
    response = client.post(reverse("meetings:meeting_add"), form_data(world, organizer=world.mimika_tapem.pk))
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(("role", "status"), [(Role.VIEWER, 403), (Role.UNIT_OPERATOR, 200)])
def test_who_may_plan(client, world, role, status):
    client.force_login(world.users[role])
    assert client.get(reverse("meetings:meeting_add")).status_code == status


def test_other_government_does_not_see_the_meeting(client, world, meeting):
    client.force_login(factories.user("op-mimika", Role.UNIT_OPERATOR, [world.mimika_tapem]))
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert "Rapat Koordinasi Evaluasi" not in client.get(reverse("meetings:meeting_list")).content.decode()


def test_viewer_sees_but_cannot_edit(client, world, meeting):
    client.force_login(world.users[Role.VIEWER])
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.get(reverse("meetings:meeting_edit", args=[meeting.pk])).status_code == 403


def test_list_search_and_calendar_by_local_day(client, world, meeting):
    # 23.30 WIT on 31 December is 14.30 UTC: it belongs to 31 December, not to the next month.
    late = make_meeting(
        world,
        organizer=world.mimika_tapem,
        government=world.mimika,
        time_zone="Asia/Jayapura",
        title="Rakor Akhir Tahun",
        starts_at=dt.datetime(2024, 12, 31, 23, 30, tzinfo=ZoneInfo("Asia/Jayapura")),
        ends_at=dt.datetime(2025, 1, 1, 0, 30, tzinfo=ZoneInfo("Asia/Jayapura")),
    )
    client.force_login(world.users[Role.ADMINISTRATOR])
    found = client.get(reverse("meetings:meeting_list"), {"q": "evaluasi"}).content.decode()
    assert "Rapat Koordinasi Evaluasi" in found and "Rakor Akhir Tahun" not in found
    december = client.get(reverse("meetings:meeting_calendar"), {"year": 2024, "month": 12})
    assert december.content.decode().count('data-testid="calendar-item"') == 2
    assert "23.30 WIT Rakor Akhir Tahun" in december.content.decode()
    january = client.get(reverse("meetings:meeting_calendar"), {"year": 2025, "month": 1})
    assert 'data-testid="calendar-item"' not in january.content.decode()
    assert late.pk


def test_edit_stale_cancel_open_and_agenda(client, world, meeting):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    url = reverse("meetings:meeting_edit", args=[meeting.pk])
    ok = client.post(url, form_data(world, title="Rakor TW III (revisi)", version=meeting.version))
    assert ok.status_code == 302
    stale = client.post(url, form_data(world, title="Lama", version=meeting.version))
    assert stale.status_code == 409
    meeting.refresh_from_db()
    assert meeting.title == "Rakor TW III (revisi)"
    client.post(
        reverse("meetings:agenda_add", args=[meeting.pk]),
        {"title": "Paparan capaian", "presenter": "Kabag Tapem", "duration_minutes": 30},
    )
    assert AgendaItem.objects.get(meeting=meeting).title == "Paparan capaian"
    client.post(reverse("meetings:meeting_open", args=[meeting.pk]), {"version": meeting.version})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.OPEN


def test_cancel_needs_a_reason_and_freezes(client, world, meeting):
    client.force_login(world.users[Role.COORDINATOR])
    client.post(
        reverse("meetings:meeting_cancel", args=[meeting.pk]), {"version": meeting.version, "reason": " "}
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    client.post(
        reverse("meetings:meeting_cancel", args=[meeting.pk]),
        {"version": meeting.version, "reason": "Bupati berhalangan"},
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    client.post(reverse("meetings:agenda_add", args=[meeting.pk]), {"title": "Tambahan"})
    assert not AgendaItem.objects.filter(meeting=meeting).exists()
    assert client.get(reverse("meetings:meeting_edit", args=[meeting.pk])).status_code == 302


def test_series_and_materials(client, world, meeting):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sinergi.meetings.models import Material, MeetingSeries

    client.force_login(world.users[Role.UNIT_OPERATOR])
    client.post(reverse("meetings:series_add"), {"name": "Rakor Camat", "organizer": world.tapem.pk})
    assert MeetingSeries.objects.get().government == world.kutim
    client.post(
        reverse("meetings:material_add", args=[meeting.pk]),
        {"title": "Paparan TW III", "file": SimpleUploadedFile("paparan.pdf", b"%PDF-1.4 test")},
    )
    material = Material.objects.get()
    response = client.get(reverse("meetings:material_download", args=[meeting.pk, material.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client.post(
        reverse("meetings:material_add", args=[meeting.pk]),
        {"title": "Skrip", "file": SimpleUploadedFile("x.exe", b"MZ")},
    )
    assert Material.objects.count() == 1
    client.force_login(factories.user("op-mimika", Role.UNIT_OPERATOR, [world.mimika_tapem]))
    assert (
        client.get(reverse("meetings:material_download", args=[meeting.pk, material.pk])).status_code == 404
    )


def test_calendar_filters_by_government(client, world, meeting):
    make_meeting(
        world,
        organizer=world.mimika_tapem,
        government=world.mimika,
        time_zone="Asia/Jayapura",
        title="Rakor Distrik",
    )
    client.force_login(world.users[Role.ADMINISTRATOR])
    page = client.get(
        reverse("meetings:meeting_calendar"), {"year": 2024, "month": 12, "government": world.kutim.pk}
    ).content.decode()
    assert "Rapat Koordinasi Evaluasi" in page and "Rakor Distrik" not in page
    assert (
        f"month=1&amp;government={world.kutim.pk}" in page or f"month=1&government={world.kutim.pk}" in page
    )
