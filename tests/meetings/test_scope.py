"""Who sees and who changes a meeting: every user of its government sees it; its organizer unit
and the government's coordinators change it; other governments do not see it at all."""

from __future__ import annotations

import pytest

from sinergi.core.roles import Role
from sinergi.core.scope import Action, can, scoped
from sinergi.meetings.models import Meeting
from tests import factories
from tests.meetings.conftest import make_meeting


@pytest.mark.parametrize(
    ("role", "sees", "changes"),
    [
        (Role.ADMINISTRATOR, True, True),
        (Role.COORDINATOR, True, True),  # coordinator of Kutai Timur (scope Bappeda)
        (Role.UNIT_HEAD, True, True),  # head of Setda, above the organizer (Tapem)
        (Role.UNIT_OPERATOR, True, True),  # operator of Tapem, the organizer
        (Role.VIEWER, True, False),  # viewer of the kecamatan: sees, never writes
    ],
)
def test_meeting_scope_by_role(world, meeting, role, sees, changes):
    user = world.users[role]
    assert scoped(Meeting.objects.all(), user).filter(pk=meeting.pk).exists() is sees
    assert can(user, Action.VIEW, meeting) is sees
    assert can(user, Action.CHANGE, meeting) is changes
    assert scoped(Meeting.objects.all(), user, Action.CHANGE).filter(pk=meeting.pk).exists() is changes


def test_operator_of_another_unit_sees_but_cannot_change(world, meeting):
    bappeda_operator = factories.user("op-bappeda", Role.UNIT_OPERATOR, [world.bappeda])
    assert can(bappeda_operator, Action.VIEW, meeting)
    assert not can(bappeda_operator, Action.CHANGE, meeting)
    # ...but may organize a meeting of its own unit.
    own = make_meeting(world, organizer=world.bappeda)
    assert can(bappeda_operator, Action.CHANGE, own)
    assert can(bappeda_operator, Action.ADD, Meeting(government=world.kutim, organizer=world.bappeda))
    assert not can(bappeda_operator, Action.ADD, Meeting(government=world.kutim, organizer=world.tapem))


def test_other_government_does_not_see_the_meeting(world, meeting):
    mimika_operator = factories.user("op-mimika", Role.UNIT_OPERATOR, [world.mimika_tapem])
    assert not scoped(Meeting.objects.all(), mimika_operator).filter(pk=meeting.pk).exists()
    assert not can(mimika_operator, Action.VIEW, meeting)
    assert not can(mimika_operator, Action.VIEW, Meeting(government=world.kutim, organizer=world.tapem))
