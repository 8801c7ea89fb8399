from django.urls import path

from rogatory.library import views

app_name = "library"
urlpatterns = [
    path("", views.index, name="index"),
    path("items/<int:pk>/", views.item, name="item"),
    path("items/<int:pk>/akn.xml", views.item_akn, name="item_akn"),
]
