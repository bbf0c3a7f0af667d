"""API shapes of research achievements.

The confidential dossier, the NDA text and confidential attachments appear only in ``AchievementDossierSerializer``,
which the dossier endpoint uses once the NDA is accepted; list and detail shapes never name those fields.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from achievements.models import KEYWORD_SEPARATORS, Achievement, IpStatus
from marketplace.money import PRICE_DECIMALS, PRICE_MAX_DIGITS
from marketplace.serializers import (
    AttachmentSerializer,
    AttachmentUploadSerializer,
    BlankAsNullEmailField,
    EditorFieldsMixin,
    ListingInputSerializer,
    ListingOutputSerializer,
    MineFieldsMixin,
    ModeCodesField,
    OptionalBooleanField,
    TranslatedField,
    currency_field,
    modes_field,
    money_field,
)

KEYWORDS_MAX_LENGTH = Achievement._meta.get_field("keywords").max_length


def _max_length(name: str) -> int:
    return Achievement._meta.get_field(name).max_length


class AchievementAttachmentSerializer(AttachmentSerializer):
    download_route = "achievements:attachment"


class PriceSerializer(serializers.Serializer):
    negotiable = serializers.BooleanField(source="price_negotiable", read_only=True)
    amount = serializers.DecimalField(
        source="price_amount",
        max_digits=PRICE_MAX_DIGITS,
        decimal_places=PRICE_DECIMALS,
        read_only=True,
        allow_null=True,
    )
    currency = serializers.CharField(source="price_currency", read_only=True)


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class KeywordsField(serializers.Field):
    """Keywords as a list of strings (a comma-separated string is accepted too); stored comma-separated."""

    default_error_messages = {
        "invalid": _("Give the keywords as a list of words or phrases."),
        "comma": _("A keyword cannot contain a comma."),
        "too_long": _("The keywords are too long together (at most %(max)s characters)."),
    }

    def to_internal_value(self, data) -> str:
        if isinstance(data, str):
            items = KEYWORD_SEPARATORS.split(data)
        elif isinstance(data, list) and all(isinstance(item, str) for item in data):
            if any(KEYWORD_SEPARATORS.search(item) for item in data):
                self.fail("comma")
            items = data
        else:
            self.fail("invalid")
        value = ", ".join(item.strip() for item in items if item.strip())
        if len(value) > KEYWORDS_MAX_LENGTH:
            # Not self.fail(): it formats with str.format, and the message (translated) is %-style.
            message = self.error_messages["too_long"] % {"max": KEYWORDS_MAX_LENGTH}
            raise serializers.ValidationError(message, code="too_long")
        return value

    def to_representation(self, obj: Achievement) -> list[str]:
        return obj.keyword_list


class AchievementListSerializer(ListingOutputSerializer):
    summary = TranslatedField("summary")
    keywords = KeywordsField(source="*", read_only=True)
    trl = serializers.IntegerField(read_only=True)
    ip_status = serializers.ChoiceField(choices=IpStatus.choices, read_only=True)
    patent_numbers = serializers.CharField(read_only=True)
    transfer_modes = ModeCodesField()
    price = PriceSerializer(source="*", read_only=True)


class AchievementMineSerializer(AchievementListSerializer, MineFieldsMixin):
    pass


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField(source="contact_name", read_only=True)
    email = BlankAsNullEmailField(source="contact_email", read_only=True, allow_null=True)
    phone = serializers.CharField(source="contact_phone", read_only=True)


class AchievementDetailSerializer(AchievementListSerializer, EditorFieldsMixin):
    description = TranslatedField("description")
    contact = serializers.SerializerMethodField(
        help_text=_(
            "The contact person; e-mail and phone only for the listing's editors (others write through "
            "/api/v1/conversations/)."
        )
    )
    has_dossier = serializers.BooleanField(
        read_only=True, help_text=_("Whether a confidential dossier exists (read it at the dossier endpoint).")
    )
    attachments = serializers.SerializerMethodField(help_text=_("Public attachments only."))

    @extend_schema_field(ContactSerializer)
    def get_contact(self, obj: Achievement) -> dict:
        contact = ContactSerializer(obj).data
        if self.context.get("history") is None:  # not an editor: the platform relays, addresses stay private
            contact.update(email=None, phone="")
        return contact

    @extend_schema_field(AchievementAttachmentSerializer(many=True))
    def get_attachments(self, obj: Achievement):
        public = [item for item in obj.attachments.all() if not item.is_confidential]
        return AchievementAttachmentSerializer(public, many=True, context=self.context).data


class NdaAcceptanceSerializer(serializers.Serializer):
    user = serializers.CharField(source="user.display_name", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    accepted_at = serializers.DateTimeField(read_only=True)


class AchievementDossierSerializer(serializers.Serializer):
    """The NDA-protected part: only for editors and users who accepted the current NDA text."""

    id = serializers.IntegerField(read_only=True)
    confidential_dossier = serializers.CharField(read_only=True)
    nda_text = serializers.CharField(read_only=True)
    attachments = serializers.SerializerMethodField(help_text=_("Confidential attachments."))
    nda_acceptances = serializers.SerializerMethodField(
        help_text=_("Who accepted the NDA and when; only for the owner, their institution admins and staff.")
    )

    @extend_schema_field(AchievementAttachmentSerializer(many=True))
    def get_attachments(self, obj: Achievement):
        confidential = [item for item in obj.attachments.all() if item.is_confidential]
        return AchievementAttachmentSerializer(confidential, many=True, context=self.context).data

    @extend_schema_field(NdaAcceptanceSerializer(many=True, allow_null=True))
    def get_nda_acceptances(self, obj: Achievement):
        acceptances = self.context.get("nda_acceptances")
        return None if acceptances is None else NdaAcceptanceSerializer(acceptances, many=True).data


class NdaAcceptedSerializer(serializers.Serializer):
    accepted_at = serializers.DateTimeField(read_only=True)
    nda_hash = serializers.CharField(read_only=True)


class AchievementInputSerializer(ListingInputSerializer):
    """What an author sends to create or change an achievement (texts in ``source_language``)."""

    text_fields = ("title", "summary", "description", "keywords")
    relation_field = "transfer_modes"

    title = serializers.CharField(max_length=_max_length("title"))
    summary = serializers.CharField(max_length=_max_length("summary"))
    description = serializers.CharField(max_length=_max_length("description"), required=False, allow_blank=True)
    keywords = KeywordsField(required=False)
    trl = serializers.IntegerField(
        min_value=1, max_value=9, help_text=_("Technology readiness level, 1 (principles) to 9 (proven).")
    )
    ip_status = serializers.ChoiceField(choices=IpStatus.choices, required=False)
    patent_numbers = serializers.CharField(max_length=_max_length("patent_numbers"), required=False, allow_blank=True)
    transfer_modes = modes_field(help_text=_("Transfer mode codes."))
    price_negotiable = OptionalBooleanField(required=False)
    price_amount = money_field(help_text=_('Asking price as a decimal string, e.g. "250000.00".'))
    price_currency = currency_field()
    contact_name = serializers.CharField(max_length=_max_length("contact_name"), required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=_max_length("contact_phone"), required=False, allow_blank=True)
    confidential_dossier = serializers.CharField(
        max_length=_max_length("confidential_dossier"), required=False, allow_blank=True, write_only=True
    )
    nda_text = serializers.CharField(max_length=_max_length("nda_text"), required=False, allow_blank=True)


class AchievementAttachmentUploadSerializer(AttachmentUploadSerializer):
    is_confidential = serializers.BooleanField(
        required=False, default=False, help_text=_("The files belong to the confidential dossier (behind the NDA).")
    )
