"""Numbers typed the Indonesian way (core.numbers, core.forms): what each field reads, what it
refuses, what it shows back, its limits in Indonesian; and that every amount and percentage
field of the forms is one of these fields."""

from __future__ import annotations

import importlib
import pkgutil
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

import sinergi
from sinergi.core import formatting, numbers
from sinergi.core.forms import IndonesianNumberField, NumberInput, PercentField, QuantityField, RupiahField

D = Decimal
LARGEST_AMOUNT = D("9999999999999999.99")  # 18 digits, 2 decimals: the models' money fields

# ---------------------------------------------------------------------------- round trips


@given(st.decimals(min_value=0, max_value=LARGEST_AMOUNT, places=2))
def test_rupiah_round_trip(value):
    field = RupiahField()
    for text in (formatting.number(value), "Rp " + formatting.number(value), f"{value:f}",
                 field.widget.format_value(value)):
        assert field.clean(text) == value, text
    if value == value.to_integral_value():
        assert field.clean(formatting.rupiah(value)) == value


@given(st.decimals(min_value=0, max_value=100, places=2))
def test_percent_round_trip(value):
    field = PercentField()
    for text in (formatting.number(value, grouped=False), formatting.percent(value, 2), f"{value:f}",
                 field.widget.format_value(value)):
        assert field.clean(text) == value, text


@given(st.decimals(min_value=0, max_value=LARGEST_AMOUNT, places=2))
def test_quantity_round_trip(value):
    field = QuantityField()
    for text in (formatting.number(value), f"{value:f}", field.widget.format_value(value)):
        assert field.clean(text) == value, text


# ---------------------------------------------------------------------------- what is typed


@pytest.mark.parametrize(("text", "value"), [
    ("183.410.900", "183410900"), ("Rp 183.410.900", "183410900"), ("Rp183.410.900", "183410900"),
    ("rp. 183.410.900", "183410900"), ("183.410.900,50", "183410900.50"), ("183.410.900,5", "183410900.5"),
    ("183410856.00", "183410856"), ("183410856.5", "183410856.5"), ("1000000.00", "1000000"),
    ("1.500", "1500"), ("1,5", "1.5"), ("Rp 1.500.000,-", "1500000"), ("1 500 000", "1500000"),
    ("1,500,000.50", "1500000.5"), (" 7 ", "7"), ("0", "0"), ("1\u00a0500", "1500"),
])
def test_rupiah_reads_what_is_typed(text, value):
    assert RupiahField().clean(text) == D(value)


@pytest.mark.parametrize(("text", "value"), [
    ("86,5", "86.5"), ("86,50 %", "86.5"), ("86.5", "86.5"), ("86,5%", "86.5"), ("100", "100"),
    ("0", "0"), ("100,00 %", "100"), ("0,25", "0.25"), ("12.50", "12.5"),
])
def test_percent_reads_what_is_typed(text, value):
    assert PercentField().clean(text) == D(value)


@pytest.mark.parametrize(("text", "value"), [
    ("1.500", "1500"), ("2,5", "2.5"), ("2.5", "2.5"), ("4", "4"), ("12.345,75", "12345.75"),
])
def test_quantity_reads_what_is_typed(text, value):
    assert QuantityField().clean(text) == D(value)


def test_empty_is_none_unless_required():
    assert RupiahField(required=False).clean("") is None
    assert PercentField(required=False).clean("  ") is None
    with pytest.raises(ValidationError):
        RupiahField().clean("")


GARBAGE = ["abc", "1e5", "1E5", "\x00", "1\x002", "x" * 10_000, "1" * 10_000, "∞", "²", "NaN", "nan",
           "Infinity", "-", ",", ".", "1.2.3", "12,5.3", "1.50.000", "1.500.", "5.", "Rp", "%", "١٢",
           "１２", "0x10", "1_000", '{"a": 1}', "<script>alert(1)</script>", "--5", "- Rp -5", "5-"]


@pytest.mark.parametrize("field_class", [RupiahField, PercentField, QuantityField])
@pytest.mark.parametrize("text", GARBAGE)
def test_garbage_is_a_form_error(field_class, text):
    with pytest.raises(ValidationError):
        field_class().clean(text)


@given(st.text(max_size=30))
def test_any_text_is_a_number_or_a_form_error(text):
    for field in (RupiahField(required=False), PercentField(required=False), QuantityField(required=False)):
        try:
            value = field.clean(text)
        except ValidationError:
            continue
        assert value is None or (value.is_finite() and value >= 0)


def test_each_field_takes_only_its_own_signs():
    with pytest.raises(ValidationError):
        RupiahField().clean("86 %")
    with pytest.raises(ValidationError):
        PercentField().clean("Rp 86")
    with pytest.raises(ValidationError):
        QuantityField().clean("Rp 86")


def test_a_comma_before_three_digits_is_a_decimal_comma_so_the_amount_is_refused():
    """"1,500" in Indonesian is one and a half: three decimals, refused (not taken as 1500)."""
    with pytest.raises(ValidationError) as error:
        RupiahField().clean("1,500")
    assert error.value.code == "decimal_places"
    assert PercentField(required=False).clean("1,5") == D("1.5")


# ---------------------------------------------------------------------------- limits, in Indonesian


