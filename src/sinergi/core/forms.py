"""Form helpers shared by every app: the version field that detects stale edits."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sinergi.core.text import strip_unprintable


class VersionedModelForm(forms.ModelForm):
    """A model form for a VersionedModel. It carries the version the user started from, so
    core.services.update_object can refuse the save when someone else saved in between."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, user=None, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        if self.instance.pk and hasattr(self.instance, "version"):
            self.fields["version"].initial = self.instance.version
        else:
            self.fields.pop("version")
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")

    def get_initial_for_field(self, field, field_name):
        """A required choice with exactly one option (a coordinator's only government) is
        filled in, rather than making the user pick it from a list of one. Evaluated when the
        field is rendered, after subclasses have narrowed their querysets."""
        value = super().get_initial_for_field(field, field_name)
        if (
            value is None
            and not self.instance.pk
            and field.required
            and isinstance(field, forms.ModelChoiceField)
            and not isinstance(field, forms.ModelMultipleChoiceField)
        ):
            options = list(field.queryset.values_list("pk", flat=True)[:2])
            if len(options) == 1:
                return options[0]
        return value

    def model_changes(self) -> dict:
        """The model fields of the form, with their cleaned values (many-to-many excluded)."""
        names = {f.name for f in self.instance._meta.concrete_fields}
        return {k: v for k, v in self.cleaned_data.items() if k in names}

    def m2m_changes(self) -> dict:
        names = {f.name for f in self.instance._meta.many_to_many}
        return {k: v for k, v in self.cleaned_data.items() if k in names}

    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


SEARCH_LABEL = _("Search")


def add_validation_error(form: forms.Form, exc: ValidationError) -> int:
    """Show a refused save on its form: each field's messages on that field (others on the
    form as a whole). Returns the status to answer with: 409 for a stale edit, 200 otherwise."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
    return 409 if getattr(exc, "code", None) == "stale" else 200


class PastedTextField(forms.CharField):
    """Long text pasted from elsewhere (a press release copied out of a PDF): control
    characters that came with it become spaces instead of refusing the whole text."""

    def to_python(self, value):
        value = super().to_python(value)
        return strip_unprintable(value) if isinstance(value, str) else value
