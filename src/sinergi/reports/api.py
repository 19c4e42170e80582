"""API v1 of reports: the caller's own tasks (the list of the home page, reports.my_tasks).
No `from __future__ import annotations` here: Ninja reads these annotations at run time."""

import datetime as dt

from ninja import Router, Schema

from sinergi.api.crud import ERRORS, api_user
from sinergi.reports.my_tasks import tasks_for

router = Router(tags=["me"])


class TaskOut(Schema):
    kind: str
    title: str
    detail: str
    due_date: dt.date | None
    days_left: int | None
    count: int
    url: str
    severity: str


@router.get("/me/tasks", response={200: list[TaskOut], **ERRORS}, operation_id="me_tasks")
def my_tasks(request):
    """What waits for you, most urgent first: the list of your home page. `url` is the page
    where the work is done; `days_left` counts in the government's own zone (WIB/WITA/WIT)."""
    return tasks_for(api_user(request))
