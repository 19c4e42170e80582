"""Pages for regions, governments, units, officials, positions and their terms."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from sinergi.core import views as generic
from sinergi.core.scope import Action, can, scoped
from sinergi.regions import filtersets, forms
from sinergi.regions.models import (
    Coordination,
    Government,
    Official,
    Position,
    PositionTerm,
    Region,
    Unit,
)


def _requested_day(request) -> dt.date:
    form = forms.HolderQueryForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["on"]
    return timezone.localdate()


def _positions_with_holders(positions, day: dt.date) -> list[dict]:
    """Each position with its holders on `day` (terms are prefetched: no query per row)."""
    rows = []
    for position in positions:
        terms = [t for t in position.terms.all() if t.start <= day and (t.end is None or day <= t.end)]
        rows.append({"position": position, "holders": holders_on_sorted(terms)})
    return rows


def holders_on_sorted(terms):
    from sinergi.regions.rules import EXERCISE_ORDER

    return sorted(terms, key=lambda t: (EXERCISE_ORDER.index(t.capacity), -t.start.toordinal()))


TERMS_PREFETCH = Prefetch(
    "terms", queryset=PositionTerm.objects.select_related("official", "position")
)

# ---------------------------------------------------------------------------- regions


class RegionListView(generic.ObjectListView):
    model = Region
    queryset = Region.objects.select_related("parent")
    filterset_class = filtersets.RegionFilterSet
    template_name = "regions/region_list.html"
    paginate_by = 50


class RegionDetailView(generic.ObjectDetailView):
    model = Region
    queryset = Region.objects.select_related("parent")
    template_name = "regions/region_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.object
        context["children"] = region.children.annotate(n_children=Count("children"))
        context["ancestors"] = Region.objects.filter(
            code__in=[".".join(region.code.split(".")[:i]) for i in range(1, region.code.count(".") + 1)]
        )
        context["government"] = scoped(Government.objects.filter(region=region), self.request.user).first()
        return context


# ---------------------------------------------------------------------------- governments


class GovernmentListView(generic.ObjectListView):
    model = Government
    # region__parent: the province, for the time zone. The explicit order: Meta.ordering is
    # not applied to a GROUP BY (annotate) query, and the list is paginated.
    queryset = (
        Government.objects.select_related("region__parent")
        .annotate(n_units=Count("units"))
        .order_by("region_id")
    )
    filterset_class = filtersets.GovernmentFilterSet
    template_name = "regions/government_list.html"


class GovernmentDetailView(generic.ObjectDetailView):
    model = Government
    queryset = Government.objects.select_related("region__parent")
    template_name = "regions/government_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = _requested_day(self.request)
        government = self.object
        leadership = government.positions.filter(unit__isnull=True).prefetch_related(TERMS_PREFETCH)
        context["day"] = day
        context["holder_form"] = forms.HolderQueryForm(initial={"on": day})
        context["leadership"] = _positions_with_holders(leadership, day)
        context["can_manage_positions"] = can_manage_positions(self.request.user, government)
        context["units"] = scoped(government.units.select_related("parent"), self.request.user)
        context["time_zone"] = government.time_zone
        context["can_add_coordination"] = can(
            self.request.user, Action.ADD, Coordination(government=government))
        return context


class GovernmentCreateView(generic.ObjectCreateView):
    model = Government
    form_class = forms.GovernmentForm


class GovernmentUpdateView(generic.ObjectUpdateView):
    model = Government
    form_class = forms.GovernmentForm


class GovernmentDeleteView(generic.ObjectDeleteView):
    model = Government
    success_url = reverse_lazy("regions:government_list")


# ---------------------------------------------------------------------------- units


class UnitListView(generic.ObjectListView):
    model = Unit
    # The organisation as a tree (Setda → Asisten → Bagian, Dinas → Bidang): each unit under its
    # parent (materialized paths sort so), indented by its depth.
    queryset = Unit.objects.select_related("government", "parent", "region").order_by(
        "government__region_id", "path"
    )
    filterset_class = filtersets.UnitFilterSet
    template_name = "regions/unit_list.html"


class UnitDetailView(generic.ObjectDetailView):
    model = Unit
    queryset = Unit.objects.select_related("government__region", "parent", "region")
    template_name = "regions/unit_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = self.object
        day = _requested_day(self.request)
        context["day"] = day
        context["holder_form"] = forms.HolderQueryForm(initial={"on": day})
        context["positions"] = _positions_with_holders(
            unit.positions.prefetch_related(TERMS_PREFETCH), day
        )
        context["children"] = scoped(unit.children.all(), self.request.user)
        context["can_manage_positions"] = can_manage_positions(self.request.user, unit.government)
        context["ancestors"] = Unit.objects.filter(
            pk__in=[int(p) for p in unit.path.split(".")[:-1]]
        ).order_by("path")
        context["coordinates"], context["coordinated_by"] = _coordination_of(unit, self.request.user)
        return context


def _coordination_of(unit: Unit, user) -> tuple[list[Coordination], list[Coordination]]:
    """The designations `unit` coordinates with, and those coordinating it (its covers resolved
    as core.scope does: by kind, every unit, or chosen): two queries."""
    from sinergi.regions.choices import COVERED_KIND, CoordinationCovers

    visible = scoped(Coordination.objects.select_related("unit"), user)
    own = list(visible.filter(unit=unit).prefetch_related("units"))
    covering = [CoordinationCovers.ALL_UNITS] + [c for c, kind in COVERED_KIND.items()
                                                 if kind == unit.kind]
    ancestors = [int(p) for p in unit.path.split(".")]
    by = list(visible.filter(government_id=unit.government_id).exclude(unit=unit).filter(
        Q(covers__in=covering) | Q(covers=CoordinationCovers.CHOSEN, units__in=ancestors)
    ).distinct())
    return own, by


class UnitCreateView(generic.ObjectCreateView):
    model = Unit
    form_class = forms.UnitForm

    initial_from_query = ("government", "parent")


class UnitUpdateView(generic.ObjectUpdateView):
    model = Unit
    form_class = forms.UnitForm


class UnitDeleteView(generic.ObjectDeleteView):
    model = Unit
    success_url = reverse_lazy("regions:unit_list")


# ---------------------------------------------------------------------------- officials


class OfficialListView(generic.ObjectListView):
    model = Official
    queryset = Official.objects.select_related("government")
    filterset_class = filtersets.OfficialFilterSet
    template_name = "regions/official_list.html"


class OfficialDetailView(generic.ObjectDetailView):
    model = Official
    queryset = Official.objects.select_related("government")
    template_name = "regions/official_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["terms"] = terms = list(self.object.terms.select_related("position__unit"))
        # Officials are seen government-wide, units only within the user's scope: a unit the
        # user cannot open is named, not linked (one query).
        unit_ids = {t.position.unit_id for t in terms if t.position.unit_id}
        context["visible_units"] = set(scoped(Unit.objects.filter(pk__in=unit_ids), self.request.user)
                                       .values_list("pk", flat=True)) if unit_ids else set()
        return context


class OfficialCreateView(generic.ObjectCreateView):
    model = Official
    form_class = forms.OfficialForm


class OfficialUpdateView(generic.ObjectUpdateView):
    model = Official
    form_class = forms.OfficialForm


class OfficialDeleteView(generic.ObjectDeleteView):
    model = Official
    success_url = reverse_lazy("regions:official_list")


# ---------------------------------------------------------------------------- positions, terms


class PositionCreateView(generic.ObjectCreateView):
    model = Position
    form_class = forms.PositionForm

    initial_from_query = ("government", "unit")

    def get_success_url(self):
        if self.object.unit_id:
            return self.object.unit.get_absolute_url()
        return self.object.government.get_absolute_url()


class PositionUpdateView(generic.ObjectUpdateView):
    model = Position
    form_class = forms.PositionForm

    def get_success_url(self):
        return PositionCreateView.get_success_url(self)


class PositionDeleteView(generic.ObjectDeleteView):
    model = Position

    def get_success_url(self):
        return PositionCreateView.get_success_url(self)


# ---------------------------------------------------------------------------- coordination


class CoordinationListView(generic.ObjectListView):
    model = Coordination
    queryset = Coordination.objects.select_related("government", "unit").order_by(
        "government__region_id", "unit__name", "purpose", "id")
    filterset_class = filtersets.CoordinationFilterSet
    template_name = "regions/coordination_list.html"


class CoordinationDetailView(generic.ObjectDetailView):
    model = Coordination
    queryset = Coordination.objects.select_related("government", "unit")
    template_name = "regions/coordination_detail.html"

    def get_context_data(self, **kwargs):
        from sinergi.regions.choices import COVERED_KIND, CoordinationCovers

        context = super().get_context_data(**kwargs)
        obj = self.object
        units = Unit.objects.filter(government_id=obj.government_id)
        if obj.covers == CoordinationCovers.CHOSEN:
            units = obj.units.all()
        elif obj.covers in COVERED_KIND:
            units = units.filter(kind=COVERED_KIND[obj.covers])
        context["covered_units"] = units.order_by("path")
        return context


class CoordinationCreateView(generic.ObjectCreateView):
    model = Coordination
    form_class = forms.CoordinationForm

    initial_from_query = ("government", "unit")


class CoordinationUpdateView(generic.ObjectUpdateView):
    model = Coordination
    form_class = forms.CoordinationForm


class CoordinationDeleteView(generic.ObjectDeleteView):
    model = Coordination
    success_url = reverse_lazy("regions:coordination_list")


def can_manage_positions(user, government: Government) -> bool:
    """May `user` add and edit the positions (and their terms) of `government`?"""
    return can(user, Action.ADD, Position(government=government))


class PositionTermCreateView(generic.ObjectCreateView):
    model = PositionTerm
    form_class = forms.PositionTermForm

    initial_from_query = ("position", "official")

    def get_success_url(self):
        return reverse("regions:official_detail", args=[self.object.official_id])


class PositionTermUpdateView(generic.ObjectUpdateView):
    model = PositionTerm
    form_class = forms.PositionTermForm

    def get_success_url(self):
        return reverse("regions:official_detail", args=[self.object.official_id])


class PositionTermDeleteView(generic.ObjectDeleteView):
    model = PositionTerm

    def get_success_url(self):
        return reverse("regions:official_detail", args=[self.object.official_id])
