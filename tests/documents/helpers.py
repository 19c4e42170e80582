"""Builders for the verification and signing tests: a small real PDF (Typst), a document issued
through documents.issuing, and a certificate authority with a signer's PKCS#12 file."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import typst

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.documents import issuing

DAY = dt.date(2026, 12, 8)


def real_pdf(folder: Path, stamp: issuing.Stamp) -> bytes:
    """A one-page PDF carrying the stamp's number and code, compiled by Typst."""
    source = folder / "surat.typ"
    source.write_text(
        f"#let number = {json.dumps(stamp.number)}\n#let code = {json.dumps(stamp.code)}\n"
        "= Undangan Rapat Koordinasi\n\nNomor: #number\n\nKode verifikasi: #code\n",
        encoding="utf-8")
    return typst.compile(str(source), root=str(folder), format="pdf", ignore_system_fonts=True)


def issue_letter(world, folder: Path, *, user=None, subject: str = "Undangan rapat koordinasi", **extra):
    actor = Actor(user or world.users[Role.ADMINISTRATOR])
    return issuing.issue(
        actor, kind="invitation", government=world.kutim, unit=world.tapem, date=DAY, subject=subject,
        render=lambda stamp: real_pdf(folder, stamp), file_name="undangan.pdf",
        numbering=issuing.Numbering("000.1.5", "Tapem"), signer_name="Sutrisno",
        signer_position="Kepala Bagian Tata Pemerintahan", **extra)


@dataclass
class Pki:
    root: object  # cryptography x509.Certificate
    leaf: object
    p12: Path
    passphrase: str


def make_pki(folder: Path, *, passphrase: str = "rahasia-ttd", days: int = 365,  # noqa: S107
             signer: str = "Sutrisno") -> Pki:
    """A root CA and a signer's certificate (digitalSignature and nonRepudiation) issued by it,
    the signer's key and certificate chain in a PKCS#12 file under `folder`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Sinergi Uji Root CA"),
                           x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Balai Uji")])
    root = (
        x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name)
        .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False, key_agreement=False,
                                     key_cert_sign=True, crl_sign=True, encipher_only=False,
                                     decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, signer),
                                 x509.NameAttribute(NameOID.ORGANIZATION_NAME,
                                                    "Pemerintah Kabupaten Kutai Timur")]))
        .issuer_name(root_name).public_key(leaf_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=10)).not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                     key_encipherment=False, data_encipherment=False, key_agreement=False,
                                     key_cert_sign=False, crl_sign=False, encipher_only=False,
                                     decipher_only=False), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
                       critical=False)
        .sign(root_key, hashes.SHA256())
    )
    p12 = folder / "penandatangan.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"penandatangan", leaf_key, leaf, [root],
        serialization.BestAvailableEncryption(passphrase.encode())))
    return Pki(root=root, leaf=leaf, p12=p12, passphrase=passphrase)
