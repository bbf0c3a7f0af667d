from __future__ import annotations

from dataclasses import asdict

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from achievements.models import Achievement, AchievementAttachment
from demands.models import Demand
from experts.models import Expert
from projects.models import InterestExpression
from search.backends.base import SearchQuery
from search.doctypes import doctype_get
from search.documents import document_for, documents_for
from search.services import search_reindex
from tests.factories import (
    AchievementFactory,
    DemandFactory,
    InstitutionFactory,
    ProjectFactory,
    ProjectMemberFactory,
    ResearcherFactory,
    StaffFactory,
    UserFactory,
    tech_field,
    transfer_mode,
)
from tests.factories_hub import CourseFactory, EnrolmentFactory, ExpertFactory, ServiceFactory, ServiceRequestFactory

pytestmark = pytest.mark.django_db


def test_achievement_document_has_every_non_empty_language_and_its_facets():
    institution = InstitutionFactory(slug="kunming-tech", kind="research_institute")
    achievement = AchievementFactory(
        published=True,
        institution=institution,
        country="CN",
        source_language="zh-hans",
        title_en="Lithium battery",
        title_zh_hans="锂电池",
        summary_zh_hans="储能技术",
        title_pt_br="Bateria de lítio",
        keywords_en="",
        trl=7,
        transfer_modes=[transfer_mode("licensing"), transfer_mode("equity")],
    )
    document = document_for(achievement)
    assert document.key == f"achievement:{achievement.pk}"
    assert (document.type, document.pk) == ("achievement", achievement.pk)
    assert document.texts["zh-hans"] == {"title": "锂电池", "summary": "储能技术"}
    assert document.texts["pt-br"] == {"title": "Bateria de lítio"}
    assert document.texts["en"]["title"] == "Lithium battery"
    assert "keywords" not in document.texts["en"]
    assert set(document.texts) == {"en", "zh-hans", "pt-br"}
    assert document.source_language == "zh-hans"
    assert (document.field, document.country, document.trl) == ("biomedicine", "CN", 7)
    assert document.ip_status == "granted_patent"
    assert document.transfer_modes == ("equity", "licensing")
    assert (document.institution_type, document.institution) == ("research_institute", "kunming-tech")
    assert document.published_at == achievement.published_at


def test_demand_document_has_cooperation_modes_and_no_achievement_facets():
    demand = DemandFactory(published=True, title_ru="Батарея", description_ru="Нужна батарея")
    document = document_for(demand)
    assert document.type == "demand"
    assert document.texts["ru"] == {"title": "Батарея", "description": "Нужна батарея"}
    assert document.trl is None
    assert document.ip_status == ""
    assert document.transfer_modes == ("joint_development",)
    assert (document.institution_type, document.institution) == ("", "")
    assert document.country == "ZA"


def test_documents_never_carry_confidential_contact_attachment_or_owner_data():
    owner = ResearcherFactory(email="owner-secret@example.org", display_name="Ownerly Secretname")
    achievement = AchievementFactory(
        published=True,
        owner=owner,
        confidential_dossier="DOSSIER-SECRET-4711",
        nda_text="NDA-SECRET-4712",
        contact_name="Contact Secretperson",
        contact_email="contact-secret@example.org",
        contact_phone="+55 11 4713-4714",
    )
    AchievementAttachment.objects.create(
        achievement=achievement,
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 ATTACHMENT-SECRET-4715"),
        original_name="ATTACHMENT-NAME-4716.pdf",
        content_type="application/pdf",
        size=30,
        is_confidential=True,
    )
    demand = DemandFactory(published=True, owner=ResearcherFactory(email="demand-owner@example.org"))
    secrets = [
        "DOSSIER-SECRET-4711",
        "NDA-SECRET-4712",
        "Secretperson",
        "contact-secret@example.org",
        "4713-4714",
        "ATTACHMENT",
        "owner-secret@example.org",
        "Ownerly",
        "demand-owner@example.org",
    ]
    dumped = repr([asdict(document_for(achievement)), asdict(document_for(demand))])
    dumped += repr([asdict(doc) for doc in documents_for(Achievement.objects.all())])
    for secret in secrets:
        assert secret not in dumped


