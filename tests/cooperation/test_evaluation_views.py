"""The evaluation pages: the coordinator opens a round; the unit fills and submits; the head
returns it with a reason (a blank reason is refused and changes nothing)."""

from __future__ import annotations

from django.urls import reverse

from sinergi.cooperation.models import Evaluation, EvaluationRound
from sinergi.core.roles import Role
from sinergi.monitoring.choices import RealizationStatus
from tests.cooperation.test_evaluation import agreement


def test_round_fill_submit_return(client, world):
    agreement(world, "Sampah", [world.tapem])
    client.force_login(world.users[Role.COORDINATOR])
    url = reverse("cooperation:round_list", args=[world.kutim.pk])
    response = client.post(url, {"year": 2024, "opens_on": "2025-01-02", "deadline": "2025-01-31"})
    assert response.status_code == 302
    evaluation_round = EvaluationRound.objects.get()
    page = client.get(reverse("cooperation:round_detail", args=[evaluation_round.pk])).content.decode()
    assert "Sampah" in page and 'data-testid="round-completeness"' in page
    assert "sementara" in page  # a draft's score is provisional, and the rollups leave it out
    assert 'data-testid="round-units"' in page and "belum" in page  # Tapem has not submitted yet

    evaluation = Evaluation.objects.get()
    client.force_login(world.users[Role.UNIT_OPERATOR])
    detail = reverse("cooperation:evaluation_detail", args=[evaluation.pk])
    response = client.post(
        detail,
        {
            "step": "save",
            "version": evaluation.version,
            "implementation": "completed",
            "benefit": "Sampah terangkut 40 ton per bulan.",
            "activities": "",
            "outputs": "",
            "problems": "",
            "money_spent": "",
            "partner_performance": "good",
            "recommendation": "continue",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == RealizationStatus.SUBMITTED

    client.force_login(world.users[Role.UNIT_HEAD])
    refused = client.post(detail, {"step": "return", "version": evaluation.version, "reason": "   "})
    assert refused.status_code == 200 and "alasan" in refused.content.decode().lower()
    evaluation.refresh_from_db()
    assert evaluation.status == RealizationStatus.SUBMITTED
    client.post(detail, {"step": "return", "version": evaluation.version, "reason": "Lengkapi bukti."})
    evaluation.refresh_from_db()
    assert evaluation.status == RealizationStatus.RETURNED and evaluation.return_reason == "Lengkapi bukti."


def test_only_coordinators_open_rounds(client, world):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    url = reverse("cooperation:round_list", args=[world.kutim.pk])
    assert (
        client.post(url, {"year": 2024, "opens_on": "2025-01-02", "deadline": "2025-01-31"}).status_code
        == 403
    )
    assert not EvaluationRound.objects.exists()


def test_indicators_and_evidence_raise_the_score(client, world):
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from sinergi.cooperation import evaluation as ev
    from sinergi.core.services import Actor

    agreement(world, "Sampah", [world.tapem])
    import datetime as dt

    evaluation_round = ev.open_round(
        Actor(world.users[Role.COORDINATOR]), world.kutim, 2024, dt.date(2025, 1, 2), dt.date(2025, 1, 31)
    )
    evaluation = Evaluation.objects.get(round=evaluation_round)
    client.force_login(world.users[Role.UNIT_OPERATOR])
    url = reverse("cooperation:evaluation_extra", args=[evaluation.pk])
    client.post(
        url, {"name": "Sampah terangkut", "promised": "100", "realized": "80", "unit_of_measure": "ton"}
    )
    client.post(url, {"name": "Rusak", "promised": "banyak"})
    assert [(i.name, i.realized) for i in evaluation.indicators.all()] == [
        ("Sampah terangkut", Decimal("80.00"))
    ]
    client.post(
        url, {"description": "Foto kegiatan", "evidence": SimpleUploadedFile("foto.pdf", b"%PDF-1.4")}
    )
    assert evaluation.evidence.count() == 1
    page = client.get(reverse("cooperation:evaluation_detail", args=[evaluation.pk])).content.decode()
    assert "Sampah terangkut" in page and "Foto kegiatan" in page


def test_round_meeting_invites_responsible_units_and_brief_lists_agreements(client, world):
    import datetime as dt
    import io

    from pypdf import PdfReader

    from sinergi.cooperation import evaluation as ev
    from sinergi.core.services import Actor
    from sinergi.meetings.models import Invitation
    from tests.meetings.conftest import make_meeting

    agreement(world, "Pengelolaan Sampah Regional", [world.tapem])
    agreement(world, "Beasiswa Daerah", [world.bappeda])
    evaluation_round = ev.open_round(
        Actor(world.users[Role.COORDINATOR]), world.kutim, 2024, dt.date(2025, 1, 2), dt.date(2025, 1, 31)
    )
    meeting = make_meeting(world, title="Sosialisasi Evaluasi Kerja Sama Daerah 2024")
    client.force_login(world.users[Role.COORDINATOR])
    client.post(reverse("cooperation:round_meeting", args=[evaluation_round.pk]), {"meeting": meeting.pk})
    evaluation_round.refresh_from_db()
    assert evaluation_round.meeting == meeting
    assert {i.unit for i in Invitation.objects.filter(meeting=meeting)} == {world.tapem, world.bappeda}
    brief = client.get(reverse("reports:meeting_brief", args=[meeting.pk]))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(brief.content)).pages).split())
    assert "Evaluasi kerja sama per unit" in text and "Beasiswa Daerah" in text


def test_the_brief_shows_a_unit_only_its_own_evaluations(client, world):
    """The meeting brief listed every unit's evaluations and scores to whoever could see the
    meeting (the whole government), while the round's report shows a unit its own."""
    import datetime as dt
    import io

    from pypdf import PdfReader

    from sinergi.cooperation import evaluation as ev
    from sinergi.core.services import Actor
    from tests.meetings.conftest import make_meeting

    agreement(world, "Pengelolaan Sampah Regional", [world.tapem])
    agreement(world, "Beasiswa Daerah", [world.bappeda])
    evaluation_round = ev.open_round(
        Actor(world.users[Role.COORDINATOR]), world.kutim, 2024, dt.date(2025, 1, 2), dt.date(2025, 1, 31)
    )
    meeting = make_meeting(world, title="Sosialisasi Evaluasi Kerja Sama Daerah 2024")
    client.force_login(world.users[Role.COORDINATOR])
    client.post(reverse("cooperation:round_meeting", args=[evaluation_round.pk]), {"meeting": meeting.pk})

    def brief_text(user) -> str:
        client.force_login(user)
        brief = client.get(reverse("reports:meeting_brief", args=[meeting.pk]))
        assert brief.status_code == 200
        pages = PdfReader(io.BytesIO(brief.content)).pages
        return " ".join(" ".join(p.extract_text() for p in pages).split())

    operator = brief_text(world.users[Role.UNIT_OPERATOR])  # Tata Pemerintahan
    assert "Pengelolaan Sampah Regional" in operator and "Beasiswa Daerah" not in operator
    coordinator = brief_text(world.users[Role.COORDINATOR])
    assert "Pengelolaan Sampah Regional" in coordinator and "Beasiswa Daerah" in coordinator
