"""The staff's moderation workplace in Django admin: the pending queue, the panel, bulk actions, the audit trail."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from achievements.models import Achievement, AchievementAttachment
from demands.models import Demand
from marketplace.models import Institution, ModerationAction, ModerationEvent, ModerationState
from marketplace.services import listing_submit
from tests.factories import AchievementFactory, DemandFactory, InstitutionFactory

pytestmark = pytest.mark.django_db

S = ModerationState
FACTORIES = {"achievement": AchievementFactory, "demand": DemandFactory}


def url(model: type, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def submitted(kind: str = "achievement", **kwargs):
    """A draft moved to the queue by its owner through the service, so its history has a real "submit" event."""
    listing = FACTORIES[kind](**kwargs)
    listing_submit(listing=listing, user=listing.owner)
    return listing


def status_choice(response) -> str:
    """The label of the selected choice of the "status" filter."""
    changelist = response.context["cl"]
    spec = next(s for s in changelist.filter_specs if getattr(s, "parameter_name", None) == "state")
    return next(str(c["display"]) for c in spec.choices(changelist) if c["selected"])


# --- the queue --------------------------------------------------------------------------------------------------


def test_queue_opens_on_submitted_listings_only(staff_client):
    waiting = AchievementFactory(submitted=True)
    draft = AchievementFactory()
    published = AchievementFactory(published=True)

    response = staff_client.get(url(Achievement, "changelist"))

    assert response.status_code == 200
    shown = set(response.context["cl"].result_list)
    assert shown == {waiting}
    assert draft not in shown and published not in shown
    assert status_choice(response) == "Submitted"


def test_queue_all_choice_shows_every_state(staff_client):
    listings = {AchievementFactory(submitted=True), AchievementFactory(), AchievementFactory(published=True)}

    response = staff_client.get(url(Achievement, "changelist"), {"state": "all"})

    assert set(response.context["cl"].result_list) == listings
    assert status_choice(response) == "All"


def test_queue_filters_on_another_state(staff_client):
    AchievementFactory(submitted=True)
    published = DemandFactory(published=True)
    DemandFactory(submitted=True)

    response = staff_client.get(url(Demand, "changelist"), {"state": "published"})

    assert list(response.context["cl"].result_list) == [published]
    assert status_choice(response) == "Published"


def test_queue_search_finds_a_title_in_its_source_language(staff_client):
    chinese = AchievementFactory(
        submitted=True, source_language="zh-hans", title_en="", title_zh_hans="高效钙钛矿太阳能电池"
    )
    AchievementFactory(submitted=True)

    response = staff_client.get(url(Achievement, "changelist"), {"q": "钙钛矿"})

    assert list(response.context["cl"].result_list) == [chinese]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("perovskite", ["english"]),
        ("PEROVSKITE cell", ["english"]),
        ("钙钛矿", ["chinese"]),
        ("owner-of-panels", ["owned"]),
        ("Kunming Solar", ["institution"]),
        ("perovskite nothing-like-this", []),
    ],
)
def test_queue_search_matches_titles_owners_and_institutions_word_by_word(staff_client, term, expected):
    """The same answers through Django's search (SQLite) and the indexed one (PostgreSQL, in make test-services)."""
    rows = {
        "english": AchievementFactory(submitted=True, title_en="Perovskite solar cell"),
        "chinese": AchievementFactory(
            submitted=True, source_language="zh-hans", title_en="", title_zh_hans="高效钙钛矿太阳能电池"
        ),
        "owned": AchievementFactory(submitted=True, owner__email="owner-of-panels@example.org"),
        "institution": AchievementFactory(submitted=True, institution=InstitutionFactory(name_en="Kunming Solar Lab")),
    }
    AchievementFactory(submitted=True)

    response = staff_client.get(url(Achievement, "changelist"), {"q": term, "state": "all"})

    assert {row.pk for row in response.context["cl"].result_list} == {rows[name].pk for name in expected}


