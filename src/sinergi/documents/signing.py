"""PAdES signatures of issued PDFs (pyHanko), when a certificate is configured.

Not configured (the default): documents are issued unsigned and verified by their SHA-256 on
the verification page. Configured (settings SINERGI_SIGNING_P12, the path of a PKCS#12 file,
and SINERGI_SIGNING_P12_PASSPHRASE): `documents.issuing.issue` passes each rendered PDF through
`sign_pdf` before it fingerprints and stores it, so the SHA-256 the verification page compares
copies with is the signed file's.

The signature is PAdES baseline B-B (ETSI.CAdES.detached, SHA-256) in an invisible signature
field, made with the key of the PKCS#12 file. No timestamp authority is asked (B-T would need
one); the verification page's SHA-256 and the issued record carry the date.

Design note: the national certificate authority's signing service (BSrE, Balai Sertifikasi
Elektronik) can take this module's place later: `sign_pdf(content, reason=, location=) -> bytes`
is the one door, and nothing else depends on how it signs (the key may then live with BSrE and
the signature be made by its API). A misconfigured certificate (file missing, wrong passphrase,
expired) raises a ValidationError at issue time, inside issue's transaction: nothing is issued
and no agenda number is used up.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

FIELD_NAME = "SinergiSignature"


def configured() -> bool:
    return bool(getattr(settings, "SINERGI_SIGNING_P12", ""))


def _misconfigured(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def load_signer():
    """The pyHanko signer of the configured PKCS#12 file, or a ValidationError saying (in the
    user's language) what is wrong with it; the details go to the log for the administrator."""
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign import signers

    path = Path(settings.SINERGI_SIGNING_P12)
    passphrase = getattr(settings, "SINERGI_SIGNING_P12_PASSPHRASE", "") or ""
    try:
        data = path.read_bytes()
    except OSError as exc:
        logger.error("SINERGI_SIGNING_P12: cannot read %s: %s", path, exc)
        raise _misconfigured(_(
            "The electronic signature certificate cannot be read (SINERGI_SIGNING_P12): the "
            "document was not issued. Ask the administrator to check the setting."), "signing_file") from None
    try:
        key, certificate, _chain = pkcs12.load_key_and_certificates(data, passphrase.encode() or None)
    except (ValueError, TypeError) as exc:
        logger.error("SINERGI_SIGNING_P12: cannot open %s: %s", path, exc)
        raise _misconfigured(_(
            "The electronic signature certificate cannot be opened: the passphrase "
            "(SINERGI_SIGNING_P12_PASSPHRASE) is wrong or the file is not a PKCS#12 file. The "
            "document was not issued."), "signing_passphrase") from None
    if key is None or certificate is None:
        raise _misconfigured(_(
            "The electronic signature file holds no key with its certificate: the document was "
            "not issued."), "signing_key")
    now = dt.datetime.now(dt.UTC)
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
        logger.error("SINERGI_SIGNING_P12: the certificate is valid from %s to %s only",
                     certificate.not_valid_before_utc, certificate.not_valid_after_utc)
        raise _misconfigured(_(
            "The electronic signature certificate is expired or not valid yet: the document was "
            "not issued."), "signing_expired")
    if not _may_sign(certificate):
        logger.error("SINERGI_SIGNING_P12: the certificate's key usage allows no signatures")
        raise _misconfigured(_(
            "The electronic signature certificate is not meant for signing documents (its key "
            "usage): the document was not issued."), "signing_usage")
    try:
        return signers.SimpleSigner.load_pkcs12_data(data, other_certs=[],
                                                     passphrase=passphrase.encode() or None)
    except ValueError as exc:  # pragma: no cover - cryptography opened it above
        logger.error("SINERGI_SIGNING_P12: pyHanko cannot load %s: %s", path, exc)
        raise _misconfigured(_(
            "The electronic signature certificate cannot be opened: the passphrase "
            "(SINERGI_SIGNING_P12_PASSPHRASE) is wrong or the file is not a PKCS#12 file. The "
            "document was not issued."), "signing_passphrase") from None


def _may_sign(certificate) -> bool:
    """Whether the certificate's key usage (when it has one) allows signing documents."""
    from cryptography import x509

    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True
    return usage.digital_signature or usage.content_commitment


def sign_pdf(content: bytes, *, reason: str = "", location: str = "") -> bytes:
    """`content` (a PDF) signed PAdES B-B with the configured certificate: an incremental
    update adding an invisible signature field, so the signed file still holds every byte of
    the rendered one."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = load_signer()
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason[:200] or None, location=location[:200] or None,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(content), strict=False)
    output = signers.PdfSigner(meta, signer=signer).sign_pdf(writer)
    return output.getvalue()


@dataclass(frozen=True)
class Signature:
    """Who signed a PDF, as its signer's certificate says."""

    signer: str  # the certificate's subject: common name (organisation)
    issuer: str  # the certificate authority that issued it


def _name(name) -> str:
    values = name.native
    common = values.get("common_name") or ""
    organisation = values.get("organization_name") or ""
    if isinstance(organisation, list):
        organisation = ", ".join(organisation)
    if common and organisation:
        return f"{common} ({organisation})"
    return common or organisation or name.human_friendly


def signature_of(stream) -> Signature | None:
    """The first signature of the PDF in the binary `stream`: who signed it according to the
    certificate embedded with it (no validation: the verification page compares SHA-256). None
    when the file holds none or cannot be read."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        signatures = PdfFileReader(stream, strict=False).embedded_regular_signatures
        if not signatures:
            return None
        certificate = signatures[0].signer_cert
        return Signature(signer=_name(certificate.subject), issuer=_name(certificate.issuer))
    except Exception:  # a damaged file: the page still shows the record
        logger.warning("cannot read the signature of an issued document", exc_info=True)
        return None
