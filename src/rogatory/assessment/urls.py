from django.urls import path

from rogatory.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("overview/", views.overview, name="overview"),
    path("overview/needs.csv", views.overview_csv, name="overview_csv"),
    path("questionnaires/", views.questionnaires, name="questionnaires"),
    path("questionnaires/<int:pk>/new-draft/", views.new_draft, name="new_draft"),
    path("questionnaires/versions/<int:pk>/", views.questionnaire_version,
         name="questionnaire_version"),
    path("questionnaires/versions/<int:pk>/publish/", views.publish_version,
         name="publish_version"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/chapters/<slug:key>/", views.chapter, name="chapter"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/invite/<int:user_id>/remove/", views.uninvite, name="uninvite"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/language/", views.language, name="language"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report.docx", views.report_file, {"fmt": "docx"}, name="report_docx"),
    path("<int:pk>/report.pdf", views.report_file, {"fmt": "pdf"}, name="report_pdf"),
]
