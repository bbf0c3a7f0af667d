"""The experts API: the public directory of experts and technology managers, courses with enrolment, and the public
check of completion certificates."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from experts import selectors
from experts.models import Course, Expert
from experts.serializers import (
    CertificateSerializer,
    CourseFilterSerializer,
    CourseSerializer,
    EnrolmentSerializer,
    ExpertFilterSerializer,
    ExpertSerializer,
)
from experts.services import course_enrol
from marketplace.api import LanguageMixin, given_query_params
from marketplace.apis import ERROR_RESPONSE, LANG_PARAMETER, parse_pk
from marketplace.errors import NotFound


def _filters(serializer_class, request: Request) -> dict:
    query = serializer_class(data=given_query_params(request.query_params))
    query.is_valid(raise_exception=True)
    return query.validated_data


@extend_schema_view(
    list=extend_schema(
        tags=["experts"],
        summary=_("Experts and technology managers, verified first"),
        parameters=[ExpertFilterSerializer, LANG_PARAMETER],
        responses={200: ExpertSerializer(many=True), 400: ERROR_RESPONSE},
    ),
    retrieve=extend_schema(tags=["experts"], parameters=[LANG_PARAMETER], responses={200: ExpertSerializer}),
)
class ExpertViewSet(LanguageMixin, viewsets.GenericViewSet):
    serializer_class = ExpertSerializer
    queryset = Expert.objects.none()
    filter_backends: ClassVar[list] = []
    lookup_value_regex = "[^/]+"

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.expert_list(filters=_filters(ExpertFilterSerializer, request)))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self.get_serializer(selectors.expert_get(pk=parse_pk(pk))).data)


@extend_schema_view(
    list=extend_schema(
        tags=["experts"],
        summary=_("Training courses for technology managers and researchers"),
        parameters=[CourseFilterSerializer, LANG_PARAMETER],
        responses={200: CourseSerializer(many=True), 400: ERROR_RESPONSE},
    ),
    retrieve=extend_schema(tags=["experts"], parameters=[LANG_PARAMETER], responses={200: CourseSerializer}),
)
class CourseViewSet(LanguageMixin, viewsets.GenericViewSet):
    serializer_class = CourseSerializer
    queryset = Course.objects.none()
    filter_backends: ClassVar[list] = []
    lookup_value_regex = "[^/]+"

    def list(self, request: Request) -> Response:
        qs = selectors.course_list(filters=_filters(CourseFilterSerializer, request)).prefetch_related("modules")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        course = selectors.course_get(pk=parse_pk(pk))
        return Response(self.get_serializer(course).data)

    @extend_schema(
        tags=["experts"],
        request=None,
        summary=_("Enrol in the course (idempotent; 409 course_full when no place is left)"),
        responses={201: EnrolmentSerializer, 401: ERROR_RESPONSE, 404: ERROR_RESPONSE, 409: ERROR_RESPONSE},
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def enrolment(self, request: Request, pk: str) -> Response:
        course = selectors.course_get(pk=parse_pk(pk))
        enrolment = course_enrol(course=course, user=request.user)
        return Response(EnrolmentSerializer(enrolment).data, status=201)


class CertificateView(LanguageMixin, APIView):
    """Anyone checks a certificate code: genuine and valid, or revoked (with the date and reason); else 404."""

    permission_classes: ClassVar[list] = []

    @extend_schema(tags=["experts"], responses={200: CertificateSerializer, 404: ERROR_RESPONSE})
    def get(self, request: Request, code: str) -> Response:
        certificate = selectors.certificate_check(code=code)
        if certificate is None:
            raise NotFound(_("No certificate with this code was issued here."), code="certificate_not_found")
        return Response(CertificateSerializer(certificate).data)
