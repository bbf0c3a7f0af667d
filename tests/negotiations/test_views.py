"""Conversation pages: participants only, plain POST + reload without JavaScript, safe rendering, the contact path."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from negotiations.models import ConversationState, Message, MessageAttachment, MessageReport
from negotiations.services import mediation_request, message_post, message_report
from tests.factories import (
    AchievementFactory,
    ConversationFactory,
    DemandFactory,
    EnterpriseFactory,
    InstitutionFactory,
    MembershipFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def conversation():
    return ConversationFactory(body="See https://example.org/spec and <script>alert(1)</script>")


def _attachment(conversation) -> MessageAttachment:
    message, _created = message_post(
        conversation=conversation,
        user=conversation.requester,
        body="Our brochure",
        files=[SimpleUploadedFile("brochure.pdf", PDF, content_type="application/pdf")],
    )
    return message.attachments.get()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("requester", 200),
        ("colleague", 404),  # of the requester's organisation, not added to the conversation
        ("other", 404),
        ("staff", 404),
        ("staff_mediation", 200),
        ("staff_report", 200),
    ],
)
def test_pages_and_attachments_are_for_participants_only(client, who, status):
    buyer_org = InstitutionFactory()
    requester = MembershipFactory(institution=buyer_org, user=EnterpriseFactory()).user
    conversation = ConversationFactory(requester=requester, body="Hello")
    attachment = _attachment(conversation)
    if who == "staff_mediation":
        mediation_request(conversation=conversation, user=requester)
    if who == "staff_report":
        message_report(message=conversation.messages.first(), user=conversation.achievement.owner, reason="Spam")
    user = {"owner": conversation.achievement.owner, "requester": requester}.get(who)
    if who == "colleague":
        user = MembershipFactory(institution=buyer_org, user=EnterpriseFactory()).user
    user = user or (StaffFactory() if who.startswith("staff") else EnterpriseFactory())
    client.force_login(user)
    assert client.get(reverse("negotiations:detail", args=[conversation.pk])).status_code == status
    download = client.get(reverse("negotiations:attachment", args=[attachment.pk]))
    assert download.status_code == status
    if status == 200:
        assert b"".join(download.streaming_content) == PDF
        assert download["Content-Disposition"].startswith("attachment")


def test_anonymous_visitors_cannot_download_attachments(client, conversation):
    attachment = _attachment(conversation)
    response = client.get(reverse("negotiations:attachment", args=[attachment.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_anonymous_visitors_are_sent_to_sign_in(client, conversation):
    for url in (reverse("negotiations:inbox"), reverse("negotiations:detail", args=[conversation.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_message_text_is_escaped_and_links_are_clickable(client, conversation):
    client.force_login(conversation.achievement.owner)
    html = client.get(reverse("negotiations:detail", args=[conversation.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="https://example.org/spec" rel="nofollow">https://example.org/spec</a>' in html


def test_reply_by_plain_post_then_reload(client, conversation):
    owner = conversation.achievement.owner
    client.force_login(owner)
    url = reverse("negotiations:detail", args=[conversation.pk])
    response = client.post(url, {"body": "Happy to talk.", "language": "en", "idempotency_key": "form-1"})
    assert response.status_code == 302
    client.post(url, {"body": "Happy to talk.", "language": "en", "idempotency_key": "form-1"})  # a double submit
    assert list(conversation.messages.values_list("body", flat=True)) == [
        "See https://example.org/spec and <script>alert(1)</script>",
        "Happy to talk.",
    ]
    conversation.refresh_from_db()
    assert conversation.state == ConversationState.NEGOTIATING
    assert "Happy to talk." in client.get(url).content.decode()


@pytest.mark.parametrize("count", [1, 2])
def test_files_posted_through_the_page_form_are_attached(client, conversation, count):
    """The browser's multiple-file input sends a list: the form takes every file, not only a single one."""
    client.force_login(conversation.requester)
    files = [SimpleUploadedFile(f"spec-{n}.pdf", PDF, content_type="application/pdf") for n in range(count)]
    response = client.post(
        reverse("negotiations:detail", args=[conversation.pk]), {"body": "Specs", "language": "en", "files": files}
    )
    assert response.status_code == 302
    assert sorted(MessageAttachment.objects.values_list("original_name", flat=True)) == [
        f"spec-{n}.pdf" for n in range(count)
    ]


