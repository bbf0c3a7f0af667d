"""Saved searches in the API: a member's own, listed, created and deleted (anyone else's does not exist)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from alerts import selectors
from alerts.models import SavedSearch
from alerts.serializers import SavedSearchCreateSerializer, SavedSearchSerializer
from alerts.services import saved_search_create, saved_search_delete
from marketplace.apis import ERROR_RESPONSE, parse_pk
from marketplace.parsers import JSONParser


@extend_schema_view(
    list=extend_schema(
        tags=["saved searches"],
        summary=_("My saved searches"),
        responses={200: SavedSearchSerializer(many=True), 401: ERROR_RESPONSE},
    ),
    create=extend_schema(
        tags=["saved searches"],
        summary=_("Save a search: new matching listings are notified"),
        description=_(
            "Words, a type or a filter value: a search with none of them is a 400 (empty_search). Each filter is a "
            "search facet with the values it takes; a search longer than 2000 characters as a query string is a 400 "
            "(search_too_long)."
        ),
        request=SavedSearchCreateSerializer,
        responses={
            200: SavedSearchSerializer,
            201: SavedSearchSerializer,
            400: ERROR_RESPONSE,
            401: ERROR_RESPONSE,
            409: ERROR_RESPONSE,
        },
    ),
    destroy=extend_schema(
        tags=["saved searches"],
        summary=_("Delete one of my saved searches"),
        responses={204: None, 401: ERROR_RESPONSE, 404: ERROR_RESPONSE},
    ),
)
class SavedSearchViewSet(viewsets.GenericViewSet):
    permission_classes = (IsAuthenticated,)
    # JSON only: the body nests its filters, which a form cannot express.
    parser_classes = (JSONParser,)
    serializer_class = SavedSearchSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SavedSearch.objects.none()
        return selectors.saved_searches_of(user=self.request.user)

    def list(self, request: Request) -> Response:
        return Response(SavedSearchSerializer(self.get_queryset(), many=True).data)

    def create(self, request: Request) -> Response:
        body = SavedSearchCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        saved, created = saved_search_create(
            user=request.user, params=body.params(), name=body.validated_data.get("name", "")
        )
        return Response(SavedSearchSerializer(saved).data, status=201 if created else 200)

    def destroy(self, request: Request, pk: str) -> Response:
        saved_search_delete(user=request.user, saved_search_id=parse_pk(pk))
        return Response(status=204)
