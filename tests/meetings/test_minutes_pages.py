"""Minutes pages: the editor (server-side sanitised preview, stale save refused, amendment with a
reason once closed), decisions edit, the close confirmation page, who may (viewer 403, other
government 404, organizer and coordinator ok), the minutes section rendered safely, and the
detail page's queries pinned with the section full of rows."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.meetings import closing, minutes
from sinergi.meetings.choices import DecisionKind, MeetingStatus
from sinergi.meetings.models import Meeting
from tests import factories
from tests.test_query_counts import COUNTS_FILE, UPDATE

PINNED_KEY = "meetings:minutes_section"


def fresh(meeting):
    return Meeting.objects.get(pk=meeting.pk)


def user_for(world, who):
    return {
        "viewer": lambda: world.users[Role.VIEWER],
        "other": lambda: factories.user("op-mimika", Role.UNIT_OPERATOR, [world.mimika_tapem]),
        "organizer": lambda: world.users[Role.UNIT_OPERATOR],
        "coordinator": lambda: world.users[Role.COORDINATOR],
    }[who]()


@pytest.mark.parametrize(
    ("who", "status"), [("viewer", 403), ("other", 404), ("organizer", 200), ("coordinator", 200)]
)
def test_who_may_open_the_editor_and_the_close_page(client, world, meeting, who, status):
    client.force_login(user_for(world, who))
    assert client.get(reverse("meetings:minutes_edit", args=[meeting.pk])).status_code == status
    assert client.get(reverse("meetings:meeting_close", args=[meeting.pk])).status_code == status
    posted = client.post(reverse("meetings:minutes_edit", args=[meeting.pk]), {"minutes": "x", "version": 1})
    assert posted.status_code == (302 if status == 200 else status)
    assert (fresh(meeting).minutes == "x") is (status == 200)


def test_preview_is_sanitised_and_saves_nothing(client, world, meeting):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    source = (
        "## Arahan\n\n**Penting** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=y>"
    )
    page = client.post(
        reverse("meetings:minutes_edit", args=[meeting.pk]),
        {"minutes": source, "version": meeting.version, "preview": "1"},
    ).content.decode()
    preview = page.split('data-testid="minutes-preview">', 1)[1].split("</div>", 1)[0]
    assert "<h2>Arahan</h2>" in preview and "<strong>Penting</strong>" in preview
    assert "<script" not in preview and "href=" not in preview and "<img" not in preview
    assert "&lt;script&gt;" in preview  # raw HTML shown as text
    assert fresh(meeting).minutes == ""


def test_stale_minutes_edit_is_refused(client, settings, world, meeting):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("meetings:minutes_edit", args=[meeting.pk])
    assert client.post(url, {"minutes": "Versi A", "version": meeting.version}).status_code == 302
    page = client.post(url, {"minutes": "Versi B", "version": meeting.version})
    assert page.status_code == 200 and "Someone changed this meeting" in page.content.decode()
    assert "Versi B" in page.content.decode()  # the typed text is kept on the page
    assert fresh(meeting).minutes == "Versi A"


def test_amending_closed_minutes_needs_a_reason(client, settings, world, meeting):
    organizer = Actor(world.users[Role.UNIT_OPERATOR])
    meeting = closing.close_meeting(organizer, meeting, expected_version=meeting.version)
    client.force_login(organizer.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("meetings:minutes_edit", args=[meeting.pk])
    assert "Reason for the amendment" in client.get(url).content.decode()
    refused = client.post(url, {"minutes": "Ralat", "version": meeting.version})
    assert refused.status_code == 200 and fresh(meeting).minutes == ""
    client.post(url, {"minutes": "Ralat", "version": meeting.version, "reason": "Typo"})
    assert fresh(meeting).minutes == "Ralat"
    assert [r for _d, r in closing.amendments(meeting)] == ["Typo"]


def test_decision_edit_and_close_confirmation(client, world, meeting):
    organizer = Actor(world.users[Role.UNIT_OPERATOR])
    decision = closing.add_decision(organizer, meeting, "Perbarui DPT", DecisionKind.DIRECTIVE)
    client.force_login(organizer.user)
    client.post(
        reverse("meetings:decision_edit", args=[meeting.pk, decision.pk]),
        {
            "kind": "directive",
            "text": "Perbarui DPT Desember",
            "given_by": "Bupati",
            "version": decision.version,
        },
    )
    decision.refresh_from_db()
    assert (decision.text, decision.given_by) == ("Perbarui DPT Desember", "Bupati")
    page = client.get(reverse("meetings:meeting_close", args=[meeting.pk])).content.decode()
    assert 'data-testid="frozen-parts"' in page and fresh(meeting).status == MeetingStatus.PLANNED
    client.post(reverse("meetings:meeting_close", args=[meeting.pk]), {"version": meeting.version})
    assert fresh(meeting).status == MeetingStatus.CLOSED


def test_section_shows_safe_minutes_and_follow_up_buttons(client, world, meeting):
    organizer = Actor(world.users[Role.UNIT_OPERATOR])
    meeting = minutes.save_minutes(
        organizer, meeting, "**Dibuka** <iframe src=https://evil></iframe>", expected_version=meeting.version
    )
    directive = closing.add_decision(organizer, meeting, "Perbarui DPT", DecisionKind.DIRECTIVE, "Bupati")
    closing.add_decision(organizer, meeting, "Rakor Januari", DecisionKind.DECISION)
    client.force_login(world.users[Role.VIEWER])
    page = client.get(meeting.get_absolute_url()).content.decode()
    section = page.split('id="minutes"', 1)[1]
    assert "<strong>Dibuka</strong>" in section and "<iframe" not in section
    follow_up = reverse("meetings:followup_add", args=[meeting.pk]) + f"?decision={directive.pk}"
    assert section.count("?decision=") == 1 and follow_up in section
    assert 'data-testid="decision-form"' not in section  # the viewer does not write


def test_detail_page_queries_pinned_with_a_full_minutes_section(client, world, meeting):
    organizer = Actor(world.users[Role.COORDINATOR])
    client.force_login(world.users[Role.COORDINATOR])
    counts = []
    for size in (2, 10):
        while meeting.decisions.count() < size:
            i = meeting.decisions.count()
            closing.add_decision(organizer, fresh(meeting), f"Arahan {i}", DecisionKind.DIRECTIVE, "Bupati")
            closing.add_commitment(
                organizer,
                fresh(meeting),
                title=f"Komitmen {i}",
                kind="komitmen_bersama",
                signed_on=dt.date(2024, 12, 10),
                signatories=[(f"Pejabat {i}", "Kepala"), (f"Pejabat {i}b", "Sekretaris")],
            )
        url = meeting.get_absolute_url()
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    pinned = json.loads(COUNTS_FILE.read_text(encoding="utf-8")) if COUNTS_FILE.exists() else {}
    entry = pinned.setdefault(PINNED_KEY, {})
    if UPDATE:
        entry["coordinator:detail"] = counts[1]
        COUNTS_FILE.write_text(json.dumps(pinned, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return
    assert "coordinator:detail" in entry, "no pinned count: run with UPDATE_QUERY_COUNTS=1"
    assert counts[1] <= entry["coordinator:detail"], (entry["coordinator:detail"], counts[1])
