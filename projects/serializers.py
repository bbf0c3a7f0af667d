"""API shapes of projects. A bundled achievement shows only its public card (never its dossier, NDA or contacts);
unconfirmed achievements and members appear only to the project's editors, flagged ``confirmed: false``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from achievements.models import Achievement, IpStatus
from demands.models import Demand
from marketplace.models import Institution, ModerationState
from marketplace.serializers import (
    LANGUAGE_CHOICES,
    InputSerializer,
    InstitutionBriefSerializer,
    ListingOutputSerializer,
    PageUrlField,
    TechnologyFieldBriefSerializer,
    TechnologyFieldSlugField,
    TranslatedField,
    currency_field,
    money_field,
)
from projects.models import MemberRole, ProjectStage, Sought


class FundingSerializer(serializers.Serializer):
    sought = serializers.DecimalField(
        source="funding_sought", max_digits=16, decimal_places=2, read_only=True, allow_null=True
    )
    committed = serializers.DecimalField(source="funding_committed", max_digits=16, decimal_places=2, read_only=True)
    currency = serializers.CharField(source="funding_currency", read_only=True)
    percent = serializers.IntegerField(source="funding_percent", read_only=True)


class ProjectListSerializer(ListingOutputSerializer):
    summary = TranslatedField("summary")
    stage = serializers.ChoiceField(choices=ProjectStage.choices, read_only=True)
    sought = serializers.ListField(child=serializers.ChoiceField(choices=Sought.choices), read_only=True)
    target_countries = serializers.SerializerMethodField()
    funding = FundingSerializer(source="*", read_only=True)
    followers = serializers.IntegerField(source="follower_count", read_only=True)
    incomplete = serializers.SerializerMethodField(
        help_text=_("A bundled achievement was withdrawn by its owner after it was confirmed.")
    )

    def get_target_countries(self, obj) -> list[str]:
        return [country.code for country in obj.target_countries]

    def get_incomplete(self, obj) -> bool:
        return bool(obj.withdrawn_count)


class BundledAchievementCardSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = PageUrlField()
    title = TranslatedField("title")
    summary = TranslatedField("summary")
    trl = serializers.IntegerField(read_only=True)
    ip_status = serializers.ChoiceField(choices=IpStatus.choices, read_only=True)
    field = TechnologyFieldBriefSerializer(read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)
    institution = InstitutionBriefSerializer(read_only=True, allow_null=True)


class BundledAchievementSerializer(serializers.Serializer):
    achievement = BundledAchievementCardSerializer(read_only=True)
    confirmed = serializers.SerializerMethodField()
    withdrawn = serializers.SerializerMethodField()

    def get_confirmed(self, obj) -> bool:
        return obj.confirmed_at is not None

    def get_withdrawn(self, obj) -> bool:
        return obj.withdrawn_at is not None or obj.achievement.state != ModerationState.PUBLISHED


class MemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    institution = InstitutionBriefSerializer(read_only=True)
    role = serializers.ChoiceField(choices=MemberRole.choices, read_only=True)
    confirmed = serializers.SerializerMethodField()

    def get_confirmed(self, obj) -> bool:
        return obj.confirmed_at is not None


class MilestoneSerializer(InputSerializer):
    date = serializers.DateField(source="due_date")
    deliverable = serializers.CharField(max_length=300)
    budget = money_field()


class ProjectDetailSerializer(ProjectListSerializer):
    description = TranslatedField("description")
    use_of_funds = TranslatedField("use_of_funds")
    other_fields = TechnologyFieldBriefSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    achievements = serializers.SerializerMethodField()
    members = serializers.SerializerMethodField()

    @extend_schema_field(BundledAchievementSerializer(many=True))
    def get_achievements(self, obj) -> list[dict]:
        return BundledAchievementSerializer(self.context["bundle"], many=True, context=self.context).data

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, obj) -> list[dict]:
        return MemberSerializer(self.context["members"], many=True, context=self.context).data


class MemberInputSerializer(InputSerializer):
    institution = serializers.PrimaryKeyRelatedField(queryset=Institution.objects.all())
    role = serializers.ChoiceField(choices=[c for c in MemberRole.choices if c[0] != MemberRole.LEAD])


class ProjectInputSerializer(InputSerializer):
    """A new draft with its bundle, consortium and milestones (each owner and member confirms afterwards)."""

    institution = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.all(), help_text=_("The lead institution (one you administer).")
    )
    field = TechnologyFieldSlugField()
    other_fields = TechnologyFieldSlugField(many=True, required=False)
    source_language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, required=False)
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=2000)
    description = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    use_of_funds = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    stage = serializers.ChoiceField(choices=ProjectStage.choices, required=False)
    target_countries = serializers.ListField(child=CountryField(), required=False, max_length=60)
    sought = serializers.ListField(child=serializers.ChoiceField(choices=Sought.choices), required=False, max_length=5)
    funding_sought = money_field()
    funding_currency = currency_field()
    achievements = serializers.PrimaryKeyRelatedField(
        queryset=Achievement.objects.filter(state=ModerationState.PUBLISHED), many=True, required=False
    )
    demands = serializers.PrimaryKeyRelatedField(
        queryset=Demand.objects.filter(state=ModerationState.PUBLISHED), many=True, required=False
    )
    members = MemberInputSerializer(many=True, required=False)
    milestones = MilestoneSerializer(many=True, required=False)

    def service_arguments(self) -> dict:
        """Shape the validated input for ``project_create``."""
        values = dict(self.validated_data)
        texts = {name: values.pop(name, "") for name in ("title", "summary", "description", "use_of_funds")}
        user = self.context["request"].user
        values.setdefault("source_language", user.preferred_language or "en")
        if "sought" in values:
            values["sought"] = list(dict.fromkeys(values["sought"]))
        return {
            "institution": values.pop("institution"),
            "other_fields": values.pop("other_fields", []),
            "demands": values.pop("demands", []),
            "achievements": values.pop("achievements", []),
            "members": [(item["institution"], item["role"]) for item in values.pop("members", [])],
            "milestones": values.pop("milestones", []),
            "texts": texts,
            "data": values,
        }


class InterestInputSerializer(InputSerializer):
    investor = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.all(),
        required=False,
        help_text=_("Your investor institution (needed only if you belong to several)."),
    )
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class InterestSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    investor = InstitutionBriefSerializer(read_only=True)
    message = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    followers = serializers.SerializerMethodField()
    conversation = serializers.SerializerMethodField(
        help_text=_("The conversation with the project's side this interest opened or continued (null without one).")
    )

    def get_followers(self, obj) -> int:
        return obj.project.interests.count()

    def get_conversation(self, obj) -> int | None:
        conversation = getattr(obj, "conversation", None)
        return conversation.pk if conversation is not None else None
