"""Projects, services, experts and courses as search document types (search.doctypes; registered by their apps).

Their documents, indexing on publish and removal on unpublish (through the apps' own writes), the type filter and the
type facet, the database fallback, the API and the page. The engine-level contract for any type name runs on both
engines in test_contract.py; the leak test of every type is in test_documents.py.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from experts.models import Course, Expert
from marketplace.models import ModerationAction, ModerationState
from marketplace.services import listing_moderate, listing_transition
from search.backends.base import SearchQuery
from search.doctypes import all_doctypes, doctype_get, doctype_names
from search.documents import document_for
from search.management.commands.search_reindex import Command as ReindexCommand
from search.selectors import search_listings
from search.services import search_missing_types, search_reindex
from services.services.catalogue import service_moderate, service_update
from tests.factories import InstitutionFactory, ProjectFactory, StaffFactory, UserFactory, tech_field
from tests.factories_hub import CourseFactory, ExpertFactory, ServiceFactory

pytestmark = pytest.mark.django_db
NEW_TYPES = ("project", "service", "expert", "course")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # API throttles and field labels
    yield
    cache.clear()


def keys(engine, **query) -> set[str]:
    return {hit.key for hit in engine.search(SearchQuery(limit=100, **query)).hits}


@pytest.fixture
def records():
    institution = InstitutionFactory(slug="tsinghua-tto", kind="university", country="CN")
    expert = ExpertFactory(
        user=UserFactory(display_name="Ana Quirino"),
        headline_en="Patent attorney for battery chemistry",
        bio_en="Fifteen years of licensing lithium battery patents.",
        institution=institution,
    )
    expert.fields.add(tech_field("renewable-energy"))
    return {
        "project": ProjectFactory(
            published=True,
            institution=institution,
            country="CN",
            field=tech_field("renewable-energy"),
            title_en="Rural solar storage consortium",
            summary_en="Battery packs and a pilot village.",
        ),
        "service": ServiceFactory(
            title_en="Battery patent valuation", description_en="Valuation of battery patents before an auction."
        ),
        "expert": expert,
        "course": CourseFactory(
            organiser=institution, title_en="Licensing battery technology", summary_en="A course for managers."
        ),
    }


def test_the_four_types_are_registered_by_their_apps_after_the_listings():
    assert doctype_names()[:2] == ("achievement", "demand")
    assert set(NEW_TYPES) <= set(doctype_names())
    assert [doctype.name for doctype in all_doctypes()] == list(doctype_names())
    assert doctype_get("course").detail_url_name == "experts:course_detail"


def test_documents_map_each_models_texts_and_facets(records):
    project = document_for(records["project"])
    assert project.texts["en"] == {
        "title": "Rural solar storage consortium",
        "summary": "Battery packs and a pilot village.",
    }
    assert (project.type, project.field, project.country) == ("project", "renewable-energy", "CN")
    assert (project.institution_type, project.institution, project.trl) == ("university", "tsinghua-tto", None)

    service = document_for(records["service"])
    assert service.texts["en"]["description"].startswith("Valuation of battery patents")
    assert (service.field, service.country, service.institution_type) == ("", "CN", "service_provider")

    expert = document_for(records["expert"])
    assert expert.texts["en"] == {
        "title": "Ana Quirino",
        "summary": "Patent attorney for battery chemistry",
        "description": "Fifteen years of licensing lithium battery patents.",
    }
    assert (expert.field, expert.country, expert.institution) == ("renewable-energy", "CN", "tsinghua-tto")

    course = document_for(records["course"])
    assert course.texts["en"]["title"] == "Licensing battery technology"
    assert (course.country, course.institution) == ("CN", "tsinghua-tto")
    assert course.published_at == records["course"].created_at


def test_reindex_indexes_every_published_record_of_every_type(embedded_search, records):
    ServiceFactory(state=ModerationState.DRAFT, published_at=None, title_en="Draft service")
    ProjectFactory(title_en="Draft project")
    ExpertFactory(is_public=False)
    ExpertFactory(user=UserFactory(is_active=False))
    CourseFactory(is_published=False)
    search_reindex(batch_size=1)
    assert keys(embedded_search) == {f"{kind}:{record.pk}" for kind, record in records.items()}


def test_reindex_resumes_after_a_key_of_a_new_type(embedded_search, records):
    last = search_reindex(resume_from=f"service:{records['service'].pk}")
    assert last == f"course:{records['course'].pk}"
    assert keys(embedded_search) == {f"expert:{records['expert'].pk}", f"course:{records['course'].pk}"}


def test_publishing_a_project_or_a_service_indexes_it_and_withdrawing_removes_it(
    embedded_search, django_capture_on_commit_callbacks
):
    staff = StaffFactory()
    project = ProjectFactory(state=ModerationState.SUBMITTED, title_en="Bamboo housing")
    service = ServiceFactory(state=ModerationState.SUBMITTED, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        listing_moderate(listing=project, actor=staff, action=ModerationAction.APPROVE)
        service_moderate(service=service, actor=staff, action=ModerationAction.APPROVE)
    assert keys(embedded_search) == {f"project:{project.pk}", f"service:{service.pk}"}

    with django_capture_on_commit_callbacks(execute=True):
        listing_transition(listing=project, actor=staff, action=ModerationAction.ARCHIVE)
        listing_transition(listing=service, actor=staff, action=ModerationAction.ARCHIVE)
    assert keys(embedded_search) == set()


def test_an_edit_of_a_published_service_is_reindexed(embedded_search, django_capture_on_commit_callbacks):
    service = ServiceFactory()
    search_reindex()
    with django_capture_on_commit_callbacks(execute=True):
        service_update(
            service=service, user=StaffFactory(), data={}, title="Trademark search", description="Any market."
        )
    hits = embedded_search.search(SearchQuery(text="trademark", lang="en")).hits
    assert [hit.key for hit in hits] == [f"service:{service.pk}"]


def test_a_draft_service_is_never_indexed(embedded_search, django_capture_on_commit_callbacks):
    service = ServiceFactory(state=ModerationState.DRAFT, published_at=None)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        service_update(service=service, user=service.owner, data={}, title="Draft title", description="Draft.")
    assert not [callback for callback in callbacks if "search" in repr(callback)]
    assert keys(embedded_search) == set()


def test_an_expert_profile_leaves_the_index_when_made_private_or_its_account_deactivated(
    embedded_search, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        expert = ExpertFactory()
        other = ExpertFactory()
    assert keys(embedded_search) == {f"expert:{expert.pk}", f"expert:{other.pk}"}

    with django_capture_on_commit_callbacks(execute=True):
        expert.is_public = False
        expert.save()
        other.user.is_active = False
        other.user.save(update_fields=["is_active"])
    assert keys(embedded_search) == set()

    with django_capture_on_commit_callbacks(execute=True):
        other.user.is_active = True
        other.user.display_name = "Renamed Person"
        other.user.save()
    hits = embedded_search.search(SearchQuery(text="renamed", lang="en")).hits
    assert [hit.key for hit in hits] == [f"expert:{other.pk}"]


def test_a_sign_in_does_not_reindex_the_experts_profile(django_capture_on_commit_callbacks):
    expert = ExpertFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        expert.user.save(update_fields=["last_login"])
    assert callbacks == []


def test_a_course_is_indexed_when_published_and_removed_when_unpublished_or_deleted(
    embedded_search, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        course = CourseFactory(is_published=False)
    assert keys(embedded_search) == set()
    with django_capture_on_commit_callbacks(execute=True):
        course.is_published = True
        course.save()
    assert keys(embedded_search) == {f"course:{course.pk}"}
    with django_capture_on_commit_callbacks(execute=True):
        Course.objects.filter(pk=course.pk).update(is_published=False)
        course.refresh_from_db()
        course.save()
    assert keys(embedded_search) == set()
    with django_capture_on_commit_callbacks(execute=True):
        course.is_published = True
        course.save()
    with django_capture_on_commit_callbacks(execute=True):
        course.delete()
    assert keys(embedded_search) == set()


@pytest.mark.parametrize("kind", NEW_TYPES)
def test_type_filter_returns_only_that_type_and_the_type_facet_counts_all(embedded_search, records, kind):
    search_reindex()
    page = search_listings(text="battery", lang="en", types=[kind])
    assert [hit.key for hit in page.hits] == [f"{kind}:{records[kind].pk}"]
    assert dict(page.facets["type"]) == dict.fromkeys(NEW_TYPES, 1)


def test_facets_of_the_new_types_filter_them(embedded_search, records):
    search_reindex()
    page = search_listings(text="", lang="en", filters={"institution": ["tsinghua-tto"]})
    assert {hit.type for hit in page.hits} == {"project", "expert", "course"}
    page = search_listings(text="", lang="en", filters={"institution_type": ["service_provider"]})
    assert [hit.type for hit in page.hits] == ["service"]
    page = search_listings(text="", lang="en", filters={"field": ["renewable-energy"]}, types=["expert", "course"])
    assert [hit.type for hit in page.hits] == ["expert"]


@pytest.mark.parametrize("kind", NEW_TYPES)
def test_database_fallback_finds_each_type_by_its_words_and_filters(engine_down, records, kind):
    page = search_listings(text="battery", lang="en", types=[kind])
    assert page.fallback is True
    assert [hit.key for hit in page.hits] == [f"{kind}:{records[kind].pk}"]
    assert page.hits[0].title
    assert dict(page.facets["type"]) == dict.fromkeys(NEW_TYPES, 1)


def test_database_fallback_finds_an_expert_by_name_and_leaves_out_what_is_not_public(engine_down, records):
    Expert.objects.filter(pk=records["expert"].pk).update(is_public=False)
    assert search_listings(text="quirino", lang="en").hits == []
    Expert.objects.filter(pk=records["expert"].pk).update(is_public=True)
    page = search_listings(text="quirino", lang="en")
    assert [(hit.key, hit.title) for hit in page.hits] == [(f"expert:{records['expert'].pk}", "Ana Quirino")]
    page = search_listings(text="", lang="en", filters={"country": ["CN"]}, types=["expert", "course", "project"])
    assert {hit.type for hit in page.hits} == {"expert", "course", "project"}


@pytest.mark.parametrize("kind", NEW_TYPES)
def test_api_type_filter_links_each_hit_to_its_page(client, embedded_search, records, kind):
    search_reindex()
    body = client.get("/api/v1/search/", {"q": "battery", "type": kind, "lang": "zh-hans"}).json()
    assert [(hit["type"], hit["id"]) for hit in body["results"]] == [(kind, records[kind].pk)]
    with translation.override("zh-hans"):
        assert body["results"][0]["url"] == f"http://testserver{records[kind].get_absolute_url()}"
    assert "/zh-hans/" in body["results"][0]["url"]
    labels = {value["value"]: value["label"] for value in body["facets"]["type"]}
    assert labels["course"] == "课程"


def test_api_rejects_an_unknown_type(client, embedded_search):
    response = client.get("/api/v1/search/", {"type": "auction"})
    assert response.status_code == 400
    assert response.json()["code"]


def test_search_page_shows_a_tab_per_type_and_links_hits_to_their_pages(client, embedded_search, records):
    search_reindex()
    translation.activate("en")
    page = client.get("/en/search/", {"q": "battery"}).content.decode()
    for kind, record in records.items():
        assert f'href="{record.get_absolute_url()}"' in page
        assert f"search-type-{kind}" in page
    for label in ("Projects", "Services", "Experts", "Courses"):
        assert label in page
    only = client.get("/en/search/", {"q": "battery", "type": "service"}).content.decode()
    assert records["service"].get_absolute_url() in only
    assert records["course"].get_absolute_url() not in only


def test_reindex_if_empty_fills_in_a_document_type_the_index_has_none_of(embedded_search, records):
    """An index built before a type existed (make run after an upgrade) gets the new type's records."""
    search_reindex()
    embedded_search.delete([f"course:{records['course'].pk}"])
    assert search_missing_types(backend=embedded_search) == ["course"]
    call_command(ReindexCommand(), if_empty=True, stdout=StringIO())
    assert f"course:{records['course'].pk}" in keys(embedded_search)
    assert search_missing_types(backend=embedded_search) == []
