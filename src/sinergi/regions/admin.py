"""Regions, governments, units, officials, positions, terms and coordination designations in
the (audited) Django admin."""

from __future__ import annotations

from django.contrib import admin

from sinergi.core.admin import AuditedModelAdmin, ReadOnlyAuditedModelAdmin
from sinergi.regions.models import (
    Coordination,
    Government,
    Official,
    Position,
    PositionTerm,
    Region,
    Unit,
)


@admin.register(Region)
class RegionAdmin(ReadOnlyAuditedModelAdmin):
    """The Kemendagri registry is loaded by `sinergi load_regions`, never edited by hand."""

    list_display = ("code", "name", "level", "parent", "timezone")
    list_filter = ("level",)
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    show_full_result_count = False


@admin.register(Government)
class GovernmentAdmin(AuditedModelAdmin):
    list_display = ("name", "short_name", "region", "version")
    search_fields = ("name", "short_name", "region__code")
    list_select_related = ("region",)
    raw_id_fields = ("region",)
    readonly_fields = ("version", "created_at", "updated_at")


@admin.register(Unit)
class UnitAdmin(AuditedModelAdmin):
    list_display = ("name", "code", "kind", "government", "parent", "version")
    list_filter = ("kind", "government")
    search_fields = ("name", "short_name", "code")
    list_select_related = ("government", "parent")
    raw_id_fields = ("parent", "region")
    readonly_fields = ("path", "version", "created_at", "updated_at")


@admin.register(Official)
class OfficialAdmin(AuditedModelAdmin):
    list_display = ("name", "front_title", "back_title", "nip", "government", "version")
    list_filter = ("government",)
    search_fields = ("name", "nip", "email")
    list_select_related = ("government",)
    readonly_fields = ("version", "created_at", "updated_at")


@admin.register(Position)
class PositionAdmin(AuditedModelAdmin):
    list_display = ("title", "government", "unit", "grade", "is_unit_head", "order", "version")
    list_filter = ("grade", "government")
    search_fields = ("title",)
    list_select_related = ("government", "unit")
    raw_id_fields = ("unit",)
    readonly_fields = ("version", "created_at", "updated_at")


@admin.register(PositionTerm)
class PositionTermAdmin(AuditedModelAdmin):
    list_display = ("position", "official", "capacity", "start", "end", "version")
    list_filter = ("capacity",)
    search_fields = ("position__title", "official__name", "decree")
    list_select_related = ("position", "official")
    raw_id_fields = ("position", "official")
    date_hierarchy = "start"
    readonly_fields = ("version", "created_at", "updated_at")


@admin.register(Coordination)
class CoordinationAdmin(AuditedModelAdmin):
    list_display = ("unit", "purpose", "covers", "government", "version")
    list_filter = ("purpose", "covers")
    search_fields = ("unit__name", "unit__code", "decree")
    list_select_related = ("government", "unit")
    raw_id_fields = ("unit",)
    filter_horizontal = ("units",)
    readonly_fields = ("version", "created_at", "updated_at")
