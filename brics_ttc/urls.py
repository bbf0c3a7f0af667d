from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from brics_ttc import pages, views
from marketplace import urls as marketplace_urls

handler400 = "brics_ttc.views.bad_request"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/indicators/", include("indicators.api_urls")),
    path("api/v1/", include("brics_ttc.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("open-data/", include("indicators.opendata_urls")),
]
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("terms/", views.legal_page, {"template_name": "legal/terms.html"}, name="terms"),
    path("privacy/", views.legal_page, {"template_name": "legal/privacy.html"}, name="privacy"),
    path("accounts/", include("allauth.urls")),
    path("my/", include("accounts.urls")),
    path("achievements/", include("achievements.urls")),
    path("demands/", include("demands.urls")),
    # The institution's profile shows its achievements and demands: a page of the project (pages.py), under the
    # marketplace's URL names.
    path(
        "institutions/",
        include(
            (
                [
                    *marketplace_urls.urlpatterns,
                    path("<slug:slug>/", pages.institution_detail, name="institution_detail"),
                ],
                marketplace_urls.app_name,
            )
        ),
    ),
    path("translations/", include("translation.urls")),
    path("search/", include("search.urls")),
    path("auctions/", include("trading.urls")),
    path("projects/", include("projects.urls")),
    path("events/", include("events.urls")),
    path("notifications/", include("notifications.urls")),
    path("conversations/", include("negotiations.urls")),
    path("services/", include("services.urls")),
    path("experts/", include("experts.urls")),
    path("certificates/", include("experts.certificate_urls")),
    path("indicators/", include("indicators.urls")),
    path("saved-searches/", include("alerts.urls")),
    path("watchlist/", include("alerts.watch_urls")),
    path("bulk/", include("bulk.urls")),
    prefix_default_language=True,
)
