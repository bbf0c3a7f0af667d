from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import (
    PASSWORD,
    EnterpriseFactory,
    InstitutionFactory,
    MembershipFactory,
    ResearcherFactory,
    StaffFactory,
)


@pytest.fixture(autouse=True)
def _english(settings):
    """Each test starts in English, whatever the previous one activated."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def researcher(db):
    return ResearcherFactory()


@pytest.fixture
def enterprise(db):
    return EnterpriseFactory()


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def institution(db):
    return InstitutionFactory()


@pytest.fixture
def member(researcher, institution):
    """The researcher as an active member of the institution."""
    MembershipFactory(user=researcher, institution=institution)
    return researcher


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def researcher_client(researcher) -> Client:
    return _client_for(researcher)


@pytest.fixture
def enterprise_client(enterprise) -> Client:
    return _client_for(enterprise)


@pytest.fixture
def staff_client(staff) -> Client:
    return _client_for(staff)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def password() -> str:
    return PASSWORD
