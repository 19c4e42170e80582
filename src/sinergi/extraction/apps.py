from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExtractionConfig(AppConfig):
    """The Django side of the extraction library: the `extract` command (the library itself,
    sinergi.extraction, imports nothing from Django)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sinergi.extraction"
    verbose_name = _("Report extraction")
