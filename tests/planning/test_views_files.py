"""The plan workbook pages (download, upload) and the nomenclature upload page: permission
matrix, good and bad uploads through the page."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from sinergi.core.models import AuditEvent, AuditSource
from sinergi.core.roles import Role
from sinergi.core.spreadsheets import XLSX_CONTENT_TYPE, write_workbook
from sinergi.planning.importers import NOMENCLATURE_BOOK_ID
from sinergi.planning.models import Activity, NomenclatureItem
from tests import factories
from tests.planning.conftest import make_activity
from tests.planning.test_spreadsheets import KEGIATAN, Book, new_row

pytestmark = pytest.mark.django_db
YEAR = 2025
ROLES = (Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.VIEWER)
PLANNERS = {Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.UNIT_OPERATOR}


def plan_url(name: str, government, year: int = YEAR) -> str:
    return reverse(f"planning:{name}", args=[government.pk, year])


def upload(client, url: str, data: bytes, name: str = "renja.xlsx", **extra):
    content_type = XLSX_CONTENT_TYPE if name.endswith(".xlsx") else "text/csv"
    return client.post(url, {"file": SimpleUploadedFile(name, data, content_type=content_type), **extra})


# ------------------------------------------------------------------------------ permissions


@pytest.mark.parametrize("role", ROLES)
def test_plan_pages_by_role(client, world, role):
    client.force_login(world.users[role])
    expected = 200 if role in PLANNERS else 403
    page = client.get(plan_url("plan_import", world.kutim))
    assert page.status_code == expected
    export = client.get(plan_url("plan_export", world.kutim))
    assert export.status_code == expected
    if expected == 200:
        assert export["Content-Type"] == XLSX_CONTENT_TYPE
        assert 'data-testid="plan-export"' in page.content.decode()
    posted = upload(client, plan_url("plan_import", world.kutim), b"x")
    assert posted.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_other_government_is_invisible(client, world, role):
    """Kutai Timur's users do not see Mimika: 404 (the administrator sees and may plan it)."""
    client.force_login(world.users[role])
    expected = 200 if role == Role.ADMINISTRATOR else 404
    assert client.get(plan_url("plan_import", world.mimika)).status_code == expected
    assert client.get(plan_url("plan_export", world.mimika)).status_code == expected


def test_coordinator_of_another_government_gets_404(client, world, sample):
    other = factories.user("koordinator-mimika", Role.COORDINATOR, [world.mimika_tapem])
    book = Book(client_export(client, world, user=world.users[Role.COORDINATOR]))
    book.append(KEGIATAN, new_row())
    data = book.bytes()
    client.force_login(other)
    assert upload(client, plan_url("plan_import", world.kutim), data).status_code == 404
    assert not Activity.objects.exists()


