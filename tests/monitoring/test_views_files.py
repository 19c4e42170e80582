"""The realization download and upload pages: who may use them, and the round trip through
the browser's requests (monitoring.views_files)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from sinergi.core.models import AuditEvent, AuditSource
from sinergi.core.roles import Role
from sinergi.core.spreadsheets import XLSX_CONTENT_TYPE
from sinergi.monitoring import spreadsheets as sheets
from sinergi.monitoring.models import Realization
from tests.monitoring.conftest import YEAR

Q = 2


def download_url(unit, quarter=Q):
    return reverse("monitoring:realization_download", args=[unit.pk, YEAR, quarter])


def import_url(unit, quarter=Q):
    return reverse("monitoring:realization_import", args=[unit.pk, YEAR, quarter])


def xlsx(book) -> SimpleUploadedFile:
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("realisasi.xlsx", out.getvalue(), content_type=XLSX_CONTENT_TYPE)


def set_cells(book, **values):
    ws = book[sheets.REALISASI]
    titles = {c.value: c.column for c in ws[1]}
    for key, value in values.items():
        column = next(c for c in sheets.REALISASI_COLUMNS if c.key == key)
        ws.cell(row=2, column=titles[column.title]).value = value


@pytest.mark.parametrize(("role", "download", "page"), [
    (Role.ADMINISTRATOR, 200, 200),
    (Role.COORDINATOR, 200, 200),
    (Role.UNIT_HEAD, 200, 200),
    (Role.UNIT_OPERATOR, 200, 200),
    (Role.VIEWER, 404, 404),  # tapem is outside the viewer's scope (kecamatan)
])
def test_permission_matrix_for_tapem(client, world, tapem_activity, role, download, page):
    client.force_login(world.users[role])
    assert client.get(download_url(world.tapem)).status_code == download
    assert client.get(import_url(world.tapem)).status_code == page


def test_viewer_sees_but_cannot_upload_in_scope(client, world, sample):
    viewer = world.users[Role.VIEWER]
    client.force_login(viewer)
    assert client.get(download_url(world.kec_sangatta)).status_code == 200
    assert client.get(import_url(world.kec_sangatta)).status_code == 403
    response = client.post(import_url(world.kec_sangatta), {"file": SimpleUploadedFile("x.xlsx", b"PK")})
    assert response.status_code == 403


def test_out_of_scope_unit_is_404(client, world, mimika_activity):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    assert client.get(download_url(world.mimika_tapem)).status_code == 404
    assert client.get(import_url(world.mimika_tapem)).status_code == 404
    assert client.post(import_url(world.mimika_tapem)).status_code == 404


def test_anonymous_is_sent_to_login(client, world, tapem_activity):
    response = client.get(download_url(world.tapem))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_bad_quarter_is_404(client, world, tapem_activity):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    url = reverse("monitoring:realization_download", args=[world.tapem.pk, YEAR, 5])
    assert client.get(url).status_code == 404


def test_download_fill_upload_round_trip(client, world, tapem_activity):
    operator = world.users[Role.UNIT_OPERATOR]
    client.force_login(operator)
    response = client.get(download_url(world.tapem))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert f"realisasi-{world.tapem.code}-{YEAR}-tw{Q}.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    set_cells(book, physical=30, financial=25000000, problems="Hujan")
    events = AuditEvent.objects.count()
    response = client.post(import_url(world.tapem), {"file": xlsx(book)})
    assert response.status_code == 200
    assert b'data-testid="import-summary"' in response.content
    saved = Realization.objects.get(activity=tapem_activity, quarter=Q)
    assert (saved.physical, saved.problems) == (Decimal(30), "Hujan")
    event = AuditEvent.objects.order_by("pk")[events:].get()
    assert (event.source, event.actor_id) == (AuditSource.IMPORT, operator.pk)
    assert "Berkas telah diimpor." in response.content.decode()
    # Issue 16: the same file again changes nothing, and the page says so (not "imported").
    response = client.post(import_url(world.tapem), {"file": xlsx(book)})
    html = response.content.decode()
    assert "Berkas telah diimpor." not in html and "tidak ada yang berubah" in html
    assert AuditEvent.objects.count() == events + 1
    # The entry page links to both.
    page = client.get(reverse("monitoring:entry", args=[world.tapem.pk, YEAR, Q])).content.decode()
    assert download_url(world.tapem) in page and import_url(world.tapem) in page


def test_refused_upload_lists_errors_in_indonesian(client, world, tapem_activity):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    book = load_workbook(io.BytesIO(client.get(download_url(world.tapem)).content))
    set_cells(book, physical=150, financial=5)
    response = client.post(import_url(world.tapem), {"file": xlsx(book)})
    html = response.content.decode()
    assert 'data-testid="import-refused"' in html
    assert "Realisasi fisik paling tinggi 100 %." in html
    assert "Realisasi Fisik Kumulatif (%)" in html
    assert not Realization.objects.exists()


def test_not_an_xlsx_upload(client, world, tapem_activity):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    response = client.post(import_url(world.tapem),
                           {"file": SimpleUploadedFile("x.xlsx", b"plain text")})
    assert response.status_code == 200 and b'data-testid="import-file-error"' in response.content


def test_missing_file_is_400(client, world, tapem_activity):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    assert client.post(import_url(world.tapem), {}).status_code == 400
