"""An institution's page lists its published services, public experts and published courses (issue 17), through the
floor's section registry (marketplace.extensions): drafts, private profiles and unpublished courses stay off it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.models import ModerationState
from tests.factories import InstitutionFactory, UserFactory, tech_field
from tests.factories_hub import CourseFactory, ExpertFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def page(client, institution) -> str:
    return client.get(institution.get_absolute_url()).content.decode()


def test_the_page_lists_published_services_public_experts_and_published_courses(client):
    institution = InstitutionFactory(kind="service_provider")
    service = ServiceFactory(institution=institution, title_en="Patent landscape report")
    ServiceFactory(institution=institution, state=ModerationState.DRAFT, title_en="Draftservice offer")
    ServiceFactory(title_en="Someone else's service")
    expert = ExpertFactory(institution=institution, user=UserFactory(display_name="Public Expertname"))
    ExpertFactory(institution=institution, is_public=False, user=UserFactory(display_name="Hidden Expertname"))
    course = CourseFactory(organiser=institution, title_en="Licensing for managers")
    CourseFactory(organiser=institution, is_published=False, title_en="Unpublished course")

    html = page(client, institution)

    assert "Services offered" in html and service.get_absolute_url() in html
    assert "Draftservice" not in html and "Someone else" not in html
    assert expert.get_absolute_url() in html and "Public Expertname" in html
    assert "Hidden Expertname" not in html
    assert course.get_absolute_url() in html and "Unpublished course" not in html


def test_an_institution_without_any_shows_no_empty_sections(client):
    html = page(client, InstitutionFactory())
    assert "Services offered" not in html
    assert "institution-experts-heading" not in html and "institution-courses-heading" not in html


def test_more_services_than_shown_are_counted(client):
    institution = InstitutionFactory(kind="service_provider")
    ServiceFactory.create_batch(8, institution=institution)
    html = page(client, institution)
    assert html.count("service-card") == 6
    assert "And 2 more services." in html


def test_the_sections_cost_the_same_queries_for_one_or_many_records(client, django_assert_max_num_queries):
    institution = InstitutionFactory(kind="service_provider")
    ServiceFactory(institution=institution)
    ExpertFactory(institution=institution).fields.add(tech_field("biomedicine"))
    CourseFactory(organiser=institution)
    with CaptureQueriesContext(connection) as one:
        page(client, institution)
    ServiceFactory.create_batch(4, institution=institution)
    for _n in range(4):
        ExpertFactory(institution=institution).fields.add(tech_field("biomedicine"))
    CourseFactory.create_batch(3, organiser=institution)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page(client, institution)
