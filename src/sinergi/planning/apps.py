from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "sinergi.planning"
    label = "planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        from sinergi.planning import lifecycle

        lifecycle.register()  # an adopted plan is locked for every write door
