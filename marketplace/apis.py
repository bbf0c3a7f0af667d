"""API views of the member directory and the taxonomy, and the base every listing API (achievements, demands) shares.

Views stay thin: selectors read (and decide visibility), services write (and decide the rules); views only translate
HTTP into those calls. Filtering goes through the same FilterSets as the pages, so both always agree.
"""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, FilterSet, ModelChoiceFilter
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from marketplace.api import LanguageMixin, cached_public_response, given_query_params
from marketplace.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent_create
from marketplace.models import Institution, Listing, TechnologyField, TransferMode, TransferModeCode
from marketplace.openapi import TECHNOLOGY_FIELD_SLUGS
from marketplace.permissions import can_edit_listing
from marketplace.selectors import institution_list, institutions_with_counts, latest_staff_reasons, moderation_history
from marketplace.serializers import (
    AttachmentUploadSerializer,
    InstitutionFilterSerializer,
    InstitutionSerializer,
    TechnologyFieldSerializer,
)
from marketplace.services import listing_archive, listing_submit

ERROR_RESPONSE = OpenApiResponse(
    response={
        "type": "object",
        "properties": {
            "code": {"type": "string"},
            "detail": {"type": "string"},
            "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        },
        "required": ["code", "detail"],
    },
    description=_("An error: a machine code, a human message, and on invalid input the messages per field."),
)


MAX_PK = 2**63 - 1  # the largest BigAutoField key


def parse_pk(value: str) -> int:
    """An id from the URL; anything that is not a positive integer a database key can hold is simply not found
    (beyond 2**63 - 1 SQLite overflows and a foreign-key lookup does not catch it as a primary-key lookup does)."""
    if not value.isascii() or not value.isdigit() or len(value) > 19 or int(value) > MAX_PK:
        raise exceptions.NotFound()
    return int(value)


def filterset_parameters(filterset_class: type[FilterSet]) -> list[OpenApiParameter]:
    """Document a FilterSet's query parameters (the views filter through selectors, not a filter backend)."""
    parameters = []
    for name, item in filterset_class.base_filters.items():
        choices = item.extra.get("choices") if isinstance(item, ChoiceFilter) else None
        if isinstance(item, ModelChoiceFilter) and item.queryset is not None and item.queryset.model is TransferMode:
            # Transfer modes are a fixed set declared in code (the rows are only their translated labels).
            choices = TransferModeCode.choices
        # Empty means "any" (the page's "All ..." option), as with every filter of a FilterSet.
        enum = ["", *(str(value) for value, _label in choices)] if choices else None
        schema: type | dict = str
        if isinstance(item, ModelChoiceFilter) and item.queryset is not None and item.queryset.model is TechnologyField:
            # The taxonomy lives in the database: marketplace.openapi lists its slugs when the schema is generated.
            schema = {"type": "string", TECHNOLOGY_FIELD_SLUGS: True}
        parameters.append(OpenApiParameter(name, schema, description=str(item.label or ""), enum=enum))
    return parameters


LANG_PARAMETER = OpenApiParameter(
    "lang",
    str,
    description=_(
        "Language of translated texts (falls back to each item's source language); default: Accept-Language."
    ),
)


class FieldListView(LanguageMixin, generics.ListAPIView):
    """The technology-field taxonomy (small: not paginated)."""

    serializer_class = TechnologyFieldSerializer
    pagination_class = None
    queryset = TechnologyField.objects.order_by("position", "slug")

    @extend_schema(parameters=[LANG_PARAMETER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(
        parameters=[InstitutionFilterSerializer, LANG_PARAMETER],
        responses={200: InstitutionSerializer(many=True), 400: ERROR_RESPONSE},
    ),
    retrieve=extend_schema(parameters=[LANG_PARAMETER], responses={200: InstitutionSerializer, 404: ERROR_RESPONSE}),
)
class InstitutionViewSet(LanguageMixin, viewsets.GenericViewSet):
    """The public directory of member institutions, with counts of their published listings."""

    serializer_class = InstitutionSerializer
    queryset = Institution.objects.none()  # only tells the schema generator the model; reads go through selectors
    filter_backends: ClassVar[list] = []
    lookup_value_regex = "[^/]+"

    def list(self, request: Request) -> Response:
        return cached_public_response(request, "api-institutions", self._list_answer)

    def _list_answer(self) -> dict:
        query = InstitutionFilterSerializer(data=given_query_params(self.request.query_params))
        query.is_valid(raise_exception=True)
        page = institutions_with_counts(self.paginate_queryset(institution_list(filters=query.validated_data)))
        return self.get_paginated_response(self.get_serializer(page, many=True).data).data

    def retrieve(self, request: Request, pk: str) -> Response:
        institution = institution_list().filter(pk=parse_pk(pk)).first()
        if institution is None:
            raise exceptions.NotFound()
        return Response(self.get_serializer(institutions_with_counts([institution])[0]).data)


class ListingViewSet(LanguageMixin, viewsets.GenericViewSet):
    """Read, create, change, submit and archive one kind of listing; subclasses plug in its selectors and services.

    Visibility is the selectors' business: an id the user may not see is a 404, whatever its state. Changing needs
    editor rights (owner, their institution's admins, staff): a visible listing someone may not edit is a 403.
    """

    lookup_value_regex = "[^/]+"
    # Filtering goes through the selector's FilterSet (shared with the pages), not through a filter backend.
    filter_backends: ClassVar[list] = []
    list_serializer_class: ClassVar[type]
    detail_serializer_class: ClassVar[type]
    mine_serializer_class: ClassVar[type]
    input_serializer_class: ClassVar[type]
    attachment_serializer_class: ClassVar[type]
    detail_route: ClassVar[str]

    # --- plugged in by each listing type ---
    def select_list(self, *, filters) -> FilterSet:
        raise NotImplementedError

    def select_one(self, *, pk: int, user) -> Listing:
        raise NotImplementedError

    def select_mine(self, *, user):
        raise NotImplementedError

    def create_listing(self, *, user, arguments: dict) -> Listing:
        raise NotImplementedError

    def update_listing(self, *, listing: Listing, user, arguments: dict) -> Listing:
        raise NotImplementedError

    def upload_attachments(self, *, listing: Listing, user, files: list, options: dict) -> Listing:
        raise NotImplementedError

    # --- shared plumbing ---
    def get_serializer_class(self):
        return self.detail_serializer_class

    def get_object(self) -> Listing:
        return self.select_one(pk=parse_pk(self.kwargs["pk"]), user=self.request.user)

    def get_editable_object(self) -> Listing:
        listing = self.get_object()
        if not can_edit_listing(self.request.user, listing):
            raise exceptions.PermissionDenied(
                _("Only the owner, the administrators of its institution and center staff can change this listing.")
            )
        return listing

    def detail_response(
        self, listing: Listing, *, status_code: int = status.HTTP_200_OK, reload: bool = True
    ) -> Response:
        # After a write, reload through the selector: relations prefetched, and the state as the services left it.
        if reload:
            listing = self.select_one(pk=listing.pk, user=self.request.user)
        context = self.get_serializer_context()
        if can_edit_listing(self.request.user, listing):
            context["history"] = list(moderation_history(listing=listing))
        data = self.detail_serializer_class(listing, context=context).data
        headers = {}
        if status_code == status.HTTP_201_CREATED:
            headers["Location"] = reverse(self.detail_route, kwargs={"pk": listing.pk}, request=self.request)
        return Response(data, status=status_code, headers=headers)

    def list(self, request: Request) -> Response:
        return cached_public_response(request, "api-list", self._list_answer, type(self).__name__)

    def _list_answer(self) -> dict:
        filterset = self.select_list(filters=self.request.query_params)
        if filterset.is_bound and not filterset.is_valid():
            raise exceptions.ValidationError(
                {name: [str(message) for message in messages] for name, messages in filterset.errors.items()}
            )
        page = self.paginate_queryset(filterset.qs)
        data = self.list_serializer_class(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data).data

    def retrieve(self, request: Request, pk: str) -> Response:
        if not request.user.is_authenticated:
            # A reader who is not signed in sees a public listing as every such reader does: cached like the lists
            # (a listing they may not see raises its 404 and is never cached).
            answer = lambda: self.detail_response(self.get_object(), reload=False).data  # noqa: E731
            return cached_public_response(request, "api-detail", answer, type(self).__name__)
        return self.detail_response(self.get_object(), reload=False)  # just read through the selector

    def create(self, request: Request) -> Response:
        return idempotent_create(
            request, scope=f"{self.basename}.create", respond=lambda: self.create_response(request)
        )

    def create_response(self, request: Request) -> Response:
        serializer = self.input_serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        listing = self.create_listing(user=request.user, arguments=serializer.service_arguments())
        return self.detail_response(listing, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        listing = self.get_editable_object()
        serializer = self.input_serializer_class(data=request.data, partial=True, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        self.update_listing(listing=listing, user=request.user, arguments=serializer.service_arguments(listing=listing))
        return self.detail_response(listing)

    @action(detail=False, permission_classes=[IsAuthenticated])
    def mine(self, request: Request) -> Response:
        page = self.paginate_queryset(self.select_mine(user=request.user))
        context = {**self.get_serializer_context(), "staff_reasons": latest_staff_reasons(listings=page)}
        return self.get_paginated_response(self.mine_serializer_class(page, many=True, context=context).data)

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        listing = self.get_editable_object()
        listing_submit(listing=listing, user=request.user)
        return self.detail_response(listing)

    @action(detail=True, methods=["post"])
    def archive(self, request: Request, pk: str) -> Response:
        listing = self.get_editable_object()
        listing_archive(listing=listing, user=request.user)
        return self.detail_response(listing)

    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request: Request, pk: str) -> Response:
        listing = self.get_editable_object()
        serializer = self.attachment_serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        options = dict(serializer.validated_data)
        files = options.pop("files")
        self.upload_attachments(listing=listing, user=request.user, files=files, options=options)
        return self.detail_response(listing, status_code=status.HTTP_201_CREATED)


def listing_schema(
    *,
    list_serializer,
    detail_serializer,
    mine_serializer,
    input_serializer,
    attachment_serializer=AttachmentUploadSerializer,
    filterset_class: type[FilterSet],
    tag: str,
):
    """The OpenAPI description of a ``ListingViewSet`` subclass (request and response shapes differ)."""
    errors = {400: ERROR_RESPONSE, 401: ERROR_RESPONSE, 403: ERROR_RESPONSE, 404: ERROR_RESPONSE, 409: ERROR_RESPONSE}
    common = {"tags": [tag], "parameters": [LANG_PARAMETER]}
    return extend_schema_view(
        list=extend_schema(
            **{**common, "parameters": [*filterset_parameters(filterset_class), LANG_PARAMETER]},
            summary=_("Published listings, filtered and paginated"),
            responses={200: list_serializer(many=True), 400: ERROR_RESPONSE},
        ),
        retrieve=extend_schema(
            **common, responses={200: detail_serializer, 404: ERROR_RESPONSE}, summary=_("One visible listing")
        ),
        create=extend_schema(
            **{**common, "parameters": [LANG_PARAMETER, IDEMPOTENCY_KEY_PARAMETER]},
            request=input_serializer,
            responses={201: detail_serializer, **errors},
            summary=_("Create a draft"),
        ),
        partial_update=extend_schema(
            **common,
            request=input_serializer,
            responses={200: detail_serializer, **errors},
            summary=_("Change a draft (owner, institution admins, staff)"),
        ),
        mine=extend_schema(
            **common,
            responses={200: mine_serializer(many=True), 401: ERROR_RESPONSE},
            summary=_("My listings, in every state"),
        ),
        submit=extend_schema(
            **common,
            request=None,
            responses={200: detail_serializer, **errors},
            summary=_("Submit for review"),
        ),
        archive=extend_schema(
            **common,
            request=None,
            responses={200: detail_serializer, **errors},
            summary=_("Withdraw from the marketplace"),
        ),
        attachments=extend_schema(
            **common,
            request={"multipart/form-data": attachment_serializer},
            responses={201: detail_serializer, **errors},
            summary=_("Upload attachments"),
        ),
    )


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@permission_classes([AllowAny])
def api_not_found(request: Request) -> Response:
    raise exceptions.NotFound(_("There is no such API endpoint."))
