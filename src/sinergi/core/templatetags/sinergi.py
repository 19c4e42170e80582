"""Template filters that format the Indonesian way, through core.formatting."""

from django import template

from sinergi.core import contacts, formatting

register = template.Library()

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
    """Audit values: None shows as a dash."""
    return "–" if value in (None, "") else value


@register.filter
def add_error_class(field, css: str):
    """Render a bound field with an extra CSS class (Bootstrap's `is-invalid`)."""
    existing = field.field.widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip(), "aria-invalid": "true"})
