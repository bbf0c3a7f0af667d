"""Confidential files of a conversation: the listing's side marks them; the requester's side opens them only after
accepting the achievement's NDA (the achievements app's NdaAcceptance, which also opens the dossier). Checked on the
page, the API, the download view and the websocket."""

from __future__ import annotations

import copy

import pytest
from channels.db import database_sync_to_async
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from achievements.models import NdaAcceptance
from achievements.selectors import achievement_dossier_open
from marketplace.models import MembershipRole
from negotiations.errors import NegotiationError
from negotiations.models import Message, MessageAttachment
from negotiations.services import colleague_add, conversation_nda_accept, mediation_request, message_post
from tests.factories import (
    AchievementFactory,
    ConversationFactory,
    EnterpriseFactory,
    InstitutionFactory,
    MembershipFactory,
    StaffFactory,
)
from tests.negotiations.test_consumers import TIMEOUT, _socket
from tests.trading.test_consumers import _run, _session_cookie

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NDA = "The recipient keeps the process parameters secret for five years."
LOCKED = '<span class="thread-file-locked">'


def _pdf(name: str = "process.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def setting():
    """An inquiry about an achievement with an NDA; the owner's side sent one confidential and one public file."""
    institution = InstitutionFactory()
    admin = MembershipFactory(institution=institution, role=MembershipRole.ADMIN).user
    achievement = AchievementFactory(published=True, institution=institution, nda_text=NDA)
    buyer_org = InstitutionFactory()
    requester = MembershipFactory(institution=buyer_org, user=EnterpriseFactory()).user
    colleague = MembershipFactory(institution=buyer_org, user=EnterpriseFactory()).user
    conversation = ConversationFactory(requester=requester, achievement=achievement)
    colleague_add(conversation=conversation, user=requester, email=colleague.email)
    secret, _created = message_post(
        conversation=conversation, user=achievement.owner, body="The process", files=[_pdf()], confidential=True
    )
    public, _created = message_post(
        conversation=conversation, user=achievement.owner, body="The brochure", files=[_pdf("brochure.pdf")]
    )
    return {
        "conversation": conversation,
        "achievement": achievement,
        "owner": achievement.owner,
        "admin": admin,
        "requester": requester,
        "colleague": colleague,
        "secret": secret.attachments.get(),
        "public": public.attachments.get(),
    }


def _user(setting, who: str):
    conversation = setting["conversation"]
    if who == "other":
        return EnterpriseFactory()
    if who.startswith("staff"):
        if who == "staff_mediation":
            mediation_request(conversation=conversation, user=setting["requester"])
        return StaffFactory()
    if who in ("requester_accepted", "colleague_of_accepted"):
        conversation_nda_accept(conversation=conversation, user=setting["requester"])
        return setting["requester" if who == "requester_accepted" else "colleague"]
    return setting[who]


# who → (may read the conversation, may open the confidential file)
MATRIX = [
    ("owner", True, True),
    ("admin", True, True),
    ("requester", True, False),
    ("requester_accepted", True, True),
    ("colleague", True, False),
    ("colleague_of_accepted", True, False),  # each person accepts for themselves
    ("other", False, False),
    ("staff", False, False),
    ("staff_mediation", True, True),
]


@pytest.mark.parametrize(("who", "reads", "opens"), MATRIX)
def test_confidential_file_permission_matrix_on_page_api_and_download(client, setting, who, reads, opens):
    user = _user(setting, who)
    conversation, secret, public = setting["conversation"], setting["secret"], setting["public"]
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)

    page = client.get(reverse("negotiations:detail", args=[conversation.pk]))
    download = client.get(reverse("negotiations:attachment", args=[secret.pk]))
    rows = api.get(f"/api/v1/conversations/{conversation.pk}/messages/")
    if not reads:
        assert page.status_code == download.status_code == rows.status_code == 404
        assert rows.json()["code"] == "not_found"
        assert client.get(reverse("negotiations:attachment", args=[public.pk])).status_code == 404
        return
    html = page.content.decode()
    secret_url = reverse("negotiations:attachment", args=[secret.pk])
    assert (LOCKED in html) is not opens
    assert ("accept the NDA to open</a>" in html) is not opens
    assert (f'href="{secret_url}"' in html) is opens
    files = {f["id"]: f for row in rows.json() for f in row["attachments"]}
    assert files[secret.pk]["confidential"] is True and files[secret.pk]["locked"] is not opens
    assert files[public.pk]["locked"] is False
    assert client.get(reverse("negotiations:attachment", args=[public.pk])).status_code == 200
    if opens:
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF
        assert "no-store" in download["Cache-Control"]
    else:
        assert download.status_code == 403
        assert 'data-code="nda_required"' in download.content.decode()


