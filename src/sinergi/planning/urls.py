from django.urls import path

from sinergi.planning import views

app_name = "planning"
urlpatterns = [
    path("activities/", views.ActivityListView.as_view(), name="activity_list"),
    path("activities/add/", views.ActivityCreateView.as_view(), name="activity_add"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path("activities/<int:pk>/edit/", views.ActivityUpdateView.as_view(), name="activity_edit"),
    path("activities/<int:pk>/delete/", views.ActivityDeleteView.as_view(), name="activity_delete"),
    path("activities/<int:activity_pk>/targets/", views.QuarterTargetsView.as_view(),
         name="quarter_targets"),
    path("activities/<int:activity_pk>/indicators/add/", views.IndicatorCreateView.as_view(),
         name="indicator_add"),
    path("indicators/<int:pk>/edit/", views.IndicatorUpdateView.as_view(), name="indicator_edit"),
    path("indicators/<int:pk>/delete/", views.IndicatorDeleteView.as_view(),
         name="indicator_delete"),
    path("activities/<int:activity_pk>/milestones/add/", views.MilestoneCreateView.as_view(),
         name="milestone_add"),
    path("milestones/<int:pk>/edit/", views.MilestoneUpdateView.as_view(), name="milestone_edit"),
    path("milestones/<int:pk>/delete/", views.MilestoneDeleteView.as_view(),
         name="milestone_delete"),
    path("frameworks/", views.FrameworkListView.as_view(), name="framework_list"),
    path("frameworks/add/", views.FrameworkCreateView.as_view(), name="framework_add"),
    path("frameworks/<int:pk>/", views.FrameworkDetailView.as_view(), name="framework_detail"),
    path("frameworks/<int:pk>/edit/", views.FrameworkUpdateView.as_view(), name="framework_edit"),
    path("frameworks/<int:pk>/delete/", views.FrameworkDeleteView.as_view(),
         name="framework_delete"),
    path("frameworks/<int:framework_pk>/priorities/add/", views.PriorityCreateView.as_view(),
         name="priority_add"),
    path("priorities/<int:pk>/edit/", views.PriorityUpdateView.as_view(), name="priority_edit"),
    path("priorities/<int:pk>/delete/", views.PriorityDeleteView.as_view(), name="priority_delete"),
    path("nomenclature/", views.NomenclatureListView.as_view(), name="nomenclature_list"),
    path("nomenclature/<str:pk>/", views.NomenclatureDetailView.as_view(),
         name="nomenclature_detail"),
]
