from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "sinergi.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from sinergi.core.signals import rows_written
        from sinergi.monitoring import rollup_store
        from sinergi.monitoring.models import Realization
        from sinergi.planning.models import (
            Activity,
            Indicator,
            Milestone,
            Priority,
            PriorityFramework,
            QuarterTarget,
        )
        from sinergi.regions.models import Government, Unit

        # Every write that can change a rollup makes the stored rollups of its government stale.
        for signal in (post_save, post_delete):
            signal.connect(rollup_store.activity_written, sender=Activity,
                           dispatch_uid=f"rollup_store_activity_{signal is post_save}")
            for model in (QuarterTarget, Realization, Milestone, Indicator):
                signal.connect(rollup_store.activity_part_written, sender=model,
                               dispatch_uid=f"rollup_store_{model.__name__}_{signal is post_save}")
            # What the dashboards show besides the figures (reports.dashboard_cache): the units
            # and the government, the priorities and missions.
            signal.connect(rollup_store.government_written, sender=Unit,
                           dispatch_uid=f"rollup_store_unit_{signal is post_save}")
            for model in (Priority, PriorityFramework):
                signal.connect(rollup_store.priority_written, sender=model,
                               dispatch_uid=f"rollup_store_{model.__name__}_{signal is post_save}")
        # A government renamed (a deleted one has no dashboard, and no stamp row to raise).
        post_save.connect(rollup_store.government_written, sender=Government,
                          dispatch_uid="rollup_store_government")
        m2m_changed.connect(rollup_store.activity_priorities_changed, sender=Activity.priorities.through,
                            dispatch_uid="rollup_store_activity_priorities")
        m2m_changed.connect(rollup_store.priority_links_changed, sender=Priority.serves.through,
                            dispatch_uid="rollup_store_priority_serves")
        rows_written.connect(rollup_store.rows_written, dispatch_uid="rollup_store_rows")