def test_accepting_from_the_page_records_who_and_when_once_and_tells_the_thread(client, setting):
    requester, conversation = setting["requester"], setting["conversation"]
    client.force_login(requester)
    url = reverse("negotiations:nda_accept", args=[conversation.pk])
    assert "I accept the NDA" in client.get(reverse("negotiations:detail", args=[conversation.pk])).content.decode()
    assert client.post(url).status_code == 302
    client.post(url)  # a double click
    acceptance = NdaAcceptance.objects.get(achievement=setting["achievement"], user=requester)
    assert acceptance.nda_text == NDA and acceptance.accepted_at is not None
    assert list(conversation.messages.filter(event="nda_accepted").values_list("author", flat=True)) == [requester.pk]
    # One NDA mechanism: the same acceptance opens the achievement's confidential dossier.
    assert achievement_dossier_open(achievement=setting["achievement"], user=requester)
    assert client.get(reverse("negotiations:attachment", args=[setting["secret"].pk])).status_code == 200
    # The owner's side sees who accepted.
    client.force_login(setting["owner"])
    html = client.get(reverse("negotiations:detail", args=[conversation.pk])).content.decode()
    assert f"{requester} accepted the NDA on" in html


def test_accepting_through_the_api(setting):
    conversation = setting["conversation"]
    api = APIClient()
    api.force_authenticate(setting["requester"])
    detail = api.get(f"/api/v1/conversations/{conversation.pk}/").json()
    assert detail["nda"]["text"] == NDA and detail["nda"]["must_accept"] is True
    assert detail["nda"]["files_open"] is False
    answer = api.post(f"/api/v1/conversations/{conversation.pk}/nda/accept/")
    assert answer.status_code == 200 and answer.json()["accepted_at"]
    detail = api.get(f"/api/v1/conversations/{conversation.pk}/").json()
    assert detail["nda"]["files_open"] is True and detail["nda"]["must_accept"] is False
    assert [a["user"] for a in detail["nda"]["acceptances"]] == [str(setting["requester"])]


@pytest.mark.parametrize(("who", "status", "code"), [("owner", 403, "not_requester_side"), ("other", 404, "not_found")])
def test_only_the_requesters_side_accepts(setting, who, status, code):
    api = APIClient()
    api.force_authenticate(setting["owner"] if who == "owner" else EnterpriseFactory())
    answer = api.post(f"/api/v1/conversations/{setting['conversation'].pk}/nda/accept/")
    assert (answer.status_code, answer.json()["code"]) == (status, code)
    assert not NdaAcceptance.objects.exists()


def test_a_new_nda_version_locks_the_files_again(client, setting):
    conversation_nda_accept(conversation=setting["conversation"], user=setting["requester"])
    achievement = setting["achievement"]
    achievement.nda_text = NDA + " Ten years now."
    achievement.save(update_fields=["nda_text"])
    client.force_login(setting["requester"])
    assert client.get(reverse("negotiations:attachment", args=[setting["secret"].pk])).status_code == 403


def test_only_the_listings_side_marks_files_confidential(setting):
    conversation, requester = setting["conversation"], setting["requester"]
    before = Message.objects.count()
    with pytest.raises(NegotiationError) as refused:
        message_post(conversation=conversation, user=requester, body="Ours", files=[_pdf()], confidential=True)
    assert refused.value.code == "not_owner_side"
    assert Message.objects.count() == before  # nothing half-saved
    api = APIClient()
    api.force_authenticate(requester)
    url = f"/api/v1/conversations/{conversation.pk}/attachments/{setting['public'].pk}/confidential/"
    answer = api.post(url, {"confidential": True}, format="json")
    assert (answer.status_code, answer.json()["code"]) == (403, "not_owner_side")
    assert not MessageAttachment.objects.get(pk=setting["public"].pk).is_confidential


