"""The projects API: published projects, drafts with their bundle and consortium, submission, members'
confirmations and investors' interest. Visibility is the selectors' business: what one may not see is a 404."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from marketplace.api import LanguageMixin
from marketplace.apis import ERROR_RESPONSE, LANG_PARAMETER, filterset_parameters, parse_pk
from marketplace.errors import NotAllowed, NotFound
from projects import selectors
from projects.filters import ProjectFilter
from projects.models import Project, ProjectMember
from projects.serializers import (
    InterestInputSerializer,
    InterestSerializer,
    MemberSerializer,
    ProjectDetailSerializer,
    ProjectInputSerializer,
    ProjectListSerializer,
)
from projects.services import interest_express, project_confirm_member, project_create, project_submit

ERRORS = {400: ERROR_RESPONSE, 401: ERROR_RESPONSE, 403: ERROR_RESPONSE, 404: ERROR_RESPONSE, 409: ERROR_RESPONSE}
COMMON = {"tags": ["projects"], "parameters": [LANG_PARAMETER]}


@extend_schema_view(
    list=extend_schema(
        **{**COMMON, "parameters": [*filterset_parameters(ProjectFilter), LANG_PARAMETER]},
        summary=_("Published projects, filtered and paginated"),
        responses={200: ProjectListSerializer(many=True), 400: ERROR_RESPONSE},
    ),
    retrieve=extend_schema(
        **COMMON, summary=_("One visible project"), responses={200: ProjectDetailSerializer, 404: ERROR_RESPONSE}
    ),
    create=extend_schema(
        **COMMON,
        summary=_("Create a draft project"),
        description=_("A funding sought needs its currency: funding_sought without funding_currency is a 400."),
        request=ProjectInputSerializer,
        responses={201: ProjectDetailSerializer, **ERRORS},
    ),
    submit=extend_schema(
        **COMMON, summary=_("Submit for review"), request=None, responses={200: ProjectDetailSerializer, **ERRORS}
    ),
    confirm_member=extend_schema(
        **COMMON,
        summary=_("Confirm the participation of your institution"),
        request=None,
        responses={200: MemberSerializer, **ERRORS},
    ),
    interest=extend_schema(
        **COMMON,
        summary=_("Express your investor institution's interest"),
        request=InterestInputSerializer,
        responses={201: InterestSerializer, **ERRORS},
    ),
)
class ProjectViewSet(LanguageMixin, viewsets.GenericViewSet):
    lookup_value_regex = "[^/]+"
    filter_backends: ClassVar[list] = []
    serializer_class = ProjectDetailSerializer
    queryset = Project.objects.none()  # only tells the schema generator the model; reads go through selectors

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return super().get_permissions()
        return [IsAuthenticated()]

    def _project(self, pk: str) -> Project:
        return selectors.project_get(pk=parse_pk(pk), user=self.request.user)

    def _detail(self, project: Project, *, status_code: int = status.HTTP_200_OK) -> Response:
        user = self.request.user
        project = selectors.project_get(pk=project.pk, user=user)
        context = {
            **self.get_serializer_context(),
            "bundle": selectors.project_bundle(project=project, user=user),
            "members": selectors.project_members(project=project, user=user),
        }
        headers = {}
        if status_code == status.HTTP_201_CREATED:
            headers["Location"] = reverse("api:project-detail", kwargs={"pk": project.pk}, request=self.request)
        return Response(ProjectDetailSerializer(project, context=context).data, status=status_code, headers=headers)

    def list(self, request: Request) -> Response:
        filterset = selectors.project_list(filters=request.query_params)
        if filterset.is_bound and not filterset.is_valid():
            raise exceptions.ValidationError(
                {name: [str(message) for message in messages] for name, messages in filterset.errors.items()}
            )
        page = self.paginate_queryset(filterset.qs)
        return self.get_paginated_response(
            ProjectListSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(self._project(pk))

    def create(self, request: Request) -> Response:
        serializer = ProjectInputSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        project = project_create(user=request.user, **serializer.service_arguments())
        return self._detail(project, status_code=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        project = self._project(pk)
        project_submit(project=project, user=request.user)
        return self._detail(project)

    @action(detail=True, methods=["post"], url_path=r"members/(?P<mid>[^/]+)/confirm")
    def confirm_member(self, request: Request, pk: str, mid: str) -> Response:
        project = self._project(pk)
        member = ProjectMember.objects.select_related("institution").filter(project=project, pk=parse_pk(mid)).first()
        if member is None:
            raise NotFound()
        return Response(MemberSerializer(project_confirm_member(member=member, user=request.user)).data)

    @action(detail=True, methods=["post"])
    def interest(self, request: Request, pk: str) -> Response:
        project = self._project(pk)
        serializer = InterestInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        investor = serializer.validated_data.get("investor")
        if investor is None:
            mine = selectors.user_investor_institutions(user=request.user)
            if len(mine) != 1:
                raise NotAllowed(_("Name the investor institution you express interest for."), code="investor_required")
            investor = mine[0]
        interest = interest_express(
            project=project, user=request.user, investor=investor, message=serializer.validated_data.get("message", "")
        )
        return Response(InterestSerializer(interest).data, status=status.HTTP_201_CREATED)
