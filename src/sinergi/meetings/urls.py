from sinergi.meetings import (
    views,
    views_attendance,
    views_commitments,
    views_followups,
    views_invitations,
    views_minutes,
)

app_name = "meetings"

urlpatterns = [
    *views.urlpatterns,
    *views_invitations.urlpatterns,
    *views_attendance.urlpatterns,
    *views_minutes.urlpatterns,
    *views_commitments.urlpatterns,
    *views_followups.urlpatterns,
]
