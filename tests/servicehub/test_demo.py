"""The hub's demo data: enough services, providers, categories, countries, experts and courses, and a request in
every state, among them one delivered and rated about a demo achievement."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from experts.models import Certificate, Course, Expert
from experts.selectors import certificate_check
from services.models import RatingState, RequestState, Service, ServiceRequest


class HubDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", force=True, stdout=StringIO())

    def test_services_span_providers_categories_and_countries(self):
        published = Service.objects.filter(state="published")
        assert published.count() >= 12
        assert published.values("institution").distinct().count() >= 6
        assert published.values("category").distinct().count() >= 6
        assert published.values("country").distinct().count() >= 4
        assert Service.objects.filter(state="submitted").exists()  # something in the staff's queue

    def test_requests_in_every_state_and_a_rated_one_about_an_achievement(self):
        states = set(ServiceRequest.objects.values_list("state", flat=True))
        assert set(RequestState.values) <= states
        rated = ServiceRequest.objects.get(state=RequestState.RATED, achievement__isnull=False)
        assert rated.files.exists() and rated.rating_state == RatingState.PUBLISHED
        assert ServiceRequest.objects.filter(provider__isnull=True, expert__isnull=True).exists()

    def test_experts_courses_and_a_checkable_certificate(self):
        assert Expert.objects.count() >= 10 and Expert.objects.filter(is_verified=True).exists()
        assert Course.objects.filter(is_published=True).count() == 2
        certificate = Certificate.objects.get()
        assert certificate_check(code=certificate.code) == certificate
