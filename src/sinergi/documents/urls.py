from django.urls import path

from sinergi.documents import views

app_name = "documents"
urlpatterns = [
    path("documents/governments/<int:government>/letterhead/", views.letterhead, name="letterhead"),
    path("documents/governments/<int:government>/letterhead/emblem/", views.emblem, name="emblem"),
    path("documents/units/<int:unit>/letterhead/", views.unit_letterhead, name="unit_letterhead"),
    path("documents/issued/<str:code>/file/", views.issued_file, name="issued_file"),
    path("verifikasi/", views.verify_start, name="verify_start"),
    path("verifikasi/<str:code>/", views.verify, name="verify"),
]
