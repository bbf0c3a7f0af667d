"""The service hub's API: the public directory of services, and service requests for their two parties."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from achievements.models import Achievement
from experts.models import Expert
from marketplace.api import LanguageMixin, given_query_params
from marketplace.apis import ERROR_RESPONSE, LANG_PARAMETER, parse_pk
from marketplace.errors import NotFound
from marketplace.permissions import member_institution_ids
from services import selectors
from services.models import RequestState, Service
from services.serializers import (
    DecisionInputSerializer,
    DeliverInputSerializer,
    QuoteInputSerializer,
    RateInputSerializer,
    ServiceDetailSerializer,
    ServiceFilterSerializer,
    ServiceRequestCreateSerializer,
    ServiceRequestSerializer,
    ServiceSerializer,
)
from services.services.requests import (
    service_request_confirm,
    service_request_create,
    service_request_decide,
    service_request_deliver,
    service_request_quote,
    service_request_rate,
)
from trading.models import Deal

ERRORS = {400: ERROR_RESPONSE, 401: ERROR_RESPONSE, 403: ERROR_RESPONSE, 404: ERROR_RESPONSE, 409: ERROR_RESPONSE}


@extend_schema_view(
    list=extend_schema(
        tags=["services"],
        summary=_("Published services, filtered by category, country and language"),
        parameters=[ServiceFilterSerializer, LANG_PARAMETER],
        responses={200: ServiceSerializer(many=True), 400: ERROR_RESPONSE},
    ),
    retrieve=extend_schema(
        tags=["services"],
        parameters=[LANG_PARAMETER],
        responses={200: ServiceDetailSerializer, 404: ERROR_RESPONSE},
    ),
)
class ServiceViewSet(LanguageMixin, viewsets.GenericViewSet):
    """The one-stop service hub's directory."""

    serializer_class = ServiceSerializer
    queryset = Service.objects.none()  # tells the schema generator the model; reads go through selectors
    filter_backends: ClassVar[list] = []
    lookup_value_regex = "[^/]+"

    def list(self, request: Request) -> Response:
        query = ServiceFilterSerializer(data=given_query_params(request.query_params))
        query.is_valid(raise_exception=True)
        page = self.paginate_queryset(selectors.service_list(filters=query.validated_data))
        return self.get_paginated_response(
            ServiceSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        service = selectors.service_get(pk=parse_pk(pk), user=request.user)
        context = {**self.get_serializer_context(), "ratings": selectors.service_ratings(service=service)}
        return Response(ServiceDetailSerializer(service, context=context).data)


def _optional(model, pk):
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


@extend_schema_view(
    list=extend_schema(
        tags=["services"],
        summary=_("Your service requests, on either side"),
        responses={200: ServiceRequestSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(tags=["services"], responses={200: ServiceRequestSerializer, **ERRORS}),
    create=extend_schema(
        tags=["services"],
        summary=_("Ask a provider for a service, consult an expert, or (neither) ask the center"),
        description=_(
            "A message, and a service, an expert or a category: a service and an expert at once, or neither of them "
            "without a category, is a 400."
        ),
        request=ServiceRequestCreateSerializer,
        responses={201: ServiceRequestSerializer, **ERRORS},
    ),
)
class ServiceRequestViewSet(LanguageMixin, viewsets.GenericViewSet):
    """Service requests: only their two parties (and staff) ever see one; anyone else gets a 404."""

    serializer_class = ServiceRequestSerializer
    permission_classes: ClassVar[list] = [IsAuthenticated]
    parser_classes: ClassVar[list] = [JSONParser, MultiPartParser, FormParser]
    filter_backends: ClassVar[list] = []
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return selectors.request_list(user=self.request.user)

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "member_institutions": member_institution_ids(self.request.user)}

    def _out(self, request_obj, status: int = 200) -> Response:
        fresh = selectors.request_get(pk=request_obj.pk, user=self.request.user)
        return Response(ServiceRequestSerializer(fresh, context=self.get_serializer_context()).data, status=status)

    def _get(self, pk: str):
        return selectors.request_get(pk=parse_pk(pk), user=self.request.user)

    def list(self, request: Request) -> Response:
        state = request.query_params.get("state", "")
        if state and state not in RequestState.values:
            raise exceptions.ValidationError({"state": [_("Unknown state.")]})
        qs = selectors.request_list(user=request.user, state=state).prefetch_related("files")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._out(self._get(pk))

    def create(self, request: Request) -> Response:
        data = ServiceRequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        service = _optional(Service, values.get("service"))
        expert = _optional(Expert, values.get("expert"))
        created = service_request_create(
            requester=request.user,
            message=values["message"],
            service=service,
            expert=expert,
            category=values.get("category", ""),
            achievement=_optional(Achievement, values.get("achievement")),
            deal=_optional(Deal, values.get("deal")),
        )
        return self._out(created, status=201)

    @extend_schema(
        tags=["services"],
        request=QuoteInputSerializer,
        responses={200: ServiceRequestSerializer, **ERRORS},
        description=_("The delivery date must not be in the past (400 invalid_delivery_date)."),
    )
    @action(detail=True, methods=["post"])
    def quote(self, request: Request, pk: str) -> Response:
        data = QuoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        updated = service_request_quote(
            request=self._get(pk),
            user=request.user,
            amount=values["amount"],
            currency=values["currency"],
            delivery_date=values["delivery_date"],
            terms=values["terms"],
        )
        return self._out(updated)

    @extend_schema(
        tags=["services"],
        request=DecisionInputSerializer,
        summary=_('Accept the quote (or decline it with {"accept": false})'),
        responses={200: ServiceRequestSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        data = DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._out(
            service_request_decide(request=self._get(pk), user=request.user, accept=data.validated_data["accept"])
        )

    @extend_schema(tags=["services"], request=None, responses={200: ServiceRequestSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        return self._out(service_request_decide(request=self._get(pk), user=request.user, accept=False))

    @extend_schema(
        tags=["services"],
        request={"multipart/form-data": DeliverInputSerializer},
        responses={200: ServiceRequestSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def deliver(self, request: Request, pk: str) -> Response:
        data = DeliverInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        return self._out(
            service_request_deliver(
                request=self._get(pk), user=request.user, files=values["files"], note=values["note"]
            )
        )

    @extend_schema(tags=["services"], request=None, responses={200: ServiceRequestSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        return self._out(service_request_confirm(request=self._get(pk), user=request.user))

    @extend_schema(tags=["services"], request=RateInputSerializer, responses={200: ServiceRequestSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def rate(self, request: Request, pk: str) -> Response:
        data = RateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        return self._out(
            service_request_rate(
                request=self._get(pk), user=request.user, rating=values["rating"], comment=values["comment"]
            )
        )
