"""The staff's workplace for the hub: services in the moderation queue, routing requests to the center, ratings,
and revoking certificates, each an admin action calling one service."""

from __future__ import annotations

import pytest
from django.contrib.admin import helpers

from experts.models import Certificate
from experts.services import enrolment_record
from marketplace.models import ModerationEvent
from services.models import RatingState
from services.services.requests import service_request_create
from tests.factories import (
    CourseFactory,
    EnrolmentFactory,
    ProviderFactory,
    ResearcherFactory,
    ServiceFactory,
    ServiceRequestFactory,
)

pytestmark = pytest.mark.django_db


def test_the_services_queue_opens_on_submitted_services_and_approval_is_audited(staff_client, staff):
    pending = ServiceFactory(state="submitted", title_en="Pending valuation service")
    ServiceFactory(title_en="Already published service")
    body = staff_client.get("/admin/services/service/").content.decode()
    assert "Pending valuation service" in body and "Already published service" not in body
    response = staff_client.post(f"/admin/services/service/{pending.pk}/moderate/", {"action": "approve"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.state == "published"
    assert ModerationEvent.objects.filter(object_id=pending.pk, action="approve", actor=staff).exists()
    response = staff_client.post(f"/admin/services/service/{pending.pk}/moderate/", {"action": "reject"})
    assert ModerationEvent.objects.filter(object_id=pending.pk).count() == 1  # no reason, wrong state: refused


def test_staff_route_a_request_to_the_center_through_the_action_form(staff_client):
    request = service_request_create(requester=ResearcherFactory(), category="legal", message="A licence contract.")
    provider = ProviderFactory()
    selected = {"action": "route_to_provider", helpers.ACTION_CHECKBOX_NAME: [request.pk]}
    page = staff_client.post("/admin/services/servicerequest/", selected)
    assert page.status_code == 200 and "Route to a provider" in page.content.decode()
    assert "<p>None</p>" not in page.content.decode()  # an action without an introduction shows none
    staff_client.post("/admin/services/servicerequest/", {**selected, "confirm": "yes", "provider": provider.pk})
    request.refresh_from_db()
    assert request.provider == provider and request.routed_at is not None


def test_staff_publish_a_pending_rating(staff_client):
    request = ServiceRequestFactory(rating=4, rating_state=RatingState.PENDING, state="rated")
    staff_client.post(
        "/admin/services/servicerequest/",
        {"action": "publish_ratings", helpers.ACTION_CHECKBOX_NAME: [request.pk]},
    )
    request.refresh_from_db()
    assert request.rating_state == RatingState.PUBLISHED


def test_staff_revoke_a_certificate_with_a_reason(staff_client, staff):
    course = CourseFactory()
    enrolment = EnrolmentFactory(course=course)
    enrolment_record(enrolment=enrolment, actor=staff, sessions_attended=1, completed=True)
    certificate = Certificate.objects.get()
    selected = {"action": "revoke_selected", helpers.ACTION_CHECKBOX_NAME: [certificate.pk]}
    staff_client.post("/admin/experts/certificate/", {**selected, "confirm": "yes", "reason": ""})
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    staff_client.post("/admin/experts/certificate/", {**selected, "confirm": "yes", "reason": "Issued by mistake."})
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revoked_reason == "Issued by mistake."


def test_a_revocation_reason_longer_than_its_column_is_asked_for_again(staff_client, staff):
    course = CourseFactory()
    enrolment = EnrolmentFactory(course=course)
    enrolment_record(enrolment=enrolment, actor=staff, sessions_attended=1, completed=True)
    certificate = Certificate.objects.get()
    selected = {"action": "revoke_selected", helpers.ACTION_CHECKBOX_NAME: [certificate.pk], "confirm": "yes"}
    page = staff_client.post("/admin/experts/certificate/", {**selected, "reason": "x" * 301})
    assert page.status_code == 200 and "admin/action_form.html" in [t.name for t in page.templates]
    assert 'maxlength="300"' in page.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