def test_bulk_documents_take_a_constant_number_of_queries(django_assert_max_num_queries):
    AchievementFactory.create_batch(2, published=True, institution=InstitutionFactory())
    with django_assert_max_num_queries(2):
        assert len(list(documents_for(Achievement.objects.all()))) == 2
    AchievementFactory.create_batch(6, published=True, institution=InstitutionFactory())
    with django_assert_max_num_queries(2):
        assert len(list(documents_for(Achievement.objects.all()))) == 8
    DemandFactory.create_batch(3, published=True)
    with django_assert_max_num_queries(2):
        assert len(list(documents_for(Demand.objects.filter(state="published")))) == 3


def test_bulk_loader_does_not_fetch_private_columns(django_assert_num_queries):
    AchievementFactory(published=True, confidential_dossier="DOSSIER-SECRET-4711")
    with django_assert_num_queries(2) as captured:
        list(documents_for(Achievement.objects.all()))
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    assert "confidential_dossier" not in sql
    assert "contact_email" not in sql


def test_documents_of_projects_services_experts_and_courses_never_carry_private_data(embedded_search):
    """Requests, quotes, deliveries, ratings, interest messages, unconfirmed members, enrolments, account e-mails and
    drafts of the new document types never reach a document or the index."""
    institution = InstitutionFactory()
    project = ProjectFactory(
        published=True,
        institution=institution,
        owner=ResearcherFactory(email="project-owner-secret@example.org"),
    )
    ProjectMemberFactory(project=project, institution=InstitutionFactory(name="Unconfirmedmember"), confirmed_at=None)
    InterestExpression.objects.create(project=project, investor=InstitutionFactory(), message="INTEREST-SECRET-5101")
    ProjectFactory(title_en="Draftproject Secretplan")
    service = ServiceFactory(owner=ResearcherFactory(email="service-owner-secret@example.org"))
    ServiceRequestFactory(
        service=service,
        message="REQUEST-SECRET-5102",
        quote_terms="QUOTE-SECRET-5103",
        quote_amount=99999,
        delivery_note="DELIVERY-SECRET-5104",
        rating=5,
        rating_comment="RATING-SECRET-5105",
    )
    ServiceFactory(state="draft", published_at=None, title_en="Draftservice Secretoffer")
    expert = ExpertFactory(user=UserFactory(email="expert-secret@example.org", display_name="Public Name"))
    ServiceRequestFactory(service=None, provider=None, category="legal", expert=expert, message="CONSULT-SECRET-5106")
    ExpertFactory(is_public=False, headline_en="Hiddenprofile Secretheadline")
    course = CourseFactory(created_by=StaffFactory(email="course-author-secret@example.org"))
    EnrolmentFactory(course=course, user=ResearcherFactory(email="enrolled-secret@example.org"))
    CourseFactory(is_published=False, title_en="Unpublishedcourse Secretsyllabus")
    secrets = [
        "project-owner-secret",
        "Unconfirmedmember",
        "INTEREST-SECRET",
        "Draftproject",
        "service-owner-secret",
        "REQUEST-SECRET",
        "QUOTE-SECRET",
        "99999",
        "DELIVERY-SECRET",
        "RATING-SECRET",
        "Draftservice",
        "expert-secret",
        "pbkdf2",
        "CONSULT-SECRET",
        "Hiddenprofile",
        "course-author-secret",
        "enrolled-secret",
        "Unpublishedcourse",
    ]
    dumped = repr([asdict(document_for(record)) for record in (project, service, expert, course)])
    for kind in ("project", "service", "expert", "course"):  # what a re-index builds: the published records
        dumped += repr([asdict(doc) for doc in documents_for(doctype_get(kind).public())])
    for secret in secrets:
        assert secret not in dumped
    search_reindex()
    assert embedded_search.count() == 4
    for word in ("Draftproject", "Draftservice", "Hiddenprofile", "Unpublishedcourse", "Unconfirmedmember"):
        assert embedded_search.search(SearchQuery(text=word, lang="en", limit=5)).hits == []


def test_bulk_documents_of_experts_take_a_constant_number_of_queries_without_account_secrets(
    django_assert_max_num_queries,
):
    for _n in range(3):
        ExpertFactory().fields.add(tech_field("renewable-energy"))
    with django_assert_max_num_queries(2) as captured:
        assert len(list(documents_for(Expert.objects.all()))) == 3
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    assert '"email"' not in sql and '"password"' not in sql
