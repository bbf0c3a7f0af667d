"""The public REST API, mounted at ``/api/v1/`` (namespace ``api``)."""

from __future__ import annotations

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from accounts.apis import TokenView
from achievements.apis import AchievementViewSet
from alerts.apis import SavedSearchViewSet
from demands.apis import DemandViewSet
from events.apis import EventViewSet, MouViewSet
from experts.apis import CertificateView, CourseViewSet, ExpertViewSet
from marketplace.apis import FieldListView, InstitutionViewSet, api_not_found
from matchmaking.apis import AchievementMatchesView, DemandMatchesView
from negotiations.apis import ConversationViewSet
from projects.apis import ProjectViewSet
from search.apis import SearchView
from services.apis import ServiceRequestViewSet, ServiceViewSet
from trading.apis import AuctionViewSet

app_name = "api"

router = SimpleRouter()
router.register("achievements", AchievementViewSet, basename="achievement")
router.register("demands", DemandViewSet, basename="demand")
router.register("institutions", InstitutionViewSet, basename="institution")
router.register("auctions", AuctionViewSet, basename="auction")
router.register("projects", ProjectViewSet, basename="project")
router.register("events", EventViewSet, basename="event")
router.register("mous", MouViewSet, basename="mou")
router.register("conversations", ConversationViewSet, basename="conversation")
router.register("services", ServiceViewSet, basename="service")
router.register("service-requests", ServiceRequestViewSet, basename="service-request")
router.register("experts", ExpertViewSet, basename="expert")
router.register("courses", CourseViewSet, basename="course")
router.register("saved-searches", SavedSearchViewSet, basename="saved-search")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("fields/", FieldListView.as_view(), name="field-list"),
    path("search/", SearchView.as_view(), name="search"),
    path("demands/<int:pk>/matches/", DemandMatchesView.as_view(), name="demand-matches"),
    path("achievements/<int:pk>/matches/", AchievementMatchesView.as_view(), name="achievement-matches"),
    path("certificates/<str:code>/", CertificateView.as_view(), name="certificate"),
    *router.urls,
    # Unknown API paths answer in the API's error shape, not with the HTML 404 page. Only paths ending in a slash, so
    # that APPEND_SLASH still redirects "/api/v1/achievements" to its canonical form.
    re_path(r"^.*/$", api_not_found),
]
