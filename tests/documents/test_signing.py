"""PAdES signatures of issued documents (documents.signing, pyHanko): a document issued with a
configured PKCS#12 certificate validates as intact, valid and trusted against its CA; one byte
changed breaks it (and the verification page says the copy differs); without the setting
nothing is signed; a misconfigured certificate issues nothing and uses no agenda number."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sinergi.documents import signing
from sinergi.documents.models import AgendaCounter, IssuedDocument
from tests.documents.helpers import DAY, issue_letter, make_pki


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def pki(settings, tmp_path):
    pki = make_pki(tmp_path)
    settings.SINERGI_SIGNING_P12 = str(pki.p12)
    settings.SINERGI_SIGNING_P12_PASSPHRASE = pki.passphrase
    return pki


def _validate(content: bytes, root):
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(content))
    (embedded,) = reader.embedded_signatures
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(root.public_bytes(Encoding.DER))])
    return embedded, validate_pdf_signature(embedded, context)


def _stored(document: IssuedDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def test_an_issued_document_is_signed_pades_and_validates_against_its_ca(world, pki, tmp_path):
    document = issue_letter(world, tmp_path)
    content = _stored(document)
    assert document.signed_electronically
    assert hashlib.sha256(content).hexdigest() == document.sha256  # the signed bytes
    embedded, status = _validate(content, pki.root)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.md_algorithm == "sha256"
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert embedded.signer_cert.subject.native["common_name"] == "Sutrisno"
    assert embedded.sig_object["/Reason"] == "Undangan rapat koordinasi"

    # The public page says it was signed and names the signer from the certificate.
    page = Client().get(f"/verifikasi/{document.code}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="verify-signed"' in html and "Ditandatangani secara elektronik" in html
    assert "Sutrisno (Pemerintah Kabupaten Kutai Timur)" in html and "Sinergi Uji Root CA (Balai Uji)" in html

    # The issued file itself: the same. One byte changed: different, and no longer intact.
    same = Client().post(f"/verifikasi/{document.code}/",
                         {"file": SimpleUploadedFile("undangan.pdf", content, "application/pdf")})
    assert 'data-testid="verify-same"' in same.content.decode()
    at = 11  # in the binary comment under %PDF-1.7: the file still opens, its bytes differ
    altered = content[:at] + bytes([content[at] ^ 0x01]) + content[at + 1:]
    assert altered != content
    different = Client().post(f"/verifikasi/{document.code}/",
                              {"file": SimpleUploadedFile("undangan.pdf", altered, "application/pdf")})
    assert 'data-testid="verify-different"' in different.content.decode()
    _embedded, broken = _validate(altered, pki.root)
    assert not broken.intact and not broken.bottom_line


def test_a_signature_from_another_ca_is_not_trusted(world, pki, tmp_path):
    folder = tmp_path / "lain"
    folder.mkdir()
    other = make_pki(folder)
    document = issue_letter(world, tmp_path)
    _embedded, status = _validate(_stored(document), other.root)
    assert status.intact and not status.trusted


def test_without_a_certificate_nothing_is_signed(world, settings, tmp_path):
    settings.SINERGI_SIGNING_P12 = ""
    assert not signing.configured()
    document = issue_letter(world, tmp_path)
    assert not document.signed_electronically
    from pyhanko.pdf_utils.reader import PdfFileReader

    assert PdfFileReader(io.BytesIO(_stored(document))).embedded_signatures == []
    html = Client().get(f"/verifikasi/{document.code}/").content.decode()
    assert 'data-testid="verify-unsigned"' in html and 'data-testid="verify-signed"' not in html


def test_issue_without_signing_when_asked(world, pki, tmp_path):
    assert not issue_letter(world, tmp_path, sign=False).signed_electronically


@pytest.mark.parametrize("problem", ["missing file", "wrong passphrase", "not a pkcs12 file", "expired"])
def test_a_misconfigured_certificate_issues_nothing(world, settings, tmp_path, problem):
    pki = make_pki(tmp_path, days=-1 if problem == "expired" else 365)
    settings.SINERGI_SIGNING_P12 = str(pki.p12)
    settings.SINERGI_SIGNING_P12_PASSPHRASE = pki.passphrase
    if problem == "missing file":
        settings.SINERGI_SIGNING_P12 = str(tmp_path / "tidak-ada.p12")
    elif problem == "wrong passphrase":
        settings.SINERGI_SIGNING_P12_PASSPHRASE = "salah"
    elif problem == "not a pkcs12 file":
        pki.p12.write_bytes(b"-----BEGIN CERTIFICATE-----\n")
    with pytest.raises(ValidationError) as raised:
        issue_letter(world, tmp_path)
    message = raised.value.messages[0]
    assert "sertifikat" in message.lower() and "tidak diterbitkan" in message
    assert str(tmp_path) not in message  # the path goes to the log, not to the user
    assert IssuedDocument.objects.count() == 0
    assert not AgendaCounter.objects.filter(unit=world.tapem, year=DAY.year, last__gt=0).exists()
    assert not any((tmp_path / "media").rglob("*.pdf"))

    # Once the setting is right, the first number is the first one.
    fixed = make_pki(tmp_path)
    settings.SINERGI_SIGNING_P12 = str(fixed.p12)
    settings.SINERGI_SIGNING_P12_PASSPHRASE = fixed.passphrase
    assert issue_letter(world, tmp_path).number == "000.1.5/1/Tapem/2026"


def test_a_certificate_not_meant_for_signing_is_refused(world, settings, tmp_path, monkeypatch):
    pki = make_pki(tmp_path)
    settings.SINERGI_SIGNING_P12 = str(pki.p12)
    settings.SINERGI_SIGNING_P12_PASSPHRASE = pki.passphrase
    monkeypatch.setattr(signing, "_may_sign", lambda certificate: False)
    with pytest.raises(ValidationError):
        issue_letter(world, tmp_path)
    assert IssuedDocument.objects.count() == 0
