"""The home page (URL name `home`): the user's tasks (reports.my_tasks), then the summary of
the user's governments (regions.dashboard: figures and leadership today)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from sinergi.core.formatting import zone_abbreviation
from sinergi.core.roles import Role
from sinergi.core.scope import user_scope
from sinergi.regions.dashboard import dashboard_context, scoped_governments
from sinergi.reports.my_tasks import tasks_for
from sinergi.reports.views_digest import may_read as may_read_digest


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = user_scope(request.user)
    has_tasks = scope.is_global or scope.role not in ("", Role.VIEWER)
    governments = scoped_governments(request.user)  # read once for the tasks and the summary
    summary = dashboard_context(request.user, governments)
    tasks = tasks_for(request.user, governments=governments) if has_tasks else []
    return render(request, "core/home.html", {
        **summary, "has_tasks": has_tasks, "tasks": tasks,
        # An administrator's list holds the nearest periods of a few governments: the rest is
        # one click away.
        "every_government": scope.is_global,
        "task_items": task_items(tasks), "government_rows": government_rows(summary["rows"]),
        "digest": may_read_digest(request.user),
    })


# The rows of the two lists, written in Python: the same markup as a template loop, without the
# template engine's per-row work (tens of tasks and governments for an administrator).

def task_items(tasks) -> SafeString:
    return format_html_join("\n", (
        '<a class="list-group-item list-group-item-action task task-{}" href="{}" data-testid="task" '
        'data-kind="{}">\n'
        '      <div class="d-flex flex-wrap justify-content-between align-items-start gap-2">\n'
        '        <span class="fw-semibold text-break" data-testid="task-title">{}</span>\n'
        '        <span class="d-flex flex-wrap gap-1">{}</span>\n      </div>\n      {}\n    </a>'), (
        (task.severity, task.url, task.kind, task.title,
         format_html('<span class="badge text-bg-{}" data-testid="task-days">{}</span>', task.severity, label)
         if (label := task.days_label) else "",
         format_html('<div class="small text-body-secondary text-break" data-testid="task-detail">{}</div>',
                     task.detail) if task.detail else "")
        for task in tasks))


def _leaders(terms) -> SafeString:
    if not terms:
        return format_html('<span class="text-muted">{}</span>', "–")
    return format_html_join("", '<div><span class="text-muted small">{}:</span> <a href="{}">{}</a></div>', (
        (term.capacity_title, term.official.get_absolute_url(), term.official.full_name) for term in terms))


def government_rows(rows) -> SafeString:
    return format_html_join("\n", (
        '<tr>\n      <td><a href="{}">{}</a><div class="small text-muted">{}</div></td>\n'
        '      <td>{}</td>\n      <td>{}</td>\n      <td class="text-end">{}</td>\n'
        '      <td class="text-end">{}</td>\n      <td class="text-end">{}</td>\n    </tr>'), (
        (row["government"].get_absolute_url(), row["government"].name, row["government"].region.code,
         zone_abbreviation(row["government"].time_zone), _leaders(row["leaders"]),
         localize(row["government"].n_units), localize(row["government"].n_district_offices),
         localize(row["government"].n_officials))
        for row in rows))