@pytest.mark.parametrize(("field", "text", "message"), [
    (RupiahField(), "-1", "Tidak boleh kurang dari Rp 0."),
    (RupiahField(), "99.999.999.999.999.999", "Terlalu besar: paling banyak Rp 9.999.999.999.999.999,99."),
    (RupiahField(), "1,555", "Terlalu banyak angka desimal: paling banyak 2."),
    (RupiahField(max_value=D("1500000")), "1.500.001", "Tidak boleh lebih dari Rp 1.500.000."),
    (RupiahField(), "abc", "Masukkan angka, misalnya 183.410.900."),
    (PercentField(), "100,5", "Tidak boleh lebih dari 100 %."),
    (PercentField(), "1.000", "Terlalu banyak angka desimal: paling banyak 2."),
    (PercentField(), "-0,5", "Tidak boleh kurang dari 0 %."),
    (PercentField(), "banyak", "Masukkan angka, misalnya 86,5."),
    (QuantityField(), "12.345.678.901.234.567", "Terlalu besar: paling banyak 9.999.999.999.999.999,99."),
])
def test_limits_are_told_the_indonesian_way(field, text, message):
    with translation.override("id"), pytest.raises(ValidationError) as error:
        field.clean(text)
    assert error.value.messages == [message]


# ---------------------------------------------------------------------------- what is shown


@pytest.mark.parametrize(("field", "value", "shown"), [
    (RupiahField(), D("183410856.00"), "183.410.856"),
    (RupiahField(), D("183410856.50"), "183.410.856,5"),
    (RupiahField(), D("0.00"), "0"),
    (RupiahField(), "183410856.00", "183.410.856"),  # typed, shown back after an error elsewhere
    (RupiahField(), "Rp 1.500.000,-", "1.500.000"),
    (RupiahField(), "banyak", "banyak"),  # not a number: as typed
    (PercentField(), D("86.50"), "86,5"),
    (PercentField(), D("100.00"), "100"),
    (PercentField(), "86.5", "86,5"),
    (QuantityField(), D("1500.00"), "1.500"),
    (QuantityField(), 4, "4"),
])
def test_inputs_show_the_indonesian_way(field, value, shown):
    html = field.widget.render("x", value, {"class": "form-control"})
    assert f'value="{shown}"' in html
    assert 'type="text"' in html and 'inputmode="decimal"' in html
    assert "form-control number-input" in html


@pytest.mark.parametrize(("value", "text"), [
    (D("-1234.50"), "-1.234,5"), (D("0.05"), "0,05"), (D("1E+3"), "1.000"), (None, ""), (7, "7"),
])
def test_formatting_number(value, text):
    assert formatting.number(value) == text


def test_no_value_shows_an_empty_input():
    assert "value=" not in RupiahField().widget.render("x", None)


# ---------------------------------------------------------------------------- every form


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def _form_modules():
    for info in pkgutil.walk_packages(sinergi.__path__, "sinergi."):
        last = info.name.rsplit(".", 1)[-1]
        if last == "forms" or last.startswith("views") or last == "admin":
            yield importlib.import_module(info.name)


def test_every_amount_and_percentage_field_of_the_forms_is_indonesian():
    """No Django DecimalField or type=number input for a decimal in any form of the project
    (the forms that build their fields per row are checked in their pages' tests); and no form
    module builds one."""
    modules = list(_form_modules())
    offending = []
    for form_class in _all_subclasses(forms.BaseForm):
        if not form_class.__module__.startswith("sinergi."):
            continue
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.DecimalField | forms.FloatField) or (
                isinstance(field.widget, forms.NumberInput) and not isinstance(field, forms.IntegerField)
            ):
                offending.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert offending == []
    for module in modules:
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert "forms.DecimalField(" not in source, module.__name__


def test_the_model_forms_with_money_use_the_rupiah_field():
    from sinergi.cooperation.forms import AgreementForm, DocumentEditForm
    from sinergi.cooperation.views_evaluation import EvaluationForm, IndicatorFiguresForm
    from sinergi.planning.forms import ActivityForm, IndicatorForm

    assert type(ActivityForm.base_fields["budget"]) is RupiahField
    assert type(AgreementForm.base_fields["value"]) is RupiahField
    assert type(DocumentEditForm.base_fields["value"]) is RupiahField
    assert type(EvaluationForm.base_fields["money_spent"]) is RupiahField
    assert type(IndicatorForm.base_fields["annual_target"]) is QuantityField
    assert type(IndicatorFiguresForm.base_fields["promised"]) is QuantityField
    for field in (ActivityForm.base_fields["budget"], AgreementForm.base_fields["value"]):
        assert isinstance(field, IndonesianNumberField) and isinstance(field.widget, NumberInput)
        assert (field.max_digits, field.decimal_places, field.min_value) == (18, 2, 0)


# ---------------------------------------------------------------------------- the parser


@pytest.mark.parametrize(("text", "style", "value"), [
    ("1.500", numbers.AMOUNT, "1500"), ("1.500", numbers.PERCENT, "1.500"),
    ("0.500", numbers.AMOUNT, "0.500"),  # a first group of 0 is not a thousands group
    ("183410.856", numbers.AMOUNT, "183410.856"),  # nor one of more than three digits
    ("1.500.000", numbers.SHEET, "1500000"), ("-5", numbers.SHEET, "-5"), ("Rp -5", numbers.AMOUNT, "-5"),
])
def test_read_number_styles(text, style, value):
    value = D(value)
    read = numbers.read_number(text, style)
    assert read == value and read.as_tuple().exponent == value.as_tuple().exponent


def test_the_sheet_style_refuses_a_single_separator_before_three_digits():
    for text in ("1.500", "1,500", "12.345"):
        with pytest.raises(ValueError, match="ambigu"):
            numbers.read_number(text, numbers.SHEET)
