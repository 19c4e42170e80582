"""Form helpers shared by every app: the version field that detects stale edits, and the
fields for amounts of Rupiah, percentages and other numbers typed the Indonesian way."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from sinergi.core import formatting, numbers
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


class NumberInput(forms.TextInput):
    """A text input for a number typed the Indonesian way (not type=number: browsers refuse
    "183.410.900" there). It shows a value as `formatting.number` writes it ("183.410.900",
    "86,5"), and what was typed, when it is a number, the same way on re-display after an
    error elsewhere; text that is not a number is shown as typed."""

    def __init__(self, attrs=None, *, style: numbers.NumberStyle = numbers.QUANTITY) -> None:
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
        self.style = style

    def format_value(self, value):
        if isinstance(value, str):
            try:
                value = numbers.read_number(value, self.style)
            except ValueError:
                return value
        if value is None or value == "":
            return None
        return formatting.number(value, grouped=self.style is not numbers.PERCENT)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # Wide enough to show its value (app.css), whatever class the form gave the input.
        widget_attrs = context["widget"]["attrs"]
        classes = f"number-input number-input-{self.style.name}"
        widget_attrs["class"] = f"{widget_attrs.get('class', '')} {classes}".strip()
        return context


class IndonesianNumberField(forms.Field):
    """A number typed the Indonesian way (core.numbers, in the class's `style`): "1.500",
    "2,5". Checks the limits itself, one message at a time, each limit written the way the
    field shows numbers. Cleans to a Decimal with `decimal_places` decimals (None when empty).

    The subclasses are the fields of every amount and percentage of the forms: RupiahField,
    PercentField and QuantityField (outputs, targets in their unit of measure)."""

    style = numbers.QUANTITY
    widget = NumberInput
    example = "1.500"
    default_error_messages = {
        "invalid": _("Enter a number, e.g. %(example)s."),
        "decimal_places": _("Too many decimals: at most %(places)s."),
        "whole": _("Enter a whole number, e.g. %(example)s."),
        "too_large": _("Too large: at most %(limit)s."),
        "min_value": _("At least %(limit)s."),
        "max_value": _("At most %(limit)s."),
    }

    def __init__(self, *, max_digits: int = 18, decimal_places: int = 2,
                 min_value: Decimal | int | None = 0, max_value: Decimal | int | None = None,
                 **kwargs) -> None:
        self.max_digits, self.decimal_places = max_digits, decimal_places
        self.min_value = None if min_value is None else Decimal(min_value)
        self.max_value = None if max_value is None else Decimal(max_value)
        kwargs.pop("localize", None)
        super().__init__(**kwargs)
        self.widget.style = self.style

    def display(self, value: Decimal) -> str:
        return formatting.number(value)

    def largest(self) -> Decimal:
        whole = self.max_digits - self.decimal_places
        return Decimal(10) ** whole - Decimal(1).scaleb(-self.decimal_places)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return Decimal(value)
        try:
            return numbers.read_number(str(value), self.style)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid",
                                  params={"example": self.example}) from None

    def validate(self, value) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        if not value.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid",
                                  params={"example": self.example})
        # Decimals as written: "1,500" is three of them (refused, not read as 1500).
        if -value.as_tuple().exponent > self.decimal_places:
            if not self.decimal_places:
                raise ValidationError(self.error_messages["whole"], code="whole",
                                      params={"example": self.example.split(",")[0]})
            raise ValidationError(self.error_messages["decimal_places"], code="decimal_places",
                                  params={"places": self.decimal_places})
        largest = self.largest()
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(self.error_messages["max_value"], code="max_value",
                                  params={"limit": self.display(self.max_value)})
        if abs(value) > largest:
            raise ValidationError(self.error_messages["too_large"], code="too_large",
                                  params={"limit": self.display(largest)})
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(self.error_messages["min_value"], code="min_value",
                                  params={"limit": self.display(self.min_value)})

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return None
        value = value.quantize(Decimal(1).scaleb(-self.decimal_places))
        return abs(value) if value.is_zero() else value  # "-0" is 0


class RupiahField(IndonesianNumberField):
    """An amount of Rupiah: "183.410.900", "Rp 183.410.900,50", "Rp 1.500.000,-",
    "183410856.00" (a dot before one or two final digits is a decimal point)."""

    style = numbers.AMOUNT
    example = "183.410.900"

    def display(self, value: Decimal) -> str:
        return "Rp " + formatting.number(value)


class PercentField(IndonesianNumberField):
    """A percentage: "86,5", "86.5", "86,50 %" (one dot or comma is the decimal separator).
    0 to 100 unless told otherwise."""

    style = numbers.PERCENT
    example = "86,5"

    def __init__(self, *, max_digits: int = 5, max_value: Decimal | int | None = 100,
                 **kwargs) -> None:
        super().__init__(max_digits=max_digits, max_value=max_value, **kwargs)

    def display(self, value: Decimal) -> str:
        return formatting.number(value, grouped=False) + " %"


class QuantityField(IndonesianNumberField):
    """A number in a unit of measure (an indicator's target or output: dokumen, orang, km):
    read like an amount ("1.500" is 1500, "2,5" and "2.5" are 2.5), without "Rp"."""


def number_field_class(db_field) -> type[IndonesianNumberField]:
    """The field for a model DecimalField where a form is built from the model alone (the
    admin): Rupiah for the money fields (planning.models.money_field marks them), percent for
    a field of 0-100 with 5 digits, otherwise a quantity."""
    if getattr(db_field, "rupiah", False):
        return RupiahField
    maxima = [v.limit_value for v in db_field.validators if isinstance(v, MaxValueValidator)]
    if db_field.max_digits == 5 and maxima == [100]:
        return PercentField
    return QuantityField
