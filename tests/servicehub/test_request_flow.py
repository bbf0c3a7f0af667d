"""The request state machine: each side acts only in its turn, and only once."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from marketplace.errors import InvalidTransition, NotAllowed, NotFound, UploadRejected
from marketplace.pdf import one_page_pdf
from notifications import registry
from notifications.models import Notification
from notifications.registry import Channel
from notifications.services import notifications_email
from services.errors import ServicesError
from services.models import RatingState, RequestState
from services.services.catalogue import rating_moderate
from services.services.requests import (
    service_request_cancel,
    service_request_confirm,
    service_request_create,
    service_request_decide,
    service_request_deliver,
    service_request_quote,
    service_request_rate,
    service_request_route,
)
from tests.factories import (
    AchievementFactory,
    ExpertFactory,
    ProviderFactory,
    ResearcherFactory,
    ServiceFactory,
    ServiceRequestFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def _pdf(name: str = "valuation.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, one_page_pdf("Valuation report", ["Value: 1.2 M USD"]), "application/pdf")


def _quote(request, user):
    return service_request_quote(
        request=request,
        user=user,
        amount=Decimal("3500.00"),
        currency="USD",
        delivery_date=timezone.localdate() + timedelta(days=14),
        terms="50% on acceptance.",
    )


def test_the_whole_flow_from_request_to_published_rating():
    service = ServiceFactory()
    requester = ResearcherFactory()
    achievement = AchievementFactory(owner=requester)
    request = service_request_create(
        requester=requester, service=service, message="Value my patent before the auction.", achievement=achievement
    )
    assert request.state == RequestState.REQUESTED and request.provider == service.institution
    _quote(request, service.owner)
    assert request.state == RequestState.QUOTED
    service_request_decide(request=request, user=requester, accept=True)
    service_request_deliver(request=request, user=service.owner, files=[_pdf()], note="Report attached.")
    assert request.state == RequestState.DELIVERED and request.files.count() == 1
    service_request_rate(request=request, user=requester, rating=5, comment="Thorough and on time.")
    assert request.state == RequestState.RATED and request.rating_state == RatingState.PENDING
    assert request.confirmed_at is not None and request.rated_at is not None
    states = list(request.events.values_list("to_state", flat=True))
    assert states == ["requested", "quoted", "accepted", "delivered", "confirmed", "rated"]
    rating_moderate(request=request, actor=StaffFactory(), publish=True)
    request.refresh_from_db()
    assert request.rating_state == RatingState.PUBLISHED


def test_each_side_is_notified_when_it_must_act(mailoutbox, django_capture_on_commit_callbacks):
    service = ServiceFactory(title_en="Patent valuation")
    requester = ResearcherFactory()
    with django_capture_on_commit_callbacks(execute=True):
        request = service_request_create(requester=requester, service=service, message="Please value it.")
    asked = Notification.objects.get()
    assert (asked.recipient, asked.kind, asked.url) == (
        service.owner,
        "service_request.requested",
        request.get_absolute_url(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        _quote(request, service.owner)
    quoted = Notification.objects.get(recipient=requester)
    assert registry.fill(registry.get(quoted.kind).title, quoted.context) == (
        f"You received a quote for request #{request.pk} (“Patent valuation”)"
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_email(mode=Channel.IMMEDIATE, now=timezone.now() + timedelta(hours=1)) == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([service.owner.email, requester.email])
    assert all("3500" not in m.body for m in mailoutbox)  # the quote stays on the platform


def test_rating_before_delivery_is_refused():
    request = ServiceRequestFactory()
    _quote(request, request.service.owner)
    service_request_decide(request=request, user=request.requester, accept=True)
    with pytest.raises(InvalidTransition):
        service_request_rate(request=request, user=request.requester, rating=5)


def test_the_provider_cannot_accept_its_own_quote():
    request = ServiceRequestFactory()
    _quote(request, request.service.owner)
    with pytest.raises(NotAllowed) as exc:
        service_request_decide(request=request, user=request.service.owner, accept=True)
    assert exc.value.code == "wrong_party"


def test_the_requester_cannot_quote_or_deliver():
    request = ServiceRequestFactory()
    with pytest.raises(NotAllowed):
        _quote(request, request.requester)
    _quote(request, request.service.owner)
    service_request_decide(request=request, user=request.requester, accept=True)
    with pytest.raises(NotAllowed):
        service_request_deliver(request=request, user=request.requester, note="done")


def test_a_stranger_does_not_learn_the_request_exists():
    request = ServiceRequestFactory()
    with pytest.raises(NotFound):
        _quote(request, ResearcherFactory())


def test_a_second_accept_is_refused():
    request = ServiceRequestFactory()
    _quote(request, request.service.owner)
    service_request_decide(request=request, user=request.requester, accept=True)
    with pytest.raises(InvalidTransition):
        service_request_decide(request=request, user=request.requester, accept=True)


def test_a_declined_quote_cannot_be_delivered():
    request = ServiceRequestFactory()
    _quote(request, request.service.owner)
    service_request_decide(request=request, user=request.requester, accept=False)
    with pytest.raises(InvalidTransition):
        service_request_deliver(request=request, user=request.service.owner, note="here")


def test_delivery_rejects_a_file_whose_content_is_not_what_its_name_says():
    request = ServiceRequestFactory()
    _quote(request, request.service.owner)
    service_request_decide(request=request, user=request.requester, accept=True)
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    with pytest.raises(UploadRejected):
        service_request_deliver(request=request, user=request.service.owner, files=[fake])
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED and not request.files.exists()


def test_nobody_requests_their_own_institutions_service():
    service = ServiceFactory()
    with pytest.raises(ServicesError) as exc:
        service_request_create(requester=service.owner, service=service, message="hello")
    assert exc.value.code == "own_service"


def test_an_unpublished_service_cannot_be_requested():
    service = ServiceFactory(state="submitted")
    with pytest.raises(NotFound):
        service_request_create(requester=ResearcherFactory(), service=service, message="hello")


def test_a_request_to_the_center_is_routed_by_staff_once():
    requester = ResearcherFactory()
    request = service_request_create(requester=requester, category="legal", message="We need a licence contract.")
    assert request.to_center
    provider = ProviderFactory()
    staff = StaffFactory()
    with pytest.raises(NotAllowed):
        service_request_route(request=request, actor=requester, provider=provider)
    service_request_route(request=request, actor=staff, provider=provider)
    assert request.provider == provider and not request.to_center
    with pytest.raises(InvalidTransition):
        service_request_route(request=request, actor=staff, provider=ProviderFactory())


def test_consulting_an_expert_makes_the_expert_the_provider_side():
    expert = ExpertFactory()
    requester = ResearcherFactory()
    request = service_request_create(requester=requester, expert=expert, message="Help us negotiate a licence.")
    _quote(request, expert.user)
    assert request.state == RequestState.QUOTED
    with pytest.raises(ServicesError):
        service_request_create(requester=expert.user, expert=expert, message="me")


def test_the_requester_can_withdraw_before_accepting_but_not_after():
    request = ServiceRequestFactory()
    service_request_cancel(request=request, user=request.requester)
    assert request.state == RequestState.CANCELLED
    other = ServiceRequestFactory()
    _quote(other, other.service.owner)
    service_request_decide(request=other, user=other.requester, accept=True)
    with pytest.raises(InvalidTransition):
        service_request_cancel(request=other, user=other.requester)


def test_confirm_then_rate():
    request = ServiceRequestFactory()
    _quote(request, request.service.owner)
    service_request_decide(request=request, user=request.requester, accept=True)
    service_request_deliver(request=request, user=request.service.owner, note="Report sent by the platform.")
    service_request_confirm(request=request, user=request.requester)
    service_request_rate(request=request, user=request.requester, rating=4)
    assert request.state == RequestState.RATED


@pytest.mark.parametrize("rating", [0, 6, -1, "5", 4.5, True, None])
def test_a_rating_outside_1_to_5_is_refused(rating):
    request = ServiceRequestFactory()
    _quote(request, request.service.owner)
    service_request_decide(request=request, user=request.requester, accept=True)
    service_request_deliver(request=request, user=request.service.owner, note="done")
    with pytest.raises(ServicesError) as exc:
        service_request_rate(request=request, user=request.requester, rating=rating)
    assert exc.value.code == "invalid_rating"


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("-1", "invalid_amount"),
        ("0", "invalid_amount"),
        ("NaN", "invalid_amount"),
        ("1.234", "too_many_decimals"),
        ("abc", "invalid_amount"),
    ],
)
def test_a_bad_quote_amount_is_refused(amount, code):
    request = ServiceRequestFactory()
    with pytest.raises(ServicesError) as exc:
        service_request_quote(
            request=request,
            user=request.service.owner,
            amount=amount,
            currency="USD",
            delivery_date=timezone.localdate() + timedelta(days=3),
        )
    assert exc.value.code == code
    request.refresh_from_db()
    assert request.state == RequestState.REQUESTED


def test_no_email_goes_out_for_a_refused_transition():
    request = ServiceRequestFactory()
    mail.outbox.clear()
    with pytest.raises(InvalidTransition):
        service_request_confirm(request=request, user=request.requester)
    assert mail.outbox == []
