"""The public verification page of issued documents (/verifikasi/<code>/): anyone, signed in or
not, reads what was issued under a code and compares a copy by SHA-256; nothing internal is
shown, nothing uploaded is kept, garbage never fails, and lookups and uploads are limited per
client address."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sinergi.core.roles import Role
from sinergi.documents.models import IssuedDocument
from sinergi.documents.verification import HashedFile
from tests import factories
from tests.documents.helpers import issue_letter


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SINERGI_SIGNING_P12 = ""


@pytest.fixture
def issued(world, tmp_path):
    issuer = factories.user("penerbit.tapem", Role.UNIT_OPERATOR, [world.tapem])
    document = issue_letter(world, tmp_path, user=issuer)
    # A pk no page could show by accident.
    IssuedDocument.objects.filter(pk=document.pk).update(id=987654321)
    return IssuedDocument.objects.get(pk=987654321)


def _content(document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def _upload(client, document, content: bytes, name: str = "salinan.pdf"):
    return client.post(reverse("documents:verify", args=[document.code]),
                       {"file": SimpleUploadedFile(name, content, "application/pdf")})


def test_anyone_reads_what_was_issued_and_nothing_internal(issued, world):
    response = Client().get(f"/verifikasi/{issued.code}/")
    html = response.content.decode()
    assert response.status_code == 200
    for shown in (issued.number, "Undangan", "Bagian Tata Pemerintahan", world.kutim.name, "Sutrisno",
                  "Kepala Bagian Tata Pemerintahan", issued.sha256, "8 Desember 2026",
                  "Kode ini milik dokumen yang diterbitkan melalui Sinergi."):
        assert shown in html, shown
    # Who clicked "issue", the row's id, where and under which name the file is stored: none.
    for hidden in ("penerbit.tapem", "987654321", issued.file.name, "undangan.pdf", "/media/",
                   "documents/issued"):
        assert hidden not in html, hidden
    assert 'data-testid="verify-unsigned"' in html
    # No way to download the issued file from the page.
    assert ".pdf" not in html.replace("salinan.pdf", "")


def test_the_code_as_typed(issued):
    spaced = issued.code[:5].lower() + "-" + issued.code[5:].lower()
    assert Client().get(f"/verifikasi/{spaced}/").status_code == 200
    response = Client().get("/verifikasi/", {"kode": f" {spaced} "})
    assert response.status_code == 302 and response["Location"] == f"/verifikasi/{issued.code}/"
    start = Client().get("/verifikasi/")
    assert start.status_code == 200 and 'name="kode"' in start.content.decode()
    empty = Client().get("/verifikasi/", {"kode": "-- --"})
    assert empty.status_code == 400 and "Ketik kode verifikasi" in empty.content.decode()


def test_the_issued_file_is_the_same_and_a_changed_one_differs(issued, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # Django's handlers would write a temporary file
    content = _content(issued)
    same = _upload(Client(), issued, content)
    html = same.content.decode()
    assert same.status_code == 200 and 'data-testid="verify-same"' in html
    assert "Salinan ini sama persis dengan dokumen yang diterbitkan" in html
    # Fingerprinted as it arrived, kept nowhere (no memory copy, no temporary file).
    kept = same.wsgi_request.FILES["file"]
    assert isinstance(kept, HashedFile) and kept.size == len(content) and kept.sha256 == issued.sha256

    changed = content[:-5] + b"x" + content[-4:]
    different = _upload(Client(), issued, changed)
    html = different.content.decode()
    assert different.status_code == 200 and 'data-testid="verify-different"' in html
    assert "Berkas ini BERBEDA dari yang diterbitkan" in html
    # Any kind of file is compared.
    other = _upload(Client(), issued, b"\x89PNG\r\n\x1a\n not a pdf", name="foto.png")
    assert 'data-testid="verify-different"' in other.content.decode()


def test_upload_without_a_file_or_too_large(issued, settings):
    settings.SINERGI_VERIFY_MAX_UPLOAD_BYTES = 1000
    none = Client().post(f"/verifikasi/{issued.code}/", {})
    assert none.status_code == 400 and "Pilih berkas" in none.content.decode()
    large = _upload(Client(), issued, b"x" * 5000)
    assert large.status_code == 413 and "lebih besar dari" in large.content.decode()
    huge = _upload(Client(), issued, b"x" * 200_000)  # refused by its length, before reading it
    assert huge.status_code == 413 and not hasattr(huge.wsgi_request, "_files")


def test_the_upload_form_is_csrf_protected(issued):
    client = Client(enforce_csrf_checks=True)
    content = _content(issued)
    assert _upload(client, issued, content).status_code == 403
    page = client.get(f"/verifikasi/{issued.code}/")
    token = page.context["csrf_token"]
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    response = client.post(f"/verifikasi/{issued.code}/",
                           {"file": SimpleUploadedFile("salinan.pdf", content), "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and 'data-testid="verify-same"' in response.content.decode()


def test_signed_in_users_see_the_same_page(issued, client, world):
    client.force_login(world.users[Role.VIEWER])
    response = client.get(f"/verifikasi/{issued.code}/")
    assert response.status_code == 200 and issued.sha256 in response.content.decode()


@pytest.mark.django_db
def test_unknown_and_garbage_codes_are_404_never_500():
    client = Client(raise_request_exception=False)
    unknown = client.get("/verifikasi/ABCDEFGHJK/")
    assert unknown.status_code == 404
    assert "Tidak ada dokumen yang diterbitkan dengan kode ini" in unknown.content.decode()
    for code in ("x" * 5000, "ÄÖÜ٣ß𝔘", "%00", "a%00b", "%2F..%2F", "'; DROP TABLE x;--", "%F0%9F%92%A9",
                 "..", "-", "%20"):
        response = client.get(f"/verifikasi/{code}/")
        assert response.status_code == 404, (code, response.status_code)
    upload = {"file": SimpleUploadedFile("a.pdf", b"%PDF")}
    assert client.post("/verifikasi/ABCDEFGHJK/", upload).status_code == 404
    assert client.get("/verifikasi/../../etc/passwd").status_code == 404
    assert client.get("/verifikasi/", {"kode": "\x00" * 3}).status_code == 400
    assert client.get("/verifikasi/", {"kode": "x" * 10_000}).status_code == 302
    assert client.put("/verifikasi/ABCDEFGHJK/").status_code == 405


def test_lookups_and_uploads_are_limited_per_address(issued, settings):
    settings.SINERGI_VERIFY_LOOKUPS = 3
    settings.SINERGI_VERIFY_UPLOADS = 2
    client = Client()
    for _ in range(2):
        assert client.get(f"/verifikasi/{issued.code}/").status_code == 200
    assert client.get("/verifikasi/ABCDEFGHJK/").status_code == 404  # unknown codes count too
    refused = client.get(f"/verifikasi/{issued.code}/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Terlalu banyak pemeriksaan dari jaringan ini" in refused.content.decode()
    assert issued.sha256 not in refused.content.decode()
    # Uploads have their own count.
    content = _content(issued)
    for _ in range(2):
        assert _upload(client, issued, content).status_code == 200
    assert _upload(client, issued, content).status_code == 429
    # Another address is not refused.
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.get(f"/verifikasi/{issued.code}/").status_code == 200
