"""Template filters for monitoring: band and gap labels in the active language, colours."""

from django import template
from django.utils.translation import get_language

register = template.Library()

STATUS_CLASSES = {"draft": "secondary", "submitted": "info", "verified": "success",
                  "returned": "warning"}


def _indonesian() -> bool:
    return (get_language() or "id").startswith("id")


@register.filter
def band_label(band) -> str:
    """A Band (achievement.Band) as its official Indonesian term, or English."""
    if band is None:
        return "–"
    return band.label_id if _indonesian() else band.label_en


@register.filter
def band_colour(band) -> str:
    return band.colour if band is not None else "#dee2e6"


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@register.filter
def band_text(band) -> str:
    """The text class of a band's badge: white or black, whichever contrasts more with the band's
    colour (black on the red of Sangat Rendah is only 4.3:1, white 4.8:1; on the green of Sangat
    Tinggi white is 3.7:1, black 5.7:1, Bootstrap's dark body text #212529 only 4.1:1)."""
    light = _luminance(band_colour(band))
    return "text-white" if 1.05 / (light + 0.05) > (light + 0.05) / 0.05 else "text-black"


@register.filter
def gap_label(gap) -> str:
    if gap is None:
        return "–"
    return gap.kind.label_id if _indonesian() else gap.kind.label_en


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "secondary")


@register.filter
def signed_points(value) -> str:
    """A deviation in points with its sign: `+1,5` / `−1,32`."""
    if value is None:
        return "–"
    from sinergi.core.formatting import percent

    text = percent(abs(value), 2).removesuffix(" %")
    return ("−" if value < 0 else "+") + text


@register.filter
def status_label(status: str) -> str:
    """A realization state as a lower-case word in the active language ("dikembalikan")."""
    from sinergi.monitoring.rules import state_label

    return state_label(status) if status else ""
