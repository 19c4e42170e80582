"""`sinergi extract FILE... [--published YYYY-MM-DD] [--json]`: read meeting reports (.txt, .docx,
.pdf) and print what they say, one JSON object per file (a JSON array for several files)."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from sinergi.extraction import extract
from sinergi.extraction.readers import read_file


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--published: not a date (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = "Read meeting reports (.txt, .docx, .pdf) into structured records (JSON)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+")
        parser.add_argument("--published", type=_date, default=None,
                            help="publication date (YYYY-MM-DD) for dates written without a year")
        parser.add_argument("--json", action="store_true", help="print JSON (the default output)")

    def handle(self, *args, files: list[str], published: dt.date | None, **options) -> None:
        results = []
        for path in files:
            text, problem = read_file(path)
            result = extract(text, published).as_json()
            if problem:
                result["warnings"].insert(0, problem)
            results.append(result)
        payload = results[0] if len(results) == 1 else results
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
