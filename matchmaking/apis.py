"""``GET /api/v1/demands/{id}/matches/`` and ``GET /api/v1/achievements/{id}/matches/``: the best counterparts."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from achievements.models import Achievement
from demands.models import Demand
from marketplace.api import LanguageMixin
from marketplace.apis import ERROR_RESPONSE, LANG_PARAMETER
from marketplace.permissions import can_view_listing
from matchmaking.selectors import MAX_MATCHES, listing_matches


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text=_(
            "meaning, same_field, transfer_mode, within_budget, price_negotiable, trl, trl_in_range, "
            "trl_below_range, trl_above_range, preferred_country, same_country or keywords."
        )
    )
    detail = serializers.CharField(help_text=_("The reason in the reader's language."))


class MatchSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=[("achievement", "achievement"), ("demand", "demand")])
    id = serializers.IntegerField()
    title = serializers.CharField()
    title_language = serializers.CharField(help_text=_("Language code of the title shown."))
    score = serializers.FloatField(help_text=_("0 to 1: meaning and structure together."))
    similarity = serializers.FloatField(help_text=_("Cosine similarity of the two listings' texts."))
    reasons = ReasonSerializer(many=True)


class LimitSerializer(serializers.Serializer):
    limit = serializers.IntegerField(required=False, default=10, min_value=1, max_value=MAX_MATCHES)


def _data(matches) -> list[dict]:
    return [
        {
            "type": match.type,
            "id": match.id,
            "title": match.title,
            "title_language": match.title_language,
            "score": match.score,
            "similarity": match.similarity,
            "reasons": [{"code": reason.code, "detail": reason.detail} for reason in match.reasons],
        }
        for match in matches
    ]


class _MatchesView(LanguageMixin, APIView):
    """Published listings of other organisations that fit this one, each with its reasons (never confidential data)."""

    permission_classes = [AllowAny]
    model: type = Achievement

    def get(self, request: Request, pk: int) -> Response:
        parameters = LimitSerializer(data=request.query_params)
        parameters.is_valid(raise_exception=True)
        listing = get_object_or_404(self.model.objects.select_related("field"), pk=pk)
        if not can_view_listing(request.user, listing):
            raise Http404
        lang = translation.get_language() or "en"
        matches = listing_matches(listing=listing, lang=lang, limit=parameters.validated_data["limit"])
        return Response(_data(matches))


_SCHEMA = {
    "tags": ["matchmaking"],
    "parameters": [
        OpenApiParameter(
            "limit", {"type": "integer", "minimum": 1, "maximum": MAX_MATCHES}, description="1-20, default 10"
        ),
        LANG_PARAMETER,
    ],
    "responses": {200: MatchSerializer(many=True), 404: ERROR_RESPONSE},
}


class DemandMatchesView(_MatchesView):
    model = Demand

    @extend_schema(summary=_("Achievements that could answer a demand"), **_SCHEMA)
    def get(self, request: Request, pk: int) -> Response:
        return super().get(request, pk)


class AchievementMatchesView(_MatchesView):
    model = Achievement

    @extend_schema(summary=_("Demands an achievement could answer"), **_SCHEMA)
    def get(self, request: Request, pk: int) -> Response:
        return super().get(request, pk)
