"""Planning data for the demo: the illustrative nomenclature extract and the Asta Cita missions.

No activities here: the example reports give no sub kegiatan with budgets and targets. The demo's
plans and realization are generated — and labelled synthetic — by sinergi.demo.synthetic (see
sinergi.demo.loader.seed_synthetic_plan). Idempotent, like the rest of sinergi.demo."""

from __future__ import annotations

import contextlib
import csv
from collections import Counter

from sinergi.core.services import Actor
from sinergi.planning import rules
from sinergi.planning.importers import import_nomenclature
from sinergi.planning.models import NomenclatureItem
from sinergi.planning.services import load_priorities, read_shipped

SAMPLE = "nomenclature_sample.csv"


def _missing_sample_lines() -> tuple[str, int]:
    """The sample extract without the items stored already (a user's edits of their names are
    kept: the demo only adds what is missing), and how many were left out."""
    stored = set(NomenclatureItem.objects.values_list("code", flat=True))
    kept, present, header = [], 0, False
    for line in read_shipped(SAMPLE).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not header:  # the column titles
            kept.append(line)
            header = True
            continue
        code = next(csv.reader([line]), [""])[0].strip()
        with contextlib.suppress(ValueError):  # a bad code: the import reports it
            code = rules.parse_code(code).code
        if code in stored:
            present += 1
        else:
            kept.append(line)
    return "\n".join(kept) + "\n", present


def seed_planning(actor: Actor, created: Counter, existing: Counter, *, priorities: bool = True) -> None:
    """The sample nomenclature items that are missing, and (with `priorities`) the Asta Cita
    missions that are missing."""
    text, present = _missing_sample_lines()
    existing["NomenclatureItem"] += present
    if text.count("\n") > 1:
        result = import_nomenclature(text.encode(), actor)
        if not result.ok:  # the shipped file is checked by the tests; never half-load it
            raise RuntimeError(f"The sample nomenclature does not load: {result.errors[:3]}")
        created["NomenclatureItem"] += result.created
        existing["NomenclatureItem"] += result.unchanged + result.updated
    if priorities:
        seeded = load_priorities(actor)
        created["Priority"] += seeded.created
        existing["Priority"] += seeded.existing
