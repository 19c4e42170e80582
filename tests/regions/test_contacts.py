"""An official's WhatsApp number: normalized (or refused) by the form, shown on the official's
page, and carried by the officials workbook (export, import, a file from before the column)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.regions import exporters, importers
from sinergi.regions.models import Official
from tests import factories

pytestmark = pytest.mark.django_db

@pytest.fixture
def admin_client(client, world):
    client.force_login(world.users[Role.ADMINISTRATOR])
    return client


OLD_HEADER = ["Kode Pemerintah", "NIP", "Gelar Depan", "Nama", "Gelar Belakang", "Email", "Telepon"]


def official_xlsx(rows, header=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Pejabat"
    sheet.append(importers.OFFICIAL_SHEET.titles if header is None else header)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------- form and page


def test_form_stores_the_normalized_number(admin_client, world):
    response = admin_client.post(reverse("regions:official_add"), {
        "government": world.kutim.pk, "name": "Rizali Hadi", "email": "rizali@example.org",
        "phone": "(0549) 21000", "whatsapp": "+62 (0)812-3456-7890",
    })
    assert response.status_code == 302
    official = Official.objects.get(name="Rizali Hadi")
    assert (official.whatsapp, official.phone) == ("6281234567890", "(0549) 21000")


def test_form_refuses_a_landline_with_the_reason_in_indonesian(admin_client, world):
    response = admin_client.post(reverse("regions:official_add"), {
        "government": world.kutim.pk, "name": "Rizali Hadi", "whatsapp": "(0549) 21000",
    })
    assert response.status_code == 200
    assert "bukan nomor seluler" in response.context["form"].errors["whatsapp"][0]
    assert "is-invalid" in response.content.decode()
    assert not Official.objects.filter(name="Rizali Hadi").exists()


def test_official_page_shows_the_number_the_phone_fallback_or_the_note(admin_client, world):
    with_number = factories.official(world.kutim, "Rizali Hadi", whatsapp="6281234567890",
                                     email="rizali@example.org")
    page = admin_client.get(with_number.get_absolute_url()).content.decode()
    assert 'href="https://wa.me/6281234567890" target="_blank" rel="noopener"' in page
    assert "+62 812-3456-7890" in page and "rizali@example.org" in page
    mobile_phone = factories.official(world.kutim, "Hasdiah", phone="0852 1111 2222")
    page = admin_client.get(mobile_phone.get_absolute_url()).content.decode()
    assert 'href="https://wa.me/6285211112222"' in page and "dari nomor telepon" in page
    landline = factories.official(world.kutim, "Sutrisno", phone="(0549) 21000")
    page = admin_client.get(landline.get_absolute_url()).content.decode()
    assert "wa.me" not in page and "tidak ada nomor WhatsApp" in page


# ---------------------------------------------------------------------------- workbook


def test_import_normalizes_and_the_export_round_trips(world):
    admin = world.users[Role.ADMINISTRATOR]
    rows = [
        ["64.08", "", "", "Rizali Hadi", "", "", "", "0812-3456-7890"],
        ["64.08", "", "", "Hasdiah", "", "", "", 81398765432],  # a number cell: its 0 is lost
        ["64.08", "", "", "Sutrisno", "", "", "", "+62 852 1111 2222"],
        ["64.08", "", "", "Ani", "", "", "", ""],
    ]
    result = importers.import_officials(official_xlsx(rows), admin)
    assert result.ok, result.errors
    assert dict(Official.objects.values_list("name", "whatsapp")) == {
        "Rizali Hadi": "6281234567890", "Hasdiah": "6281398765432", "Sutrisno": "6285211112222",
        "Ani": "",
    }
    data = exporters.export_officials(admin)
    sheet = load_workbook(io.BytesIO(data))["Pejabat"]
    assert sheet.cell(1, 8).value == "WhatsApp"
    assert sorted(c.value for c in sheet["H"][1:] if c.value) == [
        "6281234567890", "6281398765432", "6285211112222"
    ]
    again = importers.import_officials(data, admin)
    assert again.ok and (again.created, again.updated) == (0, 0)
    # The same number written another way changes nothing either.
    same = importers.import_officials(official_xlsx([[*rows[0][:7], "+62 812 3456 7890"]]), admin)
    assert same.ok and (same.created, same.updated, same.unchanged) == (0, 0, 1)


def test_import_refuses_a_landline_and_writes_nothing(world):
    rows = [
        ["64.08", "", "", "Rizali Hadi", "", "", "", "0812-3456-7890"],
        ["64.08", "", "", "Hasdiah", "", "", "", "021-5551234"],
        ["64.08", "", "", "Sutrisno", "", "", "", "+1 415 555 0100"],
    ]
    events = AuditEvent.objects.count()
    result = importers.import_officials(official_xlsx(rows), world.users[Role.COORDINATOR])
    assert [(e.row, e.column) for e in result.errors] == [(3, "WhatsApp"), (4, "WhatsApp")]
    assert "bukan nomor seluler" in result.errors[0].reason
    assert "nomor seluler Indonesia" in result.errors[1].reason
    assert not Official.objects.exists() and AuditEvent.objects.count() == events


def test_a_file_from_before_the_column_is_read_and_keeps_the_numbers(world):
    rizali = factories.official(world.kutim, "Rizali Hadi", whatsapp="6281234567890")
    rows = [["64.08", "", "", "Rizali Hadi", "", "rizali@example.org", ""],
            ["64.08", "", "", "Hasdiah", "", "", ""]]
    result = importers.import_officials(official_xlsx(rows, header=OLD_HEADER), world.users[Role.COORDINATOR])
    assert result.ok, result.errors
    assert (result.created, result.updated) == (1, 1)
    rizali.refresh_from_db()
    assert (rizali.email, rizali.whatsapp) == ("rizali@example.org", "6281234567890")
    # In a file with the column, an empty cell clears the number (as for the other columns).
    result = importers.import_officials(official_xlsx([rows[0] + [""]]), world.users[Role.COORDINATOR])
    assert result.ok and result.updated == 1
    rizali.refresh_from_db()
    assert rizali.whatsapp == ""


def test_golongan_in_the_officials_workbook(world):
    """The optional Golongan column (last): read, validated against the PNS ranks, exported
    back."""
    admin = world.users[Role.ADMINISTRATOR]
    rows = [["64.08", "", "", "Rizali Hadi", "", "", "", "", "IV/c"],
            ["64.08", "", "", "Ani", "", "", "", "", ""]]
    assert importers.import_officials(official_xlsx(rows), admin).ok
    assert dict(Official.objects.values_list("name", "golongan")) == {"Rizali Hadi": "IV/c", "Ani": ""}
    bad = importers.import_officials(official_xlsx([[*rows[0][:8], "IX/z"]]), admin)
    assert [(e.row, e.column) for e in bad.errors] == [(2, "Golongan")]
    sheet = load_workbook(io.BytesIO(exporters.export_officials(admin)))["Pejabat"]
    assert sheet.cell(1, 9).value == "Golongan"
    assert sorted(c.value for c in sheet["I"][1:] if c.value) == ["IV/c"]
