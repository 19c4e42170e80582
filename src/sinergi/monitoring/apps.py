from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "sinergi.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from sinergi.core.signals import rows_written
        from sinergi.monitoring import rollup_store
        from sinergi.monitoring.models import Realization
        from sinergi.planning.models import Activity, QuarterTarget

        # Every write that can change a rollup makes the stored rollups of its government stale.
        for signal in (post_save, post_delete):
            signal.connect(rollup_store.activity_written, sender=Activity,
                           dispatch_uid=f"rollup_store_activity_{signal is post_save}")
            for model in (QuarterTarget, Realization):
                signal.connect(rollup_store.activity_part_written, sender=model,
                               dispatch_uid=f"rollup_store_{model.__name__}_{signal is post_save}")
        rows_written.connect(rollup_store.rows_written, dispatch_uid="rollup_store_rows")
