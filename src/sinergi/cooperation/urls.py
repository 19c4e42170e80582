from sinergi.cooperation import views, views_evaluation

app_name = "cooperation"
urlpatterns = [*views.urlpatterns, *views_evaluation.urlpatterns]
