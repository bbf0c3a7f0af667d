"""Completion certificates: issued once on completion, checked publicly by code, never forgeable, revocable."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from experts.certificates import certificate_code_is_signed, certificate_code_new
from experts.errors import ExpertsError
from experts.models import Certificate, EnrolmentStatus
from experts.services import certificate_revoke, course_enrol, enrolment_record
from marketplace.errors import NotFound
from tests.factories import CourseFactory, CourseModuleFactory, EnrolmentFactory, ResearcherFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _completed():
    course = CourseFactory()
    CourseModuleFactory(course=course)
    enrolment = EnrolmentFactory(course=course, user=ResearcherFactory(display_name="Ana Souza"))
    enrolment_record(enrolment=enrolment, actor=course.created_by, sessions_attended=1, completed=True)
    return Certificate.objects.get(enrolment=enrolment)


def test_completion_issues_one_signed_certificate():
    certificate = _completed()
    assert certificate_code_is_signed(certificate.code)
    enrolment_record(enrolment=certificate.enrolment, actor=certificate.issued_by, sessions_attended=1, completed=True)
    assert Certificate.objects.filter(enrolment=certificate.enrolment).count() == 1


def test_only_the_organiser_records_attendance():
    enrolment = EnrolmentFactory()
    with pytest.raises(NotFound):
        enrolment_record(enrolment=enrolment, actor=ResearcherFactory(), sessions_attended=1, completed=True)
    with pytest.raises(NotFound):
        enrolment_record(enrolment=enrolment, actor=enrolment.user, sessions_attended=1, completed=True)
    assert not Certificate.objects.exists()


def test_the_public_page_and_api_confirm_a_genuine_certificate(client):
    certificate = _completed()
    page = client.get(f"/en/certificates/{certificate.code}/")
    assert (
        page.status_code == 200
        and "Genuine and valid" in page.content.decode()
        and "Ana Souza" in page.content.decode()
    )
    data = APIClient().get(f"/api/v1/certificates/{certificate.code}/").json()
    assert data["valid"] is True and data["status"] == "valid" and data["holder"] == "Ana Souza"
    pdf = client.get(f"/en/certificates/{certificate.code}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and certificate.code.encode() in pdf.content


@pytest.mark.parametrize(
    "mutate",
    [
        lambda code: code[:-1] + ("0" if code[-1] != "0" else "1"),  # signature changed
        lambda code: ("B" if code[0] != "B" else "C") + code[1:],  # serial changed, old signature
        lambda code: code.lower(),
        lambda code: code + "0",
        lambda code: "ABCDEFGHJK-0000000000000000",
        lambda code: "../../etc/passwd",
        lambda code: "' OR 1=1 --",
    ],
)
def test_a_forged_or_altered_code_is_not_a_certificate(client, mutate):
    certificate = _completed()
    forged = mutate(certificate.code)
    assert APIClient().get(f"/api/v1/certificates/{forged}/").status_code == 404
    page = client.get(f"/en/certificates/{forged}/")
    assert page.status_code == 404 and "Ana Souza" not in page.content.decode()


def test_a_signed_code_that_was_never_issued_is_not_a_certificate():
    _completed()
    code = certificate_code_new()
    response = APIClient().get(f"/api/v1/certificates/{code}/")
    assert response.status_code == 404 and response.json()["code"] == "certificate_not_found"


def test_a_revoked_certificate_says_so(client):
    certificate = _completed()
    with pytest.raises(ExpertsError):
        certificate_revoke(certificate=certificate, actor=StaffFactory(), reason="  ")
    certificate_revoke(certificate=certificate, actor=StaffFactory(), reason="Attendance records were falsified.")
    data = APIClient().get(f"/api/v1/certificates/{certificate.code}/").json()
    assert data["valid"] is False and data["status"] == "revoked" and "falsified" in data["revoked_reason"]
    page = client.get(f"/en/certificates/{certificate.code}/").content.decode()
    assert "was revoked" in page and "falsified" in page
    assert client.get(f"/en/certificates/{certificate.code}/pdf/").status_code == 404


def test_enrolment_respects_capacity_and_is_idempotent():
    course = CourseFactory(capacity=1)
    first, second = ResearcherFactory(), ResearcherFactory()
    enrolment = course_enrol(course=course, user=first)
    assert course_enrol(course=course, user=first) == enrolment
    with pytest.raises(ExpertsError) as exc:
        course_enrol(course=course, user=second)
    assert exc.value.code == "course_full"


def test_enrolment_api(client):
    course = CourseFactory(capacity=2)
    api = APIClient()
    assert api.post(f"/api/v1/courses/{course.pk}/enrolment/").status_code in (401, 403)
    api.force_authenticate(ResearcherFactory())
    response = api.post(f"/api/v1/courses/{course.pk}/enrolment/")
    assert response.status_code == 201 and response.json()["status"] == EnrolmentStatus.ENROLLED
    assert api.post("/api/v1/courses/abc/enrolment/").status_code == 404
    unpublished = CourseFactory(is_published=False)
    assert api.post(f"/api/v1/courses/{unpublished.pk}/enrolment/").status_code == 404
    listed = APIClient().get("/api/v1/courses/").json()["results"]
    assert [row["id"] for row in listed] == [course.pk] and listed[0]["places_left"] == 1
