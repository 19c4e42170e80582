"""Forms of the monitoring pages: opening a period, the realization entry table, reasons,
evidence uploads and the summary's choice of government and quarter."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.core.forms import DateInput, NumberInput, PercentField, QuantityField, RupiahField
from sinergi.core.scope import scoped, user_scope
from sinergi.monitoring.models import Evidence, Realization
from sinergi.monitoring.services import Entry, Values
from sinergi.planning.choices import QUARTER_CHOICES
from sinergi.regions.models import Government

# The entry table's fields per activity, named after the Realization fields so that the
# services' errors (`<field>_<activity id>`) land on the right input.
ROW_FIELDS = ("physical", "financial", "problems", "over_budget_confirmed")


def managed_governments(user):
    """The governments whose periods `user` opens and closes."""
    scope = user_scope(user)
    if scope.is_global:
        return Government.objects.all()
    return Government.objects.filter(pk__in=scope.whole_governments)


class PeriodOpenForm(forms.Form):
    government = forms.ModelChoiceField(Government.objects.none(), label=_("Government"),
                                        widget=forms.Select(attrs={"class": "form-select"}))
    year = forms.IntegerField(label=_("Fiscal year"), min_value=2000, max_value=2100,
                              widget=forms.NumberInput(attrs={"class": "form-control"}))
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=QUARTER_CHOICES, coerce=int,
                                     widget=forms.Select(attrs={"class": "form-select"}))
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput(attrs={"class": "form-control"}))
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput(attrs={"class": "form-control"}))

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["government"].queryset = managed_governments(user)
        self.fields["year"].initial = timezone.localdate().year


class PeriodCloseForm(forms.Form):
    """Closing a period needs an explicit confirmation (the page says what closing leaves
    behind): a POST without `confirm` closes nothing."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("I understand: the units can no longer submit for this quarter, and its verified "
                "realizations cannot be reopened until the period is opened again."),
        error_messages={"required": _("Tick the confirmation to close the period.")},
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))


class ReasonForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = Evidence
        fields = ["file", "description"]
        widgets = {"file": forms.ClearableFileInput(attrs={"class": "form-control"}),
                   "description": forms.TextInput(attrs={"class": "form-control"})}


class SummaryForm(forms.Form):
    government = forms.ModelChoiceField(Government.objects.none(), label=_("Government"),
                                        widget=forms.Select(attrs={"class": "form-select"}))
    year = forms.IntegerField(label=_("Fiscal year"), min_value=2000, max_value=2100,
                              widget=forms.NumberInput(attrs={"class": "form-control"}))
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=QUARTER_CHOICES, coerce=int,
                                     widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["government"].queryset = scoped(Government.objects.all(), user)


