from django.urls import path

from rogatory.exchange import views

app_name = "exchange"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("messages/<int:pk>/", views.message, name="message"),
    path("messages/<int:pk>/accept/", views.accept, name="accept"),
    path("messages/<int:pk>/refuse/", views.refuse, name="refuse"),
    path("messages/<int:pk>/evidence/", views.evidence_export, name="evidence"),
    path("requests/<int:pk>/send/", views.send, name="send"),
    path("requests/<int:pk>/consult/", views.consult, name="consult"),
    path("cases/<int:pk>/", views.timeline, name="timeline"),
    path("cases/<int:pk>/information/", views.information, name="information"),
    path("consultations/<int:pk>/", views.consultation, name="consultation"),
]
