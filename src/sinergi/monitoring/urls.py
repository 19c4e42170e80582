from django.urls import path

from sinergi.monitoring import views, views_files

app_name = "monitoring"
urlpatterns = [
    path("", views.period_list, name="period_list"),
    path("periods/open/", views.period_open, name="period_open"),
    path("periods/<int:pk>/close/", views.period_close, name="period_close"),
    path("summary/", views.summary, name="summary"),
    path("government/<int:government>/goal/", views.year_end_goal, name="year_end_goal"),
    path("units/<int:unit_pk>/<int:year>/<int:quarter>/", views.entry, name="entry"),
    path("units/<int:unit_pk>/<int:year>/<int:quarter>/verify/", views.verification,
         name="verification"),
    path("units/<int:unit_pk>/<int:year>/<int:quarter>/xlsx/", views_files.realization_download,
         name="realization_download"),
    path("units/<int:unit_pk>/<int:year>/<int:quarter>/import/", views_files.realization_import,
         name="realization_import"),
    path("realizations/<int:pk>/<str:step>/", views.realization_action, name="realization_action"),
    path("realizations/<int:pk>/evidence/add/", views.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/file/", views.evidence_file, name="evidence_file"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("activities/<int:pk>/", views.activity_history, name="activity_history"),
]
