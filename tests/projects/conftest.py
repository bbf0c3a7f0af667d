from __future__ import annotations

import pytest

from accounts.models import Role
from marketplace.models import InstitutionKind, MembershipRole
from tests.factories import AchievementFactory, InstitutionFactory, MembershipFactory, UserFactory


@pytest.fixture
def lead(db):
    """The lead institution's administrator (puts the project together)."""
    admin = UserFactory(role=Role.INSTITUTION_ADMIN)
    admin.lead_institution = InstitutionFactory(country="CN")
    MembershipFactory(user=admin, institution=admin.lead_institution, role=MembershipRole.ADMIN)
    return admin


@pytest.fixture
def partner(db):
    """Another institution's administrator (confirms its participation)."""
    admin = UserFactory(role=Role.INSTITUTION_ADMIN)
    admin.institution = InstitutionFactory(country="RU")
    MembershipFactory(user=admin, institution=admin.institution, role=MembershipRole.ADMIN)
    return admin


@pytest.fixture
def owned_achievement(db):
    """A published achievement of a researcher who is no part of the project yet."""
    return AchievementFactory(published=True, country="IN")


@pytest.fixture
def investor(db):
    """A member of an investor institution."""
    user = UserFactory(role=Role.ENTERPRISE)
    user.investor = InstitutionFactory(kind=InstitutionKind.INVESTOR, country="AE")
    MembershipFactory(user=user, institution=user.investor)
    return user
