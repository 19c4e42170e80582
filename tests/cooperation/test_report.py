"""The evaluation report for the head of region, as PDF (read back) and xlsx (opened again)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from django.urls import reverse
from pypdf import PdfReader

from sinergi.cooperation import evaluation as ev
from sinergi.cooperation.choices import ImplementationStatus
from sinergi.cooperation.models import Evaluation
from sinergi.core.roles import Role
from sinergi.core.services import Actor
from tests.cooperation.test_evaluation import agreement


def make_round(world):
    agreement(world, "Pengelolaan Sampah #[eval]", [world.tapem])
    agreement(world, "Beasiswa", [world.bappeda])
    agreement(world, "Jembatan Perbatasan", [world.tapem], end=dt.date(2025, 9, 30))
    actor = Actor(world.users[Role.COORDINATOR])
    evaluation_round = ev.open_round(actor, world.kutim, 2024, dt.date(2025, 1, 2), dt.date(2025, 1, 31))
    beasiswa = Evaluation.objects.get(agreement__title="Beasiswa")
    ev.save(
        actor,
        beasiswa,
        {"implementation": ImplementationStatus.STALLED, "recommendation": "revise"},
        expected_version=beasiswa.version,
    )
    return evaluation_round


def test_pdf_report_reads_back(client, world):
    evaluation_round = make_round(world)
    client.force_login(world.users[Role.COORDINATOR])
    response = client.get(reverse("cooperation:round_report", args=[evaluation_round.pk, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Kutai Timur" in text
    assert "Pengelolaan Sampah #[eval]" in text  # user text printed literally
    assert "Jembatan Perbatasan" in text  # expires in 2025, the year after the round
    assert "Beasiswa" in text and "Bagian Tata Pemerintahan" in text
    assert "per mitra" in text and "per urusan pemerintahan" in text  # the rollups


def test_pdf_report_is_indonesian_and_inside_its_pages(client, world, english):
    """Asked in English, the report is still Indonesian (an official document), and nothing falls
    outside its landscape pages."""
    from tests.documents.pdf_checks import assert_inside_page

    evaluation_round = make_round(world)
    client.force_login(world.users[Role.COORDINATOR])
    response = client.get(reverse("cooperation:round_report", args=[evaluation_round.pk, "pdf"]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Ringkasan" in text and "Summary" not in text and "Recommendation" not in text
    assert_inside_page(response.content)


def test_xlsx_report_opens(client, world):
    evaluation_round = make_round(world)
    client.force_login(world.users[Role.COORDINATOR])
    response = client.get(reverse("cooperation:round_report", args=[evaluation_round.pk, "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Ringkasan", "Rekap", "Per OPD", "Berakhir", "Tanpa kegiatan"]
    # Rollups count submitted and verified evaluations only: none yet, then Jembatan's.
    assert [
        row
        for row in book["Rekap"].iter_rows(values_only=True)
        if row and row[0] and row[1] is not None and isinstance(row[1], int)
    ] == []
    jembatan = Evaluation.objects.get(agreement__title="Jembatan Perbatasan")
    ev.submit(Actor(world.users[Role.UNIT_OPERATOR]), jembatan, expected_version=jembatan.version)
    response = client.get(reverse("cooperation:round_report", args=[evaluation_round.pk, "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    totals = [(row[0], row[1]) for row in book["Rekap"].iter_rows(values_only=True) if row and row[0]]
    assert ("Bagian Tata Pemerintahan", 1) in totals  # per unit
    assert ("(tidak disebutkan)", 1) in totals  # per government affair
    scores = {row[1]: row[5] for row in book["Per OPD"].iter_rows(min_row=2, values_only=True)}
    assert scores["Beasiswa"] is None and scores["Jembatan Perbatasan"] == 60  # drafts: no score
    titles = [row[1] for row in book["Per OPD"].iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == ["Beasiswa", "Jembatan Perbatasan", "Pengelolaan Sampah #[eval]"]
    assert [row[0] for row in book["Tanpa kegiatan"].iter_rows(min_row=2, values_only=True)] == ["Beasiswa"]
    assert (
        client.get(reverse("cooperation:round_report", args=[evaluation_round.pk, "doc"])).status_code == 404
    )


def _scoped_round(world):
    """Tapem's two agreements and Bappeda's one, all submitted (so that they are scored and
    rolled up), Bappeda's with a recommendation and no activity, and Bappeda's agreement that
    expires the year after the round."""
    agreement(world, "Pengelolaan Sampah", [world.tapem])
    agreement(world, "Air Bersih Perbatasan", [world.tapem])
    agreement(
        world, "Beasiswa Rahasia Bappeda", [world.bappeda], end=dt.date(2025, 6, 30), value=750_000_000
    )
    coordinator = Actor(world.users[Role.COORDINATOR])
    evaluation_round = ev.open_round(
        coordinator, world.kutim, 2024, dt.date(2025, 1, 2), dt.date(2025, 1, 31)
    )
    for evaluation in Evaluation.objects.filter(round=evaluation_round):
        changes = {"recommendation": "continue"}
        if evaluation.agreement.title.startswith("Beasiswa"):
            changes = {"implementation": ImplementationStatus.STALLED, "recommendation": "end"}
        evaluation = ev.save(coordinator, evaluation, changes, expected_version=evaluation.version)
        ev.submit(coordinator, evaluation, expected_version=evaluation.version)
    return evaluation_round


def _xlsx(client, evaluation_round):
    response = client.get(reverse("cooperation:round_report", args=[evaluation_round.pk, "xlsx"]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return {
        name: [row for row in book[name].iter_rows(values_only=True) if any(c is not None for c in row)]
        for name in book.sheetnames
    }


def _pdf_text(client, evaluation_round) -> str:
    response = client.get(reverse("cooperation:round_report", args=[evaluation_round.pk, "pdf"]))
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_a_units_report_holds_its_own_evaluations_only(client, world):
    """The operator of Tapem sees Tapem's evaluations on the round page and in the API: the
    report holds those only — rows, summary, rollups, recommendations, agreements expiring and
    without activity — and says that it is limited to Tapem."""
    evaluation_round = _scoped_round(world)
    client.force_login(world.users[Role.UNIT_OPERATOR])
    sheets = _xlsx(client, evaluation_round)
    cells = {str(c) for rows in sheets.values() for row in rows for c in row if c is not None}
    assert not [c for c in cells if "Beasiswa" in c or "Badan Perencanaan" in c]
    assert sorted(row[1] for row in sheets["Per OPD"][1:]) == ["Air Bersih Perbatasan", "Pengelolaan Sampah"]
    assert "Terbatas pada unit: Bagian Tata Pemerintahan" in cells
    summary = {row[0]: tuple(row[1:3]) for row in sheets["Ringkasan"] if len(row) > 2}
    assert summary["Kerja sama yang dievaluasi"] == (2, 2)  # numbers, not "2 / 2"
    assert summary["SKPD yang telah menyampaikan"] == (1, 1)
    recommendations = {row[0]: row[1] for row in sheets["Ringkasan"]
                       if isinstance(row[1], int) and row[2] is None and row[0] != "Nilai rata-rata"}
    assert recommendations == {"Dilanjutkan": 2}
    rollup = [(row[0], row[1]) for row in sheets["Rekap"] if isinstance(row[1], int)]
    assert ("Bagian Tata Pemerintahan", 2) in rollup and all(count <= 2 for _key, count in rollup)
    assert sheets["Berakhir"][1:] == [] and sheets["Tanpa kegiatan"][1:] == []

    text = _pdf_text(client, evaluation_round)
    assert "Pengelolaan Sampah" in text and "Air Bersih Perbatasan" in text
    assert "Beasiswa" not in text and "Badan Perencanaan" not in text
    assert "Terbatas pada unit: Bagian Tata Pemerintahan" in text

    # The round page says it too, and counts the unit's own evaluations only.
    page = client.get(reverse("cooperation:round_detail", args=[evaluation_round.pk])).content.decode()
    assert "Terbatas pada unit: Bagian Tata Pemerintahan" in page
    assert "Beasiswa" not in page and "Badan Perencanaan" not in page


def test_the_coordinators_report_holds_the_whole_government(client, world):
    evaluation_round = _scoped_round(world)
    client.force_login(world.users[Role.COORDINATOR])
    sheets = _xlsx(client, evaluation_round)
    cells = {str(c) for rows in sheets.values() for row in rows for c in row if c is not None}
    assert not [c for c in cells if c.startswith("Terbatas")]
    assert sorted(row[1] for row in sheets["Per OPD"][1:]) == [
        "Air Bersih Perbatasan",
        "Beasiswa Rahasia Bappeda",
        "Pengelolaan Sampah",
    ]
    summary = {row[0]: tuple(row[1:3]) for row in sheets["Ringkasan"] if len(row) > 2}
    assert summary["Kerja sama yang dievaluasi"] == (3, 3)
    assert summary["SKPD yang telah menyampaikan"] == (2, 2)
    assert [row[0] for row in sheets["Berakhir"][1:]] == ["Beasiswa Rahasia Bappeda"]
    # The end is a date and the value an amount, shown the Indonesian way (never text).
    _title, end, value = sheets["Berakhir"][1][:3]
    assert end == dt.datetime(2025, 6, 30) and value == 750_000_000
    assert [row[0] for row in sheets["Tanpa kegiatan"][1:]] == ["Beasiswa Rahasia Bappeda"]
    text = _pdf_text(client, evaluation_round)
    assert "Beasiswa Rahasia Bappeda" in text and "Pengelolaan Sampah" in text
    assert "Terbatas" not in text
    # Kop, the rule of the score, each score's parts, the last column whole, the signature.
    assert "SEKRETARIAT DAERAH" in text and "Cara penilaian" in text and "35% realisasi" in text
    assert "Rekomendasi" in text and "D 0 · W 100 · R 100 · M 0" in text and "SEKRETARIS DAERAH," in text
    # The administrator too.
    client.force_login(world.users[Role.ADMINISTRATOR])
    assert "Beasiswa Rahasia Bappeda" in _pdf_text(client, evaluation_round)


def test_the_coordinator_issues_a_verifiable_report(client, world):
    """Issued: the whole round's report with a verification code, kept byte for byte; a unit
    (whose view is limited) may not issue, and cannot download another government's file."""
    import hashlib

    from sinergi.documents.models import IssuedDocument

    evaluation_round = _scoped_round(world)
    url = reverse("cooperation:round_report_issue", args=[evaluation_round.pk])
    client.force_login(world.users[Role.UNIT_OPERATOR])
    assert client.post(url, {"confirm": "yes"}).status_code == 403
    client.force_login(world.users[Role.COORDINATOR])
    client.post(url, {})  # not confirmed
    assert not IssuedDocument.objects.exists()
    client.post(url, {"confirm": "yes"})
    document = IssuedDocument.objects.get()
    assert document.kind == "cooperation_report" and document.number == ""
    served = b"".join(client.get(reverse("documents:issued_file", args=[document.code])).streaming_content)
    assert hashlib.sha256(served).hexdigest() == document.sha256
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(served)).pages)
    assert document.code in text and "Beasiswa Rahasia Bappeda" in text  # the whole round
    page = client.get(reverse("cooperation:round_detail", args=[evaluation_round.pk])).content.decode()
    assert document.code in page
    from tests import factories

    outsider = factories.user("op-mimika", Role.UNIT_OPERATOR, [world.mimika_tapem])
    client.force_login(outsider)
    assert client.get(reverse("documents:issued_file", args=[document.code])).status_code == 404
