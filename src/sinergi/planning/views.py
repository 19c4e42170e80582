"""Pages for activities (with indicators, quarterly targets and milestones), priority
frameworks and the nomenclature browser. Scope, audit and stale edits: core.views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views import generic as django_generic

from sinergi.core import views as generic
from sinergi.core.forms import add_validation_error
from sinergi.core.scope import Action, can, check, scoped
from sinergi.core.views import actor_for
from sinergi.planning import filtersets, forms, lifecycle, rules, services
from sinergi.planning.choices import QUARTERS
from sinergi.planning.models import (
    Activity,
    Indicator,
    Milestone,
    NomenclatureItem,
    Priority,
    PriorityFramework,
    QuarterTarget,
)

# ---------------------------------------------------------------------------- activities

ACTIVITY_QUERYSET = Activity.objects.select_related("government", "unit", "nomenclature", "location")


class ActivityListView(generic.ObjectListView):
    model = Activity
    queryset = ACTIVITY_QUERYSET
    filterset_class = filtersets.ActivityFilterSet
    template_name = "planning/activity_list.html"


class ActivityDetailView(generic.ObjectDetailView):
    model = Activity
    queryset = ACTIVITY_QUERYSET.select_related("government__region__parent").prefetch_related(
        Prefetch("priorities", queryset=Priority.objects.select_related("framework")),
        "indicators", "quarter_targets", "milestones",
    )
    template_name = "planning/activity_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = self.object
        targets = {t.quarter: t for t in activity.quarter_targets.all()}
        context["quarters"] = [(rules.quarter_label(q), targets.get(q)) for q in QUARTERS]
        context["can_plan"] = can(self.request.user, Action.ADD, Indicator(activity=activity))
        # A milestone's achievement is progress, reported whatever the plan's state.
        context["can_report_milestones"] = context["can_plan"]
        context["plan_status"] = lifecycle.status_of(activity.government_id, activity.year)
        today = activity.government.today()
        context["milestones_today"] = today
        context["overdue_milestones"] = {m.pk for m in activity.milestones.all() if m.is_overdue(today)}
        if lifecycle.is_locked_for(self.request.user, activity.government_id, activity.year):
            # The plan is adopted (or under revision by others): no button leads to a refusal.
            context["plan_locked"] = True
            context["can_change"] = context["can_delete"] = context["can_plan"] = False
        return context


class ActivityCreateView(generic.ObjectCreateView):
    model = Activity
    form_class = forms.ActivityForm

    initial_from_query = ("unit", "year")

    def build_instance(self, form):
        return form.save(commit=False).sync_government()


class ActivityUpdateView(generic.ObjectUpdateView):
    model = Activity
    form_class = forms.ActivityForm


class ActivityDeleteView(generic.ObjectDeleteView):
    model = Activity
    success_url = reverse_lazy("planning:activity_list")


# ---------------------------------------------------------------------------- activity parts


class ActivityPartCreateView(generic.ObjectCreateView):
    """Adds an indicator or milestone to the activity named in the URL: invisible activity 404,
    visible but not writable 403."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.activity = get_object_or_404(
                scoped(ACTIVITY_QUERYSET, request.user), pk=kwargs["activity_pk"]
            )
            check(request.user, Action.ADD, self.model(activity=self.activity))
        return super().dispatch(request, *args, **kwargs)

    def build_instance(self, form):
        instance = form.save(commit=False)
        instance.activity = self.activity
        return instance

    def get_success_url(self):
        return self.activity.get_absolute_url()


class IndicatorCreateView(ActivityPartCreateView):
    model = Indicator
    form_class = forms.IndicatorForm


class IndicatorUpdateView(generic.ObjectUpdateView):
    model = Indicator
    form_class = forms.IndicatorForm


class IndicatorDeleteView(generic.ObjectDeleteView):
    model = Indicator

    def get_success_url(self):
        return reverse("planning:activity_detail", args=[self.object.activity_id])


class MilestoneCreateView(ActivityPartCreateView):
    model = Milestone
    form_class = forms.MilestoneForm


