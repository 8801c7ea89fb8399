from django.urls import path

from rogatory.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("route/", views.route_page, name="route"),
    path("review/", views.review, name="review"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.pdf", views.export_pdf, name="export_pdf"),
    path("contacts/<int:pk>.vcf", views.contact_vcard, name="vcard"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/verify/", views.verify, name="verify"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/history/", views.history, name="history"),
]
