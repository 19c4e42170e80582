"""One stored string must never break an export: text with control characters, lone surrogates
or bidi overrides is refused at every door (forms, API, imports, services), and whatever is
already stored still renders in every export and document (U+FFFD in its place)."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sinergi.cooperation.choices import CooperationKind
from sinergi.cooperation.models import Agreement
from sinergi.core import spreadsheets
from sinergi.core.pdf import to_json
from sinergi.core.roles import Role
from sinergi.core.services import Actor, create_object, update_object
from sinergi.core.text import find_unprintable, printable, printable_data, validate_text
from sinergi.meetings.ics import calendar_for
from sinergi.regions.models import Official
from tests import factories

REFUSED = ["bel\x07", "nul\x00", "esc\x1b[31m", "vt\x0bff\x0c", "del\x7f", "c1\x85", "lone \ud800",
           "rlo \u202egnp.exe", "isolate \u2066x\u2069", "nonchar \uffff"]
ACCEPTED = ["Tab\tand\nnew line\r\n", "Bupati Mimika, S.H., M.M.", "ح RLM \u200f LRM \u200e",
            "emoji 🏝",
            "#exec(\"rm\") ] $x$ *bold* // not a comment", "=SUM(A1)", "x" * 10_000, "Ñañá ẞ 中文"]


@pytest.mark.parametrize("text", REFUSED)
def test_the_rule_refuses_what_no_document_can_hold(text):
    assert find_unprintable(text)
    with pytest.raises(ValidationError) as exc:
        validate_text(text)
    assert "U+" in exc.value.messages[0]
    assert not find_unprintable(printable(text))
    printable(text).encode("utf-8")  # no lone surrogate left


@pytest.mark.parametrize("text", ACCEPTED)
def test_the_rule_keeps_real_text(text):
    assert find_unprintable(text) is None
    validate_text(text)
    assert printable(text) == text


def test_printable_data_reaches_every_string():
    data = {"a\x07": ["b\x00", ("c\ud800", 1)], "n": 2.5, "d": dt.date(2026, 1, 1)}
    expected = {"a\ufffd": ["b\ufffd", ("c\ufffd", 1)], "n": 2.5, "d": dt.date(2026, 1, 1)}
    assert printable_data(data) == expected


# ------------------------------------------------------------------------------------ the doors


def test_the_api_refuses_it_and_names_the_field(world, client):
    client.force_login(world.users[Role.ADMINISTRATOR])
    response = client.post(
        "/api/v1/cooperation/agreements",
        data=json.dumps({"government": world.kutim.pk, "title": "Air\x07bersih",
                         "kind": CooperationKind.REGION_VOLUNTARY, "responsible_units": [world.tapem.pk]}),
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert errors[0]["field"] == "title" and "U+0007" in errors[0]["reason"]
    assert not Agreement.objects.exists()


def test_the_api_refuses_a_lone_surrogate_escaped_in_json(world, client):
    client.force_login(world.users[Role.ADMINISTRATOR])
    official = factories.official(world.kutim, "Andi")
    response = client.patch(
        f"/api/v1/officials/{official.pk}",
        data='{"name": "Andi \\ud800", "version": 1}',
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "name"
    official.refresh_from_db()
    assert official.name == "Andi"


def test_the_api_refuses_it_in_a_query(world, client):
    client.force_login(world.users[Role.ADMINISTRATOR])
    response = client.get("/api/v1/officials", {"q": "a\x00b"})
    assert response.status_code == 422


def test_a_form_shows_the_error_on_the_field(world, client):
    client.force_login(world.users[Role.ADMINISTRATOR])
    response = client.post(
        reverse("regions:official_add"),
        {"government": world.kutim.pk, "name": "Andi\x1b[31m", "nip": "", "front_title": "",
         "back_title": ""},
    )
    assert response.status_code == 200
    assert "U+001B" in response.content.decode()
    assert not Official.objects.filter(name__startswith="Andi").exists()


def test_the_services_refuse_it_too(world):
    admin = Actor(world.users[Role.ADMINISTRATOR])
    with pytest.raises(ValidationError) as exc:
        create_object(admin, Official(government=world.kutim, name="Budi\x07"))
    assert "name" in exc.value.message_dict
    official = create_object(admin, Official(government=world.kutim, name="Budi"))
    with pytest.raises(ValidationError):
        update_object(admin, official, {"name": "Budi\u202e"}, expected_version=official.version)


def test_an_import_reports_the_row():
    column = spreadsheets.Column("title", "Judul", max_length=300)
    with pytest.raises(ValueError, match="U\\+0007"):
        spreadsheets.convert(column, "Air\x07bersih")
    assert spreadsheets.convert(column, "Air bersih") == "Air bersih"


# ------------------------------------------------------------------------- what is already stored

ODD = "Judul \x07 \ud800 \u202e #exec ] $ * // " + "x" * 300


@pytest.fixture
def stored(world):
    """Odd strings written straight to the database, as an older version or a fuzzing run
    left them (no door in the way)."""
    official = Official.objects.create(government=world.kutim, name="Andi\x07", front_title="Dr.\x01",
                                       back_title="S.H.\x0b", nip="19800101\x1f")
    agreement = Agreement.objects.create(
        government=world.kutim, title="Kerja sama\x07air \x1b bersih", kind=CooperationKind.REGION_VOLUNTARY,
        start=dt.date(2024, 1, 1), end=dt.date(2027, 1, 1), object_text="Objek\x0c",
    )
    agreement.responsible_units.set([world.tapem])
    return official, agreement


def _xlsx_texts(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row
                    if c.value is not None)


def test_the_officials_export_still_downloads(world, client, stored):
    client.force_login(world.users[Role.ADMINISTRATOR])
    response = client.get(reverse("regions:official_export"), {"government": world.kutim.pk})
    assert response.status_code == 200
    texts = _xlsx_texts(b"".join(response.streaming_content) if response.streaming else response.content)
    assert "Andi\ufffd" in texts


def test_the_cooperation_registry_export_still_downloads(world, client, stored):
    client.force_login(world.users[Role.ADMINISTRATOR])
    response = client.get(reverse("cooperation:registry_export", args=[world.kutim.pk]))
    assert response.status_code == 200
    assert "Kerja sama\ufffdair \ufffd bersih" in _xlsx_texts(response.content)


def test_every_pdf_gets_printable_data():
    assert "\\u0007" not in to_json({"t": "a\x07"}) and "\ufffd" in to_json({"t": "a\x07"})
    to_json({"t": "lone \ud800"}).encode("utf-8")


def test_a_meeting_calendar_file_still_renders(world):
    from sinergi.meetings.models import Meeting

    meeting = Meeting.objects.create(
        government=world.kutim, organizer=world.tapem, title="Rakor\x07 \x1b",
        starts_at=dt.datetime(2026, 3, 1, 1, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 3, 1, 3, 0, tzinfo=dt.UTC),
        time_zone="Asia/Makassar", venue="Aula\x1b",
    )
    ics = calendar_for(meeting, "sinergi.test")
    assert b"Rakor\xef\xbf\xbd" in ics


def test_pages_that_show_it_still_answer(world, client, stored):
    official, agreement = stored
    client.force_login(world.users[Role.ADMINISTRATOR])
    assert client.get(reverse("regions:official_detail", args=[official.pk])).status_code == 200
    assert client.get(reverse("cooperation:agreement_detail", args=[agreement.pk])).status_code == 200


def test_a_nul_in_a_page_query_is_a_bad_request(world, client):
    """PostgreSQL refuses NUL in any text it compares: the meeting, problem and cooperation
    lists answered 500 to ?q=%00 there."""
    client.force_login(world.users[Role.ADMINISTRATOR])
    for url in ("/meetings/", "/problems/", "/cooperation/"):
        response = client.get(url, {"q": "rapat\x00"})
        assert response.status_code == 400, url
        assert "U+0000" in response.content.decode()
    assert client.get("/meetings/", {"q": "rapat"}).status_code == 200


def test_a_very_long_username_is_refused_like_any_wrong_one(world, client):
    """django-axes stored the typed username in a 255-character column: 10,000 characters failed
    the sign-in with a database error on PostgreSQL."""
    response = client.post("/login/", {"username": "x" * 10_000, "password": "salah"})
    assert response.status_code == 200
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get().username == "x" * 150