def test_queue_query_count_does_not_grow_with_rows(staff_client):
    institution = InstitutionFactory()
    AchievementFactory.create_batch(2, submitted=True, institution=institution)
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(url(Achievement, "changelist")).status_code == 200

    AchievementFactory.create_batch(8, submitted=True, institution=InstitutionFactory())
    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(url(Achievement, "changelist"))
    assert len(response.context["cl"].result_list) == 10
    assert len(many) == len(few)


def test_queue_does_not_load_long_texts(staff_client):
    AchievementFactory(submitted=True)

    response = staff_client.get(url(Achievement, "changelist"))

    row = response.context["cl"].result_list[0]
    deferred = row.get_deferred_fields()
    assert {"description_en", "summary_zh_hans", "confidential_dossier", "nda_text"} <= deferred
    assert "title_en" not in deferred


# --- the change page ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["achievement", "demand"])
def test_change_page_shows_moderation_panel_and_audit_trail(staff_client, kind):
    listing = submitted(kind)
    model = type(listing)

    response = staff_client.get(url(model, "change", listing.pk))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="moderation-panel' in content
    assert url(model, "moderate", listing.pk) in content
    for action in ("approve", "request_changes", "reject"):
        assert f'value="{action}"' in content
    trail = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.model is ModerationEvent
    ).formset.queryset
    assert [e.action for e in trail] == [ModerationAction.SUBMIT]
    assert "Submitted for review" in content
    assert "state" not in response.context["adminform"].form.fields


def test_change_page_of_a_published_listing_offers_no_decision(staff_client):
    listing = AchievementFactory(published=True)

    response = staff_client.get(url(Achievement, "change", listing.pk))

    assert response.status_code == 200
    assert 'value="approve"' not in response.content.decode()


def test_change_page_puts_the_source_language_texts_first(staff_client):
    listing = AchievementFactory(
        submitted=True, source_language="zh-hans", title_en="", title_zh_hans="智能灌溉系统", summary_zh_hans="节水"
    )

    response = staff_client.get(url(Achievement, "change", listing.pk))

    fieldsets = response.context["adminform"].fieldsets
    texts = next(options["fields"] for title, options in fieldsets if "Texts as written" in str(title or ""))
    assert texts[0] == "title_zh_hans"
    collapsed = [options for _title, options in fieldsets if "collapse" in options.get("classes", ())]
    assert len(collapsed) == len(settings.LANGUAGES) - 1
    assert "智能灌溉系统" in response.content.decode()


def test_staff_download_an_attachment_from_the_change_page(staff_client):
    listing = AchievementFactory(submitted=True)
    attachment = AchievementAttachment.objects.create(
        achievement=listing,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="report.pdf"),
        original_name="report.pdf",
        content_type="application/pdf",
        size=15,
    )

    page = staff_client.get(url(Achievement, "change", listing.pk))
    download = url(Achievement, "attachment", listing.pk, attachment.pk)
    response = staff_client.get(download)

    assert download in page.content.decode()
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert 'filename="report.pdf"' in response["Content-Disposition"]


# --- deciding through the panel -----------------------------------------------------------------------------------


def test_approve_from_the_panel_publishes_records_and_notifies(staff_client, staff, django_capture_on_commit_callbacks):
    listing = submitted("achievement")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url(Achievement, "moderate", listing.pk), {"action": "approve", "reason": ""})

    assert response.status_code == 302
    assert response["Location"] == url(Achievement, "change", listing.pk)
    listing.refresh_from_db()
    assert listing.state == S.PUBLISHED
    assert listing.published_at is not None
    event = ModerationEvent.objects.filter(object_id=listing.pk, action=ModerationAction.APPROVE).get()
    assert event.actor == staff
    assert (event.from_state, event.to_state) == (S.SUBMITTED, S.PUBLISHED)
    assert [m.to for m in mail.outbox] == [[listing.owner.email]]
    assert any("Approved and published" in m for m in messages_of(response))


