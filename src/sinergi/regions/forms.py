from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sinergi.core.forms import DateInput, VersionedModelForm
from sinergi.core.scope import Action, can, scoped, user_scope
from sinergi.regions import rules
from sinergi.regions.choices import CoordinationCovers, RegionLevel
from sinergi.regions.models import (
    Coordination,
    Government,
    Official,
    Position,
    PositionTerm,
    Region,
    Unit,
)


def writable_governments(user) -> QuerySet[Government]:
    """The governments in which `user` may add units, officials, positions and terms. (Scoping
    governments themselves for ADD would give only what administrators may write: the
    governments' own records.)"""
    visible = scoped(Government.objects.all(), user)
    if user_scope(user).is_global:
        return visible
    ids = [pk for pk in visible.values_list("pk", flat=True)
           if can(user, Action.ADD, Unit(government_id=pk))]
    return Government.objects.filter(pk__in=ids)


class GovernmentForm(VersionedModelForm):
    class Meta:
        model = Government
        fields = ["region", "name", "short_name", "address", "website"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(
            level__in=[RegionLevel.PROVINCE, RegionLevel.REGENCY]
        )


class UnitForm(VersionedModelForm):
    class Meta:
        model = Unit
        fields = ["government", "parent", "code", "name", "short_name", "kind", "region",
                  "active_from", "active_until"]
        widgets = {"active_from": DateInput(), "active_until": DateInput()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        governments = writable_governments(self.user)
        self.fields["government"].queryset = governments
        self.fields["parent"].queryset = scoped(
            Unit.objects.filter(government__in=governments).select_related("government"),
            self.user,
        )
        self.fields["parent"].label_from_instance = _unit_label
        # Districts of the governments the user manages: under a regency, or under a province's
        # regencies (one query, however many governments).
        regions = governments.values("region_id")
        self.fields["region"].queryset = Region.objects.filter(
            Q(parent__in=regions) | Q(parent__parent__in=regions), level=RegionLevel.DISTRICT
        )

    def clean(self):
        cleaned = super().clean()
        parent, government = cleaned.get("parent"), cleaned.get("government")
        if parent is not None and government is not None and parent.government_id != government.pk:
            self.add_error("parent", _("The parent unit belongs to another government."))
        return cleaned


class OfficialForm(VersionedModelForm):
    # NIPs are usually written in groups ("19800101 200501 1 001"): accept the spaces here, the
    # model stores the 18 digits.
    nip = forms.CharField(label=_("NIP"), required=False, max_length=40,
                          help_text=Official._meta.get_field("nip").help_text)

    class Meta:
        model = Official
        fields = ["government", "front_title", "name", "back_title", "nip", "golongan", "email", "phone",
                  "whatsapp"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["government"].queryset = writable_governments(self.user)

    def clean_nip(self) -> str | None:
        return rules.normalize_nip(self.cleaned_data.get("nip") or "") or None


class PositionForm(VersionedModelForm):
    class Meta:
        model = Position
        fields = ["government", "unit", "title", "grade", "is_unit_head", "order"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        governments = writable_governments(self.user)
        self.fields["government"].queryset = governments
        self.fields["unit"].queryset = Unit.objects.filter(
            government__in=governments
        ).select_related("government")
        self.fields["unit"].label_from_instance = _unit_label


class PositionTermForm(VersionedModelForm):
    class Meta:
        model = PositionTerm
        fields = ["position", "official", "capacity", "start", "end", "decree"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        governments = writable_governments(self.user)
        self.fields["position"].queryset = Position.objects.filter(
            government__in=governments
        ).select_related("unit")
        self.fields["official"].queryset = Official.objects.filter(government__in=governments)


class CoordinationForm(VersionedModelForm):
    class Meta:
        model = Coordination
        fields = ["government", "unit", "purpose", "covers", "units", "decree"]
        widgets = {"units": forms.SelectMultiple(attrs={"size": 10})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        governments = writable_governments(self.user)
        self.fields["government"].queryset = governments
        units = Unit.objects.filter(government__in=governments).select_related("government")
        for name in ("unit", "units"):
            self.fields[name].queryset = units
            self.fields[name].label_from_instance = _unit_label

    def clean(self):
        cleaned = super().clean()
        government, unit = cleaned.get("government"), cleaned.get("unit")
        if government is not None and unit is not None and unit.government_id != government.pk:
            self.add_error("unit", _("The unit belongs to another government."))
        chosen = list(cleaned.get("units") or [])
        if cleaned.get("covers") != CoordinationCovers.CHOSEN:
            cleaned["units"] = []
        elif government is not None:
            try:
                Coordination(government=government, covers=CoordinationCovers.CHOSEN).check_units(chosen)
            except forms.ValidationError as exc:
                self.add_error(None, exc)
        return cleaned


class HolderQueryForm(forms.Form):
    """"Who held this position on that day?" on a unit or government page."""

    on = forms.DateField(label=_("On"), widget=DateInput(attrs={"class": "form-control"}))


def _unit_label(unit: Unit) -> str:
    return f"{unit.government.short_name or unit.government} – {unit}"
