"""PAdES signatures of issued PDFs (pyHanko), when a certificate is configured.

Not configured (the default): documents are issued unsigned and verified by their SHA-256 on
the verification page. The national certificate authority's signing service (BSrE) can take
this module's place: `sign_pdf` is the one door."""

from __future__ import annotations

from django.conf import settings


def configured() -> bool:
    return bool(getattr(settings, "SINERGI_SIGNING_P12", ""))


def sign_pdf(content: bytes, *, reason: str = "", location: str = "") -> bytes:  # pragma: no cover
    raise NotImplementedError("PAdES signing is not built yet (documents.signing)")
