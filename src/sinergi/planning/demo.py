"""Planning data for the demo: the illustrative nomenclature extract and the Asta Cita missions.

No activities here: the example reports give no sub kegiatan with budgets and targets. The demo's
plans and realization are generated — and labelled synthetic — by sinergi.demo.synthetic (see
sinergi.demo.loader.seed_synthetic_plan). Idempotent, like the rest of sinergi.demo."""

from __future__ import annotations

from collections import Counter

from sinergi.core.services import Actor
from sinergi.planning.importers import load_sample_nomenclature
from sinergi.planning.services import load_priorities


def seed_planning(actor: Actor, created: Counter, existing: Counter) -> None:
    result = load_sample_nomenclature(actor)
    if not result.ok:  # the shipped file is checked by the tests; never half-load it
        raise RuntimeError(f"The sample nomenclature does not load: {result.errors[:3]}")
    created["NomenclatureItem"] += result.created
    existing["NomenclatureItem"] += result.unchanged + result.updated
    priorities = load_priorities(actor)
    created["Priority"] += priorities.created
    existing["Priority"] += priorities.existing
