from django.urls import path

from rogatory.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/<str:direction>/", views.create, name="create"),
    path("statistics/", views.statistics, name="statistics"),
    path("settings/", views.settings_page, name="settings"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/transition/", views.transition, name="transition"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/actions/", views.add_action, name="add_action"),
    path("<int:pk>/actions/<int:action_pk>/done/", views.complete_action,
         name="complete_action"),
    path("<int:pk>/correspondence/", views.add_correspondence, name="add_correspondence"),
    path("<int:pk>/documents/", views.add_document, name="add_document"),
    path("<int:pk>/documents/<int:doc_pk>/", views.document, name="document"),
    path("<int:pk>/notes/", views.add_note, name="add_note"),
    path("<int:pk>/links/", views.add_link, name="add_link"),
    path("<int:pk>/shares/", views.share, name="share"),
    path("<int:pk>/shares/<int:share_pk>/remove/", views.unshare, name="unshare"),
]
