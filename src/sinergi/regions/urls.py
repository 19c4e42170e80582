from django.urls import path

from sinergi.regions import views, views_files, views_maps

app_name = "regions"
urlpatterns = [
    path("regions/", views.RegionListView.as_view(), name="region_list"),
    path("regions/<str:pk>/", views.RegionDetailView.as_view(), name="region_detail"),
    path("regions/map.geojson", views_maps.region_geojson, name="region_geojson"),
    path("regions/<str:code>/map.geojson", views_maps.region_geojson, name="region_geojson"),
    path("governments/", views.GovernmentListView.as_view(), name="government_list"),
    path("governments/add/", views.GovernmentCreateView.as_view(), name="government_add"),
    path("governments/<int:pk>/", views.GovernmentDetailView.as_view(), name="government_detail"),
    path("governments/<int:pk>/edit/", views.GovernmentUpdateView.as_view(), name="government_edit"),
    path("governments/<int:pk>/delete/", views.GovernmentDeleteView.as_view(), name="government_delete"),
    path("units/", views.UnitListView.as_view(), name="unit_list"),
    path("units/add/", views.UnitCreateView.as_view(), name="unit_add"),
    path("units/export/", views_files.UnitExportView.as_view(), name="unit_export"),
    path("units/import/", views_files.UnitImportView.as_view(), name="unit_import"),
    path("units/template/", views_files.UnitTemplateView.as_view(), name="unit_template"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("units/<int:pk>/edit/", views.UnitUpdateView.as_view(), name="unit_edit"),
    path("units/<int:pk>/delete/", views.UnitDeleteView.as_view(), name="unit_delete"),
    path("officials/", views.OfficialListView.as_view(), name="official_list"),
    path("officials/add/", views.OfficialCreateView.as_view(), name="official_add"),
    path("officials/export/", views_files.OfficialExportView.as_view(), name="official_export"),
    path("officials/import/", views_files.OfficialImportView.as_view(), name="official_import"),
    path("officials/template/", views_files.OfficialTemplateView.as_view(), name="official_template"),
    path("officials/<int:pk>/", views.OfficialDetailView.as_view(), name="official_detail"),
    path("officials/<int:pk>/edit/", views.OfficialUpdateView.as_view(), name="official_edit"),
    path("officials/<int:pk>/delete/", views.OfficialDeleteView.as_view(), name="official_delete"),
    path("positions/add/", views.PositionCreateView.as_view(), name="position_add"),
    path("positions/<int:pk>/edit/", views.PositionUpdateView.as_view(), name="position_edit"),
    path("positions/<int:pk>/delete/", views.PositionDeleteView.as_view(), name="position_delete"),
    path("terms/add/", views.PositionTermCreateView.as_view(), name="term_add"),
    path("terms/<int:pk>/edit/", views.PositionTermUpdateView.as_view(), name="term_edit"),
    path("terms/<int:pk>/delete/", views.PositionTermDeleteView.as_view(), name="term_delete"),
]
