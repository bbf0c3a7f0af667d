"""URLconf of bench/pages_site.py: the project's URLs and the bare DRF reference list (benchmark only)."""

from __future__ import annotations

from django.urls import path
from rest_framework import generics, pagination, serializers

from achievements.models import Achievement
from brics_ttc.urls import urlpatterns as project_urlpatterns
from marketplace.models import ModerationState


class ReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Achievement
        fields = ("id", "title", "summary", "country", "trl", "ip_status", "field", "institution", "published_at")


class ReferencePagination(pagination.PageNumberPagination):
    page_size = 20


class ReferenceList(generics.ListAPIView):
    """What DRF gives out of the box: all columns of each row, a ModelSerializer, a page with its exact count."""

    serializer_class = ReferenceSerializer
    pagination_class = ReferencePagination
    queryset = Achievement.objects.filter(state=ModerationState.PUBLISHED).order_by("-published_at", "-id")


urlpatterns = [path("bench/reference/achievements/", ReferenceList.as_view()), *project_urlpatterns]
