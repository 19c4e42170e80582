"""Planning writes that are more than one audited create/update (see core.services)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.core.services import Actor, StaleEditError, create_object, update_object
from sinergi.planning import rules
from sinergi.planning.choices import QUARTERS, FrameworkKind
from sinergi.planning.models import (
    Activity,
    Priority,
    PriorityFramework,
    QuarterTarget,
    deferred_cumulative_check,
)

ASTA_CITA = {
    "name": "Asta Cita",
    "kind": FrameworkKind.NATIONAL,
    "start_year": 2025,
    "end_year": 2029,
    "description": "Delapan misi agenda nasional dalam RPJMN 2025–2029.",
}


def read_shipped(name: str) -> str:
    return resources.files("sinergi.planning").joinpath("data", name).read_text(encoding="utf-8")


def asta_cita_missions() -> list[dict[str, str]]:
    """The eight Asta Cita missions as shipped (number, title)."""
    return list(csv.DictReader(io.StringIO(read_shipped("asta_cita.csv"))))


def seed_asta_cita(framework_model, priority_model) -> int:
    """Create the Asta Cita framework and its missions where they are missing, with the given
    model classes (the data migration passes its historical models). Existing rows are left as
    they are: the wording is the government's to edit. Returns the number of rows created."""
    created = 0
    framework = framework_model.objects.filter(
        name=ASTA_CITA["name"], start_year=ASTA_CITA["start_year"], government__isnull=True
    ).first()
    if framework is None:
        framework = framework_model.objects.create(**ASTA_CITA)
        created += 1
    for order, mission in enumerate(asta_cita_missions(), start=1):
        if not priority_model.objects.filter(framework=framework, number=mission["number"]).exists():
            priority_model.objects.create(framework=framework, number=mission["number"],
                                          title=mission["title"], order=order)
            created += 1
    return created


@dataclass(frozen=True)
class SeedResult:
    created: int
    existing: int


@transaction.atomic
def load_priorities(actor: Actor) -> SeedResult:
    """The Asta Cita framework and its eight missions, audited, created where missing.
    Idempotent: running it again creates and changes nothing (nor restores edited wording)."""
    created = existing = 0
    framework = PriorityFramework.objects.filter(
        name=ASTA_CITA["name"], start_year=ASTA_CITA["start_year"], government__isnull=True
    ).first()
    if framework is None:
        framework = create_object(actor, PriorityFramework(**ASTA_CITA))
        created += 1
    else:
        existing += 1
    numbers = set(framework.priorities.values_list("number", flat=True))
    for order, mission in enumerate(asta_cita_missions(), start=1):
        if mission["number"] in numbers:
            existing += 1
            continue
        create_object(actor, Priority(framework=framework, number=mission["number"],
                                      title=mission["title"], order=order))
        created += 1
    return SeedResult(created, existing)


# ---------------------------------------------------------------------------- quarterly targets

TargetValues = Mapping[int, tuple[Decimal, Decimal]]


@transaction.atomic
def set_quarter_targets(
    actor: Actor, activity: Activity, values: TargetValues,
    versions: Mapping[int, int | None] | None = None,
) -> list[QuarterTarget]:
    """Write the cumulative targets of several quarters at once: {quarter: (physical %, Rp)}.

    The whole set is checked first (planning.rules.cumulative_problems), so a change that is
    only consistent as a whole (raising every quarter at once) is accepted; each row is then
    created or updated through core.services (scope, audit). `versions[q]` is the version of
    quarter q's target the user saw (None: there was none); a target changed or created
    meanwhile makes the whole save stale."""
    versions = versions or {}
    unknown = set(values) - set(QUARTERS)
    if unknown:
        raise ValidationError(f"Unknown quarters: {sorted(unknown)}")
    existing = {t.quarter: t for t in activity.quarter_targets.all()}
    merged = {q: (t.physical, t.financial) for q, t in existing.items()}
    merged.update(values)
    problems = rules.cumulative_problems(merged, activity.budget)
    if problems:
        errors: dict[str, list[str]] = {}
        for p in problems:
            errors.setdefault(f"{p.field}_{p.quarter}", []).append(p.message)
        raise ValidationError(errors)
    saved = []
    with deferred_cumulative_check():
        for quarter in sorted(values):
            physical, financial = values[quarter]
            target = existing.get(quarter)
            seen = versions.get(quarter, "absent")
            if target is None:
                if seen not in ("absent", None):
                    raise StaleEditError()
                saved.append(create_object(actor, QuarterTarget(
                    activity=activity, quarter=quarter, physical=physical, financial=financial)))
            else:
                if seen is None:  # the user saw no target for this quarter: someone added it
                    raise StaleEditError()
                saved.append(update_object(
                    actor, target, {"physical": physical, "financial": financial},
                    expected_version=None if seen == "absent" else seen,
                ))
    # The whole set once more as stored (concurrent writers of other quarters included).
    stored = {t.quarter: (t.physical, t.financial) for t in activity.quarter_targets.all()}
    problems = rules.cumulative_problems(stored, Activity.objects.get(pk=activity.pk).budget)
    if problems:
        raise ValidationError([p.message for p in problems])
    return saved


# ---------------------------------------------------------------------------- a unit's affairs


@transaction.atomic
def set_unit_affairs(actor: Actor, unit, bidang_codes) -> list[str]:
    """The bidang urusan `unit` carries out, as `bidang_codes` (audited: one event per bidang
    added or removed). Those who may manage the government's plan decide it (coordinators,
    Bappeda: planning.lifecycle.may_manage). Returns the codes now held."""
    from django.core.exceptions import PermissionDenied

    from sinergi.core.services import delete_object
    from sinergi.planning.lifecycle import may_manage
    from sinergi.planning.models import NomenclatureItem, UnitAffair

    if actor.user is not None and not may_manage(actor.user, unit.government_id):
        raise PermissionDenied
    wanted = set(bidang_codes)
    known = set(NomenclatureItem.objects.filter(pk__in=wanted, level="bidang").values_list("pk", flat=True))
    if wanted - known:
        raise ValidationError({"bidang": _("Not a bidang urusan: %(codes)s.") % {
            "codes": ", ".join(sorted(wanted - known))}})
    current = {row.bidang_id: row for row in UnitAffair.objects.select_for_update().filter(unit=unit)}
    for code in sorted(set(current) - wanted):
        delete_object(actor, current[code], authorized=True)
    for code in sorted(wanted - set(current)):
        create_object(actor, UnitAffair(unit=unit, bidang_id=code), authorized=True)
    return sorted(wanted)
