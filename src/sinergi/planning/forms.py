"""Forms of the planning pages."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sinergi.core.forms import (
    DateInput,
    NumberInput,
    PercentField,
    QuantityField,
    RupiahField,
    VersionedModelForm,
)
from sinergi.core.roles import Role
from sinergi.core.scope import scoped, user_scope
from sinergi.planning import rules
from sinergi.planning.choices import QUARTER_CHOICES, QUARTERS, FrameworkKind, NomenclatureLevel, RevisionKind
from sinergi.planning.models import (
    Activity,
    Indicator,
    Milestone,
    NomenclatureItem,
    Priority,
    PriorityFramework,
    affairs_for,
)
from sinergi.regions.choices import RegionLevel
from sinergi.regions.models import Government, Region, Unit


def plannable_units(user) -> QuerySet[Unit]:
    """The units in which `user` may add activities (their governments for coordinators, their
    subtrees for unit roles, nothing for viewers)."""
    scope = user_scope(user)
    units = scoped(Unit.objects.select_related("government"), user)
    if scope.is_global:
        return units
    if scope.role not in Activity.scope_spec.managers:
        return Unit.objects.none()
    q = Q(government_id__in=scope.whole_governments)
    for path in scope.unit_paths:
        q |= Q(path__subtree=path)
    return units.filter(q)


def priorities_for(government_ids) -> QuerySet[Priority]:
    """National priorities and those of the given governments."""
    return Priority.objects.filter(
        Q(framework__government__isnull=True) | Q(framework__government_id__in=government_ids)
    ).select_related("framework")


class ActivityForm(VersionedModelForm):
    class Meta:
        model = Activity
        fields = ["unit", "year", "nomenclature", "name", "location", "budget", "funding_source",
                  "priorities"]
        widgets = {"priorities": forms.CheckboxSelectMultiple}
        field_classes = {"budget": RupiahField}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = plannable_units(self.user)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: f"{u.government.short_name or u.government} – {u}"
        self.fields["nomenclature"].queryset = NomenclatureItem.objects.filter(
            level=NomenclatureLevel.SUB_KEGIATAN)
        # A unit role plans for its own units: offer only the sub kegiatan of their affairs
        # (bidang urusan), when every one of them has some (the model's clean() checks the rest).
        scope = user_scope(self.user)
        if not scope.is_global and scope.role in (Role.UNIT_HEAD, Role.UNIT_OPERATOR):
            mine = list(units[:21])
            affairs = list(affairs_for(mine).values())
            if mine and len(mine) <= 20 and all(affairs):
                within = Q(pk__in=[])
                for bidang in {code for codes in affairs for code in codes}:
                    within |= Q(code__subtree=bidang)
                self.fields["nomenclature"].queryset = self.fields["nomenclature"].queryset.filter(within)
        governments = units.values("government_id")
        regions = Government.objects.filter(pk__in=governments).values("region_id")
        self.fields["location"].queryset = Region.objects.filter(
            Q(code__in=regions) | Q(parent__in=regions) | Q(parent__parent__in=regions),
            level__in=[RegionLevel.REGENCY, RegionLevel.DISTRICT],
        )
        self.fields["priorities"].queryset = priorities_for(governments)
        self.fields["priorities"].widget.attrs.pop("class", None)

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("unit")
        if unit is not None:
            # The government is the unit's: set it before the model's own validation.
            self.instance.government_id = unit.government_id
            foreign = [p for p in cleaned.get("priorities") or []
                       if p.framework.government_id not in (None, unit.government_id)]
            if foreign:
                self.add_error("priorities", _("Choose national priorities or your government's."))
        return cleaned

    def model_changes(self) -> dict:
        changes = super().model_changes()
        unit = changes.get("unit")
        if unit is not None:
            changes["government"] = unit.government
        return changes


class IndicatorForm(VersionedModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "measure_unit", "annual_target"]
        field_classes = {"annual_target": QuantityField}


class MilestoneForm(VersionedModelForm):
    class Meta:
        model = Milestone
        fields = ["order", "name", "planned_date", "achieved_date", "evidence"]
        widgets = {"planned_date": DateInput(), "achieved_date": DateInput(),
                   "evidence": forms.Textarea(attrs={"rows": 3})}


class QuarterTargetsForm(forms.Form):
    """The cumulative targets of the four quarters on one form (physical %, financial Rp)."""

    def __init__(self, *args, activity: Activity, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.existing = {t.quarter: t for t in activity.quarter_targets.all()}
        for q in QUARTERS:
            target = self.existing.get(q)
            label = rules.quarter_label(q)
            self.fields[f"physical_{q}"] = PercentField(
                label=_("%(quarter)s: physical (%%)") % {"quarter": label},
                initial=target.physical if target else None,
                widget=NumberInput(attrs={"class": "form-control"}),
            )
            self.fields[f"financial_{q}"] = RupiahField(
                label=_("%(quarter)s: financial (Rp)") % {"quarter": label},
                initial=target.financial if target else None,
                widget=NumberInput(attrs={"class": "form-control"}),
            )
            self.fields[f"version_{q}"] = forms.IntegerField(
                required=False, widget=forms.HiddenInput,
                initial=target.version if target else None,
            )

    def clean(self):
        cleaned = super().clean()
        values = self.values()
        if len(values) == len(QUARTERS):
            for problem in rules.cumulative_problems(values, self.activity.budget):
                self.add_error(f"{problem.field}_{problem.quarter}", problem.message)
        return cleaned

    def values(self) -> dict[int, tuple[Decimal, Decimal]]:
        data = getattr(self, "cleaned_data", {})
        return {q: (data[f"physical_{q}"], data[f"financial_{q}"]) for q in QUARTERS
                if data.get(f"physical_{q}") is not None and data.get(f"financial_{q}") is not None}

    def versions(self) -> dict[int, int | None]:
        return {q: self.cleaned_data.get(f"version_{q}") for q in QUARTERS}


class PriorityFrameworkForm(VersionedModelForm):
    class Meta:
        model = PriorityFramework
        fields = ["name", "kind", "government", "start_year", "end_year", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        scope = user_scope(self.user)
        if scope.is_global:
            self.fields["government"].queryset = Government.objects.all()
        else:
            self.fields["government"].queryset = Government.objects.filter(
                pk__in=scope.whole_governments)
            self.fields["kind"].choices = [(FrameworkKind.REGIONAL, FrameworkKind.REGIONAL.label)]


class PriorityForm(VersionedModelForm):
    """A priority; for a regional (RPJMD) one also the national missions it serves (only
    national priorities offered). A national priority's form has no such field."""

    class Meta:
        model = Priority
        fields = ["number", "title", "description", "order", "serves"]
        widgets = {"title": forms.Textarea(attrs={"rows": 3}),
                   "description": forms.Textarea(attrs={"rows": 3}),
                   "serves": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        framework = self.instance.framework if self.instance.framework_id else None
        if framework is None or framework.kind != FrameworkKind.REGIONAL:
            del self.fields["serves"]
            return
        self.fields["serves"].queryset = national_missions(framework)
        self.fields["serves"].label_from_instance = lambda p: f"{p.framework.name} {p.number}: {p.title}"
        self.fields["serves"].widget.attrs.pop("class", None)

    def clean_serves(self):
        served = self.cleaned_data.get("serves") or []
        problem = rules.serves_problem(self.instance.framework.kind, [p.framework.kind for p in served])
        if problem:
            raise forms.ValidationError(problem)
        return served


def national_missions(framework: PriorityFramework | None = None) -> QuerySet[Priority]:
    """The national priorities (Asta Cita missions) a regional priority may serve: those of the
    national frameworks, overlapping the regional framework's years when one is given."""
    qs = Priority.objects.filter(framework__kind=FrameworkKind.NATIONAL,
                                 framework__government__isnull=True)
    if framework is not None and framework.start_year and framework.end_year:
        qs = qs.filter(framework__start_year__lte=framework.end_year,
                       framework__end_year__gte=framework.start_year)
    return qs.select_related("framework").order_by("framework__start_year", "framework__name",
                                                   "order", "number")


# ---------------------------------------------------------------------------- plan lifecycle


class PlanAdoptForm(forms.Form):
    """Adopting the plan (DPA) or a revision: its legal basis, and a confirmation."""

    reference = forms.CharField(label=_("Legal basis"), max_length=200, required=False,
                                help_text=_("E.g. the DPA number or the Perkada on the APBD Perubahan."),
                                widget=forms.TextInput(attrs={"class": "form-control"}))
    decided_on = forms.DateField(label=_("Decided on"), required=False,
                                 widget=DateInput(attrs={"class": "form-control"}))
    confirm = forms.BooleanField(
        label=_("I understand: once adopted, the plan is locked and changes only through a numbered "
                "revision."), required=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))


class RevisionStartForm(forms.Form):
    kind = forms.TypedChoiceField(label=_("Kind of revision"), choices=[
        (RevisionKind.PERUBAHAN, RevisionKind.PERUBAHAN.label),
        (RevisionKind.PERGESERAN, RevisionKind.PERGESERAN.label)],
        widget=forms.Select(attrs={"class": "form-select"}))
    effective_quarter = forms.TypedChoiceField(label=_("Applies from"), choices=QUARTER_CHOICES, coerce=int,
                                               widget=forms.Select(attrs={"class": "form-select"}))
    reference = forms.CharField(label=_("Legal basis"), max_length=200, required=False,
                                widget=forms.TextInput(attrs={"class": "form-control"}))
    decided_on = forms.DateField(label=_("Decided on"), required=False,
                                 widget=DateInput(attrs={"class": "form-control"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))


class RevisionCancelForm(forms.Form):
    """Cancelling the open revision: why, and a confirmation."""

    reason = forms.CharField(label=_("Reason for cancelling"), max_length=2000,
                             widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))
    confirm = forms.BooleanField(
        label=_("I understand: every change made during this revision is undone and the plan returns "
                "to the last adopted version."), required=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