def test_anonymous_is_sent_to_login(client, world):
    for url in (plan_url("plan_import", world.kutim), plan_url("plan_export", world.kutim),
                reverse("planning:plan_start"), reverse("planning:nomenclature_import")):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_start_page_redirects_to_a_plannable_government(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    response = client.get(reverse("planning:plan_start"), {"year": "2026"})
    assert response.status_code == 302
    assert response["Location"] == plan_url("plan_import", world.kutim, 2026)
    # A government the user cannot plan for is ignored: the first plannable one is taken.
    response = client.get(reverse("planning:plan_start"), {"government": world.mimika.pk, "year": "x"})
    assert response["Location"].startswith(reverse("planning:plan_start") + f"{world.kutim.pk}/")
    client.force_login(world.users[Role.VIEWER])
    assert client.get(reverse("planning:plan_start")).status_code == 403


def test_bad_year_and_foreign_unit_are_404(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    assert client.get(plan_url("plan_import", world.kutim, 1999)).status_code == 404
    url = plan_url("plan_export", world.kutim)
    assert client.get(url, {"unit": world.mimika_tapem.pk}).status_code == 404
    assert client.get(url, {"unit": "x"}).status_code == 404
    assert client.get(url, {"unit": world.tapem.pk}).status_code == 200


def test_activity_list_links_to_the_plan_workbook(client, world):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    page = client.get(reverse("planning:activity_list")).content.decode()
    assert 'data-testid="plan-workbook"' in page
    client.force_login(world.users[Role.VIEWER])
    page = client.get(reverse("planning:activity_list")).content.decode()
    assert 'data-testid="plan-workbook"' not in page


# ------------------------------------------------------------------------------ plan upload


def client_export(client, world, user=None, **params) -> bytes:
    if user is not None:
        client.force_login(user)
    response = client.get(plan_url("plan_export", world.kutim), params)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="renja-64.08-2025')
    return response.content


def test_upload_good_plan(client, world, sample):
    coordinator = world.users[Role.COORDINATOR]
    book = Book(client_export(client, world, coordinator))
    book.append(KEGIATAN, new_row())
    response = upload(client, plan_url("plan_import", world.kutim), book.bytes())
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="import-summary"' in page
    activity = Activity.objects.get()
    assert activity.government == world.kutim and activity.year == YEAR
    assert AuditEvent.objects.filter(source=AuditSource.IMPORT, actor=coordinator).exists()
    # Downloaded again, the activity is there with its ID.
    rows = Book(client_export(client, world)).rows(KEGIATAN)
    assert [r["ID Kegiatan"] for r in rows] == [str(activity.pk)]


def test_upload_bad_plan_lists_errors(client, world, sample):
    book = Book(client_export(client, world, world.users[Role.COORDINATOR]))
    book.append(KEGIATAN, new_row(**{"Kode Unit": "NOPE", "Pagu (Rp)": -1}))
    response = upload(client, plan_url("plan_import", world.kutim), book.bytes())
    page = response.content.decode()
    assert 'data-testid="import-refused"' in page
    assert '<td data-testid="error-sheet">Kegiatan</td>' in page
    assert '<td data-testid="error-column">Kode Unit</td>' in page
    assert '<td data-testid="error-column">Pagu (Rp)</td>' in page
    assert not Activity.objects.exists()


def test_upload_not_an_xlsx(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    response = upload(client, plan_url("plan_import", world.kutim), b"hello", name="renja.csv")
    assert 'data-testid="import-file-error"' in response.content.decode()


def test_unit_export_is_narrowed(client, world, sample):
    make_activity(world.tapem, name="Tapem")
    make_activity(world.bappeda, name="Bappeda")
    client.force_login(world.users[Role.COORDINATOR])
    response = client.get(plan_url("plan_export", world.kutim), {"unit": world.tapem.pk})
    assert response["Content-Disposition"].endswith('-TAPEM.xlsx"')
    assert [r["Nama Kegiatan"] for r in Book(response.content).rows(KEGIATAN)] == ["Tapem"]


# ------------------------------------------------------------------------------ nomenclature


GOOD_CSV = (
    "kode;nama\n1;Urusan Wajib Pelayanan Dasar\n1.01;Pendidikan\n1.01.01;Program Penunjang\n"
    "1.01.01.2.01;Perencanaan\n1.01.01.2.01.0001;Penyusunan Dokumen Perencanaan\n"
)


@pytest.mark.parametrize("role", ROLES)
def test_nomenclature_page_is_for_administrators(client, world, role):
    client.force_login(world.users[role])
    expected = 200 if role == Role.ADMINISTRATOR else 403
    assert client.get(reverse("planning:nomenclature_import")).status_code == expected
    response = upload(client, reverse("planning:nomenclature_import"), GOOD_CSV.encode(), "n.csv")
    assert response.status_code == expected
    assert NomenclatureItem.objects.exists() == (role == Role.ADMINISTRATOR)
    listing = client.get(reverse("planning:nomenclature_list")).content.decode()
    assert ('data-testid="nomenclature-import"' in listing) == (role == Role.ADMINISTRATOR)


def test_nomenclature_csv_upload_is_idempotent(client, world):
    client.force_login(world.users[Role.ADMINISTRATOR])
    url = reverse("planning:nomenclature_import")
    page = upload(client, url, GOOD_CSV.encode(), "n.csv").content.decode()
    assert 'data-testid="import-summary"' in page
    assert NomenclatureItem.objects.count() == 5
    item = NomenclatureItem.objects.get(code="1.01.01.2.01.0001")
    assert item.parent_id == "1.01.01.2.01"
    events = AuditEvent.objects.count()
    assert AuditEvent.objects.filter(source=AuditSource.IMPORT).count() == 1
    upload(client, url, GOOD_CSV.encode(), "n.csv")
    assert AuditEvent.objects.count() == events and NomenclatureItem.objects.count() == 5


def test_nomenclature_xlsx_upload_with_errors(client, world):
    client.force_login(world.users[Role.ADMINISTRATOR])
    rows = [{"code": "1", "name": "Urusan"}, {"code": "1.1", "name": "Bad code"},
            {"code": "1.01.01", "name": "Program without its bidang"}, {"code": "1", "name": "Again"}]
    data = write_workbook(NOMENCLATURE_BOOK_ID, {"Nomenklatur": rows})
    page = upload(client, reverse("planning:nomenclature_import"), data).content.decode()
    assert 'data-testid="import-refused"' in page
    assert page.count('<td data-testid="error-sheet">Nomenklatur</td>') == 3
    for row in ("3", "4", "5"):
        assert f'<td data-testid="error-row">{row}</td>' in page
    assert not NomenclatureItem.objects.exists()


def test_nomenclature_dry_run(client, world):
    client.force_login(world.users[Role.ADMINISTRATOR])
    page = upload(client, reverse("planning:nomenclature_import"), GOOD_CSV.encode(), "n.csv",
                  dry_run="on").content.decode()
    assert "data-testid=\"import-summary\"" in page and not NomenclatureItem.objects.exists()


def test_nomenclature_templates(client, world):
    client.force_login(world.users[Role.ADMINISTRATOR])
    xlsx = client.get(reverse("planning:nomenclature_template"))
    assert xlsx["Content-Type"] == XLSX_CONTENT_TYPE
    sheet = load_workbook(io.BytesIO(xlsx.content))["Nomenklatur"]
    assert [c.value for c in sheet[1]] == ["kode", "nama"]
    assert sheet["A2"].value == "1" and sheet.max_row > 20
    csv = client.get(reverse("planning:nomenclature_template"), {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv") and b"1.01.01.2.01.0001" in csv.content
    # The template uploads as it is (a valid file).
    page = upload(client, reverse("planning:nomenclature_import"), xlsx.content).content.decode()
    assert 'data-testid="import-summary"' in page
    assert NomenclatureItem.objects.filter(code="1.01.01.2.01.0001").exists()