@pytest.mark.parametrize("action", ["request_changes", "reject"])
def test_panel_decision_without_reason_shows_an_error_and_changes_nothing(staff_client, action):
    listing = submitted("demand")
    mail.outbox.clear()

    response = staff_client.post(url(Demand, "moderate", listing.pk), {"action": action, "reason": "  "}, follow=True)

    assert response.status_code == 200
    listing.refresh_from_db()
    assert listing.state == S.SUBMITTED
    assert not ModerationEvent.objects.filter(object_id=listing.pk, action=action).exists()
    assert any("reason" in m for m in messages_of(response))
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("kind", "action", "state"),
    [
        ("achievement", "request_changes", S.CHANGES_REQUESTED),
        ("demand", "request_changes", S.CHANGES_REQUESTED),
        ("achievement", "reject", S.REJECTED),
        ("demand", "reject", S.REJECTED),
    ],
)
def test_panel_decision_with_reason_is_stored_and_mailed(
    staff_client, staff, django_capture_on_commit_callbacks, kind, action, state
):
    listing = submitted(kind)
    model = type(listing)
    mail.outbox.clear()
    reason = "Please add the test report of the 2024 field trial."

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url(model, "moderate", listing.pk), {"action": action, "reason": reason})

    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.state == state
    event = ModerationEvent.objects.get(object_id=listing.pk, action=action)
    assert (event.actor, event.reason) == (staff, reason)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [listing.owner.email]
    assert reason in mail.outbox[0].body


def test_panel_decision_on_a_listing_not_in_the_queue_is_an_error_not_a_crash(staff_client):
    listing = AchievementFactory(published=True)

    response = staff_client.post(url(Achievement, "moderate", listing.pk), {"action": "approve"}, follow=True)

    assert response.status_code == 200
    assert any("is not possible" in m for m in messages_of(response))
    assert not ModerationEvent.objects.filter(object_id=listing.pk).exists()


def test_panel_rejects_an_unknown_action(staff_client):
    listing = submitted("achievement")

    response = staff_client.post(url(Achievement, "moderate", listing.pk), {"action": "publish"}, follow=True)

    assert response.status_code == 200
    listing.refresh_from_db()
    assert listing.state == S.SUBMITTED
    assert any("Unknown moderation action" in m for m in messages_of(response))


def test_panel_url_on_get_goes_back_to_the_change_page(staff_client):
    listing = submitted("achievement")

    response = staff_client.get(url(Achievement, "moderate", listing.pk))

    assert response.status_code == 302
    assert response["Location"] == url(Achievement, "change", listing.pk)


def test_staff_cannot_set_state_through_the_change_form(staff_client):
    listing = submitted("achievement")
    page = staff_client.get(url(Achievement, "change", listing.pk))
    data = admin_form_data(page)
    data.update({"title_en": "Corrected title", "state": S.PUBLISHED, "_save": "Save"})

    response = staff_client.post(url(Achievement, "change", listing.pk), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    listing.refresh_from_db()
    assert listing.title_en == "Corrected title"
    assert listing.state == S.SUBMITTED


def test_change_form_requires_the_title_in_the_source_language(staff_client):
    listing = AchievementFactory(submitted=True, source_language="ru", title_en="", title_ru="Солнечный модуль")
    data = admin_form_data(staff_client.get(url(Achievement, "change", listing.pk)))
    data.update({"title_ru": "", "_save": "Save"})

    response = staff_client.post(url(Achievement, "change", listing.pk), data)

    assert response.status_code == 200
    assert "title_ru" in response.context["adminform"].form.errors
    listing.refresh_from_db()
    assert listing.title_ru == "Солнечный модуль"


# --- bulk actions -----------------------------------------------------------------------------------------------


def test_bulk_approve_publishes_submitted_and_skips_the_rest(staff_client, django_capture_on_commit_callbacks):
    waiting = AchievementFactory.create_batch(3, submitted=True)
    draft = AchievementFactory()
    selected = [str(a.pk) for a in [*waiting, draft]]

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url(Achievement, "changelist") + "?state=all",
            {"action": "approve_selected", ACTION_CHECKBOX_NAME: selected, "index": 0},
            follow=True,
        )

    assert response.status_code == 200
    assert Achievement.objects.filter(state=S.PUBLISHED).count() == 3
    draft.refresh_from_db()
    assert draft.state == S.DRAFT
    assert "3 approved, 1 skipped (not submitted)." in messages_of(response)
    assert ModerationEvent.objects.filter(action=ModerationAction.APPROVE).count() == 3
    assert len(mail.outbox) == 3


