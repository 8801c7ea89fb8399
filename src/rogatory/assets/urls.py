from django.urls import path

from rogatory.assets import views

app_name = "assets"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("report/", views.report, name="report"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/transition/", views.transition, name="transition"),
    path("<int:pk>/cases/", views.link_case, name="link_case"),
    path("<int:pk>/claims/", views.add_claim, name="add_claim"),
    path("<int:pk>/claims/<int:claim_pk>/", views.decide_claim, name="decide_claim"),
    path("<int:pk>/arrangement/", views.arrangement, name="arrangement"),
    path("<int:pk>/arrangement/agree/", views.agree, name="agree"),
    path("<int:pk>/transfers/", views.add_transfer, name="add_transfer"),
    path("<int:pk>/proposal/", views.proposal_document, name="proposal"),
]