def test_the_owner_marks_a_sent_file_confidential_and_it_is_recorded(client, setting):
    public, admin = setting["public"], setting["admin"]
    api = APIClient()
    api.force_authenticate(admin)
    url = f"/api/v1/conversations/{setting['conversation'].pk}/attachments/{public.pk}/confidential/"
    answer = api.post(url, {"confidential": True}, format="json")
    assert answer.status_code == 200 and answer.json()["confidential"] is True
    public.refresh_from_db()
    assert public.confidential_marked_by == admin and public.confidential_marked_at is not None
    client.force_login(setting["requester"])
    assert client.get(reverse("negotiations:attachment", args=[public.pk])).status_code == 403
    # From the page as well: open it again.
    client.force_login(setting["owner"])
    form = reverse("negotiations:attachment_confidential", args=[setting["conversation"].pk, public.pk])
    assert client.post(form, {"confidential": "0"}).status_code == 302
    assert not MessageAttachment.objects.get(pk=public.pk).is_confidential


def test_the_requesters_own_files_cannot_be_locked_away_from_them(setting):
    conversation, requester = setting["conversation"], setting["requester"]
    theirs, _created = message_post(conversation=conversation, user=requester, body="Our specs", files=[_pdf()])
    api = APIClient()
    api.force_authenticate(setting["owner"])
    url = f"/api/v1/conversations/{conversation.pk}/attachments/{theirs.attachments.get().pk}/confidential/"
    answer = api.post(url, {"confidential": True}, format="json")
    assert (answer.status_code, answer.json()["code"]) == (403, "not_own_file")


def test_without_an_nda_nothing_can_be_confidential(client):
    conversation = ConversationFactory(achievement=AchievementFactory(published=True, nda_text=""))
    owner = conversation.achievement.owner
    before = Message.objects.count()
    api = APIClient()
    api.force_authenticate(owner)
    answer = api.post(
        f"/api/v1/conversations/{conversation.pk}/messages/",
        {"body": "Secret", "confidential": "true", "files": [_pdf()]},
        format="multipart",
    )
    assert (answer.status_code, answer.json()["code"]) == (409, "no_nda")
    assert Message.objects.count() == before
    requester = APIClient()
    requester.force_authenticate(conversation.requester)
    answer = requester.post(f"/api/v1/conversations/{conversation.pk}/nda/accept/")
    assert (answer.status_code, answer.json()["code"]) == (409, "no_nda")
    assert requester.get(f"/api/v1/conversations/{conversation.pk}/").json()["nda"] is None
    client.force_login(owner)
    assert (
        'name="confidential"' not in client.get(reverse("negotiations:detail", args=[conversation.pk])).content.decode()
    )


def test_the_composer_offers_confidential_files_to_the_listings_side_only(client, setting):
    url = reverse("negotiations:detail", args=[setting["conversation"].pk])
    client.force_login(setting["owner"])
    response = client.post(url, {"body": "More", "language": "en", "confidential": "1", "files": [_pdf()]})
    assert response.status_code == 302
    assert MessageAttachment.objects.order_by("-id").first().is_confidential
    assert 'name="confidential"' in client.get(url).content.decode()
    client.force_login(setting["requester"])
    assert 'name="confidential"' not in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_websocket_marks_a_live_confidential_file_locked_for_the_requester(settings):
    settings.CHANNEL_LAYERS = copy.deepcopy(settings.CHANNEL_LAYERS)
    achievement = AchievementFactory(published=True, nda_text=NDA)
    conversation = ConversationFactory(achievement=achievement)
    cookie = _session_cookie(conversation.requester)

    async def scenario():
        socket = _socket(conversation.pk, cookie)
        connected, _ = await socket.connect(timeout=TIMEOUT)
        assert connected
        await database_sync_to_async(message_post)(
            conversation=conversation, user=achievement.owner, body="", files=[_pdf()], confidential=True
        )
        event = await socket.receive_json_from(timeout=TIMEOUT)
        assert [(f["confidential"], f["locked"]) for f in event["message"]["attachments"]] == [(True, True)]
        await socket.disconnect()

    _run(scenario)
