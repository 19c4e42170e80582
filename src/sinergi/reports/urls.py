from django.urls import path

from sinergi.reports import views, views_brief, views_digest, views_forms

app_name = "reports"
urlpatterns = [
    path("dashboard/", views.government_dashboard, name="dashboard"),
    path("dashboard/units/<int:pk>/", views.unit_dashboard, name="dashboard_unit"),
    path(
        "dashboard/<int:government_pk>/districts/<str:code>/",
        views.district_dashboard,
        name="dashboard_district",
    ),
    path(
        "forms/renja/<int:unit_pk>/<int:year>/<int:quarter>/<slug:fmt>/",
        views_forms.renja_form,
        name="renja_form",
    ),
    path(
        "forms/rkpd/<int:government_pk>/<int:year>/<int:quarter>/<slug:fmt>/",
        views_forms.rkpd_form,
        name="rkpd_form",
    ),
]
urlpatterns += views_brief.urlpatterns
urlpatterns += views_digest.urlpatterns
