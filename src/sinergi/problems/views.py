"""Pages of the problems register: list (filters, counts per category and status), a problem
with its resolution history and links, raise a problem (optionally from a meeting)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from sinergi.core.forms import VersionedModelForm, add_validation_error
from sinergi.core.models import AuditAction
from sinergi.core.params import read_pk, read_version
from sinergi.core.scope import Action, can, scoped
from sinergi.core.services import StaleEditError, record
from sinergi.core.views import actor_for, history_for
from sinergi.meetings.forms import organizable_units
from sinergi.meetings.models import FollowUp, Meeting
from sinergi.problems import services
from sinergi.problems.choices import PROBLEM_OPEN_STATES, ProblemCategory, ProblemStatus, Severity
from sinergi.problems.models import Problem
from sinergi.regions.models import Government


class ProblemForm(VersionedModelForm):
    class Meta:
        model = Problem
        fields = ["unit", "category", "title", "description", "severity", "region", "raised_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "raised_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = units = organizable_units(user)
        # Where the problem is: a kecamatan/distrik (or a village, where loaded) of the user's own
        # governments, not every one of Indonesia; searchable (static/sinergi/js/select-search.js).
        homes = (Government.objects.filter(pk__in=units.values("government_id"))
                 .values_list("region_id", flat=True))
        within = Q(pk__in=[])
        for code in homes:
            within |= Q(code__startswith=code + ".")
        region = self.fields["region"]
        region.queryset = (region.queryset.filter(within, level__in=("district", "village"))
                           .select_related("parent").order_by("code"))
        region.label_from_instance = lambda r: f"{r.name} ({r.parent.name})" if r.parent_id else r.name
        region.widget.attrs["data-search"] = _("Search a kecamatan or village")
        region.required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("unit"):
            self.instance.government = cleaned["unit"].government
        return cleaned


@login_required
def problem_list(request: HttpRequest) -> HttpResponse:
    problems = scoped(Problem.objects.select_related("government", "unit", "region"), request.user)
    q = request.GET.get("q", "").strip()
    if q:
        problems = problems.filter(Q(title__icontains=q) | Q(description__icontains=q))
    for name, values in (
        ("category", ProblemCategory.values),
        ("severity", Severity.values),
        ("status", ProblemStatus.values),
    ):
        value = request.GET.get(name, "")
        if value in values:
            problems = problems.filter(**{name: value})
    if request.GET.get("open") == "1":
        problems = problems.filter(status__in=PROBLEM_OPEN_STATES)
    counts = problems.values("category").annotate(n=Count("id")).order_by("category")
    labels = dict(ProblemCategory.choices)
    return render(
        request,
        "problems/problem_list.html",
        {
            "problems": problems.order_by("-raised_on", "-id")[:200],
            "counts": [(labels.get(c["category"], c["category"]), c["n"]) for c in counts],
            "categories": ProblemCategory.choices,
            "severities": Severity.choices,
            "statuses": ProblemStatus.choices,
            "filters": request.GET,
            "can_add": can(request.user, Action.ADD, Problem),
        },
    )


@login_required
def problem_add(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.ADD, Problem):
        raise PermissionDenied
    meeting = (scoped(Meeting.objects.all(), request.user)
               .filter(pk=read_pk(request.GET, "meeting") or 0).first())
    form = ProblemForm(
        request.POST or None,
        user=request.user,
        initial={"title": request.GET.get("title", ""), "unit": request.GET.get("unit")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            problem = services.raise_problem(
                actor_for(request), form.save(commit=False), meetings=[meeting] if meeting else ()
            )
        except PermissionDenied:
            form.add_error("unit", _("You may not raise problems for this unit."))
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("The problem was recorded."))
            return redirect(problem.get_absolute_url())
    return render(request, "core/object_form.html", {"form": form, "model_meta": Problem._meta})


@login_required
def problem_detail(request: HttpRequest, pk: int) -> HttpResponse:
    problem = get_object_or_404(
        scoped(Problem.objects.select_related("government", "unit", "region"), request.user), pk=pk
    )
    if request.method == "POST" and request.POST.get("follow_up"):
        if not can(request.user, Action.CHANGE, problem):
            raise PermissionDenied
        follow_up = (
            scoped(FollowUp.objects.filter(government=problem.government), request.user)
            .filter(pk=read_pk(request.POST, "follow_up") or 0)
            .first()
        )
        if follow_up is not None:
            problem.follow_ups.add(follow_up)
            record(
                actor_for(request),
                AuditAction.UPDATE,
                problem,
                before=None,
                after={"follow_ups": [f.pk for f in problem.follow_ups.all()]},
                note=_("Follow-up action linked"),
            )
            messages.success(request, _("The follow-up action was linked."))
        return redirect(problem.get_absolute_url())
    if request.method == "POST":
        if not can(request.user, Action.CHANGE, problem):
            raise PermissionDenied
        try:
            services.record_step(
                actor_for(request),
                problem,
                request.POST.get("status", ""),
                request.POST.get("note", ""),
                expected_version=read_version(request.POST, problem.version),
            )
        except StaleEditError:
            messages.error(request, _("Someone changed this problem in the meantime; reload the page."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The step was recorded."))
        return redirect(problem.get_absolute_url())
    return render(
        request,
        "problems/problem_detail.html",
        {
            "problem": problem,
            "object": problem,
            "updates": problem.updates.select_related("author"),
            "meetings": problem.meetings.all(),
            "follow_ups": problem.follow_ups.all(),
            "can_change": can(request.user, Action.CHANGE, problem),
            "statuses": ProblemStatus.choices,
            "history": history_for(problem),
        },
    )


app_name = "problems"
urlpatterns = [
    path("", problem_list, name="problem_list"),
    path("add/", problem_add, name="problem_add"),
    path("<int:pk>/", problem_detail, name="problem_detail"),
]
