"""The officials import page reports position terms and which sheet an error is on."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sinergi.core.roles import Role
from sinergi.regions.models import PositionTerm
from tests.regions.test_import_terms import book, term_row

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(client, data: bytes):
    upload = SimpleUploadedFile("pejabat.xlsx", data, content_type=XLSX)
    return client.post(reverse("regions:official_import"), {"file": upload})


def test_summary_counts_terms_and_new_positions(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    officials = [["64.08", "", "", "Sutrisno", "", "", ""]]
    terms = [term_row("Sutrisno", "Kepala Bagian Tata Pemerintahan", unit="TAPEM",
                      start=dt.date(2024, 11, 1))]
    response = _upload(client, book(officials, terms))
    page = response.content.decode()
    assert 'data-testid="import-summary"' in page
    assert 'data-testid="import-positions-created">1<' in page
    assert PositionTerm.objects.filter(official__name="Sutrisno").count() == 1


def test_errors_name_their_sheet(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    terms = [term_row("Tidak Ada", "Bupati Kutai Timur", start=dt.date(2024, 11, 1))]
    response = _upload(client, book((), terms))
    page = response.content.decode()
    assert 'data-testid="import-errors"' in page
    assert '<td data-testid="error-sheet">Jabatan</td>' in page
    assert not PositionTerm.objects.exists()
