from sinergi.cooperation import views, views_documents, views_evaluation

app_name = "cooperation"
urlpatterns = [*views.urlpatterns, *views_evaluation.urlpatterns, *views_documents.urlpatterns]