class EntryForm(forms.Form):
    """One row per activity: cumulative physical %, Rp, kendala, the budget flag, and the
    cumulative output realized per indicator of the activity (`output_<indicator id>`, in the
    indicator's unit of measure; empty: none).

    Rows whose realization is submitted or verified (or all rows, for a user who may not
    write) are shown but disabled. A row with neither figure is left out; a row needs both.

    `outputs`: {activity id: {indicator id: value}} of the realizations shown. The indicators
    come from `activity.indicators.all()` (prefetch them)."""

    def __init__(self, *args, activities, realizations: dict[int, Realization], writable: bool,
                 outputs: dict[int, dict[int, Decimal]] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.activities = list(activities)
        self.realizations = realizations
        outputs = outputs or {}
        for activity in self.activities:
            r = realizations.get(activity.pk)
            disabled = not writable or (r is not None and not r.is_editable)
            key = activity.pk
            self.fields[f"physical_{key}"] = PercentField(
                label=_("Physical (%)"), required=False, disabled=disabled,
                initial=r.physical if r else None,
                widget=NumberInput(attrs={"class": "form-control form-control-sm"}))
            self.fields[f"financial_{key}"] = RupiahField(
                label=_("Financial (Rp)"), required=False, disabled=disabled,
                initial=r.financial if r else None,
                widget=NumberInput(attrs={"class": "form-control form-control-sm"}))
            self.fields[f"problems_{key}"] = forms.CharField(
                label=_("Problems met (kendala)"), required=False, disabled=disabled,
                initial=r.problems if r else "",
                widget=forms.Textarea(attrs={"class": "form-control form-control-sm", "rows": 1}))
            self.fields[f"over_budget_confirmed_{key}"] = forms.BooleanField(
                label=_("Above the budget: confirmed"), required=False, disabled=disabled,
                initial=r.over_budget_confirmed if r else False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
            self.fields[f"version_{key}"] = forms.IntegerField(
                required=False, disabled=disabled, widget=forms.HiddenInput,
                initial=r.version if r else None)
            for name in ("physical", "financial", "problems"):
                # The inputs stand in table cells under their column head, without a <label>:
                # a screen reader announces the column and the activity.
                field = self.fields[f"{name}_{key}"]
                field.widget.attrs["aria-label"] = f"{field.label} · {activity.display_name}"
            stored = outputs.get(key, {})
            for indicator in activity.indicators.all():
                self.fields[f"output_{indicator.pk}"] = QuantityField(
                    label=indicator.name, required=False, disabled=disabled,
                    initial=stored.get(indicator.pk),
                    widget=NumberInput(attrs={"class": "form-control form-control-sm"}))

    def rows(self):
        """(activity, realization or None, {field: bound field}, [(indicator, bound field)])
        for the template."""
        for activity in self.activities:
            bound = {name: self[f"{name}_{activity.pk}"] for name in (*ROW_FIELDS, "version")}
            outputs = [(i, self[f"output_{i.pk}"]) for i in activity.indicators.all()]
            yield activity, self.realizations.get(activity.pk), bound, outputs

    def shows_over_budget(self, activity) -> bool:
        """Whether the row offers "Above the budget: confirmed": only where the financial figure
        (as entered, else as stored) exceeds the pagu, or the flag is set already (confirmed
        before, or ticked in this submission) — never on every row."""
        flag = self[f"over_budget_confirmed_{activity.pk}"]
        if flag.value() or flag.errors:
            return True
        value = self[f"financial_{activity.pk}"].value()
        if value in (None, ""):
            return False
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            return False
        return amount.is_finite() and activity.budget is not None and amount > activity.budget

    def clean(self):
        cleaned = super().clean()
        for activity in self.activities:
            key = activity.pk
            if self.fields[f"physical_{key}"].disabled:
                continue
            physical, financial = cleaned.get(f"physical_{key}"), cleaned.get(f"financial_{key}")
            if (physical is None) != (financial is None) and not self.has_error(f"physical_{key}") \
                    and not self.has_error(f"financial_{key}"):
                missing = f"financial_{key}" if financial is None else f"physical_{key}"
                self.add_error(missing, _("Enter both the physical and the financial realization."))
            if physical is None and financial is None and not self.has_error(f"physical_{key}") \
                    and not self.has_error(f"financial_{key}"):
                for indicator in activity.indicators.all():
                    if cleaned.get(f"output_{indicator.pk}") is not None:
                        self.add_error(f"output_{indicator.pk}", _(
                            "Enter the physical and the financial realization of the activity "
                            "with its output."))
        return cleaned

    def entries(self, quarter: int) -> list[Entry]:
        result = []
        data = self.cleaned_data
        for activity in self.activities:
            key = activity.pk
            if self.fields[f"physical_{key}"].disabled:
                continue
            if data.get(f"physical_{key}") is None or data.get(f"financial_{key}") is None:
                continue
            values = Values(physical=data[f"physical_{key}"], financial=data[f"financial_{key}"],
                            problems=data.get(f"problems_{key}", ""),
                            over_budget_confirmed=bool(data.get(f"over_budget_confirmed_{key}")))
            outputs = {i.pk: data.get(f"output_{i.pk}") for i in activity.indicators.all()}
            result.append(Entry(activity, quarter, values, data.get(f"version_{key}"),
                                outputs or None))
        return result
