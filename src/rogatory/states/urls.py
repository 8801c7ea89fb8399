from django.urls import path

from rogatory.states import views

app_name = "states"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:alpha2>/", views.detail, name="detail"),
]
