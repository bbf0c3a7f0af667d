from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import registry
from notifications.models import Notification, NotificationPreference
from notifications.registry import Channel, Kind
from notifications.services import (
    notification_send,
    notifications_email,
    notifications_mark_read,
    unsubscribe_token,
)
from tests.factories import ResearcherFactory

pytestmark = pytest.mark.django_db

# A real catalogue string, so the test can see the title rendered in the reader's language.
KIND = registry.register(Kind(code="test.sample", label=_("Notifications"), title=_("Profile"), body="%(who)s"))


def _age(notification: Notification, seconds: int) -> None:
    Notification.objects.filter(pk=notification.pk).update(created_at=timezone.now() - timedelta(seconds=seconds))


def test_title_is_rendered_in_the_readers_language_when_read():
    from django.utils import translation

    user = ResearcherFactory(preferred_language="ru")
    notification = notification_send(recipient=user, kind=KIND.code, context={"who": "Ana"}, url="/en/")
    with translation.override("ru"):
        assert notification.title == "Профиль"
    assert notification.title == "Profile"
    assert notification.body == "Ana"


def test_a_context_missing_a_placeholder_gives_the_bare_template():
    user = ResearcherFactory()
    assert notification_send(recipient=user, kind=KIND.code, context={}).body == "%(who)s"


def test_inactive_recipient_gets_nothing():
    user = ResearcherFactory(is_active=False)
    assert notification_send(recipient=user, kind=KIND.code) is None


def test_unread_email_waits_for_the_delay_and_batches_per_person(settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATION_EMAIL_DELAY = 600
    settings.SITE_URL = "https://ttc.example.org"
    user = ResearcherFactory()
    first = notification_send(recipient=user, kind=KIND.code, context={"who": "A"}, url="/en/x/")
    second = notification_send(recipient=user, kind=KIND.code, context={"who": "B"})
    assert notifications_email(mode=Channel.IMMEDIATE) == 0
    _age(first, 700)
    _age(second, 700)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_email(mode=Channel.IMMEDIATE) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "https://ttc.example.org/en/x/" in message.body
    assert "https://ttc.example.org/en/notifications/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # A second run sends nothing again.
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_email(mode=Channel.IMMEDIATE) == 0
    assert len(mail.outbox) == 1


def test_read_in_the_app_before_the_delay_means_no_email(django_capture_on_commit_callbacks):
    user = ResearcherFactory()
    notification = notification_send(recipient=user, kind=KIND.code, group="conversation:1")
    assert notifications_mark_read(user=user, group="conversation:1") == 1
    _age(notification, 10_000)
    with django_capture_on_commit_callbacks(execute=True):
        notifications_email(mode=Channel.IMMEDIATE)
    assert mail.outbox == []


def test_off_and_digest_preferences(django_capture_on_commit_callbacks):
    quiet, digest = ResearcherFactory(), ResearcherFactory()
    NotificationPreference.objects.create(user=quiet, kind=KIND.code, channel=Channel.OFF)
    NotificationPreference.objects.create(user=digest, kind=KIND.code, channel=Channel.DIGEST)
    for user in (quiet, digest):
        _age(notification_send(recipient=user, kind=KIND.code, context={"who": "x"}), 3600)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_email(mode=Channel.IMMEDIATE) == 0
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_email(mode=Channel.DIGEST) == 1
    assert [m.to for m in mail.outbox] == [[digest.email]]


def test_unsubscribe_link_needs_no_login_and_get_changes_nothing(client):
    user = ResearcherFactory()
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(user=user, kind=KIND.code)])
    assert client.get(url).status_code == 200
    assert not NotificationPreference.objects.exists()
    assert client.post(url).status_code == 200
    assert NotificationPreference.objects.get(user=user, kind=KIND.code).channel == Channel.OFF


def test_a_forged_unsubscribe_token_is_404(client):
    user = ResearcherFactory()
    token = unsubscribe_token(user=user) + "x"
    assert client.post(reverse("notifications:unsubscribe", args=[token])).status_code == 404


def test_list_page_shows_own_notifications_and_the_badge(client):
    user, other = ResearcherFactory(), ResearcherFactory()
    notification_send(recipient=user, kind=KIND.code, context={"who": "<script>alert(1)</script>"})
    notification_send(recipient=other, kind=KIND.code, context={"who": "someone-else"})
    client.force_login(user)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert "someone-else" not in page
    assert 'navbar-badge">1<' in page


def test_open_marks_read_and_only_follows_local_links(client):
    user = ResearcherFactory()
    local = notification_send(recipient=user, kind=KIND.code, url="/en/auctions/")
    evil = notification_send(recipient=user, kind=KIND.code, url="https://evil.example/")
    client.force_login(user)
    assert client.post(reverse("notifications:open", args=[local.pk])).url == "/en/auctions/"
    assert client.post(reverse("notifications:open", args=[evil.pk])).url == reverse("notifications:list")
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()


def test_someone_elses_notification_cannot_be_opened(client):
    notification = notification_send(recipient=ResearcherFactory(), kind=KIND.code)
    client.force_login(ResearcherFactory())
    assert client.post(reverse("notifications:open", args=[notification.pk])).status_code == 404
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 405


def test_preferences_page_saves_a_choice(client):
    user = ResearcherFactory()
    client.force_login(user)
    assert client.get(reverse("notifications:preferences")).status_code == 200
    client.post(reverse("notifications:preferences"), {f"kind-{KIND.code}": "digest"})
    assert NotificationPreference.objects.get(user=user, kind=KIND.code).channel == Channel.DIGEST
    client.post(reverse("notifications:preferences"), {f"kind-{KIND.code}": "<bogus>"})
    assert NotificationPreference.objects.get(user=user, kind=KIND.code).channel == Channel.DIGEST


def test_pages_need_sign_in(client):
    for name in ("notifications:list", "notifications:preferences"):
        assert client.get(reverse(name)).status_code == 302
