"""The demo's rakor distrik of Mimika shows per-unit follow-up at work: every distrik has its
own line (one accepted, one waiting for the Kabag's assessment, one returned with a reason, the
demo operator's still open and due next week), and each role's "Tugas saya" shows its part:
the operator his due line and the invitation he has not answered, the Kabag Tata Pemerintahan
the report to assess, the coordinator the meeting whose minutes are missing."""

from __future__ import annotations

import pytest

from sinergi.accounts.models import User
from sinergi.demo.loader import load_demo
from sinergi.demo.meetings import MIMIKA_RAKOR_TITLE
from sinergi.meetings.choices import LineStatus
from sinergi.meetings.models import FollowUp
from sinergi.reports.my_tasks import tasks_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    result = load_demo()
    assert result.skipped == []  # every step of a fresh load done
    return result


def kinds(username: str) -> dict[str, list]:
    found: dict[str, list] = {}
    for task in tasks_for(User.objects.get(username=username)):
        found.setdefault(task.kind, []).append(task)
    return found


def test_every_distrik_has_its_own_line_and_each_role_sees_its_part(demo):
    action = FollowUp.objects.filter(meeting__title=MIMIKA_RAKOR_TITLE).order_by("due_date").last()
    statuses = list(action.lines.order_by("unit__code").values_list("unit__code", "status"))
    assert statuses[0] == ("DISTRIK-01", LineStatus.NOT_STARTED)
    expected = [LineStatus.COMPLIANT, LineStatus.SUBMITTED, LineStatus.IN_PROGRESS]
    assert [s for _code, s in statuses[1:4]] == expected
    assert action.status == "in_progress" and len(statuses) >= 5
    operator = kinds("operator")
    assert "follow_ups" in operator and any("Mimika Baru" in t.title for t in operator["follow_ups"])
    assert "invitations" in operator or any(k.startswith("invitation") for k in operator)
    assert "follow_ups_to_assess" in kinds("kepala")
    assert "minutes_missing" in kinds("koordinator")
    # The row the Kabag returned, with its reason, on the operator's first page.
    [returned] = operator["returned"]
    assert "berita acara serah terima" in returned.detail
