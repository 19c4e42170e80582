"""WhatsApp numbers: reading an Indonesian mobile number as people write it, storing it in one
form, and the "send through WhatsApp" link (wa.me) with a prefilled message.

`normalize_whatsapp("0812-3456-7890") == "6281234567890"`: the international form without "+",
which is what wa.me wants and what is stored. Accepted: `0812-3456-7890`, `+62 812 3456 7890`,
`62812…`, `(0812) 3456 7890`, `0062 812…`, `+62 (0)812…`, and `812…` (what Excel leaves of
0812… typed in a number cell). Refused: landlines (`021-…`, `(0901) 123456`), numbers of other
countries, and lengths no Indonesian mobile number has. Indonesian mobile numbers start with
08 (+62 8) and have 10 to 13 digits counted from that 0; 080x are service numbers (0800 toll
free), not mobiles.

`WhatsAppField` is the model field: `full_clean()` (which every write of core.services runs)
stores the normalized form, so forms, the API and imports all end in the same digits; its form
field takes what people type (spaces, dashes, +62) and reports the reason in the user's
language. Pure functions apart from the two fields; no Sinergi model is known here.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

COUNTRY_CODE = "62"
# Significant digits after the trunk 0 (or after +62): 8, then 1-9, then 7 to 10 more digits.
MOBILE = re.compile(r"8[1-9]\d{7,10}")
MIN_DIGITS, MAX_DIGITS = 10, 13  # counted with the trunk 0, as Indonesians write the number
# What people put between the digits: spaces (also non-breaking), dashes, dots, slashes and
# parentheses; a leading "+" is read on its own.
SEPARATORS = re.compile(r"[\s\-\u2010-\u2015.()/]+")
STORED_LENGTH = len(COUNTRY_CODE) + MAX_DIGITS - 1  # 14 digits at most
TYPED_LENGTH = 30  # what a form accepts before normalization ("+62 (0)812-3456-7890")
EXAMPLE = "0812-3456-7890"
# The API's description of a WhatsApp field (the OpenAPI document is in English).
WHATSAPP_HELP = ("An Indonesian mobile number as written (0812-3456-7890, +62 812 3456 7890); "
                 "stored and returned as 6281234567890. Landlines are refused.")


def normalize_whatsapp(text: str) -> str:
    """The Indonesian mobile number in `text` as stored and dialled by wa.me:
    `6281234567890`. Empty text gives "". ValueError (with the reason, in the active
    language) when `text` is not an Indonesian mobile number."""
    text = (text or "").strip()
    if not text:
        return ""
    plus = text.startswith("+")
    digits = SEPARATORS.sub("", text[1:] if plus else text)
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(
            _("Enter a mobile number with digits only (spaces, dashes and a leading + may stay), "
              "e.g. %(example)s.") % {"example": EXAMPLE}
        )
    if plus or digits.startswith("00"):
        international = digits if plus else digits[2:]
        if not international.startswith(COUNTRY_CODE):
            raise ValueError(
                _("Only Indonesian mobile numbers are accepted: +62 8… or 08…, e.g. %(example)s.")
                % {"example": EXAMPLE}
            )
        national = international[len(COUNTRY_CODE):]
        national = national.removeprefix("0")  # "+62 (0)812…"
    elif digits.startswith(COUNTRY_CODE):  # no national number starts with 6
        national = digits[len(COUNTRY_CODE):].removeprefix("0")
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = digits  # "812…": the leading 0 lost in a number cell
    if not national.startswith("8") or national.startswith("80"):
        raise ValueError(
            _("This is not a mobile number (a landline or service number cannot receive WhatsApp "
              "messages). A mobile number starts with 08 or +62 8, e.g. %(example)s.")
            % {"example": EXAMPLE}
        )
    if not MOBILE.fullmatch(national):
        raise ValueError(
            _("A mobile number has %(min)d to %(max)d digits counted from the 0 (e.g. %(example)s); "
              "this one has %(count)d.")
            % {"min": MIN_DIGITS, "max": MAX_DIGITS, "example": EXAMPLE, "count": len(national) + 1}
        )
    return COUNTRY_CODE + national


def mobile_or_empty(text: str) -> str:
    """`text` normalized when it is an Indonesian mobile number, else "" (for a phone field
    that may hold a landline)."""
    try:
        return normalize_whatsapp(text)
    except ValueError:
        return ""


def format_whatsapp(number: str) -> str:
    """A stored number for reading: `+62 812-3456-7890`."""
    if not number.startswith(COUNTRY_CODE) or not number.isdigit():
        return number
    national = number[len(COUNTRY_CODE):]
    groups = [national[:3], national[3:7], national[7:]]
    return f"+{COUNTRY_CODE} " + "-".join(g for g in groups if g)


def whatsapp_link(number: str, message: str = "") -> str:
    """`https://wa.me/<number>?text=<message>`: opens a chat with `number` (stored form, digits
    only) with `message` typed in, ready to send. The message is percent-encoded as UTF-8, a
    newline as %0A; nothing is sent until the person presses send in WhatsApp."""
    if not number.isascii() or not number.isdigit():
        raise ValueError(f"not a normalized WhatsApp number: {number!r}")
    link = f"https://wa.me/{number}"
    if message:
        link += "?text=" + quote(message, safe="", encoding="utf-8")
    return link


# ---------------------------------------------------------------------------- fields


HELP_TEXT = gettext_lazy("An Indonesian mobile number, e.g. 0812-3456-7890 or +62 812 3456 7890.")


class WhatsAppFormField(forms.CharField):
    """Takes a number as people type it; cleans to the stored form (or "")."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", TYPED_LENGTH)
        kwargs.setdefault("help_text", HELP_TEXT)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "tel")
        self.widget.attrs.setdefault("autocomplete", "tel")
        self.widget.attrs.setdefault("placeholder", EXAMPLE)

    def clean(self, value):
        value = super().clean(value)
        try:
            return normalize_whatsapp(value or "")
        except ValueError as exc:
            raise ValidationError(str(exc), code="whatsapp") from None


class WhatsAppField(models.CharField):
    """An Indonesian mobile number for WhatsApp, stored as `6281234567890` (blank allowed).
    `full_clean()` normalizes what was assigned (`0812-3456-7890`) or refuses it."""

    description = gettext_lazy("WhatsApp number")

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_length", STORED_LENGTH)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def clean(self, value, model_instance):
        value = self.to_python(value)
        if value:
            try:
                value = normalize_whatsapp(value)
            except ValueError as exc:
                raise ValidationError(str(exc), code="whatsapp") from None
        self.validate(value, model_instance)
        self.run_validators(value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WhatsAppFormField, "max_length": TYPED_LENGTH, **kwargs})
