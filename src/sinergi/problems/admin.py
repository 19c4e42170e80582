from django.contrib import admin

from sinergi.core.admin import AuditedModelAdmin
from sinergi.problems import models


@admin.register(models.Problem)
class ProblemAdmin(AuditedModelAdmin):
    list_display = ["title", "government", "unit", "category", "severity", "status", "raised_on"]
    list_filter = ["category", "severity", "status", "government"]
    search_fields = ["title", "description"]
    raw_id_fields = ["unit", "region"]
