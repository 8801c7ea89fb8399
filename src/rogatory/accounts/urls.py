from django.urls import path

from rogatory.accounts import views

app_name = "accounts"
urlpatterns = [
    path("me/", views.profile, name="profile"),
    path("me/tokens/", views.tokens, name="tokens"),
    path("me/tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path("", views.user_list, name="user_list"),
    path("new/", views.user_edit, name="user_create"),
    path("<int:pk>/", views.user_edit, name="user_edit"),
]
