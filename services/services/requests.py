"""The state machine of a service request: requested → quoted → accepted | declined → delivered → confirmed → rated
(and cancelled by the requester before acceptance). A request "to the center" waits in requested until staff route it.

Every transition locks the request row (``select_for_update``) and re-reads its state under the lock, so two clicks,
two tabs or two parties acting at once cannot both move it (no double accept, no delivery after a decline).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from achievements.models import Achievement
from brics_ttc.tasks import enqueue_on_commit
from experts.models import Expert
from marketplace.audit import log_action
from marketplace.errors import InvalidTransition, NotAllowed, NotFound
from marketplace.models import Currency, Institution, ModerationState
from marketplace.permissions import can_view_listing, member_institution_ids
from marketplace.uploads import check_uploads
from services.errors import ServicesError
from services.models import (
    AMOUNT_DECIMALS,
    AMOUNT_MAX_DIGITS,
    RatingState,
    RequestState,
    Service,
    ServiceCategory,
    ServiceRequest,
    ServiceRequestEvent,
)
from services.permissions import can_view_request, is_provider_side, is_requester
from trading.models import Deal

R = RequestState
MESSAGE_MAX = 5000
AMOUNT_MAX = Decimal(10) ** (AMOUNT_MAX_DIGITS - AMOUNT_DECIMALS)


def _record(request: ServiceRequest, *, actor, from_state: str, note: str = "") -> ServiceRequestEvent:
    event = log_action(
        ServiceRequestEvent, actor=actor, request=request, from_state=from_state, to_state=request.state, note=note
    )
    enqueue_on_commit("services.tasks.service_request_notify", event.pk)
    return event


def _locked(request: ServiceRequest, *, user, side: str, allowed: Iterable[str]) -> ServiceRequest:
    """The request row, locked; raises unless ``user`` is on ``side`` and the state is one of ``allowed``."""
    locked = ServiceRequest.objects.select_for_update(of=("self",)).select_related("expert").get(pk=request.pk)
    if not can_view_request(user, locked):
        raise NotFound()
    on_side = is_requester(user, locked) if side == "requester" else is_provider_side(user, locked)
    if not on_side:
        who = _("the requester") if side == "requester" else _("the provider")
        raise NotAllowed(_("Only %(who)s can do this.") % {"who": who}, code="wrong_party")
    if locked.state not in allowed:
        raise InvalidTransition(
            _("This is not possible while the request is “%(state)s”.") % {"state": locked.get_state_display()}
        )
    return locked


def _sync(target: ServiceRequest, source: ServiceRequest) -> ServiceRequest:
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


def _message(message: str) -> str:
    message = (message or "").strip()
    if not message:
        raise ServicesError(_("Describe what you need."), code="message_required")
    if len(message) > MESSAGE_MAX:
        raise ServicesError(_("The message is too long."), code="message_too_long")
    return message


def service_request_create(
    *,
    requester,
    message: str,
    service: Service | None = None,
    expert: Expert | None = None,
    category: str = "",
    achievement: Achievement | None = None,
    deal: Deal | None = None,
) -> ServiceRequest:
    """Ask a provider for one of its services, consult an expert, or (neither) ask the center to find a provider."""
    if not (requester.is_authenticated and requester.is_active):
        raise NotAllowed(_("Sign in to request a service."), code="not_authenticated")
    if service is not None and expert is not None:
        raise ServicesError(_("Ask for a service or consult an expert, not both at once."), code="invalid_target")
    message = _message(message)
    provider = None
    if service is not None:
        if service.state != ModerationState.PUBLISHED:
            raise NotFound()
        if service.institution_id in member_institution_ids(requester):
            raise ServicesError(_("You cannot request your own institution's service."), code="own_service")
        provider, category = service.institution, service.category
    elif expert is not None:
        if not expert.is_public:
            raise NotFound()
        if expert.user_id == requester.pk:
            raise ServicesError(_("You cannot consult yourself."), code="own_profile")
        category = category or ServiceCategory.IP_MANAGEMENT
    if category not in ServiceCategory.values:
        raise ServicesError(_("Choose the kind of service you need."), code="invalid_category")
    if achievement is not None and not can_view_listing(requester, achievement):
        raise NotFound()
    if deal is not None and requester.pk not in (deal.seller_id, deal.buyer_id):
        raise NotFound()
    with transaction.atomic():
        request = ServiceRequest.objects.create(
            requester=requester,
            service=service,
            provider=provider,
            expert=expert,
            category=category,
            message=message,
            achievement=achievement,
            deal=deal,
        )
        _record(request, actor=requester, from_state="")
    return request


def service_request_route(*, request: ServiceRequest, actor, provider: Institution, service: Service | None = None):
    """Staff send a request made to the center to a provider (optionally naming one of its services)."""
    if not (actor.is_authenticated and actor.is_active and actor.is_staff):
        raise NotAllowed(_("Only center staff route requests."))
    if service is not None and service.institution_id != provider.pk:
        raise ServicesError(_("This service belongs to another provider."), code="invalid_service")
    with transaction.atomic():
        # Lock: two staff members routing the same request at once must not send it to two providers.
        locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        if not locked.to_center or locked.state != R.REQUESTED:
            raise InvalidTransition(_("This request was already routed."), code="already_routed")
        locked.provider, locked.service, locked.routed_at = provider, service, timezone.now()
        if service is not None:
            locked.category = service.category
        locked.save(update_fields=["provider", "service", "category", "routed_at", "updated_at"])
        _record(locked, actor=actor, from_state=R.REQUESTED, note=_("Routed to %(name)s") % {"name": provider})
    return _sync(request, locked)


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ServicesError(_("Give the price as a number."), code="invalid_amount") from exc
    if not amount.is_finite() or amount <= 0 or amount >= AMOUNT_MAX:
        raise ServicesError(_("Give a positive price."), code="invalid_amount")
    if amount != amount.quantize(Decimal(1).scaleb(-AMOUNT_DECIMALS)):
        raise ServicesError(_("Use at most two decimals."), code="too_many_decimals")
    return amount


def service_request_quote(
    *, request: ServiceRequest, user, amount, currency: str, delivery_date: date, terms: str = ""
) -> ServiceRequest:
    """The provider answers with a price, currency, delivery date and terms (a new quote replaces an open one)."""
    amount = _amount(amount)
    if currency not in Currency.values:
        raise ServicesError(_("Unknown currency."), code="wrong_currency")
    if not isinstance(delivery_date, date) or delivery_date < timezone.localdate():
        raise ServicesError(_("The delivery date must not be in the past."), code="invalid_delivery_date")
    if len(terms or "") > MESSAGE_MAX:
        raise ServicesError(_("The terms are too long."), code="terms_too_long")
    with transaction.atomic():
        locked = _locked(request, user=user, side="provider", allowed=(R.REQUESTED, R.QUOTED))
        from_state = locked.state
        locked.quote_amount, locked.quote_currency = amount, currency
        locked.quote_delivery_date, locked.quote_terms = delivery_date, (terms or "").strip()
        locked.state, locked.quoted_at = R.QUOTED, timezone.now()
        locked.save()
        _record(locked, actor=user, from_state=from_state)
    return _sync(request, locked)


def service_request_decide(*, request: ServiceRequest, user, accept: bool) -> ServiceRequest:
    """The requester accepts or declines the quote; only one decision ever counts."""
    with transaction.atomic():
        locked = _locked(request, user=user, side="requester", allowed=(R.QUOTED,))
        locked.state, locked.decided_at = (R.ACCEPTED if accept else R.DECLINED), timezone.now()
        locked.save(update_fields=["state", "decided_at", "updated_at"])
        _record(locked, actor=user, from_state=R.QUOTED)
    return _sync(request, locked)


def service_request_cancel(*, request: ServiceRequest, user) -> ServiceRequest:
    """The requester withdraws a request nobody has accepted yet."""
    with transaction.atomic():
        locked = _locked(request, user=user, side="requester", allowed=(R.REQUESTED, R.QUOTED))
        from_state = locked.state
        locked.state = R.CANCELLED
        locked.save(update_fields=["state", "updated_at"])
        _record(locked, actor=user, from_state=from_state)
    return _sync(request, locked)


def service_request_deliver(*, request: ServiceRequest, user, files: Iterable = (), note: str = "") -> ServiceRequest:
    """The provider delivers the accepted work: files (checked by content) and/or a note, private to the parties."""
    uploads = list(files)
    note = (note or "").strip()
    if not uploads and not note:
        raise ServicesError(_("Attach the deliverable or write a delivery note."), code="delivery_empty")
    if len(note) > MESSAGE_MAX:
        raise ServicesError(_("The delivery note is too long."), code="message_too_long")
    checked = check_uploads(uploads)
    with transaction.atomic():
        locked = _locked(request, user=user, side="provider", allowed=(R.ACCEPTED,))
        for item in checked:
            locked.files.create(
                file=item.file,
                original_name=item.name,
                content_type=item.content_type,
                size=item.size,
                uploaded_by=user,
            )
        locked.state, locked.delivered_at, locked.delivery_note = R.DELIVERED, timezone.now(), note
        locked.save(update_fields=["state", "delivered_at", "delivery_note", "updated_at"])
        _record(locked, actor=user, from_state=R.ACCEPTED)
    return _sync(request, locked)


def service_request_confirm(*, request: ServiceRequest, user) -> ServiceRequest:
    """The requester confirms they received the delivery."""
    with transaction.atomic():
        locked = _locked(request, user=user, side="requester", allowed=(R.DELIVERED,))
        locked.state, locked.confirmed_at = R.CONFIRMED, timezone.now()
        locked.save(update_fields=["state", "confirmed_at", "updated_at"])
        _record(locked, actor=user, from_state=R.DELIVERED)
    return _sync(request, locked)


def service_request_rate(*, request: ServiceRequest, user, rating, comment: str = "") -> ServiceRequest:
    """The requester rates a delivered service 1–5 with a comment (rating confirms receipt); staff moderate it."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ServicesError(_("Give a rating from 1 to 5."), code="invalid_rating")
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise ServicesError(_("The comment is too long."), code="comment_too_long")
    with transaction.atomic():
        locked = _locked(request, user=user, side="requester", allowed=(R.DELIVERED, R.CONFIRMED))
        now = timezone.now()
        if locked.state == R.DELIVERED:
            locked.state, locked.confirmed_at = R.CONFIRMED, now
            _record(locked, actor=user, from_state=R.DELIVERED)
        locked.rating, locked.rating_comment, locked.rating_state = rating, comment, RatingState.PENDING
        locked.state, locked.rated_at = R.RATED, now
        locked.save()
        _record(locked, actor=user, from_state=R.CONFIRMED)
    return _sync(request, locked)
