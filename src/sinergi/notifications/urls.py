from django.urls import path

from sinergi.notifications import views, webhook

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("whatsapp/webhook/", webhook.whatsapp_webhook, name="whatsapp_webhook"),
]
