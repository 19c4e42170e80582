from django.contrib import admin
from django.urls import include, path

from sinergi.accounts.urls import auth_urlpatterns
from sinergi.api.api import api
from sinergi.core import views as core_views
from sinergi.reports import views_home

urlpatterns = [
    path("", views_home.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("sinergi.accounts.urls")),
    path("", include(auth_urlpatterns)),
    path("audit/", include("sinergi.core.urls")),
    path("", include("sinergi.regions.urls")),
    path("planning/", include("sinergi.planning.urls")),
    path("monitoring/", include("sinergi.monitoring.urls")),
    path("meetings/from-report/", include("sinergi.extraction.urls")),
    path("meetings/", include("sinergi.meetings.urls")),
    path("problems/", include("sinergi.problems.urls")),
    path("cooperation/", include("sinergi.cooperation.urls")),
    path("reports/", include("sinergi.reports.urls")),
    path("", include("sinergi.documents.urls")),
    path("notifications/", include("sinergi.notifications.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "sinergi.core.errors.bad_request"
handler403 = "sinergi.core.errors.permission_denied"
handler404 = "sinergi.core.errors.page_not_found"
handler500 = "sinergi.core.errors.server_error"
