from django.core.management.base import BaseCommand, CommandError

from sinergi.core.models import AuditSource
from sinergi.core.services import Actor
from sinergi.planning.importers import import_nomenclature, load_sample_nomenclature


class Command(BaseCommand):
    help = (
        "Import the planning nomenclature (urusan … sub kegiatan) from a CSV or xlsx file with "
        "the columns code and name. All or nothing; importing the same file again changes "
        "nothing. --sample loads the small illustrative extract shipped for the demo."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", nargs="?", help="CSV or xlsx file")
        parser.add_argument("--sample", action="store_true", help="load the shipped sample")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args, **options) -> None:
        actor = Actor.system(AuditSource.CLI)
        if options["sample"]:
            result = load_sample_nomenclature(actor)
        elif options["file"]:
            try:
                with open(options["file"], "rb") as handle:
                    data = handle.read()
            except OSError as exc:
                raise CommandError(str(exc)) from None
            result = import_nomenclature(data, actor, dry_run=options["dry_run"])
        else:
            raise CommandError("Give a FILE (or --sample).")
        if not result.ok:
            for error in result.errors:
                where = f"row {error.row}" if error.row else "file"
                column = f", column {error.column}" if error.column else ""
                self.stderr.write(f"{where}{column}: {error.reason}")
            raise CommandError(f"{len(result.errors)} error(s); nothing was imported.")
        verb = "would be" if options["dry_run"] else "were"
        self.stdout.write(
            f"Nomenclature: {result.created} {verb} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
