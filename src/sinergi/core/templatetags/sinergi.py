"""Template filters that format the Indonesian way, through core.formatting."""

import datetime as dt
import re

from django import template
from django.utils import formats, timezone

from sinergi.core import contacts, formatting

register = template.Library()
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")

register.filter("rupiah", formatting.rupiah)
register.filter("rupiah_short", formatting.rupiah_short)
register.filter("percent", formatting.percent)
register.filter("points", formatting.points)
register.filter("number", formatting.number)
register.filter("thousands", formatting.thousands)
register.filter("long_date", formatting.long_date)
register.filter("zone_abbreviation", formatting.zone_abbreviation)
register.filter("whatsapp_display", contacts.format_whatsapp)
register.filter("whatsapp_chat", contacts.whatsapp_link)  # a chat without a prefilled message


@register.filter
def verbose_value(value):
    """Audit values: None shows as a dash, an ISO date or moment (as the audit log stores them)
    as a date people read (`5 Des 2026`, `5 Des 2026 09.00 WIB`)."""
    if value in (None, ""):
        return "–"
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if len(value) == 10:
            return formats.date_format(moment.date(), "j M Y")
        if timezone.is_aware(moment):
            return formats.date_format(timezone.localtime(moment), "j M Y H.i T")
        return formats.date_format(moment, "j M Y H.i")
    return value


@register.filter
def add_error_class(field, css: str):
    """Render a bound field with an extra CSS class (Bootstrap's `is-invalid`)."""
    existing = field.field.widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip(), "aria-invalid": "true"})
