"""API shapes of technical demands."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from demands.models import BUDGET_DECIMALS, BUDGET_MAX_DIGITS, Demand
from marketplace.readiness import TRL_MAX, TRL_MIN
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
        source="budget_min",
        max_digits=BUDGET_MAX_DIGITS,
        decimal_places=BUDGET_DECIMALS,
        read_only=True,
        allow_null=True,
    )
    max = serializers.DecimalField(
        source="budget_max",
        max_digits=BUDGET_MAX_DIGITS,
        decimal_places=BUDGET_DECIMALS,
        read_only=True,
        allow_null=True,
    )
    currency = serializers.CharField(source="budget_currency", read_only=True)


class DemandListSerializer(ListingOutputSerializer):
    budget = BudgetSerializer(source="*", read_only=True)
    deadline = serializers.DateField(read_only=True, allow_null=True)
    expires_at = serializers.DateField(read_only=True, allow_null=True)
    trl_min = serializers.IntegerField(read_only=True, allow_null=True)
    trl_max = serializers.IntegerField(read_only=True, allow_null=True)
    preferred_countries = serializers.SerializerMethodField()
    cooperation_modes = ModeCodesField()

    def get_preferred_countries(self, obj: Demand) -> list[str]:
        return [country.code for country in obj.preferred_countries]


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
    trl_min = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=TRL_MIN,
        max_value=TRL_MAX,
        help_text=_("Lowest technology readiness level required (1-9)."),
    )
    trl_max = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=TRL_MIN,
        max_value=TRL_MAX,
        help_text=_("Highest technology readiness level wanted (1-9)."),
    )
    preferred_countries = serializers.ListField(
        child=serializers.ChoiceField(choices=[country.code for country in countries]),
        required=False,
        max_length=len(countries),
        help_text=_("ISO 3166 country codes where a partner is preferred."),
    )
    cooperation_modes = modes_field(help_text=_("Desired cooperation mode codes."))


class DemandAttachmentUploadSerializer(AttachmentUploadSerializer):
    pass
