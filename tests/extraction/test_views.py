"""The pages: paste a report, review the draft beside the highlighted source, save a meeting."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from sinergi.meetings.models import Decision, FollowUp, Meeting
from sinergi.regions.models import Official
from tests import factories

FIXTURES = Path(__file__).parent / "fixtures"
KUTIM = (FIXTURES / "kutim-rakor-kecamatan-tw3.txt").read_text()


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(world.users["coordinator"])
    return client


def read(client, **data):
    return client.post(reverse("extraction:report_read"), {"text": KUTIM, **data})


def test_read_shows_the_draft_beside_the_highlighted_source(coordinator_client, world):
    factories.official(world.kutim, "Agus Hari Kesuma")
    response = read(coordinator_client)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="2024-11-01"' in page  # the date, ready to correct
    assert "Room Oasis, Aston Hotel and Convention" in page
    assert '<mark class="extract extract-event_date"' in page
    assert 'class="extract extract-officials"' in page and "Sutrisno" in page
    assert page.count('data-testid="follow-up-row"') >= 3
    assert "Agus Hari Kesuma" in page


def test_markup_in_the_report_is_shown_as_text(coordinator_client):
    response = coordinator_client.post(
        reverse("extraction:report_read"),
        {"text": KUTIM.replace("Sutrisno juga", "<script>alert(1)</script> Sutrisno juga")},
    )
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert "&lt;script&gt;" in response.content.decode()


def test_nothing_to_read_is_a_clear_error(coordinator_client):
    response = coordinator_client.post(reverse("extraction:report_read"), {"text": "  "})
    assert response.status_code == 400
    assert "Tempelkan" in response.content.decode() or "Paste" in response.content.decode()


def save_data(page_response, **changes) -> dict:
    form = page_response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
        elif hasattr(value, "isoformat"):
            data[name] = value.isoformat()
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value.pk if hasattr(value, "pk") else value)
    data.update(changes)
    return data


def test_save_records_the_meeting_officials_and_follow_up_actions(coordinator_client, world):
    page = read(coordinator_client)
    data = save_data(
        page, fu_0_units=[str(world.kec_sangatta.pk)], fu_0_due="2024-12-31", organizer=str(world.tapem.pk)
    )
    response = coordinator_client.post(reverse("extraction:report_save"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get()
    assert meeting.government == world.kutim and meeting.organizer == world.tapem
    assert meeting.chair.name == "Agus Hari Kesuma"  # new in the registry, chair of the meeting
    assert Official.objects.filter(name="Sutrisno").exists()
    follow_up = FollowUp.objects.get()
    assert list(follow_up.responsible_units.all()) == [world.kec_sangatta]
    assert Decision.objects.filter(meeting=meeting).count() == len(page.context["form"].follow_up_rows)
    # Saving the same report again is refused and writes nothing.
    again = coordinator_client.post(reverse("extraction:report_save"), data)
    assert again.status_code == 200 and Meeting.objects.count() == 1


def test_follow_up_with_units_but_no_due_date_is_refused(coordinator_client, world):
    page = read(coordinator_client)
    data = save_data(page, fu_0_units=[str(world.kec_sangatta.pk)])
    response = coordinator_client.post(reverse("extraction:report_save"), data)
    assert response.status_code == 400
    assert not Meeting.objects.exists()


def test_viewer_may_not_record(client, world):
    client.force_login(world.users["viewer"])
    assert client.get(reverse("extraction:report_read")).status_code == 403
    assert client.post(reverse("extraction:report_save"), {"source": KUTIM}).status_code == 403


def test_operator_of_another_unit_may_not_save_for_the_organizer(client, world):
    operator = factories.user("op-bappeda", "unit_operator", [world.bappeda])
    client.force_login(operator)
    page = read(client)
    data = save_data(page, organizer=str(world.tapem.pk))
    response = client.post(reverse("extraction:report_save"), data)
    assert response.status_code in (400, 403)
    assert not Meeting.objects.exists()


TANBU = (FIXTURES / "tanbu-sosialisasi-evaluasi-kerja-sama.txt").read_text()


def test_representation_is_kept_the_chair_and_the_one_who_acted_for_them(coordinator_client, world):
    """'Bupati …, melalui Kepala Bagian Pemerintahan …, Ismail, membuka': the draft proposes the
    Bupati as the one represented; saved, the meeting's chair is the Bupati, chaired through
    Ismail (both kept), and the review form can change it."""
    tanbu = factories.government("63.10")
    organizer = factories.unit(tanbu, "TAPEM", "Bagian Pemerintahan")
    coordinator = factories.user("koord-tanbu", "coordinator", [organizer])
    coordinator_client.force_login(coordinator)
    page = coordinator_client.post(reverse("extraction:report_read"), {"text": TANBU, "government": tanbu.pk})
    assert page.status_code == 200
    form = page.context["form"]
    chair_for = form["chair_for"].value()
    assert chair_for and "Zairullah" in dict(form.fields["chair_for"].choices)[chair_for]
    data = save_data(page, organizer=str(organizer.pk))
    response = coordinator_client.post(reverse("extraction:report_save"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get()
    assert meeting.chair.name.startswith("Zairullah") and meeting.chair_delegate.name == "Ismail"
    assert "Kepala Bagian Pemerintahan" in meeting.chair_delegate_position
    # The same person cannot be both: refused with the reason, nothing saved.
    Meeting.objects.all().delete()
    from sinergi.extraction.models import ReportSource

    ReportSource.objects.all().delete()
    data["chair_for"] = data["chair"]
    refused = coordinator_client.post(reverse("extraction:report_save"), data)
    assert refused.status_code == 400 and not Meeting.objects.exists()


def test_every_correction_is_kept_and_exported_as_an_annotated_case(coordinator_client, world, tmp_path):
    """What the reviewer changes is kept with the source text (as read and as confirmed), and
    `export_review_cases` writes it in the development set's layout, naming what was corrected."""
    import json

    from django.core.management import call_command

    from sinergi.extraction.models import ReportSource

    page = read(coordinator_client)
    data = save_data(page, organizer=str(world.tapem.pk), title="Rakor Camat se-Kutai Timur Triwulan III",
                     fu_0_keep="")
    data.pop("fu_0_keep")
    assert coordinator_client.post(reverse("extraction:report_save"), data).status_code == 302
    source = ReportSource.objects.get()
    assert source.confirmed["meeting_title"] == "Rakor Camat se-Kutai Timur Triwulan III"
    assert source.extracted["meeting_title"] != source.confirmed["meeting_title"]
    assert source.confirmed["title"] == source.extracted["title"]  # the headline, as in the dev set
    assert len(source.confirmed["follow_ups"]) == len(source.extracted["follow_ups"]) - 1
    assert source.confirmed["event_date"] == "2024-11-01"
    # A draft is not a case yet: it is exported once confirmed, as it stands then (the venue
    # corrected on the meeting's page after saving counts as a correction too).
    call_command("export_review_cases", str(tmp_path))
    assert not list((tmp_path / "annotations").glob("*.json"))
    Meeting.objects.filter(pk=source.meeting_id).update(venue="Ruang Arau, Kantor Bupati")
    confirm = reverse("extraction:report_confirm", args=[source.meeting_id])
    assert coordinator_client.post(confirm).status_code == 302
    call_command("export_review_cases", str(tmp_path), "--corrected-only")
    (annotation_file,) = (tmp_path / "annotations").glob("*.json")
    case = json.loads(annotation_file.read_text())
    assert (tmp_path / "reports" / f"{annotation_file.stem}.txt").read_text() == source.text
    assert "meeting_title" in case["_note"] and "follow_ups" in case["_note"] and "venue" in case["_note"]
    assert case["venue"] == "Ruang Arau, Kantor Bupati"
    for key in ("title", "event_type", "event_date", "region", "venue", "chair", "officials",
                "organizations", "participant_count", "figures", "regulations", "acronyms", "follow_ups"):
        assert key in case