def test_bulk_reject_asks_for_a_reason_first(staff_client, staff, django_capture_on_commit_callbacks):
    waiting = DemandFactory.create_batch(2, submitted=True)
    selected = [str(d.pk) for d in waiting]
    changelist = url(Demand, "changelist")

    page = staff_client.post(changelist, {"action": "reject_selected", ACTION_CHECKBOX_NAME: selected, "index": 0})

    assert page.status_code == 200
    assert "admin/action_form.html" in [t.name for t in page.templates]
    assert 'name="reason"' in page.content.decode()
    assert Demand.objects.filter(state=S.SUBMITTED).count() == 2

    empty = staff_client.post(
        changelist, {"action": "reject_selected", ACTION_CHECKBOX_NAME: selected, "confirm": "yes", "reason": ""}
    )
    assert empty.status_code == 200
    assert empty.context["form"].errors["reason"]
    assert Demand.objects.filter(state=S.SUBMITTED).count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        done = staff_client.post(
            changelist,
            {"action": "reject_selected", ACTION_CHECKBOX_NAME: selected, "confirm": "yes", "reason": "Out of scope."},
            follow=True,
        )
    assert done.status_code == 200
    assert Demand.objects.filter(state=S.REJECTED).count() == 2
    assert "2 rejected, 0 skipped (not submitted)." in messages_of(done)
    events = ModerationEvent.objects.filter(action=ModerationAction.REJECT)
    assert {(e.actor, e.reason) for e in events} == {(staff, "Out of scope.")}
    assert all("Out of scope." in m.body for m in mail.outbox)


def test_bulk_request_changes_records_the_reason(staff_client):
    listing = submitted("achievement")

    staff_client.post(
        url(Achievement, "changelist"),
        {
            "action": "request_changes_selected",
            ACTION_CHECKBOX_NAME: [listing.pk],
            "confirm": "yes",
            "reason": "Add the patent number.",
        },
    )

    listing.refresh_from_db()
    assert listing.state == S.CHANGES_REQUESTED
    event = ModerationEvent.objects.get(object_id=listing.pk, action="request_changes")
    assert event.reason == "Add the patent number."


# --- who gets in --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/", "/admin/achievements/achievement/"])
def test_non_staff_are_sent_to_the_admin_login(researcher_client, path):
    response = researcher_client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_non_staff_cannot_moderate_through_the_panel_url(researcher_client):
    listing = submitted("achievement")

    response = researcher_client.post(url(Achievement, "moderate", listing.pk), {"action": "approve"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    listing.refresh_from_db()
    assert listing.state == S.SUBMITTED


# --- the other admin pages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "admin:index",
        "admin:accounts_user_changelist",
        "admin:accounts_user_add",
        "admin:marketplace_institution_changelist",
        "admin:marketplace_institution_add",
        "admin:marketplace_technologyfield_changelist",
        "admin:marketplace_technologyfield_add",
        "admin:marketplace_membership_changelist",
        "admin:marketplace_invitation_changelist",
        "admin:marketplace_moderationevent_changelist",
        "admin:marketplace_transfermode_changelist",
        "admin:achievements_ndaacceptance_changelist",
        "admin:demands_demand_changelist",
    ],
)
def test_admin_page_renders(staff_client, name):
    InstitutionFactory()
    submitted("achievement")

    response = staff_client.get(reverse(name))

    assert response.status_code == 200


def test_admin_header_is_the_staff_branding(staff_client):
    response = staff_client.get(reverse("admin:index"))

    assert "BRICS TTC staff" in response.content.decode()


def test_user_change_page_and_moderation_event_page_render(staff_client, researcher):
    listing = submitted("achievement")
    event = ModerationEvent.objects.get(object_id=listing.pk)

    assert staff_client.get(url(type(researcher), "change", researcher.pk)).status_code == 200
    page = staff_client.get(url(ModerationEvent, "change", event.pk))
    assert page.status_code == 200
    assert url(Achievement, "change", listing.pk) in page.content.decode()


