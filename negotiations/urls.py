from django.urls import path

from negotiations import views

app_name = "negotiations"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/<str:subject_type>/<int:pk>/", views.conversation_start_view, name="start"),
    path("<int:pk>/", views.conversation_detail, name="detail"),
    path("<int:pk>/read/", views.read_view, name="read"),
    path("<int:pk>/meetings/", views.meeting_propose_view, name="meeting_propose"),
    path("<int:pk>/meetings/<int:meeting_id>/", views.meeting_decide_view, name="meeting_decide"),
    path("<int:pk>/outcome/", views.outcome_view, name="outcome"),
    path("<int:pk>/messages/<int:message_id>/report/", views.report_view, name="report"),
    path("<int:pk>/block/<int:user_id>/", views.block_view, name="block"),
    path("<int:pk>/colleagues/", views.colleague_view, name="colleague"),
    path("<int:pk>/mediation/", views.mediation_view, name="mediation"),
    path("<int:pk>/nda/", views.nda_accept_view, name="nda_accept"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/confidential/",
        views.attachment_confidential_view,
        name="attachment_confidential",
    ),
    path("attachments/<int:pk>/", views.attachment_view, name="attachment"),
]
