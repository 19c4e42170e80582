"""reports.period_figures: the per-unit figures of an open period are kept under the government's
rollup stamp, so every write shows on the next home page; the coordinator's sums leave out the
reader's own submissions exactly as counting the rows does."""

from __future__ import annotations

import datetime as dt

from sinergi.core.roles import Role
from sinergi.monitoring.choices import RealizationStatus
from sinergi.reports.my_tasks import tasks_for
from sinergi.reports.period_figures import GovernmentFigures, UnitFigures
from tests.monitoring.conftest import open_period, realization
from tests.planning.conftest import make_activity

YEAR = 2026
NOW = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)


def test_the_readers_own_submissions_are_left_out_of_the_sums():
    per_unit = {
        1: UnitFigures(activities=3, reported=2, submitted={7: 2}),  # only user 7's rows
        2: UnitFigures(activities=2, reported=2, submitted={7: 1, 8: 1}),
        3: UnitFigures(activities=4, reported=0, submitted={None: 1}),  # submitter unknown
        4: UnitFigures(activities=1),
    }
    figures = GovernmentFigures.of(per_unit)
    assert (figures.units, figures.missing_units) == (4, 3)
    for reader in (7, 8, 9, None):
        rows = sum(u.waiting_for(reader) for u in per_unit.values())
        units = sum(1 for u in per_unit.values() if u.waiting_for(reader))
        assert figures.waiting_for(reader) == (rows, units), reader


def by_kind(tasks):
    return {task.kind: task for task in tasks}


def test_each_write_shows_on_the_next_reading(world, sample, django_capture_on_commit_callbacks):
    """The figures kept (commit callbacks run, as outside a test's transaction) are those of the
    current stamp; a realization written, submitted, then verified shows at once."""
    coordinator, head = world.users[Role.COORDINATOR], world.users[Role.UNIT_HEAD]
    open_period(world.kutim, 4, year=YEAR, deadline=dt.date(2027, 1, 15))
    first = make_activity(world.tapem, year=YEAR, name="Kegiatan satu")
    make_activity(world.setda, year=YEAR, name="Kegiatan dua")

    def read(user):
        with django_capture_on_commit_callbacks(execute=True):
            return by_kind(tasks_for(user, NOW))

    assert read(coordinator)["units_not_reported"].count == 2
    assert read(coordinator)["units_not_reported"].count == 2  # kept, same answer
    row = realization(first, 4, status=RealizationStatus.SUBMITTED,
                      submitted_by=world.users[Role.UNIT_OPERATOR])
    tasks = read(coordinator)
    assert tasks["units_not_reported"].count == 1
    assert tasks["to_verify"].count == 1
    assert read(head)["to_verify"].count == 1
    row.status = RealizationStatus.VERIFIED
    row.save()
    tasks = read(coordinator)
    assert "to_verify" not in tasks and tasks["units_not_reported"].count == 1
    assert "to_verify" not in read(head)
