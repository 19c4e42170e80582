"""The monitoring rules as pure functions and data: cumulative realization, the budget flag,
late submission and the workflow's transition table.

No database here: models, services, forms, the API and the tests all read these."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from sinergi.core.roles import Role
from sinergi.monitoring.choices import RealizationStatus
from sinergi.planning.rules import QuarterProblem, as_series, non_decreasing_problems
from sinergi.planning.rules import quarter_label as _quarter_label

# ---------------------------------------------------------------------------- values


RealizationProblem = QuarterProblem


def cumulative_problems(
    values: Mapping[int, tuple[Decimal | None, Decimal | None]],
) -> list[QuarterProblem]:
    """What is wrong with an activity's cumulative realizations {quarter: (physical %, Rp)}.

    Both figures are cumulative to the end of their quarter, so neither may fall below the
    figure of an earlier quarter (a correction of an earlier quarter is made there, not by
    reporting less later). Physical progress lies between 0 and 100 %, Rp is at least 0.
    Missing quarters (or values) are skipped: the comparison is with the nearest earlier
    quarter that has a value."""
    def bound(name, value):
        if value < 0:
            return _("A realization cannot be negative.")
        if name == "physical" and value > 100:
            return _("Physical progress is at most 100 %.")
        return None

    def decrease(name, quarter, value, earlier, before):
        labels = {"physical": _("physical"), "financial": _("financial")}  # only when needed
        return _("Cumulative realization cannot decrease: the %(kind)s realization of "
                 "%(quarter)s (%(value)s) is below that of %(earlier)s (%(before)s).") % {
            "kind": labels[name], "quarter": quarter_label(quarter),
            "value": _number(name, value), "earlier": quarter_label(earlier),
            "before": _number(name, before)}

    return non_decreasing_problems(as_series(values), bound=bound, decrease=decrease)


def output_problems(
    values: Mapping[int, Mapping[int, Decimal | None]],
) -> list[QuarterProblem]:
    """What is wrong with an activity's outputs realized {quarter: {indicator id: value}}.

    Outputs are cumulative to the end of their quarter like the other figures: at least 0
    and never below an earlier quarter's output of the same indicator. Above the indicator's
    annual target is allowed (the pages show it): plans are exceeded. Problems name the
    indicator's id as their field."""

    def bound(_indicator, value):
        return _("An output cannot be negative.") if value < 0 else None

    def decrease(_indicator, quarter, value, earlier, before):
        return _("Cumulative output cannot decrease: %(value)s in %(quarter)s is below the "
                 "%(before)s of %(earlier)s.") % {
            "value": _plain(value), "quarter": quarter_label(quarter),
            "before": _plain(before), "earlier": quarter_label(earlier)}

    return non_decreasing_problems(values, bound=bound, decrease=decrease)


def over_budget_problem(financial: Decimal | None, budget: Decimal | None,
                        confirmed: bool) -> str | None:
    """Spending above the activity's budget (pagu) is refused unless explicitly confirmed
    (a budget shift not yet recorded, a data-entry check): the message, or None."""
    if financial is None or budget is None or financial <= budget or confirmed:
        return None
    return _("The financial realization (%(value)s) exceeds the budget (%(budget)s). Check the "
             "amount, or confirm that it is correct.") % {
        "value": _money(financial), "budget": _money(budget)}


def is_late(submitted_on: dt.date, deadline: dt.date) -> bool:
    """A submission on the deadline day is on time; the day after is late."""
    return submitted_on > deadline


# ---------------------------------------------------------------------------- workflow


class Step(enum.StrEnum):
    SAVE = "save"
    SUBMIT = "submit"
    VERIFY = "verify"
    RETURN = "return"
    REOPEN = "reopen"


NEW = ""
"""The state of a realization that does not exist yet."""

UNIT_WRITERS = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.UNIT_OPERATOR})
VERIFIERS = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_HEAD})
REOPENERS = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR})


@dataclass(frozen=True)
class Transition:
    step: Step
    source: str
    target: str
    roles: frozenset[str]
    needs_reason: bool = False


D, S, V, R = (RealizationStatus.DRAFT, RealizationStatus.SUBMITTED, RealizationStatus.VERIFIED,
              RealizationStatus.RETURNED)

TRANSITIONS: tuple[Transition, ...] = (
    # The unit enters and corrects its figures while they are a draft or were returned.
    Transition(Step.SAVE, NEW, D, UNIT_WRITERS),
    Transition(Step.SAVE, D, D, UNIT_WRITERS),
    Transition(Step.SAVE, R, R, UNIT_WRITERS),
    Transition(Step.SUBMIT, D, S, UNIT_WRITERS),
    Transition(Step.SUBMIT, R, S, UNIT_WRITERS),
    # The head of the unit (or the coordinator) verifies, which locks the figures, or returns
    # them with a reason.
    Transition(Step.VERIFY, S, V, VERIFIERS),
    Transition(Step.RETURN, S, R, VERIFIERS, needs_reason=True),
    # Only the coordinator unlocks verified figures again, with a reason.
    Transition(Step.REOPEN, V, R, REOPENERS, needs_reason=True),
)
"""The whole workflow: (step, from state) -> to state, and the roles that may take it.
Anything not listed is refused. Scope comes on top: the user must also be allowed to write the
realization (core.scope: unit roles inside their subtree, coordinators in their government).
Four-eyes rule (services.verify): nobody verifies a realization they submitted themselves."""

STATES = (NEW, D, S, V, R)
_TABLE = {(t.step, t.source): t for t in TRANSITIONS}


def transition_for(step: Step | str, source: str) -> Transition | None:
    return _TABLE.get((Step(step), source))


class TransitionRefused(Exception):
    """`kind` is "state" (not possible from this state) or "role" (not for this role)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def next_state(step: Step | str, source: str, role: str | None) -> Transition:
    """The transition `role` takes with `step` from `source`; `role` None is the system itself
    (may take every listed transition). TransitionRefused otherwise."""
    transition = transition_for(step, source)
    if transition is None:
        raise TransitionRefused("state", _("This is not possible for a realization that is %(state)s.")
                                % {"state": state_label(source)})
    if role is not None and role not in transition.roles:
        raise TransitionRefused("role", _("Your role may not do this."))
    return transition


def state_label(state: str) -> str:
    if state == NEW:
        return _("not yet entered")
    return str(RealizationStatus(state).label).lower()


def allowed_steps(source: str, role: str | None) -> set[Step]:
    """The steps `role` may take from `source` (for showing buttons)."""
    return {t.step for t in TRANSITIONS if t.source == source and (role is None or role in t.roles)}


# ---------------------------------------------------------------------------- formatting


def quarter_label(quarter: int) -> str:
    return _quarter_label(quarter)


def _money(value: Decimal) -> str:
    from sinergi.core.formatting import rupiah

    return rupiah(value)


def _plain(value: Decimal) -> str:
    """`3`, `2,5`: an output in its own unit of measure (Indonesian decimal comma)."""
    return f"{Decimal(value).normalize():f}".replace(".", ",")


def _number(kind: str, value: Decimal) -> str:
    from sinergi.core.formatting import percent

    return percent(value, 2) if kind == "physical" else _money(value)  # as entered: to the cent
