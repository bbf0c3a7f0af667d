from django.urls import path

from marketplace import views

app_name = "marketplace"
# Fixed paths first: "mine" and "invitations" must not be read as an institution's slug. The profile page itself
# ("<slug>/") shows listings of the apps above: brics_ttc/pages.py, routed in brics_ttc/urls.py after these.
urlpatterns = [
    path("", views.institution_list, name="institution_list"),
    path("mine/", views.my_institutions, name="my_institutions"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("<slug:slug>/logo/", views.institution_logo, name="institution_logo"),
    path("<slug:slug>/join/", views.institution_join, name="membership_request"),
    path("<slug:slug>/manage/", views.institution_manage, name="institution_manage"),
    path("<slug:slug>/members/<int:pk>/decide/", views.membership_decision, name="membership_decide"),
    path("<slug:slug>/members/<int:pk>/remove/", views.membership_delete, name="membership_remove"),
]
