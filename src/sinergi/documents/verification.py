"""The public verification page's rules: what a code looks up, how many lookups and uploads a
client gets (settings SINERGI_VERIFY_*, read at each call so tests can lower them), and the
upload handler that fingerprints a copy as it arrives without keeping any of it.

An uploaded copy is never stored: `HashingUploadHandler` replaces Django's handlers for the
upload (no file in memory, no temporary file on disk); it feeds each chunk to SHA-256 and drops
it. Any file type is accepted (a scan, a PDF printed again: only an identical file matches)."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from sinergi.documents.issuing import normalize_code
from sinergi.documents.models import IssuedDocument

CODE_MAX_LENGTH = IssuedDocument._meta.get_field("code").max_length


@dataclass(frozen=True)
class Limits:
    lookups: int  # page views of a code, per client address and window
    uploads: int  # copies compared, per client address and window
    window: int  # seconds
    max_bytes: int  # the largest copy compared

    @classmethod
    def current(cls) -> Limits:
        return cls(
            lookups=getattr(settings, "SINERGI_VERIFY_LOOKUPS", 30),
            uploads=getattr(settings, "SINERGI_VERIFY_UPLOADS", 10),
            window=getattr(settings, "SINERGI_VERIFY_WINDOW", 600),
            max_bytes=getattr(settings, "SINERGI_VERIFY_MAX_UPLOAD_BYTES", 20 * 1024 * 1024),
        )


def issued(code: str) -> IssuedDocument | None:
    """The document issued under `code` as typed (any case, spaces, dashes), or None."""
    code = normalize_code(code)
    if not code or len(code) > CODE_MAX_LENGTH:
        return None
    return IssuedDocument.objects.select_related("government", "unit").filter(code=code).first()


class HashedFile(UploadedFile):
    """What is left of an uploaded copy: its size and SHA-256 (the content was not kept)."""

    def __init__(self, name: str, size: int, sha256: str) -> None:
        super().__init__(file=io.BytesIO(), name=name, size=size)
        self.sha256 = sha256


class HashingUploadHandler(FileUploadHandler):
    """Fingerprints each uploaded file chunk by chunk and keeps nothing; stops the upload
    (`too_large`) past `max_bytes`."""

    def __init__(self, request=None, *, max_bytes: int) -> None:
        super().__init__(request)
        self.max_bytes = max_bytes
        self.too_large = False
        self._digest = hashlib.sha256()
        self._size = 0

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self._digest = hashlib.sha256()
        self._size = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self._size += len(raw_data)
        if self._size > self.max_bytes:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        self._digest.update(raw_data)
        return None  # no other handler sees the chunk

    def file_complete(self, file_size: int) -> HashedFile:
        return HashedFile(self.file_name or "", self._size, self._digest.hexdigest())
