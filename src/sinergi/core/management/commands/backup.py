"""`sinergi backup FILE`: the database and the uploaded files in one archive (sinergi.core.backup)."""

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from sinergi.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write a backup archive (.tar.gz) to FILE: a consistent snapshot of the database taken while "
        "the app keeps serving, every uploaded file, and a manifest with checksums."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The archive to write, e.g. sinergi-2025-01-31.tar.gz.")

    def handle(self, *args, file: str, **options) -> None:
        try:
            manifest = create_backup(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        files = manifest["files"]
        size = sum(entry["size"] for entry in files.values())
        self.stdout.write(
            _("Backup written to %(file)s: %(rows)s rows in %(tables)s tables, %(files)s uploaded files "
              "(%(size)s before compression).")
            % {
                "file": file,
                "rows": sum(manifest["tables"].values()),
                "tables": len(manifest["tables"]),
                "files": len(files) - 1,
                "size": filesizeformat(size),
            }
        )
        missing = manifest["missing_files"]
        if missing:
            self.stderr.write(
                _("Warning: %(count)s files the database refers to are not in MEDIA_ROOT (listed in the "
                  "manifest as missing_files), e.g. %(example)s.")
                % {"count": len(missing), "example": missing[0]}
            )
