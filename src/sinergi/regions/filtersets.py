"""Filters for the lists (UI and API use the same filtersets)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.core.scope import scoped
from sinergi.regions.choices import CoordinationCovers, CoordinationPurpose, RegionLevel, UnitKind
from sinergi.regions.models import Coordination, Government, Official, PositionTerm, Region, Unit


def _scoped_governments(request):
    if request is None:
        return Government.objects.none()
    return scoped(Government.objects.all(), request.user)


class SearchFilterSet(django_filters.FilterSet):
    search_fields: tuple[str, ...] = ()
    q = django_filters.CharFilter(method="search", label=_("Search"))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        q = Q()
        for field in self.search_fields:
            q |= Q(**{f"{field}__icontains": value})
        return queryset.filter(q)


class RegionFilterSet(SearchFilterSet):
    search_fields = ("name", "code")
    level = django_filters.ChoiceFilter(choices=RegionLevel.choices, label=_("Level"))
    within = django_filters.CharFilter(
        field_name="code", lookup_expr="subtree", label=_("Within code"),
    )

    class Meta:
        model = Region
        fields = ["q", "level", "within"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only the levels that have rows: villages are not loaded everywhere (or at all).
        present = set(Region.objects.order_by().values_list("level", flat=True).distinct())
        self.filters["level"].extra["choices"] = [
            (value, label) for value, label in RegionLevel.choices if value in present
        ]


class GovernmentFilterSet(SearchFilterSet):
    search_fields = ("name", "short_name", "region__code")

    class Meta:
        model = Government
        fields = ["q"]


class UnitFilterSet(SearchFilterSet):
    search_fields = ("name", "short_name", "code")
    government = django_filters.ModelChoiceFilter(
        queryset=_scoped_governments, label=_("Government")
    )
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label=_("Kind"))

    class Meta:
        model = Unit
        fields = ["q", "government", "kind"]


ACTING_CHOICES = (
    ("overrun", _("Acting past the usual length")),
    ("ending", _("Acting term ending within 30 days")),
    ("open_ended", _("Acting head without an end date")),
)


class OfficialFilterSet(SearchFilterSet):
    search_fields = ("name", "nip", "terms__position__title")
    government = django_filters.ModelChoiceFilter(
        queryset=_scoped_governments, label=_("Government")
    )
    acting = django_filters.ChoiceFilter(choices=ACTING_CHOICES, method="filter_acting",
                                         label=_("Acting terms"))

    class Meta:
        model = Official
        fields = ["q", "government", "acting"]

    def filter_acting(self, queryset, name, value):
        """Officials holding an acting term that needs attention today (regions.rules)."""
        today = timezone.localdate()
        q = {"overrun": PositionTerm.objects.overrunning_q,
             "ending": PositionTerm.objects.ending_soon_q,
             "open_ended": PositionTerm.objects.open_ended_head_q}[value](today)
        return queryset.filter(pk__in=PositionTerm.objects.filter(q).values("official_id"))

    def search(self, queryset, name, value):
        return super().search(queryset, name, value).distinct()


class CoordinationFilterSet(SearchFilterSet):
    search_fields = ("unit__name", "unit__short_name", "unit__code", "decree")
    government = django_filters.ModelChoiceFilter(
        queryset=_scoped_governments, label=_("Government")
    )
    purpose = django_filters.ChoiceFilter(choices=CoordinationPurpose.choices, label=_("Purpose"))
    covers = django_filters.ChoiceFilter(choices=CoordinationCovers.choices, label=_("Coordinates"))
    unit = django_filters.NumberFilter(field_name="unit_id", label=_("Coordinating unit"))

    class Meta:
        model = Coordination
        fields = ["q", "government", "purpose", "covers", "unit"]
