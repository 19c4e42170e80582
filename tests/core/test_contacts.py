"""core.contacts: Indonesian mobile numbers for WhatsApp (normalized or refused with the reason),
their display, the wa.me link, and the model and form fields."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from sinergi.core.contacts import (
    WhatsAppFormField,
    format_whatsapp,
    mobile_or_empty,
    normalize_whatsapp,
    whatsapp_link,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


VALID = [
    ("0812-3456-7890", "6281234567890"),
    ("+62 812 3456 7890", "6281234567890"),
    ("6281234567890", "6281234567890"),
    ("(0812) 3456 7890", "6281234567890"),
    ("81234567890", "6281234567890"),  # Excel dropped the leading 0 of a number cell
    ("0812.3456.7890", "6281234567890"),
    ("0812/3456/7890", "6281234567890"),
    ("  0812 3456 7890  ", "6281234567890"),
    ("0812\u00a03456\u20137890", "6281234567890"),  # non-breaking space, en dash
    ("+62 (0)812-3456-7890", "6281234567890"),
    ("+620812 3456 7890", "6281234567890"),
    ("62 0812 3456 7890", "6281234567890"),
    ("0062 812 3456 7890", "6281234567890"),
    ("+6281234567890", "6281234567890"),
    ("0811-000-0001", "628110000001"),
    ("0852 1234 567", "628521234567"),  # 11 digits
    ("0812-345-678", "62812345678"),  # 10 digits, the shortest
    ("0812-3456-78901", "62812345678901"),  # 13 digits, the longest
    ("0899 9876 5432", "6289998765432"),
    ("", ""),
    ("   ", ""),
]


@pytest.mark.parametrize(("text", "stored"), VALID)
def test_indonesian_mobile_numbers_are_normalized(text, stored):
    assert normalize_whatsapp(text) == stored


LANDLINE = "not a mobile number"
LENGTH = "10 to 13 digits"
FOREIGN = "Only Indonesian mobile numbers"
DIGITS = "digits only"

INVALID = [
    ("021-5551234", LANDLINE),  # Jakarta
    ("(021) 555 1234", LANDLINE),
    ("(0901) 123456", LANDLINE),  # Timika
    ("0541-123456", LANDLINE),  # Samarinda
    ("+62 21 5551234", LANDLINE),
    ("6221 5551234", LANDLINE),
    ("0800-1-234567", LANDLINE),  # toll free
    ("0809 1234 5678", LANDLINE),
    ("0628 12345", LANDLINE),  # an Aceh area code, not +62 8…
    ("0812-34", LENGTH),
    ("0812 3456", LENGTH),
    ("0812-3456-7890-12", LENGTH),
    ("+62 812 3456 7890 123", LENGTH),
    ("+1 415 555 0100", FOREIGN),
    ("+44 7700 900123", FOREIGN),
    ("0044 7700 900123", FOREIGN),
    ("0812-3456-789O", DIGITS),  # the letter O
    ("telp. 0812 3456 7890", DIGITS),
    ("0812 3456 7890 (WA)", DIGITS),
    ("０８１２３４５６７８９０", DIGITS),  # full-width digits
    ("+", DIGITS),
    ("0812+3456", DIGITS),
]


@pytest.mark.parametrize(("text", "reason"), INVALID)
def test_other_numbers_are_refused_with_the_reason(text, reason):
    with pytest.raises(ValueError, match=reason):
        normalize_whatsapp(text)


def test_the_reason_is_in_indonesian_for_indonesian_users():
    with translation.override("id"), pytest.raises(ValueError) as landline:
        normalize_whatsapp("021-5551234")
    assert "bukan nomor seluler" in str(landline.value)
    assert "0812-3456-7890" in str(landline.value)
    with translation.override("id"), pytest.raises(ValueError) as short:
        normalize_whatsapp("0812-34")
    assert "10 sampai 13 digit" in str(short.value)


def test_mobile_or_empty_reads_a_phone_field_that_may_be_a_landline():
    assert mobile_or_empty("0812 3456 7890") == "6281234567890"
    assert mobile_or_empty("(0541) 123456") == ""
    assert mobile_or_empty("") == ""


def test_display_form():
    assert format_whatsapp("6281234567890") == "+62 812-3456-7890"
    assert format_whatsapp("62812345678") == "+62 812-3456-78"
    assert format_whatsapp("62812345678901") == "+62 812-3456-78901"


def test_link_encodes_the_message_as_utf8_with_newlines():
    message = "Yth. Camat Sangatta Utara,\n\nWaktu: Selasa, 10 Desember 2024, 09.00–12.00 WITA\nA & B?"
    link = whatsapp_link("6281234567890", message)
    assert link == (
        "https://wa.me/6281234567890?text=Yth.%20Camat%20Sangatta%20Utara%2C%0A%0A"
        "Waktu%3A%20Selasa%2C%2010%20Desember%202024%2C%2009.00%E2%80%9312.00%20WITA%0A"
        "A%20%26%20B%3F"
    )
    assert whatsapp_link("6281234567890") == "https://wa.me/6281234567890"
    with pytest.raises(ValueError):
        whatsapp_link("+62 812 3456 7890", "Halo")


def test_form_field_cleans_to_the_stored_form():
    class Form(forms.Form):
        whatsapp = WhatsAppFormField(required=False)

    form = Form({"whatsapp": "+62 (0)812-3456-7890"})  # longer than the stored 14 characters
    assert form.is_valid(), form.errors
    assert form.cleaned_data["whatsapp"] == "6281234567890"
    form = Form({"whatsapp": "(0541) 123456"})
    assert not form.is_valid()
    assert "not a mobile number" in form.errors["whatsapp"][0]
    assert Form({"whatsapp": ""}).is_valid()
    assert Form().fields["whatsapp"].widget.attrs["inputmode"] == "tel"


@pytest.mark.django_db
def test_model_field_normalizes_on_full_clean(world):
    from sinergi.regions.models import Official

    official = Official(government=world.kutim, name="Rizali Hadi", whatsapp="0812 3456 7890")
    official.full_clean()
    assert official.whatsapp == "6281234567890"
    official.whatsapp = "021-5551234"
    with pytest.raises(ValidationError) as refused:
        official.full_clean()
    assert "whatsapp" in refused.value.message_dict
    user = world.users["viewer"]
    user.whatsapp = "+62 852-1111-2222"
    user.full_clean()
    assert user.whatsapp == "6285211112222"
