"""The problems register: raise a problem, record each step of its resolution (the status it
leaves), link it to meetings and follow-up actions. Audited through core.services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.services import Actor, create_object, update_object
from sinergi.problems.choices import ProblemStatus
from sinergi.problems.models import Problem, ProblemUpdate


def raise_problem(actor: Actor, problem: Problem, meetings=()) -> Problem:
    if not problem.raised_on:
        problem.raised_on = timezone.localdate()
    return create_object(actor, problem, m2m={"meetings": list(meetings)} if meetings else None)


@transaction.atomic
def record_step(
    actor: Actor, problem: Problem, status: str, note: str, *, expected_version: int | None = None
) -> Problem:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Say what was done.")]})
    if status not in ProblemStatus.values:
        raise ValidationError({"status": [_("Choose a status.")]})
    changes = {
        "status": status,
        "resolved_on": timezone.localdate() if status == ProblemStatus.RESOLVED else None,
    }
    updated = update_object(actor, problem, changes, expected_version=expected_version)
    ProblemUpdate.objects.create(problem=updated, author=actor.user, note=note, status=status)
    return updated
