from django.urls import path

from rogatory.legalbasis import views

app_name = "legalbasis"
urlpatterns = [path("", views.index, name="index")]
