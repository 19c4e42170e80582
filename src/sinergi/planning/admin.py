"""Planning in the (audited) Django admin."""

from __future__ import annotations

from django.contrib import admin

from sinergi.core.admin import AuditedModelAdmin
from sinergi.planning.models import (
    Activity,
    Indicator,
    Milestone,
    NomenclatureItem,
    Priority,
    PriorityFramework,
    QuarterTarget,
)

READ_ONLY = ("version", "created_at", "updated_at")


@admin.register(NomenclatureItem)
class NomenclatureItemAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "level")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)
    readonly_fields = READ_ONLY
    show_full_result_count = False


@admin.register(PriorityFramework)
class PriorityFrameworkAdmin(AuditedModelAdmin):
    list_display = ("name", "kind", "government", "start_year", "end_year")
    list_filter = ("kind",)
    search_fields = ("name",)
    readonly_fields = READ_ONLY


@admin.register(Priority)
class PriorityAdmin(AuditedModelAdmin):
    list_display = ("framework", "number", "title", "order")
    list_filter = ("framework",)
    search_fields = ("title", "number")
    list_select_related = ("framework",)
    readonly_fields = READ_ONLY


@admin.register(Activity)
class ActivityAdmin(AuditedModelAdmin):
    list_display = ("year", "nomenclature", "unit", "government", "budget", "funding_source")
    list_filter = ("year", "funding_source", "government")
    search_fields = ("name", "nomenclature__code", "nomenclature__name")
    list_select_related = ("nomenclature", "unit", "government")
    raw_id_fields = ("unit", "nomenclature", "location")
    filter_horizontal = ("priorities",)
    readonly_fields = ("government", *READ_ONLY)

    def save_model(self, request, obj, form, change) -> None:
        if not change:  # the government is the unit's (moving to another government: refused)
            obj.sync_government()
        super().save_model(request, obj, form, change)


for model in (Indicator, QuarterTarget, Milestone):
    admin.site.register(model, type(f"{model.__name__}Admin", (AuditedModelAdmin,), {
        "raw_id_fields": ("activity",), "readonly_fields": READ_ONLY,
        "list_select_related": ("activity",),
    }))
