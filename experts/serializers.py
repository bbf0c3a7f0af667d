"""API shapes of experts, courses and certificates. Profiles never carry e-mail addresses or phone numbers: people
reach an expert through a request on the platform."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from experts.models import Availability, Certification, CourseFormat, EnrolmentStatus
from marketplace.serializers import (
    LANGUAGE_CHOICES,
    InstitutionBriefSerializer,
    PageUrlField,
    TechnologyFieldBriefSerializer,
    TranslatedField,
)


class ExpertFilterSerializer(serializers.Serializer):
    field = serializers.SlugField(required=False, help_text=_("Technology field slug."))
    country = CountryField(required=False)
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, required=False, help_text=_("A language spoken."))
    certification = serializers.ChoiceField(choices=Certification.choices, required=False)
    verified = serializers.BooleanField(required=False, help_text=_("Only experts verified by the center."))


class ExpertSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = PageUrlField()
    name = serializers.CharField(source="user.display_name")
    headline = TranslatedField("headline")
    bio = TranslatedField("bio")
    institution = InstitutionBriefSerializer(allow_null=True)
    fields = TechnologyFieldBriefSerializer(many=True)
    languages = serializers.ListField(source="language_list", child=serializers.CharField())
    countries = serializers.SerializerMethodField()
    certifications = serializers.SerializerMethodField()
    availability = serializers.ChoiceField(choices=Availability.choices)
    verified = serializers.BooleanField(source="is_verified")
    deals_closed = serializers.IntegerField(help_text=_("Signed or completed deals the expert helped close."))

    def get_countries(self, obj) -> list[str]:
        return [country.code for country in obj.countries]

    def get_certifications(self, obj) -> list[dict]:
        known = dict(Certification.choices)
        return [{"code": code, "label": str(known[code])} for code in obj.certifications.split(",") if code in known]


class CourseFilterSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, required=False)
    format = serializers.ChoiceField(choices=CourseFormat.choices, required=False)


class CourseModuleSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    session_at = serializers.DateTimeField(allow_null=True)


class CourseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = PageUrlField()
    title = TranslatedField("title")
    summary = TranslatedField("summary")
    organiser = InstitutionBriefSerializer()
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, help_text=_("Language of instruction."))
    format = serializers.ChoiceField(choices=CourseFormat.choices)
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    hours = serializers.IntegerField()
    capacity = serializers.IntegerField()
    places_left = serializers.SerializerMethodField()
    modules = CourseModuleSerializer(many=True)

    def get_places_left(self, obj) -> int:
        return max(obj.capacity - obj.enrolled, 0)


class EnrolmentSerializer(serializers.Serializer):
    course = serializers.IntegerField(source="course_id")
    status = serializers.ChoiceField(choices=EnrolmentStatus.choices)
    enrolled_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)


class CertificateSerializer(serializers.Serializer):
    code = serializers.CharField()
    valid = serializers.SerializerMethodField(help_text=_("Genuine and not revoked."))
    status = serializers.SerializerMethodField()
    holder = serializers.CharField(source="holder_name")
    course = serializers.CharField(source="course_title")
    course_id = serializers.IntegerField(source="enrolment.course_id")
    organiser = serializers.CharField(source="enrolment.course.organiser")
    issued_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    revoked_reason = serializers.CharField()

    def get_valid(self, obj) -> bool:
        return not obj.is_revoked

    def get_status(self, obj) -> str:
        return "revoked" if obj.is_revoked else "valid"
