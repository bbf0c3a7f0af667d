"""factory_boy factories of the service hub, experts and courses (re-exported by tests/factories.py)."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from experts.models import Course, CourseFormat, CourseModule, Enrolment, Expert
from marketplace.models import InstitutionKind, ModerationState
from services.models import PriceKind, Service, ServiceCategory, ServiceRequest


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "marketplace.Institution"

    name_en = factory.Sequence(lambda n: f"IP Services Firm {n}")
    name = factory.SelfAttribute("name_en")
    slug = factory.Sequence(lambda n: f"provider-{n}")
    kind = InstitutionKind.SERVICE_PROVIDER
    country = "CN"
    source_language = "en"


class ServiceFactory(factory.django.DjangoModelFactory):
    """A published asset-valuation service of a provider whose member (``owner``) wrote it."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    institution = factory.SubFactory(ProviderFactory)
    owner = factory.SubFactory("tests.factories.ResearcherFactory")
    category = ServiceCategory.VALUATION
    title_en = factory.Sequence(lambda n: f"Patent valuation {n}")
    title = factory.SelfAttribute("title_en")
    description_en = "Independent valuation of patents and know-how before licensing or auction."
    description = factory.SelfAttribute("description_en")
    source_language = "en"
    country = factory.SelfAttribute("institution.country")
    countries_served = ["CN", "BR", "RU"]
    languages = "en,zh-hans"
    delivery_days = 15
    price_kind = PriceKind.FROM
    price_amount = 2000
    price_currency = "USD"
    state = ModerationState.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def member(obj, create, extracted, **kwargs):
        """The owner is an active member of the provider institution."""
        if create:
            from tests.factories import MembershipFactory

            MembershipFactory(user=obj.owner, institution=obj.institution)


class ServiceRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceRequest

    service = factory.SubFactory(ServiceFactory)
    provider = factory.SelfAttribute("service.institution")
    category = factory.SelfAttribute("service.category")
    requester = factory.SubFactory("tests.factories.ResearcherFactory")
    message = "Please value our patent before the auction."


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    user = factory.SubFactory("tests.factories.UserFactory")
    headline_en = "Registered technology manager, licensing and valuation"
    headline = factory.SelfAttribute("headline_en")
    source_language = "en"
    languages = "en,ru"
    countries = ["RU", "CN"]
    certifications = "technology_manager"


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    organiser = factory.SubFactory("tests.factories.InstitutionFactory")
    created_by = factory.SubFactory("tests.factories.StaffFactory")
    title_en = factory.Sequence(lambda n: f"Technology manager course {n}")
    title = factory.SelfAttribute("title_en")
    summary_en = "Licensing, valuation and negotiation for technology managers."
    summary = factory.SelfAttribute("summary_en")
    source_language = "en"
    language = "en"
    format = CourseFormat.SCHEDULED
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=40))
    capacity = 20
    hours = 24
    is_published = True


class CourseModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseModule

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Module {n}")


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    course = factory.SubFactory(CourseFactory)
    user = factory.SubFactory("tests.factories.ResearcherFactory")
