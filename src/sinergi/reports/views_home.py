"""The home page (URL name `home`): the user's tasks (reports.my_tasks), then the summary of
the user's governments (regions.dashboard: figures and leadership today)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sinergi.core.roles import Role
from sinergi.core.scope import user_scope
from sinergi.regions.dashboard import dashboard_context
from sinergi.reports.my_tasks import tasks_for
from sinergi.reports.views_digest import may_read as may_read_digest


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = user_scope(request.user)
    has_tasks = scope.is_global or scope.role not in ("", Role.VIEWER)
    return render(request, "core/home.html", {
        **dashboard_context(request.user),
        "has_tasks": has_tasks,
        "digest": may_read_digest(request.user),
        "tasks": tasks_for(request.user) if has_tasks else [],
    })
