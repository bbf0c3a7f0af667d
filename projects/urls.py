from django.urls import path

from projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list_view, name="list"),
    path("new/", views.project_create_view, name="create"),
    path("assistant/", views.assistant_view, name="assistant"),
    path("confirmations/", views.confirmations_view, name="confirmations"),
    path("<int:pk>/", views.project_detail_view, name="detail"),
    path("<int:pk>/edit/", views.project_edit_view, name="edit"),
    path("<int:pk>/submit/", views.project_submit_view, name="submit"),
    path("<int:pk>/archive/", views.project_archive_view, name="archive"),
    path("<int:pk>/achievements/", views.bundle_add_view, name="bundle_add"),
    path("<int:pk>/members/", views.member_add_view, name="member_add"),
    path("<int:pk>/milestones/", views.milestone_add_view, name="milestone_add"),
    path("<int:pk>/interest/", views.interest_view, name="interest"),
    path("<int:pk>/auction/", views.package_auction_propose_view, name="package_auction"),
    path("milestones/<int:pk>/remove/", views.milestone_remove_view, name="milestone_remove"),
    path("inclusions/<int:pk>/<str:decision>/", views.inclusion_decide_view, name="inclusion_decide"),
    path("members/<int:pk>/<str:decision>/", views.member_decide_view, name="member_decide"),
]
