"""API shapes of technical demands."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from demands.models import BUDGET_DECIMALS, BUDGET_MAX_DIGITS, Demand
from marketplace.serializers import (
    AttachmentSerializer,
    AttachmentUploadSerializer,
    EditorFieldsMixin,
    ListingInputSerializer,
    ListingOutputSerializer,
    MineFieldsMixin,
    ModeCodesField,
    TranslatedField,
    currency_field,
    modes_field,
    money_field,
)


def _max_length(name: str) -> int:
    return Demand._meta.get_field(name).max_length


class DemandAttachmentSerializer(AttachmentSerializer):
    download_route = "demands:attachment"


class BudgetSerializer(serializers.Serializer):
    min = serializers.DecimalField(
        source="budget_min", max_digits=BUDGET_MAX_DIGITS, decimal_places=BUDGET_DECIMALS, read_only=True
    )
    max = serializers.DecimalField(
        source="budget_max", max_digits=BUDGET_MAX_DIGITS, decimal_places=BUDGET_DECIMALS, read_only=True
    )
    currency = serializers.CharField(source="budget_currency", read_only=True)


class DemandListSerializer(ListingOutputSerializer):
    budget = BudgetSerializer(source="*", read_only=True)
    deadline = serializers.DateField(read_only=True, allow_null=True)
    expires_at = serializers.DateField(read_only=True, allow_null=True)
    cooperation_modes = ModeCodesField()


class DemandMineSerializer(DemandListSerializer, MineFieldsMixin):
    pass


class DemandDetailSerializer(DemandListSerializer, EditorFieldsMixin):
    description = TranslatedField("description")
    attachments = serializers.SerializerMethodField()

    @extend_schema_field(DemandAttachmentSerializer(many=True))
    def get_attachments(self, obj: Demand):
        return DemandAttachmentSerializer(obj.attachments.all(), many=True, context=self.context).data


class DemandInputSerializer(ListingInputSerializer):
    """What an enterprise sends to create or change a demand (texts in ``source_language``)."""

    text_fields = ("title", "description")
    relation_field = "cooperation_modes"

    title = serializers.CharField(max_length=_max_length("title"))
    description = serializers.CharField(max_length=_max_length("description"))
    budget_min = money_field()
    budget_max = money_field()
    budget_currency = currency_field()
    deadline = serializers.DateField(required=False, allow_null=True, help_text=_("Solution wanted by."))
    expires_at = serializers.DateField(required=False, allow_null=True, help_text=_("The listing expires on."))
    cooperation_modes = modes_field(help_text=_("Desired cooperation mode codes."))


class DemandAttachmentUploadSerializer(AttachmentUploadSerializer):
    pass
