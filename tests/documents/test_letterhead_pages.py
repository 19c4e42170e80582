"""The letterhead settings pages: who reads, who changes, garbage refused with reasons, the
emblem served only through its scoped view."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.demo.letterheads import placeholder_emblem
from sinergi.documents.models import Letterhead, UnitLetterhead

VALID = {
    "government_line": "PEMERINTAH KABUPATEN KUTAI TIMUR", "head_line": "BUPATI KUTAI TIMUR",
    "secretariat_line": "SEKRETARIAT DAERAH", "address": "Kompleks Perkantoran Bukit Pelangi",
    "postal_code": "75611", "telephone": "(0549) 21001", "fax": "", "email": "setda@kutaitimurkab.go.id",
    "website": "www.kutaitimurkab.go.id", "place": "Sangatta", "invitation_code": "000.1.5",
    "record_code": "000.1.5",
}


@pytest.mark.parametrize(("role", "reads", "changes"), [
    (Role.ADMINISTRATOR, 200, True), (Role.COORDINATOR, 200, True), (Role.UNIT_HEAD, 200, False),
    (Role.UNIT_OPERATOR, 200, False), (Role.VIEWER, 200, False), ("anonymous", 302, False),
])
def test_permission_battery(world, role, reads, changes):
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    url = reverse("documents:letterhead", args=[world.kutim.pk])
    assert client.get(url).status_code == reads
    response = client.post(url, VALID)
    assert Letterhead.objects.filter(government=world.kutim).exists() == changes
    if not changes:
        assert response.status_code in (302, 403)
    # Another government's settings are not found for its outsiders.
    if role not in ("anonymous", Role.ADMINISTRATOR):
        assert client.get(reverse("documents:letterhead", args=[world.mimika.pk])).status_code == 404


def test_saved_audited_and_shown_as_a_kop(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    url = reverse("documents:letterhead", args=[world.kutim.pk])
    emblem = SimpleUploadedFile("lambang.svg", placeholder_emblem("KT"), content_type="image/svg+xml")
    response = client.post(url, {**VALID, "emblem": emblem})
    assert response.status_code == 302
    letterhead = Letterhead.objects.get(government=world.kutim)
    assert letterhead.emblem and letterhead.emblem_name == "lambang.svg"
    assert AuditEvent.objects.filter(content_type__model="letterhead").count() == 1
    page = client.get(url).content.decode()
    assert 'data-testid="kop-preview"' in page and "Kompleks Perkantoran Bukit Pelangi 75611" in page
    emblem_url = reverse("documents:emblem", args=[world.kutim.pk])
    served = client.get(emblem_url)
    assert served.status_code == 200 and "sandbox" in served["Content-Security-Policy"]
    # The emblem is not a public file: a user of another government gets nothing.
    from tests import factories

    outsider = factories.user("mimika-op", Role.UNIT_OPERATOR, [world.mimika_tapem])
    client.force_login(outsider)
    assert client.get(emblem_url).status_code == 404
    client.logout()
    assert client.get(emblem_url).status_code == 302


@pytest.mark.parametrize(("field", "value"), [
    ("postal_code", "7561"), ("postal_code", "ABCDE"), ("invitation_code", "5"),
    ("invitation_code", "000/1"), ("email", "bukan email"), ("government_line", ""), ("place", ""),
    ("government_line", "x" * 500),
])
def test_garbage_is_refused_with_the_reason(client, world, field, value):
    client.force_login(world.users[Role.COORDINATOR])
    response = client.post(reverse("documents:letterhead", args=[world.kutim.pk]), {**VALID, field: value})
    assert response.status_code == 400
    assert not Letterhead.objects.exists()
    assert 'class="invalid-feedback' in response.content.decode() or "is-invalid" in response.content.decode()


def test_an_emblem_that_is_not_an_image_is_refused(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    bad = SimpleUploadedFile("lambang.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client.post(reverse("documents:letterhead", args=[world.kutim.pk]), {**VALID, "emblem": bad})
    assert response.status_code == 400 and not Letterhead.objects.exists()


def test_unit_letterhead(client, world):
    url = reverse("documents:unit_letterhead", args=[world.bappeda.pk])
    own = reverse("documents:unit_letterhead", args=[world.kec_sangatta.pk])
    client.force_login(world.users[Role.VIEWER])
    assert client.get(own).status_code == 200 and client.get(url).status_code == 404
    # The government's page lists every unit's kop but links only the units the viewer may open.
    page = client.get(reverse("documents:letterhead", args=[world.kutim.pk])).content.decode()
    assert f'href="{own}"' in page and f'href="{url}"' not in page and world.bappeda.name in page
    assert client.post(own, {"name_line": "KECAMATAN", "number_code": "Kec"}).status_code == 403
    client.force_login(world.users[Role.COORDINATOR])
    response = client.post(url, {"name_line": "BADAN PERENCANAAN PEMBANGUNAN DAERAH",
                                 "number_code": "Bappeda", "postal_code": "75611"})
    assert response.status_code == 302
    assert UnitLetterhead.objects.get(unit=world.bappeda).number_code == "Bappeda"
    assert client.post(url, {"postal_code": "1"}).status_code == 400
