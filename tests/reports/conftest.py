"""The reports read monitoring data: the monitoring fixtures (activities, periods) serve here too."""

from tests.monitoring.conftest import mimika_activity, sample, tapem_activity

__all__ = ["mimika_activity", "sample", "tapem_activity"]
