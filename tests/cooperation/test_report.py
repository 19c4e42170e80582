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
