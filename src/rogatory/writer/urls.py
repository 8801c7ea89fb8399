from django.urls import path

from rogatory.writer import views

app_name = "writer"
urlpatterns = [
    path("", views.index, name="index"),
    path("for-review/", views.review_queue_page, name="review_queue"),
    path("<int:pk>/", views.draft_home, name="draft"),
    path("<int:pk>/assistance/", views.assistance, name="assistance"),
    path("<int:pk>/assistance/<int:index>/", views.item_page, name="item"),
    path("<int:pk>/assistance/<int:index>/remove/", views.item_remove, name="item_remove"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/document/", views.document_page, name="document"),
    path("<int:pk>/share/", views.share, name="share"),
    path("<int:pk>/send/", views.send, name="send"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/return/", views.return_draft, name="return"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/<slug:slug>/", views.step_page, name="step"),
]
