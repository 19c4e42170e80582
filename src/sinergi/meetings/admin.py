from django.contrib import admin

from sinergi.core.admin import AuditedModelAdmin
from sinergi.meetings import models


@admin.register(models.Meeting)
class MeetingAdmin(AuditedModelAdmin):
    list_display = ["title", "government", "organizer", "kind", "starts_at", "status"]
    list_filter = ["kind", "status", "government"]
    search_fields = ["title"]
    raw_id_fields = ["organizer", "chair", "chair_delegate", "signatory", "series"]


@admin.register(models.FollowUp)
class FollowUpAdmin(AuditedModelAdmin):
    list_display = ["description", "government", "due_date", "status", "progress"]
    list_filter = ["status", "government"]
    raw_id_fields = ["meeting", "decision"]
