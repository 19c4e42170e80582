"""A document's page: the number each party gave it (the government and every partner number
the same document themselves), its signatories from the registry or by name, its particulars
with the stale-edit check, and the scanned file served only to who may see the agreement."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sinergi.cooperation import documents
from sinergi.cooperation.choices import DocumentKind
from sinergi.cooperation.models import Document, DocumentNumber, Partner, ThirdParty
from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.regions.models import Position, Region
from tests import factories
from tests.cooperation.test_evaluation import agreement


@pytest.fixture
def mou(world):
    a = agreement(world, "Pengelolaan Sampah Regional", [world.tapem])
    Partner.objects.create(agreement=a, region=Region.objects.get(name="Kabupaten Mimika"))
    Partner.objects.create(
        agreement=a, third_party=ThirdParty.objects.create(government=world.kutim, name="PT Bersih Lestari")
    )
    return Document.objects.create(
        agreement=a, kind=DocumentKind.MOU, title="Kesepakatan Bersama Sampah", signed_on=dt.date(2023, 3, 1)
    )


def test_every_party_numbers_the_document_itself(world, mou):
    actor = Actor(world.users[Role.COORDINATOR])
    names = [p.name for p in documents.parties(mou)]
    assert names[0] == world.kutim.name and "Kabupaten Mimika" in names and "PT Bersih Lestari" in names
    documents.set_number(actor, mou, world.kutim.name, "180/12/HK/2023", is_own=True)
    documents.set_number(actor, mou, "Kabupaten Mimika", "119/45/2023")
    documents.set_number(actor, mou, "PT Bersih Lestari", "BL-07/III/2023")
    assert {n.party: n.number for n in mou.numbers.all()} == {
        world.kutim.name: "180/12/HK/2023",
        "Kabupaten Mimika": "119/45/2023",
        "PT Bersih Lestari": "BL-07/III/2023",
    }
    # Changing a party's number changes that number only; an empty one removes it; all audited.
    documents.set_number(actor, mou, "Kabupaten Mimika", "119/46/2023")
    documents.set_number(actor, mou, "PT Bersih Lestari", "")
    assert {n.party: n.number for n in mou.numbers.all()} == {
        world.kutim.name: "180/12/HK/2023",
        "Kabupaten Mimika": "119/46/2023",
    }
    assert AuditEvent.objects.filter(content_type__model="documentnumber").count() == 5
    with pytest.raises(ValidationError):
        documents.set_number(actor, mou, "Pemkab lain", "1/2023", is_own=True)  # one own number only


def test_signatories_from_the_registry_take_the_position_held_on_the_signing_day(world, mou):
    bupati = factories.official(world.kutim, "Ardiansyah Sulaiman", back_title="S.Sos., M.Si.")
    position = Position.objects.create(government=world.kutim, title="Bupati Kutai Timur")
    factories.term(position, bupati, dt.date(2021, 2, 26))
    actor = Actor(world.users[Role.COORDINATOR])
    signed = documents.add_signatory(actor, mou, official=bupati)
    assert (signed.name, signed.position, signed.party) == (
        "Ardiansyah Sulaiman, S.Sos., M.Si.",
        "Bupati Kutai Timur",
        world.kutim.name,
    )
    external = documents.add_signatory(
        actor, mou, name="Budi Santoso", position="Direktur", party="PT Bersih Lestari"
    )
    assert external.official is None
    with pytest.raises(ValidationError):
        documents.add_signatory(actor, mou, name="  ")
    elsewhere = factories.official(world.mimika, "Johannes Rettob")
    with pytest.raises(ValidationError):
        documents.add_signatory(actor, mou, official=elsewhere)
    assert mou.signatories.count() == 2


def test_document_page_numbers_signatories_edit_and_file(client, world, mou):
    url = reverse("cooperation:document_detail", args=[mou.pk])
    client.force_login(world.users[Role.UNIT_OPERATOR])  # Tapem: the agreement's unit
    assert client.get(url).status_code == 200
    client.post(url, {"step": "number", "party": "Kabupaten Mimika", "number": "119/45/2023"})
    assert DocumentNumber.objects.get(document=mou).number == "119/45/2023"
    client.post(
        url, {"step": "signatory", "name": "Budi Santoso", "position": "Direktur", "party": "PT Bersih"}
    )
    assert mou.signatories.get().name == "Budi Santoso"
    refused = client.post(url, {"step": "signatory", "name": ""})
    assert refused.status_code == 400 and mou.signatories.count() == 1

    scan = SimpleUploadedFile("mou.pdf", b"%PDF-1.4 kesepakatan bersama", content_type="application/pdf")
    data = {
        "step": "edit",
        "version": mou.version,
        "title": "Kesepakatan Bersama Pengelolaan Sampah",
        "kind": DocumentKind.MOU,
        "signed_on": "2023-03-01",
        "start": "2023-03-01",
        "end": "2026-03-01",
        "value": "",
        "parent": "",
        "file": scan,
    }
    assert client.post(url, data).status_code == 302
    mou.refresh_from_db()
    assert mou.title.endswith("Pengelolaan Sampah") and mou.file and mou.end == dt.date(2026, 3, 1)
    stale = client.post(url, {**data, "file": "", "title": "Judul lama"})  # the version before the save
    assert stale.status_code == 409
    mou.refresh_from_db()
    assert mou.title.endswith("Pengelolaan Sampah")

    download = client.get(reverse("cooperation:document_file", args=[mou.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    page = client.get(reverse("cooperation:agreement_detail", args=[mou.agreement_id])).content.decode()
    assert reverse("cooperation:document_file", args=[mou.pk]) in page and "Budi Santoso" in page

    # Bappeda's people neither see the document nor download it; a viewer cannot write.
    outsider = factories.user("bappeda-op", Role.UNIT_OPERATOR, [world.bappeda])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(reverse("cooperation:document_file", args=[mou.pk])).status_code == 404
    # The partner region's coordinator reads, never writes.
    client.force_login(factories.user("coord-mimika", Role.COORDINATOR, [world.mimika_tapem]))
    assert client.get(url).status_code == 200
    assert client.post(url, {"step": "number", "party": "Kabupaten Mimika", "number": "X"}).status_code == 403
