"""The achievements API: the shared listing endpoints plus the NDA and the confidential dossier."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from achievements.filters import AchievementFilter
from achievements.models import Achievement
from achievements.selectors import (
    achievement_dossier_open,
    achievement_get,
    achievement_list,
    achievement_list_mine,
    achievement_nda_acceptances,
)
from achievements.serializers import (
    AchievementAttachmentUploadSerializer,
    AchievementDetailSerializer,
    AchievementDossierSerializer,
    AchievementInputSerializer,
    AchievementListSerializer,
    AchievementMineSerializer,
    NdaAcceptedSerializer,
)
from achievements.services import achievement_create, achievement_update, nda_accept
from marketplace.apis import ERROR_RESPONSE, LANG_PARAMETER, ListingViewSet, listing_schema
from marketplace.errors import NotAllowed, NotFound
from marketplace.permissions import can_edit_listing


@listing_schema(
    list_serializer=AchievementListSerializer,
    detail_serializer=AchievementDetailSerializer,
    mine_serializer=AchievementMineSerializer,
    input_serializer=AchievementInputSerializer,
    attachment_serializer=AchievementAttachmentUploadSerializer,
    filterset_class=AchievementFilter,
    tag="achievements",
)
class AchievementViewSet(ListingViewSet):
    list_serializer_class = AchievementListSerializer
    detail_serializer_class = AchievementDetailSerializer
    mine_serializer_class = AchievementMineSerializer
    input_serializer_class = AchievementInputSerializer
    attachment_serializer_class = AchievementAttachmentUploadSerializer
    detail_route = "api:achievement-detail"

    def select_list(self, *, filters):
        return achievement_list(filters=filters)

    def select_one(self, *, pk: int, user) -> Achievement:
        return achievement_get(pk=pk, user=user)

    def select_mine(self, *, user):
        return achievement_list_mine(user=user)

    def create_listing(self, *, user, arguments: dict) -> Achievement:
        arguments["transfer_modes"] = arguments["transfer_modes"] or []
        return achievement_create(owner=user, **arguments)

    def update_listing(self, *, listing: Achievement, user, arguments: dict) -> Achievement:
        return achievement_update(achievement=listing, user=user, **arguments)

    def upload_attachments(self, *, listing: Achievement, user, files: list, options: dict) -> Achievement:
        uploads = [(upload, {"is_confidential": options.get("is_confidential", False)}) for upload in files]
        return achievement_update(achievement=listing, user=user, data={}, texts={}, uploads=uploads)

    @extend_schema(
        tags=["achievements"],
        parameters=[LANG_PARAMETER],
        summary=_("The confidential dossier (after accepting the NDA)"),
        responses={200: AchievementDossierSerializer, 401: ERROR_RESPONSE, 403: ERROR_RESPONSE, 404: ERROR_RESPONSE},
    )
    @action(detail=True, permission_classes=[IsAuthenticated])
    def dossier(self, request: Request, pk: str) -> Response:
        achievement = self.get_object()
        editor = can_edit_listing(request.user, achievement)
        if not editor and not achievement.has_dossier:
            raise NotFound(_("This achievement has no confidential dossier."))
        if not achievement_dossier_open(achievement=achievement, user=request.user):
            error = NotAllowed(_("Accept the NDA of this achievement to read its dossier."), code="nda_required")
            # The NDA text itself is what the reader must agree to, so it goes with the refusal.
            return Response(
                {"code": error.code, "detail": str(error.message), "nda_text": achievement.nda_text},
                status=error.status,
            )
        context = self.get_serializer_context()
        if editor:
            context["nda_acceptances"] = list(achievement_nda_acceptances(achievement=achievement, user=request.user))
        return Response(AchievementDossierSerializer(achievement, context=context).data)

    @extend_schema(
        tags=["achievements"],
        request=None,
        summary=_("Accept the NDA of an achievement"),
        responses={200: NdaAcceptedSerializer, 401: ERROR_RESPONSE, 404: ERROR_RESPONSE, 409: ERROR_RESPONSE},
    )
    @action(detail=True, methods=["post"], url_path="nda/accept", permission_classes=[IsAuthenticated])
    def nda_accept(self, request: Request, pk: str) -> Response:
        acceptance = nda_accept(achievement=self.get_object(), user=request.user)
        return Response(NdaAcceptedSerializer(acceptance).data)
