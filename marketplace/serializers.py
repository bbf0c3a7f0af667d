"""API serializers shared by every listing type, plus the taxonomy and the member directory.

Output serializers read translated text through ``text_with_language`` (the reader's language, falling back to the
author's); input serializers only validate and shape the payload for the services, which do all the writing.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from marketplace.i18n import column
from marketplace.models import (
    Currency,
    Institution,
    InstitutionKind,
    ModerationEvent,
    TechnologyField,
    TransferMode,
    TransferModeCode,
)
from marketplace.openapi import TECHNOLOGY_FIELD_SLUGS
from marketplace.validators import PlainDecimalSerializerField

LANGUAGE_CHOICES = [(code, str(name)) for code, name in settings.LANGUAGES]
UNKNOWN_FIELD_CODE = "unknown_field"


class InputSerializer(serializers.Serializer):
    """The base of every request body: a key the body does not take is refused (400 ``unknown_field``), not dropped,
    so that a misspelt optional field is never lost without a word. The schema says the same
    (``additionalProperties: false`` on every request body, marketplace.openapi)."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(str(key) for key in data if key not in writable)
            if unknown:
                message = _("Unknown field: this operation does not take it.")
                raise serializers.ValidationError(
                    {key: [serializers.ErrorDetail(message, code=UNKNOWN_FIELD_CODE)] for key in unknown}
                )
        return super().to_internal_value(data)


def absolute_url(context: dict, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@extend_schema_field(OpenApiTypes.STR)
class TranslatedField(serializers.Field):
    """A translated model field read in the active language, with the object's fallback to its source language."""

    def __init__(self, name: str, **kwargs) -> None:
        self.text_field = name
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, obj) -> str:
        return obj.text(self.text_field)


@extend_schema_field({"type": "string", TECHNOLOGY_FIELD_SLUGS: True})
class TechnologyFieldSlugField(serializers.SlugRelatedField):
    """A technology field named by its slug; the schema lists the taxonomy's slugs (marketplace.openapi)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("queryset", TechnologyField.objects.all())
        super().__init__(slug_field="slug", **kwargs)


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The absolute URL of the object's HTML page (in the active language)."""

    def __init__(self, **kwargs) -> None:
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, obj) -> str:
        return absolute_url(self.context, obj.get_absolute_url())


@extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=TransferModeCode.choices)))
class ModeCodesField(serializers.Field):
    """A transfer-mode relation (prefetched by the selectors) as a list of codes."""

    def __init__(self, **kwargs) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, manager) -> list[str]:
        return [mode.code for mode in manager.all()]


class TechnologyFieldSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = TranslatedField("name")
    icon = serializers.CharField(read_only=True)


class TechnologyFieldBriefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = TranslatedField("name")


class InstitutionBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    slug = serializers.SlugField(read_only=True)
    name = TranslatedField("name")
    country = serializers.CharField(source="country.code", read_only=True)


class BlankAsNullMixin:
    """Null when there is no value: an empty string is no URI or e-mail address (the schema names their format)."""

    def to_representation(self, value):
        return super().to_representation(value) if value else None


class BlankAsNullURLField(BlankAsNullMixin, serializers.URLField):
    pass


class BlankAsNullEmailField(BlankAsNullMixin, serializers.EmailField):
    pass


class InstitutionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    slug = serializers.SlugField(read_only=True)
    url = PageUrlField()
    name = TranslatedField("name")
    description = TranslatedField("description")
    language = serializers.SerializerMethodField(help_text=_("Language of the returned name and description."))
    source_language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, read_only=True)
    kind = serializers.ChoiceField(choices=InstitutionKind.choices, read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)
    city = serializers.CharField(read_only=True)
    website = BlankAsNullURLField(read_only=True, allow_null=True)
    official = serializers.BooleanField(source="is_official_tt", read_only=True)
    verified = serializers.BooleanField(source="is_verified", read_only=True)
    published_achievements = serializers.IntegerField(read_only=True)
    published_demands = serializers.IntegerField(read_only=True)

    def get_language(self, obj: Institution) -> str:
        return obj.text_with_language("name")[1]


class InstitutionFilterSerializer(serializers.Serializer):
    """The query parameters of the institution directory."""

    country = CountryField(required=False, help_text=_("ISO 3166 country code."))
    kind = serializers.ChoiceField(choices=InstitutionKind.choices, required=False)
    official = serializers.BooleanField(required=False, help_text=_("Only official technology transfer institutions."))


class ModerationEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = ModerationEvent
        fields = ["action", "from_state", "to_state", "reason", "created_at"]
        read_only_fields = fields


class AttachmentSerializer(serializers.Serializer):
    """Metadata of an attachment; the file itself is downloaded through the page route, which checks access."""

    download_route = ""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="original_name", read_only=True)
    size = serializers.IntegerField(read_only=True)
    content_type = serializers.CharField(read_only=True)
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, obj) -> str:
        return absolute_url(self.context, reverse(self.download_route, kwargs={"pk": obj.pk}))


class ListingOutputSerializer(serializers.Serializer):
    """The public fields every listing type shares."""

    id = serializers.IntegerField(read_only=True)
    url = PageUrlField()
    title = TranslatedField("title")
    language = serializers.SerializerMethodField(help_text=_("Language of the returned texts."))
    source_language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, read_only=True)
    field = TechnologyFieldBriefSerializer(read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)
    institution = InstitutionBriefSerializer(read_only=True, allow_null=True)
    state = serializers.CharField(read_only=True)
    published_at = serializers.DateTimeField(read_only=True, allow_null=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def get_language(self, obj) -> str:
        return obj.text_with_language("title")[1]


class EditorFieldsMixin(serializers.Serializer):
    """Fields only the listing's editors see; ``None`` for everyone else."""

    moderation = serializers.SerializerMethodField(
        help_text=_("Moderation history, newest first; only for the owner, their institution admins and staff.")
    )

    @extend_schema_field(ModerationEventSerializer(many=True, allow_null=True))
    def get_moderation(self, obj):
        history = self.context.get("history")
        if history is None:
            return None
        return ModerationEventSerializer(history, many=True).data


class StaffReasonSerializer(serializers.Serializer):
    action = serializers.CharField(read_only=True)
    reason = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class MineFieldsMixin(serializers.Serializer):
    """ "My listings": the latest staff reason, if any (the view loads them for the whole page in one query)."""

    staff_reason = serializers.SerializerMethodField()

    @extend_schema_field(StaffReasonSerializer(allow_null=True))
    def get_staff_reason(self, obj):
        event = self.context.get("staff_reasons", {}).get(obj.pk)
        return StaffReasonSerializer(event).data if event else None


class ListingInputSerializer(InputSerializer):
    """Input shared by listing types; ``service_arguments()`` shapes it for ``*_create`` / ``*_update``."""

    text_fields: tuple[str, ...] = ()
    relation_field = ""

    field = TechnologyFieldSlugField()
    country = CountryField(required=False, help_text=_("ISO 3166 code; defaults to the institution's or yours."))
    institution = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.all(), required=False, allow_null=True
    )
    source_language = serializers.ChoiceField(
        choices=LANGUAGE_CHOICES, required=False, help_text=_("Language the texts are written in.")
    )

    def service_arguments(self, *, listing=None) -> dict:
        """Split validated input into ``data`` (model fields), ``texts`` (translated) and the relation list."""
        values = dict(self.validated_data)
        texts = {name: values.pop(name) for name in self.text_fields if name in values}
        related = values.pop(self.relation_field, None)
        if listing is None:
            user = self.context["request"].user
            values.setdefault("source_language", user.preferred_language or settings.LANGUAGE_CODE)
        elif values.get("source_language", listing.source_language) != listing.source_language:
            # The author says the texts are in another language: carry over the ones not sent with this change.
            for name in self.text_fields:
                texts.setdefault(name, getattr(listing, column(name, listing.source_language), ""))
        return {"data": values, "texts": texts, self.relation_field: related}


class OptionalBooleanField(serializers.BooleanField):
    """A boolean that, left out of a form-encoded body, is "not given" (DRF's default reads it as an unticked box)."""

    default_empty_html = serializers.empty


def money_field(**kwargs) -> serializers.DecimalField:
    """An amount: ASCII digits and one dot, at most 16 digits with 2 decimals, not negative."""
    return PlainDecimalSerializerField(
        max_digits=16, decimal_places=2, min_value=0, required=False, allow_null=True, **kwargs
    )


def currency_field(**kwargs) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=Currency.choices, required=False, allow_blank=True, **kwargs)


def modes_field(**kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="code", queryset=TransferMode.objects.all(), many=True, required=False, **kwargs
    )


class AttachmentUploadSerializer(InputSerializer):
    files = serializers.ListField(child=serializers.FileField(allow_empty_file=True), allow_empty=False)
