"""The digest page and its PDF: who may read them (the government visible to the user; the
administrator, coordinators, unit heads and viewers; another government is a 404), the
"Kirim lewat WhatsApp" to the head of region with the digest typed in, the link from the home
page, and the page's queries pinned in tests/query_counts.json (the same with few and many rows)."""

from __future__ import annotations

import datetime as dt
import io
import json
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from sinergi.core.roles import Role
from sinergi.meetings.models import FollowUp, FollowUpLine, Meeting
from sinergi.monitoring.choices import RealizationStatus
from sinergi.regions.choices import PositionGrade
from sinergi.regions.models import Position
from tests import factories
from tests.cooperation.test_evaluation import agreement
from tests.monitoring.conftest import open_period, realization
from tests.planning.conftest import make_activity
from tests.test_query_counts import COUNTS_FILE, UPDATE

PAGE, PDF = "/reports/digest/", "/reports/digest/pdf/"
READERS = (Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.VIEWER)


@pytest.fixture
def bupati(world):
    position = Position.objects.create(government=world.kutim, title="Bupati Kutai Timur",
                                       grade=PositionGrade.REGIONAL_HEAD, order=1)
    person = factories.official(world.kutim, "Ardiansyah Sulaiman", back_title="S.Sos., M.Si.",
                                whatsapp="6281234567890")
    factories.term(position, person, dt.date(2021, 2, 26))
    return person


@pytest.mark.parametrize("role", READERS)
def test_readers_of_the_government_read_it(client, world, role):
    client.force_login(world.users[role])
    response = client.get(PAGE, {"government": world.kutim.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ringkasan pekanan" in html and 'data-testid="digest-text"' in html
    assert f'href="{PDF}?government={world.kutim.pk}"' in html
    pdf = client.get(PDF, {"government": world.kutim.pk})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) == 1


@pytest.mark.parametrize("role", (Role.COORDINATOR, Role.UNIT_HEAD, Role.VIEWER, Role.UNIT_OPERATOR))
def test_another_government_is_not_found(client, world, role):
    client.force_login(world.users[role])
    assert client.get(PAGE, {"government": world.mimika.pk}).status_code == 404
    assert client.get(PDF, {"government": world.mimika.pk}).status_code == 404


def test_operators_may_not_and_anonymous_signs_in(client, world):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    assert client.get(PAGE, {"government": world.kutim.pk}).status_code == 403
    assert client.get(PDF, {"government": world.kutim.pk}).status_code == 403
    client.logout()
    response = client.get(PAGE, {"government": world.kutim.pk})
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("value", ["abc", "0", "-1", "99999999999999999999", str(10**9)])
def test_garbage_government_is_not_found(client, world, value):
    client.force_login(world.users[Role.ADMINISTRATOR])
    assert client.get(PAGE, {"government": value}).status_code == 404
    assert client.get(PDF, {"government": value}).status_code == 404


def test_without_a_choice(client, world):
    client.force_login(world.users[Role.COORDINATOR])  # one government: it is chosen
    assert client.get(PAGE).context["government"] == world.kutim
    client.force_login(world.users[Role.ADMINISTRATOR])  # two: the page asks
    response = client.get(PAGE)
    assert response.status_code == 200 and 'data-testid="digest-choose"' in response.content.decode()
    assert client.get(PDF).status_code == 404


def test_whatsapp_to_the_head_of_region_carries_the_digest(client, world, bupati):
    client.force_login(world.users[Role.COORDINATOR])
    response = client.get(PAGE, {"government": world.kutim.pk})
    html = response.content.decode()
    assert "Kirim lewat WhatsApp" in html and "Ardiansyah Sulaiman" in html and "+62 812-3456-7890" in html
    link = response.context["head_link"]
    assert unescape(f'href="{link}"') in unescape(html)
    parsed = urlparse(link)
    assert (parsed.netloc, parsed.path) == ("wa.me", "/6281234567890")
    text = parse_qs(parsed.query)["text"][0]
    assert text == response.context["text"] and text.startswith("*Ringkasan pekanan: Pemkab Kutai Timur*")
    # Without SINERGI_BASE_URL the link in the text is the page's own address.
    assert text.endswith(f"\nSelengkapnya: http://testserver/reports/digest/?government={world.kutim.pk}")


def test_no_number_no_link(client, world, bupati):
    bupati.whatsapp = ""
    bupati.save()
    client.force_login(world.users[Role.COORDINATOR])
    html = client.get(PAGE, {"government": world.kutim.pk}).content.decode()
    assert 'data-testid="no-whatsapp"' in html and "wa.me" not in html


def test_linked_from_the_home_page(client, world):
    for role in READERS:
        client.force_login(world.users[role])
        assert f'href="{PAGE}"' in client.get("/").content.decode(), role
    client.force_login(world.users[Role.UNIT_OPERATOR])
    assert f'href="{PAGE}"' not in client.get("/").content.decode()


# ---------------------------------------------------------------------------- query counts

KEY = "reports_digest"


def grow(world, start: int, stop: int) -> None:
    """Rows of everything the digest counts: activities (reported or not) in every unit, overdue
    follow-up lines, this week's meetings, agreements due for renewal."""
    year = timezone.localdate().year
    now = timezone.now()
    today = timezone.localdate()
    units = (world.tapem, world.setda, world.bappeda, world.kec_sangatta)
    for i in range(start, stop):
        unit = units[i % 4]
        activity = make_activity(unit, year=year, name=f"Kegiatan {i}")
        if i % 2:
            realization(activity, 4, status=RealizationStatus.SUBMITTED)
        meeting = Meeting.objects.create(
            government=world.kutim, organizer=world.tapem, title=f"Rakor {i}", starts_at=now,
            ends_at=now + dt.timedelta(hours=2), time_zone="Asia/Makassar", venue=f"Ruang {i}")
        action = FollowUp.objects.create(government=world.kutim, meeting=meeting, description=f"RTL {i}",
                                         due_date=today - dt.timedelta(days=i + 1))
        for other in (unit, units[(i + 1) % 4]):
            FollowUpLine.objects.create(follow_up=action, unit=other, due_date=action.due_date)
        agreement(world, f"Kerja sama {i}", [unit], end=today + dt.timedelta(days=30 + i))


def measure(client, user, government) -> int:
    client.force_login(user)
    client.get(PAGE, {"government": government.pk})  # warm the process-wide caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(PAGE, {"government": government.pk})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_digest_page_query_counts_do_not_grow_and_are_pinned(client, world, sample, bupati):
    open_period(world.kutim, 4, year=timezone.localdate().year, deadline=dt.date(2100, 1, 1))
    roles = (Role.ADMINISTRATOR, Role.COORDINATOR)
    grow(world, 0, 3)
    small = {role: measure(client, world.users[role], world.kutim) for role in roles}
    grow(world, 3, 15)
    large = {role: measure(client, world.users[role], world.kutim) for role in roles}
    assert small == large, f"queries grow with the rows (N+1?): {small} -> {large}"

    pinned = json.loads(COUNTS_FILE.read_text(encoding="utf-8")) if COUNTS_FILE.exists() else {}
    if UPDATE:
        pinned[KEY] = {str(role): n for role, n in large.items()}
        COUNTS_FILE.write_text(json.dumps(pinned, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return
    expected = pinned.get(KEY, {})
    assert sorted(expected) == sorted(str(r) for r in roles), "run with UPDATE_QUERY_COUNTS=1"
    exceeded = {role: (expected[str(role)], n) for role, n in large.items() if n > expected[str(role)]}
    assert not exceeded, f"more queries than pinned in {COUNTS_FILE.name} (pinned, now): {exceeded}"