@pytest.mark.parametrize("kind", ["achievement", "demand", "institution"])
def test_change_forms_render_in_amharic(staff, staff_client, kind):
    """Django's LANG_INFO has no Amharic; the settings add it, or every translated change form fails."""
    obj = {"achievement": lambda: submitted("achievement"), "demand": lambda: submitted("demand")}.get(
        kind, InstitutionFactory
    )()
    # Admin URLs carry no language prefix: a signed-in user reads them in their preferred language.
    staff.preferred_language = "am"
    staff.save(update_fields=["preferred_language"])

    response = staff_client.get(url(type(obj), "change", obj.pk))

    assert response.status_code == 200
    assert response.wsgi_request.LANGUAGE_CODE == "am"


def test_staff_add_a_user_who_signs_in_with_email(staff_client):
    response = staff_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New.Person@Example.org",
            "display_name": "New Person",
            "role": "researcher",
            "country": "IN",
            "preferred_language": "hi",
            "usable_password": "true",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    created = User.objects.get(email="new.person@example.org")
    assert created.check_password("a-long-enough-passphrase")
    assert created.display_name == "New Person"


def test_staff_cannot_add_a_second_user_with_the_same_email_in_another_case(staff_client, researcher):
    response = staff_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": researcher.email.upper(),
            "display_name": "Twin",
            "role": "researcher",
            "preferred_language": "en",
            "usable_password": "false",
        },
    )

    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors


def test_staff_add_an_institution_written_in_chinese_without_an_english_name(staff_client):
    response = staff_client.post(
        reverse("admin:marketplace_institution_add"),
        {
            "name_zh_hans": "昆明理工大学",
            "slug": "kmust",
            "source_language": "zh-hans",
            "kind": "university",
            "country": "CN",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    institution = Institution.objects.get(slug="kmust")
    assert institution.name_zh_hans == "昆明理工大学"
    assert institution.text("name", "en") == "昆明理工大学"


def test_mark_verified_action(staff_client):
    institutions = InstitutionFactory.create_batch(2)

    response = staff_client.post(
        reverse("admin:marketplace_institution_changelist"),
        {"action": "mark_verified", ACTION_CHECKBOX_NAME: [i.pk for i in institutions], "index": 0},
        follow=True,
    )

    assert response.status_code == 200
    assert Institution.objects.filter(is_verified=True).count() == 2


def test_audit_trail_cannot_be_edited_or_deleted(staff_client):
    listing = submitted("achievement")
    event = ModerationEvent.objects.get(object_id=listing.pk)

    assert staff_client.post(url(ModerationEvent, "change", event.pk), {"reason": "forged"}).status_code == 403
    assert staff_client.post(url(ModerationEvent, "delete", event.pk), {"post": "yes"}).status_code == 403
    assert staff_client.get(url(ModerationEvent, "add")).status_code == 403
    event.refresh_from_db()
    assert event.reason == ""


# --- helpers --------------------------------------------------------------------------------------------------


def _field_values(form) -> dict:
    data = {}
    for name in form.fields:
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None or value is False:
            continue
        if value is True:
            data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        else:
            data[key] = str(value)
    return data


def admin_form_data(response) -> dict:
    """The POST data of an admin change page as rendered (main form, every inline with its management form)."""
    data = _field_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_field_values(formset.management_form))
        for form in formset.forms:
            data.update(_field_values(form))
    return data


def test_queue_shows_each_listings_country_by_name_and_sorts_by_it(staff_client):
    AchievementFactory(submitted=True, country="BR")
    AchievementFactory(submitted=True, country="ZA")

    response = staff_client.get(url(Achievement, "changelist"))
    html = response.content.decode()

    assert response.status_code == 200
    assert '<td class="field-country_column">Brazil</td>' in html
    assert '<td class="field-country_column">South Africa</td>' in html
    sorted_by_country = staff_client.get(url(Achievement, "changelist") + "?o=5")
    assert sorted_by_country.status_code == 200
    assert [row.country.code for row in sorted_by_country.context["cl"].result_list] == ["BR", "ZA"]