def test_a_disguised_upload_is_refused_and_nothing_is_saved(client, conversation):
    client.force_login(conversation.requester)
    fake = SimpleUploadedFile("evil.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    client.post(
        reverse("negotiations:detail", args=[conversation.pk]), {"body": "x", "language": "en", "files": [fake]}
    )
    assert conversation.messages.count() == 1
    assert not MessageAttachment.objects.exists()


def test_inbox_filters_and_unread_badge(client, conversation):
    owner = conversation.achievement.owner
    client.force_login(owner)
    html = client.get(reverse("negotiations:inbox")).content.decode()
    assert str(conversation.achievement) in html
    assert "data-inbox-badge>1<" in html
    assert "is-unread" in html
    closed = client.get(reverse("negotiations:inbox") + "?state=closed").content.decode()
    assert str(conversation.achievement) not in closed
    client.post(reverse("negotiations:read", args=[conversation.pk]))
    assert "data-inbox-badge" not in client.get(reverse("negotiations:inbox")).content.decode()


def test_get_never_marks_read(client, conversation):
    owner = conversation.achievement.owner
    client.force_login(owner)
    client.get(reverse("negotiations:detail", args=[conversation.pk]))
    assert conversation.participants.get(user=owner).last_read_id == 0


def test_report_from_the_page_reaches_the_staff_queue(client, conversation):
    client.force_login(conversation.achievement.owner)
    message = conversation.messages.get()
    client.post(reverse("negotiations:report", args=[conversation.pk, message.pk]), {"reason": "Spam"})
    assert MessageReport.objects.get().reason == "Spam"
    staff = StaffFactory()
    client.force_login(staff)
    assert client.get(reverse("negotiations:detail", args=[conversation.pk])).status_code == 200
    queue = client.get(reverse("admin:negotiations_messagereport_changelist")).content.decode()
    assert "Report of message" in queue


def test_admin_shows_metadata_but_no_message_bodies(client, conversation):
    client.force_login(StaffFactory())
    html = client.get(reverse("admin:negotiations_conversation_change", args=[conversation.pk])).content.decode()
    assert "example.org/spec" not in html


def test_public_pages_show_the_platform_contact_path_not_addresses(client):
    achievement = AchievementFactory(published=True, contact_email="owner@example.org", contact_phone="+55 11 5555")
    demand = DemandFactory(published=True)
    html = client.get(achievement.get_absolute_url()).content.decode()
    assert "owner@example.org" not in html and "+55 11 5555" not in html
    assert reverse("negotiations:start", args=["achievement", achievement.pk]) in html
    client.force_login(EnterpriseFactory())
    html = client.get(achievement.get_absolute_url()).content.decode()
    assert "Express interest" in html
    api = client.get(f"/api/v1/achievements/{achievement.pk}/").json()
    assert api["contact"]["email"] is None and api["contact"]["phone"] == ""
    assert "Propose a solution" not in client.get(demand.get_absolute_url()).content.decode()  # enterprises don't


def test_start_page_opens_the_conversation(client):
    achievement = AchievementFactory(published=True)
    client.force_login(EnterpriseFactory())
    url = reverse("negotiations:start", args=["achievement", achievement.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"purpose": "investment", "body": "We may invest.", "language": "fr"})
    message = Message.objects.get()
    assert response.url == reverse("negotiations:detail", args=[message.conversation_id])
    assert (message.language, message.conversation.purpose) == ("fr", "investment")
    # Again: the open conversation, not a second one.
    assert client.post(url, {"purpose": "licence", "body": "Again", "language": "fr"}).url == response.url
    assert client.get(reverse("negotiations:start", args=["auction", achievement.pk])).status_code == 404
