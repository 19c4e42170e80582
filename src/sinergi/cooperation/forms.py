"""Forms of the cooperation registry: an agreement by hand, a stage reached, a document with
the numbers each party gave it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.cooperation.choices import DocumentKind, PartnerType, Stage
from sinergi.cooperation.models import Agreement, Document
from sinergi.cooperation.services import partner_regions
from sinergi.core.forms import RupiahField, VersionedModelForm
from sinergi.meetings.forms import date_input, organizable_units
from sinergi.planning.choices import NomenclatureLevel
from sinergi.planning.models import NomenclatureItem


class AgreementForm(VersionedModelForm):
    class Meta:
        model = Agreement
        fields = [
            "title",
            "kind",
            "object",
            "object_text",
            "responsible_units",
            "coordinator",
            "value",
            "funding_source",
            "start",
            "end",
            "dprd_approval_required",
            "dprd_approved_on",
            "terminated_on",
            "notes",
        ]
        widgets = {
            "start": date_input(),
            "end": date_input(),
            "dprd_approved_on": date_input(),
            "terminated_on": date_input(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "responsible_units": forms.SelectMultiple(attrs={"size": 6}),
        }
        field_classes = {"value": RupiahField}

    def __init__(self, *args, user=None, government=None, **kwargs) -> None:
        super().__init__(*args, user=user, **kwargs)
        government = government or self.instance.government
        units = organizable_units(user).filter(government=government)
        self.fields["responsible_units"].queryset = units
        self.fields["coordinator"].queryset = government.units.order_by("path")
        self.fields["object"].queryset = NomenclatureItem.objects.filter(
            level__in=(NomenclatureLevel.URUSAN, NomenclatureLevel.BIDANG)
        ).order_by("code")
        self.instance.government = government


class LabelledInline(forms.Form):
    """Forms shown inline without <label>s: each input carries its label as placeholder and
    aria-label, and Bootstrap's class for its kind."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )
            field.widget.attrs.setdefault("aria-label", str(field.label))
            if not isinstance(field.widget, forms.Select | forms.ClearableFileInput):
                field.widget.attrs.setdefault("placeholder", str(field.label))


class StageForm(LabelledInline):
    stage = forms.ChoiceField(
        label=_("Stage"), choices=Stage.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    reached_on = forms.DateField(label=_("Reached on"), widget=date_input())


class DocumentForm(LabelledInline):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=DocumentKind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    signed_on = forms.DateField(label=_("Signed on"), required=False, widget=date_input())
    own_number = forms.CharField(
        label=_("Our number"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    partner_number = forms.CharField(
        label=_("The partner's number"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    file = forms.FileField(
        label=_("Scanned document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )


class AgreementFollowUpForm(forms.Form):
    """A decision of the evaluation meeting made a follow-up action on the agreements it
    concerns (the units default to the agreements' responsible units)."""

    decision = forms.ModelChoiceField(
        label=_("From decision"),
        queryset=None,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    description = forms.CharField(
        label=_("Action"),
        required=False,
        help_text=_("Leave empty to use the decision's text."),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )
    agreements = forms.ModelMultipleChoiceField(
        label=_("Agreements concerned"),
        queryset=None,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8}),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Responsible units"),
        queryset=None,
        required=False,
        help_text=_("Leave empty for the agreements' responsible units."),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 5}),
    )
    due_date = forms.DateField(label=_("Due date"), widget=date_input())

    def __init__(self, *args, meeting, agreements, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = meeting.decisions.all()
        self.fields["agreements"].queryset = agreements
        self.fields["units"].queryset = meeting.government.units.order_by("path")
        self.fields["due_date"].widget.attrs["class"] = "form-control"


class DocumentEditForm(VersionedModelForm):
    class Meta:
        model = Document
        fields = ["title", "kind", "parent", "signed_on", "start", "end", "value", "file"]
        widgets = {"signed_on": date_input(), "start": date_input(), "end": date_input()}
        field_classes = {"value": RupiahField}
        labels = {"title": _("Document title")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Document.objects.filter(agreement=self.instance.agreement).exclude(
            pk=self.instance.pk
        )


class SignatoryForm(LabelledInline):
    official = forms.ModelChoiceField(label=_("Official (from the registry)"), queryset=None, required=False)
    name = forms.CharField(label=_("Name (external signatory)"), required=False, max_length=200)
    position = forms.CharField(label=_("Position"), required=False, max_length=250)
    party = forms.CharField(label=_("Party"), required=False, max_length=250)

    def __init__(self, *args, government, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = government.officials.order_by("name")
        self.fields["official"].empty_label = _("Official (from the registry)")


class PartnerForm(LabelledInline):
    """One more party: a region from the registry, a third party (typed the first time it is
    named), or a foreign institution."""

    region = forms.ModelChoiceField(label=_("Region"), queryset=None, required=False)
    third_party_name = forms.CharField(
        label=_("Third party"),
        required=False,
        max_length=250,
        widget=forms.TextInput(attrs={"list": "third-parties"}),
    )
    third_party_kind = forms.ChoiceField(
        label=_("Type of third party"), required=False, choices=[("", "–"), *PartnerType.choices]
    )
    foreign_name = forms.CharField(label=_("Foreign institution"), required=False, max_length=250)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = partner_regions()


class RenewalForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=300, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    start = forms.DateField(label=_("In force from"), widget=date_input())
    end = forms.DateField(label=_("In force until"), widget=date_input())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            self.fields[name].widget.attrs["class"] = "form-control"

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The agreement ends before it starts."))
        return data
