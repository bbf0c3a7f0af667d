"""The demands API: the shared listing endpoints over the demand selectors and services."""

from __future__ import annotations

from demands.filters import DemandFilter
from demands.models import Demand
from demands.selectors import demand_get, demand_list, demand_list_mine
from demands.serializers import (
    DemandAttachmentUploadSerializer,
    DemandDetailSerializer,
    DemandInputSerializer,
    DemandListSerializer,
    DemandMineSerializer,
)
from demands.services import demand_create, demand_update
from marketplace.apis import ListingViewSet, listing_schema


@listing_schema(
    list_serializer=DemandListSerializer,
    detail_serializer=DemandDetailSerializer,
    mine_serializer=DemandMineSerializer,
    input_serializer=DemandInputSerializer,
    attachment_serializer=DemandAttachmentUploadSerializer,
    filterset_class=DemandFilter,
    tag="demands",
)
class DemandViewSet(ListingViewSet):
    list_serializer_class = DemandListSerializer
    detail_serializer_class = DemandDetailSerializer
    mine_serializer_class = DemandMineSerializer
    input_serializer_class = DemandInputSerializer
    attachment_serializer_class = DemandAttachmentUploadSerializer
    detail_route = "api:demand-detail"

    def select_list(self, *, filters):
        return demand_list(filters=filters)

    def select_one(self, *, pk: int, user) -> Demand:
        return demand_get(pk=pk, user=user)

    def select_mine(self, *, user):
        return demand_list_mine(user=user)

    def create_listing(self, *, user, arguments: dict) -> Demand:
        arguments["cooperation_modes"] = arguments["cooperation_modes"] or []
        return demand_create(owner=user, **arguments)

    def update_listing(self, *, listing: Demand, user, arguments: dict) -> Demand:
        return demand_update(demand=listing, user=user, **arguments)

    def upload_attachments(self, *, listing: Demand, user, files: list, options: dict) -> Demand:
        return demand_update(demand=listing, user=user, data={}, texts={}, uploads=files)
