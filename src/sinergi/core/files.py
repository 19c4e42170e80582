"""Stored files (agreement scans, realization evidence, meeting materials, follow-up evidence):
kept private, named unguessably, and sent only through scoped views.

- `PrivateStorage` is the default storage: it has no public URL (`url()` refuses), so no page
  can link a stored file directly and nothing mounts MEDIA_ROOT on the web.
- `UnguessableName` is every file field's `upload_to`: `<folder>/<yyyy>/<mm>/<random>.<ext>`;
  the uploader's own file name is kept as data in a companion field (`StoredFileField(
  original_name_field=...)`) and sent back as the download's file name.
- `file_response` is the one way a view sends a stored file, after it has checked the user's
  scope: by the app itself (default), or by the front server in production
  (`SINERGI_FILE_SENDING=x-accel-redirect` for nginx's internal location, `x-sendfile` for
  Apache/lighttpd), so a large scan does not hold an app worker.
"""

from __future__ import annotations

import mimetypes
import secrets
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header

SENDING_BY_APP = ""
SENDING_X_ACCEL = "x-accel-redirect"
SENDING_X_SENDFILE = "x-sendfile"
SENDING_MODES = (SENDING_BY_APP, SENDING_X_ACCEL, SENDING_X_SENDFILE)


class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT without a public address: stored files leave only through `file_response`."""

    def url(self, name):
        # An AttributeError (not ValueError) so that `getattr(file, "url", None)` in Django's own
        # widgets (ClearableFileInput in the admin) shows the file's name without a link.
        raise AttributeError("stored files have no public URL: send them with core.files.file_response")


@deconstructible
class UnguessableName:
    """`upload_to` for private files: a dated folder and 144 random bits, keeping the
    extension (lower case) that the field's validators checked."""

    def __init__(self, folder: str) -> None:
        self.folder = folder.strip("/")

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
        if not suffix[1:].isalnum() or len(suffix) > 10:
            suffix = ""
        today = timezone.localdate()
        return f"{self.folder}/{today:%Y/%m}/{secrets.token_urlsafe(18)}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, UnguessableName) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)


def display_name(name: str, limit: int = 255) -> str:
    """The last part of an uploaded file's name, as the user's computer called it."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "file"
    if len(base) > limit:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: limit - len(ext) - 1] + "." + ext) if dot and len(ext) < 10 else base[:limit]
    return base


def download_name(field_file: FieldFile, original_name: str = "") -> str:
    """The file name a download is sent under: the uploader's own, else the stored one's last
    part (files stored before original names were kept)."""
    return original_name or display_name(field_file.name)


def file_response(field_file: FieldFile | None, filename: str = "", *, inline: bool = False) -> HttpResponse:
    """Send a stored file that the caller has already checked the user may see. 404 when the
    field is empty or the file is gone."""
    if not field_file:
        raise Http404
    storage = field_file.storage
    name = field_file.name
    filename = filename or display_name(name)
    mode = getattr(settings, "SINERGI_FILE_SENDING", SENDING_BY_APP)
    if mode == SENDING_BY_APP:
        try:
            handle = field_file.open("rb")
        except (FileNotFoundError, IsADirectoryError, PermissionError):
            raise Http404 from None
        return FileResponse(handle, as_attachment=not inline, filename=filename)
    if not storage.exists(name):
        raise Http404
    content_type, encoding = mimetypes.guess_type(filename)
    response = HttpResponse(content_type=content_type or "application/octet-stream")
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.headers["Content-Disposition"] = content_disposition_header(not inline, filename)
    if mode == SENDING_X_ACCEL:
        prefix = "/" + settings.SINERGI_FILE_SENDING_LOCATION.strip("/") + "/"
        response.headers["X-Accel-Redirect"] = prefix + quote(name)
    else:
        response.headers["X-Sendfile"] = storage.path(name)
    return response


def is_new_upload(value) -> bool:
    """A file assigned to a field and not yet stored (an upload, or a File built in code)."""
    return isinstance(value, File) and not (isinstance(value, FieldFile) and value._committed)
