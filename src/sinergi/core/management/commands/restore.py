"""`sinergi restore FILE [--force]`: bring a backup back into this installation
(sinergi.core.backup)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sinergi.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `sinergi backup` into this installation: the database and the "
        "uploaded files. Refuses an installation that already holds data unless --force; stop the "
        "app server and the workers first."
    )
    # The database may still be empty (a new machine): nothing to check in it yet.
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The archive written by `sinergi backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the data this installation holds (its database tables and every file in "
            "MEDIA_ROOT).",
        )

    def handle(self, *args, file: str, force: bool, **options) -> None:
        try:
            report = restore_backup(file, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = report.manifest
        self.stdout.write(
            _("Restored %(file)s (made %(created)s by Sinergi %(version)s): %(rows)s rows in %(tables)s "
              "tables, %(files)s uploaded files.")
            % {
                "file": file,
                "created": manifest.get("created_at", "?"),
                "version": manifest.get("sinergi_version", "?"),
                "rows": sum(manifest["tables"].values()),
                "tables": len(manifest["tables"]),
                "files": len(manifest["files"]) - 1,
            }
        )
        if report.pending_migrations:
            self.stdout.write(
                _("This Sinergi has %(count)s migrations the backup lacks: run `sinergi migrate`.")
                % {"count": len(report.pending_migrations)}
            )
        if report.unknown_migrations:
            self.stderr.write(
                _("Warning: the backup records migrations this Sinergi does not know (%(names)s); it "
                  "was probably made by a newer version: install that version.")
                % {"names": ", ".join(report.unknown_migrations[:5])}
            )
