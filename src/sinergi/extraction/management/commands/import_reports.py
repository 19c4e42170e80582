"""`sinergi import_reports DIR [--government CODE] [--organizer UNIT] [--dry-run]`: load an archive
of meeting reports (.txt, .docx, .pdf) as meeting records, skipping reports already imported.

Each file is read and extracted; its government is the one given, else the region the report is
about; its organizer the unit given (code), else the government's Bagian Pemerintahan or
Setda. Without review only what is sure is kept (see extraction.drafts.confirmed_from_report):
a report without a date is skipped and listed. One transaction per report. Each meeting is a
draft to be confirmed on its page, unless --confirm (an archive already checked by hand)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from sinergi.core.models import AuditSource
from sinergi.core.services import Actor
from sinergi.extraction import extract
from sinergi.extraction.drafts import (
    already_imported,
    confirmed_from_report,
    default_organizer,
    government_for,
    save_report,
)
from sinergi.extraction.readers import read_file
from sinergi.regions.models import Government, Unit

SUFFIXES = {".txt", ".docx", ".pdf"}


class Command(BaseCommand):
    help = "Import a folder of meeting reports (.txt, .docx, .pdf) as meeting records."

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory")
        parser.add_argument("--government", help="region code of the government (e.g. 64.08)")
        parser.add_argument("--organizer", help="code of the organizer unit in that government")
        parser.add_argument("--dry-run", action="store_true", help="read and report, write nothing")
        parser.add_argument("--confirm", action="store_true",
                            help="confirm each record at once (past meetings are closed)")

    def handle(
        self, *args, directory: str, government: str | None, organizer: str | None, dry_run: bool, **options
    ) -> None:
        folder = Path(directory)
        if not folder.is_dir():
            raise CommandError(f"not a folder: {directory}")
        files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
        fixed_government = None
        if government:
            fixed_government = Government.objects.filter(region_id=government).first()
            if fixed_government is None:
                raise CommandError(f"no government for region {government}")
        actor = Actor.system(AuditSource.IMPORT)
        counts = {"imported": 0, "duplicate": 0, "skipped": 0}
        total = len(files)
        for number, path in enumerate(files, start=1):
            done = round(20 * number / total)
            prefix = f"[{'#' * done}{'.' * (20 - done)}] {number}/{total} {path.name}"
            text, problem = read_file(path)
            if problem or not text.strip():
                counts["skipped"] += 1
                self.stdout.write(f"{prefix}: skipped ({problem or 'empty'})")
                continue
            report = extract(text)
            target = fixed_government or government_for(report)
            if target is None:
                counts["skipped"] += 1
                self.stdout.write(
                    f"{prefix}: skipped (no government for {report.region or 'an unknown region'})"
                )
                continue
            previous = already_imported(target, text)
            if previous:
                counts["duplicate"] += 1
                self.stdout.write(f"{prefix}: already imported as meeting #{previous.pk}")
                continue
            unit = (
                Unit.objects.filter(government=target, code=organizer).first()
                if organizer
                else default_organizer(target)
            )
            if unit is None:
                raise CommandError(f"{target}: no organizer unit (give --organizer)")
            confirmed = confirmed_from_report(report, target, unit, text=text, file_name=path.name)
            if confirmed is None:
                counts["skipped"] += 1
                self.stdout.write(f"{prefix}: skipped (no meeting date in the report)")
                continue
            if dry_run:
                counts["imported"] += 1
                self.stdout.write(f'{prefix}: would import "{confirmed.title}" ({confirmed.date})')
                continue
            try:
                meeting = save_report(actor, confirmed, confirm=options["confirm"])
            except (ValidationError, PermissionDenied) as exc:
                counts["skipped"] += 1
                self.stdout.write(f"{prefix}: skipped ({'; '.join(getattr(exc, 'messages', [str(exc)]))})")
                continue
            counts["imported"] += 1
            self.stdout.write(f'{prefix}: meeting #{meeting.pk} "{meeting.title}" ({confirmed.date})')
        self.stdout.write(
            f"{counts['imported']} imported, {counts['duplicate']} already imported, "
            f"{counts['skipped']} skipped"
        )
