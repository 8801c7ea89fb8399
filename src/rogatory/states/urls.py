from django.urls import path

from rogatory.states import views

app_name = "states"
urlpatterns = [
    path("", views.index, name="index"),
    path("coverage/", views.coverage_page, name="coverage"),
    path("coverage/instruments.csv", views.coverage_instruments_csv,
         name="coverage-instruments-csv"),
    path("coverage/states.csv", views.coverage_states_csv, name="coverage-states-csv"),
    path("<str:alpha2>/", views.detail, name="detail"),
]
