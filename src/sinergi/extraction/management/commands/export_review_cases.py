"""`sinergi export_review_cases DIR`: every report recorded through the review page, as an
annotated case in the development set's layout — DIR/reports/<slug>.txt (the text as read) and
DIR/annotations/<slug>.json (the record as the reviewer confirmed it, `_note` naming the fields
the reviewer corrected) — so that the extractor's development set grows from real use.
Only records a person confirmed are written (on the meeting's page, after the review page and any
corrections made to the draft); the case is the record as it stands, amendments included
(extraction.drafts.annotation_of). Bulk imports confirmed by the command are not written."""

from __future__ import annotations

import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandParser

from sinergi.extraction.drafts import annotation_of
from sinergi.extraction.models import ReportSource

COMPARED = ("meeting_title", "event_type", "event_date", "venue", "chair", "chair_for", "officials",
            "follow_ups")


def corrected_fields(extracted: dict, confirmed: dict) -> list[str]:
    """The fields the reviewer changed (compared as the review page shows them)."""
    return [name for name in COMPARED if (extracted or {}).get(name) != confirmed.get(name)]


def slug_of(source: ReportSource) -> str:
    day = source.meeting.starts_at.astimezone(ZoneInfo(source.meeting.time_zone)).date()
    base = f"{source.government.region_id}-{day:%Y-%m-%d}-{source.meeting.title}"
    return re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")[:90] + f"-{source.pk}"


class Command(BaseCommand):
    help = "Writes the reports recorded through the review page as annotated cases."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory")
        parser.add_argument("--corrected-only", action="store_true",
                            help="Only the reports where the reviewer changed something.")

    def handle(self, *args, **options) -> None:
        root = Path(options["directory"])
        (root / "reports").mkdir(parents=True, exist_ok=True)
        (root / "annotations").mkdir(parents=True, exist_ok=True)
        written = 0
        sources = (ReportSource.objects.filter(confirmed_at__isnull=False, confirmed_by__isnull=False,
                                               extracted__isnull=False)
                   .select_related("government", "meeting").order_by("pk"))
        for source in sources:
            record = annotation_of(source)
            corrected = corrected_fields(source.extracted or {}, record)
            if options["corrected_only"] and not corrected:
                continue
            slug = slug_of(source)
            (root / "reports" / f"{slug}.txt").write_text(source.text, encoding="utf-8")
            case = {**record,
                    "_note": ("Confirmed on the review page; corrected: " + ", ".join(corrected))
                    if corrected else "Confirmed on the review page as read."}
            (root / "annotations" / f"{slug}.json").write_text(
                json.dumps(case, ensure_ascii=False, indent=1), encoding="utf-8")
            written += 1
        self.stdout.write(f"{written} annotated cases written to {root}")
