"""The demo data: realistic, complete, loadable twice without change, and never loaded by accident."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from achievements.models import Achievement, NdaAcceptance
from achievements.selectors import achievement_list_mine, achievement_list_visible
from demands.models import Demand
from demands.selectors import demand_list_mine
from demo.people import DEMO_PASSWORD
from marketplace.models import (
    Institution,
    Membership,
    MembershipStatus,
    ModerationAction,
    ModerationEvent,
    ModerationState,
    TechnologyField,
)
from marketplace.permissions import is_institution_admin
from marketplace.selectors import latest_staff_reasons, moderation_history

S = ModerationState
LOGINS = {
    "researcher@demo.brics-ttc.org": Role.RESEARCHER,
    "enterprise@demo.brics-ttc.org": Role.ENTERPRISE,
    "enterprise2@demo.brics-ttc.org": Role.ENTERPRISE,
    "institution-admin@demo.brics-ttc.org": Role.INSTITUTION_ADMIN,
    "staff@demo.brics-ttc.org": Role.CENTER_STAFF,
}
MIXED_STATES = {S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.REJECTED, S.PUBLISHED}


def _counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "institutions": Institution.objects.count(),
        "memberships": Membership.objects.count(),
        "achievements": Achievement.objects.count(),
        "demands": Demand.objects.count(),
        "events": ModerationEvent.objects.count(),
        "emails": EmailAddress.objects.count(),
        "nda": NdaAcceptance.objects.count(),
    }


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert not Achievement.objects.exists()


class DemoDataTests(TestCase):
    """Loads the demo once for the class (rolled back afterwards); each test reads it."""

    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", force=True, stdout=StringIO())
        cls.users = {email: User.objects.get(email=email) for email in LOGINS}

    def test_running_it_again_changes_nothing(self):
        before = _counts()
        out = StringIO()
        call_command("seed_demo", force=True, stdout=out)
        assert _counts() == before
        assert "nothing to do" in out.getvalue()

    def test_network_has_many_institutions_in_many_countries_including_the_seed_documents(self):
        assert Institution.objects.count() >= 10
        assert Institution.objects.values("country").distinct().count() >= 7
        names = set(Institution.objects.values_list("name_en", flat=True))
        for seed_name in (
            "BRICS Technology Transfer Center (Kunming)",
            "Kunming Science and Technology Bureau",
            "National Institute of Industrial Property (INPI)",
            "Skolkovo Foundation",
            "University of Cape Town",
            "Index Technology Company",
            "Southwest Forestry University",
            "Venture Center",
        ):
            assert seed_name in names
        center = Institution.objects.get(slug="brics-ttc-kunming")
        assert center.is_official_tt and center.is_verified
        assert center.source_language == "zh-hans"
        assert center.text("name", "zh-hans") == "金砖国家技术转移中心"

    def test_listings_cover_every_field_in_several_source_languages(self):
        published = Achievement.objects.filter(state=S.PUBLISHED)
        assert Achievement.objects.count() >= 60
        assert Demand.objects.count() >= 30
        all_fields = set(TechnologyField.objects.values_list("slug", flat=True))
        assert set(published.values_list("field__slug", flat=True)) == all_fields
        assert set(Demand.objects.filter(state=S.PUBLISHED).values_list("field__slug", flat=True)) == all_fields
        languages = set(Achievement.objects.values_list("source_language", flat=True))
        assert {"en", "zh-hans", "ru", "pt-br"} <= languages
        assert len(languages | set(Demand.objects.values_list("source_language", flat=True))) >= 6
        assert set(published.values_list("trl", flat=True)) >= {3, 4, 5, 6, 7, 8, 9}
        assert Achievement.objects.filter(trl=2).exists()
        assert len(set(Achievement.objects.exclude(price_currency="").values_list("price_currency", flat=True))) >= 5

    def test_texts_are_stored_in_the_column_of_the_source_language(self):
        board = Achievement.objects.get(title_zh_hans="竹纤维增强复合建筑板材连续化制备技术")
        assert board.source_language == "zh-hans"
        assert board.text("summary", "zh-hans").startswith("以速生竹材")
        # The demo fills English columns for about a dozen listings to show the multilingual model.
        assert board.text("title", "en").startswith("Continuous production of bamboo-fibre")
        translated = Achievement.objects.exclude(source_language="en").exclude(title_en="").count()
        translated += Demand.objects.exclude(source_language="en").exclude(title_en="").count()
        assert translated >= 10

    def test_anonymous_visitors_see_only_published_listings_spread_over_eighteen_months(self):
        visible = achievement_list_visible(user=AnonymousUser())
        assert visible.count() >= 60
        assert set(visible.values_list("state", flat=True)) == {S.PUBLISHED}
        now = timezone.now()
        dates = list(visible.values_list("published_at", flat=True))
        assert all(now - timedelta(days=550) < when <= now for when in dates)
        assert min(dates) < now - timedelta(days=365)
        assert len({when.date() for when in dates}) > 50

    def test_published_demands_have_budgets_and_future_expiry(self):
        today = timezone.localdate()
        demands = Demand.objects.filter(state=S.PUBLISHED)
        assert demands.filter(budget_min__isnull=False, budget_max__isnull=False).count() >= 20
        assert not demands.filter(expires_at__lte=today).exists()
        assert not demands.filter(deadline__lte=today).exists()

    def test_demo_logins_exist_with_their_roles_and_sign_in_with_the_demo_password(self):
        for email, role in LOGINS.items():
            user = authenticate(email=email, password=DEMO_PASSWORD)
            assert user is not None, email
            assert user.role == role
            assert EmailAddress.objects.filter(user=user, email=email, verified=True, primary=True).exists()
        staff = self.users["staff@demo.brics-ttc.org"]
        assert staff.is_staff and staff.is_superuser
        assert not any(u.is_staff for email, u in self.users.items() if email != staff.email)

    def test_demo_researcher_signs_in_through_the_login_page_without_verifying_again(self):
        response = self.client.post(
            reverse("account_login"), {"login": "researcher@demo.brics-ttc.org", "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302
        assert int(self.client.session["_auth_user_id"]) == self.users["researcher@demo.brics-ttc.org"].pk

    def test_other_demo_authors_cannot_sign_in(self):
        author = User.objects.get(email="sun.qiang@demo.brics-ttc.org")
        assert not author.has_usable_password()
        assert Achievement.objects.filter(owner=author, state=S.PUBLISHED).count() >= 3

    def test_memberships_place_the_demo_logins_in_their_institutions(self):
        def active(email, slug):
            return Membership.objects.get(user__email=email, institution__slug=slug, status=MembershipStatus.ACTIVE)

        active("researcher@demo.brics-ttc.org", "southwest-forestry-university")
        active("enterprise@demo.brics-ttc.org", "index-technology")
        active("enterprise2@demo.brics-ttc.org", "crcc-high-tech-equipment")
        center = Institution.objects.get(slug="brics-ttc-kunming")
        assert is_institution_admin(self.users["institution-admin@demo.brics-ttc.org"], center.pk)

    def test_demo_researcher_and_enterprise_have_a_mix_of_states_with_staff_reasons(self):
        researcher = self.users["researcher@demo.brics-ttc.org"]
        enterprise = self.users["enterprise@demo.brics-ttc.org"]
        mine = list(achievement_list_mine(user=researcher))
        assert {a.state for a in mine} >= MIXED_STATES
        assert {d.state for d in demand_list_mine(user=enterprise)} >= MIXED_STATES

        reasons = latest_staff_reasons(listings=mine)
        staff = self.users["staff@demo.brics-ttc.org"]
        for listing in mine:
            if listing.state in (S.CHANGES_REQUESTED, S.REJECTED):
                assert reasons[listing.pk].actor == staff
                assert reasons[listing.pk].reason

    def test_moderation_audit_trail_is_recorded_in_order(self):
        staff = self.users["staff@demo.brics-ttc.org"]
        published = Achievement.objects.filter(state=S.PUBLISHED).first()
        approve, submit = moderation_history(listing=published)[:2]
        assert (submit.action, approve.action) == (ModerationAction.SUBMIT, ModerationAction.APPROVE)
        assert approve.actor == staff
        assert submit.created_at <= approve.created_at
        assert abs(approve.created_at - published.published_at) < timedelta(seconds=1)

    def test_some_achievements_have_a_confidential_dossier_under_nda(self):
        with_dossier = Achievement.objects.exclude(nda_text="").exclude(confidential_dossier="")
        assert with_dossier.count() >= 3
        board = with_dossier.get(title_zh_hans="竹纤维增强复合建筑板材连续化制备技术")
        documents = list(board.attachments.filter(content_type="application/pdf"))
        assert {a.is_confidential for a in documents} == {True, False}
        assert all(a.size > 0 for a in documents)
        assert documents[0].file.read(5) == b"%PDF-"
        # Every demo achievement has a public cover picture with its thumbnail (cards, galleries).
        cover = board.attachments.get(content_type="image/jpeg")
        assert not cover.is_confidential and cover.thumbnail
        assert NdaAcceptance.objects.filter(
            achievement=board, user=self.users["enterprise2@demo.brics-ttc.org"]
        ).exists()

    def test_a_dozen_listings_read_in_several_languages_as_verified_human_translations(self):
        from django.contrib.contenttypes.models import ContentType

        from translation.models import TranslationRecord, TranslationStatus

        # Loading pauses machine translation: the only records are the human translations the demo ships.
        assert not TranslationRecord.objects.exclude(status=TranslationStatus.VERIFIED).exists()
        verified = TranslationRecord.objects.filter(verified_by=self.users["staff@demo.brics-ttc.org"])
        assert verified.count() == TranslationRecord.objects.count()
        listing_types = ContentType.objects.get_for_models(Achievement, Demand).values()
        languages_per_listing: dict[tuple[int, int], set[str]] = {}
        for type_id, object_id, language in verified.filter(content_type__in=listing_types).values_list(
            "content_type", "object_id", "language"
        ):
            languages_per_listing.setdefault((type_id, object_id), set()).add(language)
        assert sum(len(codes) >= 3 for codes in languages_per_listing.values()) >= 12
        assert {"en", "zh-hans", "ru", "pt-br", "es", "fr", "ar"} <= set(verified.values_list("language", flat=True))

        assay = Achievement.objects.get(title_en="Isothermal point-of-care assay for rifampicin-resistant tuberculosis")
        html = self.client.get(reverse("achievements:detail", args=[assay.pk]).replace("/en/", "/zh-hans/", 1))
        page = html.content.decode()
        assert "利福平耐药结核病等温扩增即时检测技术" in page
        assert "translation-note-verified" in page and "translation-note-machine" not in page
