"""Filters for the planning lists (UI and API use the same filtersets)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from sinergi.core.scope import scoped
from sinergi.planning.choices import FrameworkKind, FundingSource, NomenclatureLevel
from sinergi.planning.models import Activity, NomenclatureItem, Priority, PriorityFramework
from sinergi.regions.filtersets import SearchFilterSet, _scoped_governments
from sinergi.regions.models import Unit


def _scoped_units(request):
    if request is None:
        return Unit.objects.none()
    return scoped(Unit.objects.select_related("government"), request.user)


def _priorities(request):
    if request is None:
        return Priority.objects.none()
    return scoped(Priority.objects.select_related("framework"), request.user)


class ActivityFilterSet(SearchFilterSet):
    search_fields = ("name", "nomenclature__name", "nomenclature__code", "unit__name")
    government = django_filters.ModelChoiceFilter(
        queryset=_scoped_governments, label=_("Government"))
    unit = django_filters.ModelChoiceFilter(
        queryset=_scoped_units, method="in_unit", label=_("Unit"),
        help_text=_("The unit and its sub-units."))
    year = django_filters.NumberFilter(label=_("Fiscal year"))
    priority = django_filters.ModelChoiceFilter(
        field_name="priorities", queryset=_priorities, label=_("Priority"))
    funding_source = django_filters.ChoiceFilter(
        choices=FundingSource.choices, label=_("Funding source"))
    nomenclature = django_filters.CharFilter(
        field_name="nomenclature__code", lookup_expr="subtree", label=_("Within code"))

    class Meta:
        model = Activity
        fields = ["q", "government", "unit", "year", "priority", "funding_source", "nomenclature"]

    def in_unit(self, queryset, name, value):
        return queryset.filter(unit__path__subtree=value.path)


class NomenclatureFilterSet(SearchFilterSet):
    search_fields = ("name", "code")
    level = django_filters.ChoiceFilter(choices=NomenclatureLevel.choices, label=_("Level"))
    within = django_filters.CharFilter(field_name="code", lookup_expr="subtree",
                                       label=_("Within code"))

    class Meta:
        model = NomenclatureItem
        fields = ["q", "level", "within"]


class PriorityFrameworkFilterSet(SearchFilterSet):
    search_fields = ("name", "description")
    kind = django_filters.ChoiceFilter(choices=FrameworkKind.choices, label=_("Kind"))
    government = django_filters.ModelChoiceFilter(
        queryset=_scoped_governments, label=_("Government"))

    class Meta:
        model = PriorityFramework
        fields = ["q", "kind", "government"]


class PriorityFilterSet(SearchFilterSet):
    search_fields = ("title", "number", "description")

    class Meta:
        model = Priority
        fields = ["q", "framework"]
