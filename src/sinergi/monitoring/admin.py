"""Monitoring in the (audited) Django admin. Realizations are read-only here: their state
changes only through the workflow (monitoring.services)."""

from __future__ import annotations

from django.contrib import admin

from sinergi.core.admin import AuditedModelAdmin
from sinergi.monitoring.models import Evidence, Realization, RealizationOutput, ReportingPeriod

READ_ONLY = ("version", "created_at", "updated_at")


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(AuditedModelAdmin):
    list_display = ("government", "year", "quarter", "status", "opens_on", "deadline")
    list_filter = ("status", "year", "quarter")
    readonly_fields = (*READ_ONLY, "closed_at")


@admin.register(Realization)
class RealizationAdmin(AuditedModelAdmin):
    list_display = ("activity", "quarter", "physical", "financial", "status", "submitted_late")
    list_filter = ("status", "quarter", "submitted_late")
    raw_id_fields = ("activity",)
    list_select_related = ("activity__nomenclature",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RealizationOutput)
class RealizationOutputAdmin(AuditedModelAdmin):
    list_display = ("realization", "indicator", "value")
    raw_id_fields = ("realization", "indicator")
    readonly_fields = READ_ONLY


@admin.register(Evidence)
class EvidenceAdmin(AuditedModelAdmin):
    list_display = ("realization", "file_name", "description", "uploaded_by", "uploaded_at")
    raw_id_fields = ("realization", "uploaded_by")
