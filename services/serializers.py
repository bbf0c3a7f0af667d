"""API shapes of the service hub. Quotes, delivery notes and files appear only in the request shapes, which only the
request's two parties and staff ever receive (the selectors decide)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from marketplace.models import Currency
from marketplace.serializers import (
    LANGUAGE_CHOICES,
    InputSerializer,
    InstitutionBriefSerializer,
    PageUrlField,
    TranslatedField,
    absolute_url,
)
from services.models import AMOUNT_DECIMALS, AMOUNT_MAX_DIGITS, PriceKind, RequestState, Service, ServiceCategory


class ServiceFilterSerializer(serializers.Serializer):
    """The query parameters of the service directory."""

    category = serializers.ChoiceField(choices=ServiceCategory.choices, required=False)
    country = CountryField(required=False, help_text=_("ISO 3166 code of a country served."))
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, required=False, help_text=_("A language served."))
    provider = serializers.IntegerField(required=False, min_value=1, help_text=_("Provider institution id."))


class ServicePriceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(source="price_kind", choices=PriceKind.choices)
    amount = serializers.DecimalField(
        source="price_amount", max_digits=AMOUNT_MAX_DIGITS, decimal_places=AMOUNT_DECIMALS, allow_null=True
    )
    currency = serializers.CharField(source="price_currency")


class ServiceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = PageUrlField()
    title = TranslatedField("title")
    description = TranslatedField("description")
    language = serializers.SerializerMethodField(help_text=_("Language of the returned title and description."))
    source_language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, read_only=True)
    category = serializers.ChoiceField(choices=ServiceCategory.choices, read_only=True)
    provider = InstitutionBriefSerializer(source="institution", read_only=True)
    countries_served = serializers.SerializerMethodField()
    languages = serializers.ListField(source="language_list", child=serializers.CharField(), read_only=True)
    delivery_days = serializers.IntegerField(read_only=True)
    price = ServicePriceSerializer(source="*", read_only=True)
    rating_average = serializers.FloatField(read_only=True, allow_null=True)
    rating_count = serializers.IntegerField(read_only=True)
    published_at = serializers.DateTimeField(read_only=True)

    def get_language(self, obj: Service) -> str:
        return obj.text_with_language("title")[1]

    def get_countries_served(self, obj: Service) -> list[str]:
        return [country.code for country in obj.countries_served]


class ServiceRatingSerializer(serializers.Serializer):
    rating = serializers.IntegerField()
    comment = serializers.CharField(source="rating_comment")
    rated_at = serializers.DateTimeField()
    by = serializers.CharField(source="requester.display_name")


class ServiceDetailSerializer(ServiceSerializer):
    ratings = serializers.SerializerMethodField()

    def get_ratings(self, obj: Service) -> list[dict]:
        return ServiceRatingSerializer(self.context.get("ratings", []), many=True).data


class DeliveryFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, obj) -> str:
        return absolute_url(self.context, reverse("services:file", kwargs={"pk": obj.pk}))


class QuoteSerializer(serializers.Serializer):
    amount = serializers.DecimalField(
        source="quote_amount", max_digits=AMOUNT_MAX_DIGITS, decimal_places=AMOUNT_DECIMALS, allow_null=True
    )
    currency = serializers.CharField(source="quote_currency")
    delivery_date = serializers.DateField(source="quote_delivery_date", allow_null=True)
    terms = serializers.CharField(source="quote_terms")
    quoted_at = serializers.DateTimeField(allow_null=True)


class ServiceRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = PageUrlField()
    state = serializers.ChoiceField(choices=RequestState.choices)
    side = serializers.SerializerMethodField(help_text=_("Your side: requester, provider or staff."))
    category = serializers.ChoiceField(choices=ServiceCategory.choices)
    service = serializers.IntegerField(source="service_id", allow_null=True)
    provider = InstitutionBriefSerializer(allow_null=True)
    expert = serializers.IntegerField(source="expert_id", allow_null=True)
    to_center = serializers.BooleanField()
    achievement = serializers.IntegerField(source="achievement_id", allow_null=True)
    deal = serializers.IntegerField(source="deal_id", allow_null=True)
    message = serializers.CharField()
    quote = serializers.SerializerMethodField()
    delivery_note = serializers.CharField()
    files = DeliveryFileSerializer(many=True)
    rating = serializers.IntegerField(allow_null=True)
    rating_comment = serializers.CharField()
    created_at = serializers.DateTimeField()
    quoted_at = serializers.DateTimeField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    delivered_at = serializers.DateTimeField(allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    rated_at = serializers.DateTimeField(allow_null=True)

    def get_side(self, obj) -> str:
        user = self.context["request"].user
        if obj.requester_id == user.pk:
            return "requester"
        if obj.expert_id is not None:
            return "provider" if obj.expert.user_id == user.pk else "staff"
        return "provider" if obj.provider_id in self.context.get("member_institutions", ()) else "staff"

    def get_quote(self, obj) -> dict | None:
        return QuoteSerializer(obj).data if obj.quote_amount is not None else None


class ServiceRequestCreateSerializer(InputSerializer):
    service = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    expert = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    category = serializers.ChoiceField(choices=ServiceCategory.choices, required=False)
    message = serializers.CharField(max_length=5000)
    achievement = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    deal = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class QuoteInputSerializer(InputSerializer):
    amount = serializers.DecimalField(max_digits=AMOUNT_MAX_DIGITS, decimal_places=AMOUNT_DECIMALS, min_value=0)
    currency = serializers.ChoiceField(choices=Currency.choices)
    delivery_date = serializers.DateField()
    terms = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class DeliverInputSerializer(InputSerializer):
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class RateInputSerializer(InputSerializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class DecisionInputSerializer(InputSerializer):
    accept = serializers.BooleanField(default=True)
