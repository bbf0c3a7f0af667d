"""factory_boy factories for the whole suite."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import Role, User
from achievements.models import Achievement, IpStatus
from demands.models import Demand
from events.models import MeetingSlot
from marketplace.i18n import column
from marketplace.models import (
    Institution,
    InstitutionKind,
    Membership,
    MembershipRole,
    MembershipStatus,
    ModerationState,
    TechnologyField,
    TransferMode,
)
from projects.models import MemberRole, Project, ProjectAchievement, ProjectMember, ProjectStage, Sought
from trading.models import Deal, Participant
from trading.services import bid_place, deal_record, participation_request
from translation.models import TranslationRecord
from translation.text import source_hash

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    display_name = factory.Faker("name")
    country = "BR"
    preferred_language = "en"
    role = Role.RESEARCHER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Mark the e-mail address verified for allauth (pass ``verified=False`` to skip)."""
        obj.save()
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(user=obj, email=obj.email, defaults={"verified": True, "primary": True})


class ResearcherFactory(UserFactory):
    role = Role.RESEARCHER


class EnterpriseFactory(UserFactory):
    role = Role.ENTERPRISE
    country = "ZA"


class StaffFactory(UserFactory):
    role = Role.CENTER_STAFF
    is_staff = True
    is_superuser = True
    country = "CN"


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name_en = factory.Sequence(lambda n: f"Institute of Technology {n}")
    name = factory.SelfAttribute("name_en")
    slug = factory.Sequence(lambda n: f"institute-{n}")
    kind = InstitutionKind.UNIVERSITY
    country = "BR"
    source_language = "en"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(ResearcherFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = MembershipRole.MEMBER
    status = MembershipStatus.ACTIVE


def tech_field(slug: str = "biomedicine") -> TechnologyField:
    return TechnologyField.objects.get(slug=slug)


def transfer_mode(code: str = "licensing") -> TransferMode:
    return TransferMode.objects.get(code=code)


class AchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Achievement
        skip_postgeneration_save = True

    owner = factory.SubFactory(ResearcherFactory)
    field = factory.LazyFunction(tech_field)
    country = "BR"
    source_language = "en"
    title_en = factory.Sequence(lambda n: f"Recyclable composite panel {n}")
    summary_en = "A bio-based composite panel for construction and furniture."
    description_en = "Long description of the process, the test results and the markets."
    keywords_en = "composite, bamboo, construction"
    trl = 6
    ip_status = IpStatus.GRANTED_PATENT
    patent_numbers = "CN112345678B"
    price_negotiable = False
    price_amount = Decimal("250000.00")
    price_currency = "USD"
    state = ModerationState.DRAFT

    @factory.post_generation
    def transfer_modes(obj, create, extracted, **kwargs):
        if create:
            obj.transfer_modes.set(extracted if extracted is not None else [transfer_mode("licensing")])

    class Params:
        published = factory.Trait(state=ModerationState.PUBLISHED, published_at=factory.LazyFunction(timezone.now))
        submitted = factory.Trait(state=ModerationState.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now))


class DemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demand
        skip_postgeneration_save = True

    owner = factory.SubFactory(EnterpriseFactory)
    field = factory.LazyFunction(lambda: tech_field("renewable-energy"))
    country = "ZA"
    source_language = "en"
    title_en = factory.Sequence(lambda n: f"Low-cost solar inverter cooling {n}")
    description_en = "We need a passive cooling design for 5 kW inverters in hot climates."
    budget_min = Decimal("10000.00")
    budget_max = Decimal("50000.00")
    budget_currency = "USD"
    state = ModerationState.DRAFT

    @factory.post_generation
    def cooperation_modes(obj, create, extracted, **kwargs):
        if create:
            obj.cooperation_modes.set(extracted if extracted is not None else [transfer_mode("joint_development")])

    class Params:
        published = factory.Trait(state=ModerationState.PUBLISHED, published_at=factory.LazyFunction(timezone.now))
        submitted = factory.Trait(state=ModerationState.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now))


class AuctionFactory(factory.django.DjangoModelFactory):
    """A scheduled English auction, live since a minute ago for a day, no deposit (traits: sealed, upcoming)."""

    class Meta:
        model = "trading.Auction"

    achievement = factory.SubFactory(AchievementFactory, published=True)
    seller = factory.SelfAttribute("achievement.owner")
    seller_institution = factory.LazyAttribute(lambda o: (o.achievement or o.project).institution)
    project = None
    kind = "english"
    currency = "USD"
    starting_price = Decimal("1000.00")
    min_increment = Decimal("100.00")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(days=1))
    scheduled_end = factory.SelfAttribute("ends_at")
    state = "scheduled"

    class Params:
        sealed = factory.Trait(kind="sealed", sealed_pricing="second_price", min_increment=None)
        upcoming = factory.Trait(starts_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1)))


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project led by ``institution``; add its parts with ProjectAchievementFactory / ProjectMemberFactory."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory, role=Role.INSTITUTION_ADMIN)
    institution = factory.SubFactory(InstitutionFactory)
    field = factory.LazyFunction(tech_field)
    country = "BR"
    source_language = "en"
    title_en = factory.Sequence(lambda n: f"Bamboo building materials consortium {n}")
    summary_en = "Three technologies, one factory line, a pilot village."
    stage = ProjectStage.PILOT
    funding_sought = Decimal("2000000.00")
    funding_committed = Decimal("500000.00")
    funding_currency = "USD"
    sought = factory.LazyFunction(lambda: [Sought.INVESTORS, Sought.PILOT_SITE])
    state = ModerationState.DRAFT

    class Params:
        published = factory.Trait(state=ModerationState.PUBLISHED, published_at=factory.LazyFunction(timezone.now))


class ProjectAchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectAchievement

    project = factory.SubFactory(ProjectFactory)
    achievement = factory.SubFactory(AchievementFactory, published=True)
    confirmed_at = factory.LazyFunction(timezone.now)


class ProjectMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectMember

    project = factory.SubFactory(ProjectFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = MemberRole.TECHNOLOGY_PROVIDER
    confirmed_at = factory.LazyFunction(timezone.now)


def place_bid(auction, user, **kwargs):
    """A bid through the service (``amount=`` or ``max_amount=``, ``idempotency_key=``...): the log's hashes, the
    price and the leader stay as real bids leave them. Returns the ``BidOutcome``."""
    return bid_place(auction_id=auction.pk, user=user, **kwargs)


class ParticipantFactory(factory.Factory):
    """A bidder registered through the service (accepted terms; a deposit auction leaves them pending)."""

    class Meta:
        model = Participant

    auction = factory.SubFactory(AuctionFactory)
    user = factory.SubFactory(EnterpriseFactory)

    @classmethod
    def _create(cls, model_class, auction, user):
        return participation_request(auction=auction, user=user)


class DealFactory(factory.Factory):
    """A deal staff recorded outside an auction (negotiated by default), through the service."""

    class Meta:
        model = Deal

    actor = factory.SubFactory(StaffFactory)
    achievement = factory.SubFactory(AchievementFactory, published=True)
    buyer = factory.SubFactory(EnterpriseFactory)
    price = Decimal("1000")
    currency = "USD"
    agreed_on = factory.LazyFunction(timezone.localdate)

    @classmethod
    def _create(cls, model_class, **kwargs):
        return deal_record(**kwargs)


class TranslationRecordFactory(factory.django.DjangoModelFactory):
    """A pending machine translation of one field of an object (an achievement's title into Spanish by default)."""

    content_object = factory.SubFactory(AchievementFactory)
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.content_object))
    object_id = factory.SelfAttribute("content_object.pk")
    field = "title"
    language = "es"
    source_language = factory.SelfAttribute("content_object.source_language")
    source_hash = factory.LazyAttribute(
        lambda o: source_hash(getattr(o.content_object, column(o.field, o.content_object.source_language)))
    )

    class Meta:
        model = TranslationRecord
        exclude = ("content_object",)


# --- events -------------------------------------------------------------------------------------------------------


class EventFactory(factory.django.DjangoModelFactory):
    """A published brokerage event in Kunming in ten days, open for registration (trait: past)."""

    class Meta:
        model = "events.Event"

    kind = "brokerage"
    title_en = factory.Sequence(lambda n: f"Technology brokerage {n}")
    description_en = "One-to-one meetings between technology owners and enterprises."
    agenda_en = "09:00 Welcome\n09:30 Meetings"
    source_language = "en"
    city = "Kunming"
    country = "CN"
    time_zone = "Asia/Shanghai"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=8))
    capacity = None
    meeting_tables = 5

    class Params:
        past = factory.Trait(starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=10)))


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration (written directly; tests of the seat rules go through the service)."""

    class Meta:
        model = "events.Registration"

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(ResearcherFactory)
    status = "confirmed"
    organisation = factory.Sequence(lambda n: f"Organisation {n}")


def meeting_slots(event, count: int, *, minutes: int = 20) -> list:
    """``count`` consecutive meeting slots from the event's start."""
    return [
        MeetingSlot.objects.create(
            event=event,
            starts_at=event.starts_at + timedelta(minutes=minutes * i),
            ends_at=event.starts_at + timedelta(minutes=minutes * (i + 1)),
        )
        for i in range(count)
    ]


class ConversationFactory(factory.django.DjangoModelFactory):
    """A conversation opened through the service (participants, first message, notifications), as users open them:
    an enterprise's inquiry about a published achievement unless ``demand`` is given."""

    class Meta:
        model = "negotiations.Conversation"

    requester = factory.SubFactory(EnterpriseFactory)
    achievement = factory.SubFactory(AchievementFactory, published=True)
    demand = None
    purpose = "licence"
    body = "We would like to license this technology."
    language = None

    @classmethod
    def _create(cls, model_class, *, requester, achievement, demand, purpose, body, language, **kwargs):
        from negotiations.services import conversation_start

        subject_type, subject = ("demand", demand) if demand is not None else ("achievement", achievement)
        conversation, _created = conversation_start(
            user=requester,
            subject_type=subject_type,
            subject_id=subject.pk,
            purpose=purpose,
            body=body,
            language=language,
            **kwargs,
        )
        return conversation


# The service hub's factories refer back to the user and institution factories above.
from tests.factories_hub import (  # noqa: E402, F401
    CourseFactory,
    CourseModuleFactory,
    EnrolmentFactory,
    ExpertFactory,
    ProviderFactory,
    ServiceFactory,
    ServiceRequestFactory,
)