class MilestoneUpdateView(generic.ObjectUpdateView):
    model = Milestone
    form_class = forms.MilestoneForm


class MilestoneDeleteView(generic.ObjectDeleteView):
    model = Milestone

    def get_success_url(self):
        return reverse("planning:activity_detail", args=[self.object.activity_id])


class QuarterTargetsView(LoginRequiredMixin, django_generic.FormView):
    """The four cumulative quarterly targets of an activity, edited together."""

    form_class = forms.QuarterTargetsForm
    template_name = "planning/quarter_targets_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.activity = get_object_or_404(
                scoped(ACTIVITY_QUERYSET, request.user), pk=kwargs["activity_pk"]
            )
            check(request.user, Action.ADD, QuarterTarget(activity=self.activity))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "activity": self.activity}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "activity": self.activity}

    def form_valid(self, form):
        try:
            services.set_quarter_targets(
                actor_for(self.request), self.activity, form.values(), form.versions()
            )
        except ValidationError as exc:
            status = add_validation_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=status)
        messages.success(self.request, _("The quarterly targets were saved."))
        return HttpResponseRedirect(self.activity.get_absolute_url())


# ---------------------------------------------------------------------------- priorities


class FrameworkListView(generic.ObjectListView):
    model = PriorityFramework
    queryset = (
        PriorityFramework.objects.select_related("government")
        .annotate(n_priorities=Count("priorities"))
        .order_by("kind", "-start_year", "name")
    )
    filterset_class = filtersets.PriorityFrameworkFilterSet
    template_name = "planning/framework_list.html"


class FrameworkDetailView(generic.ObjectDetailView):
    model = PriorityFramework
    queryset = PriorityFramework.objects.select_related("government")
    template_name = "planning/framework_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["priorities"] = self.object.priorities.annotate(
            n_activities=Count("activities")).order_by("order", "number").prefetch_related(
            Prefetch("serves", queryset=Priority.objects.select_related("framework")))
        return context


class FrameworkCreateView(generic.ObjectCreateView):
    model = PriorityFramework
    form_class = forms.PriorityFrameworkForm


class FrameworkUpdateView(generic.ObjectUpdateView):
    model = PriorityFramework
    form_class = forms.PriorityFrameworkForm


class FrameworkDeleteView(generic.ObjectDeleteView):
    model = PriorityFramework
    success_url = reverse_lazy("planning:framework_list")


class PriorityCreateView(generic.ObjectCreateView):
    model = Priority
    form_class = forms.PriorityForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.framework = get_object_or_404(
                scoped(PriorityFramework.objects.all(), request.user), pk=kwargs["framework_pk"]
            )
            check(request.user, Action.ADD, Priority(framework=self.framework))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Priority(framework=self.framework)  # the form offers by its kind
        return kwargs

    def build_instance(self, form):
        instance = form.save(commit=False)
        instance.framework = self.framework
        return instance

    def get_success_url(self):
        return self.framework.get_absolute_url()


class PriorityUpdateView(generic.ObjectUpdateView):
    model = Priority
    form_class = forms.PriorityForm
    queryset = Priority.objects.select_related("framework")


class PriorityDeleteView(generic.ObjectDeleteView):
    model = Priority

    def get_success_url(self):
        return reverse("planning:framework_detail", args=[self.object.framework_id])


# ---------------------------------------------------------------------------- nomenclature


class NomenclatureListView(generic.ObjectListView):
    model = NomenclatureItem
    filterset_class = filtersets.NomenclatureFilterSet
    template_name = "planning/nomenclature_list.html"
    paginate_by = 50


class NomenclatureDetailView(generic.ObjectDetailView):
    model = NomenclatureItem
    template_name = "planning/nomenclature_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.object
        parts = item.code.split(".")
        prefixes = [".".join(parts[:i]) for i in range(1, len(parts))]
        context["ancestors"] = NomenclatureItem.objects.filter(code__in=prefixes)
        context["children"] = item.children.annotate(n_children=Count("children"))
        context["activities"] = scoped(
            Activity.objects.filter(nomenclature=item).select_related("unit", "government"),
            self.request.user,
        )[:50]
        return context
