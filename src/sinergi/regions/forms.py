from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.core.forms import DateInput, VersionedModelForm
from sinergi.core.scope import Action, scoped
from sinergi.regions.choices import RegionLevel
from sinergi.regions.models import Government, Official, Position, PositionTerm, Region, Unit


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
        action = Action.CHANGE if self.instance.pk else Action.ADD
        governments = scoped(Government.objects.all(), self.user, action)
        self.fields["government"].queryset = governments
        self.fields["parent"].queryset = scoped(
            Unit.objects.filter(government__in=governments).select_related("government"),
            self.user,
        )
        self.fields["parent"].label_from_instance = _unit_label
        # Districts of the governments the user manages (a few hundred at most).
        district_q = Region.objects.none()
        for code in governments.values_list("region_id", flat=True):
            district_q = district_q | Region.objects.filter(
                code__subtree=code, level=RegionLevel.DISTRICT
            )
        self.fields["region"].queryset = district_q

    def clean(self):
        cleaned = super().clean()
        parent, government = cleaned.get("parent"), cleaned.get("government")
        if parent is not None and government is not None and parent.government_id != government.pk:
            self.add_error("parent", _("The parent unit belongs to another government."))
        return cleaned


class OfficialForm(VersionedModelForm):
    class Meta:
        model = Official
        fields = ["government", "front_title", "name", "back_title", "nip", "email", "phone"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        action = Action.CHANGE if self.instance.pk else Action.ADD
        self.fields["government"].queryset = scoped(Government.objects.all(), self.user, action)


class PositionForm(VersionedModelForm):
    class Meta:
        model = Position
        fields = ["government", "unit", "title", "grade", "is_unit_head", "order"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        action = Action.CHANGE if self.instance.pk else Action.ADD
        governments = scoped(Government.objects.all(), self.user, action)
        self.fields["government"].queryset = governments
        self.fields["unit"].queryset = Unit.objects.filter(government__in=governments)


class PositionTermForm(VersionedModelForm):
    class Meta:
        model = PositionTerm
        fields = ["position", "official", "capacity", "start", "end", "decree"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        action = Action.CHANGE if self.instance.pk else Action.ADD
        governments = scoped(Government.objects.all(), self.user, action)
        self.fields["position"].queryset = Position.objects.filter(
            government__in=governments
        ).select_related("unit")
        self.fields["official"].queryset = Official.objects.filter(government__in=governments)


class HolderQueryForm(forms.Form):
    """"Who held this position on that day?" on a unit or government page."""

    on = forms.DateField(label=_("On"), widget=DateInput(attrs={"class": "form-control"}))


def _unit_label(unit: Unit) -> str:
    return f"{unit.government.short_name or unit.government} – {unit}"
