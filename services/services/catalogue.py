"""Writes of the service catalogue: providers write services, staff moderate them (the listings' moderation
helpers, states and audit trail) and the ratings that requesters leave."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.codes import codes
from marketplace.errors import NotAllowed, NotFound
from marketplace.i18n import column
from marketplace.models import EDITABLE_STATES, Institution, ModerationAction, ModerationEvent
from marketplace.permissions import member_institution_ids
from marketplace.services import listing_moderate, listing_transition
from marketplace.signals import listing_changed, source_text_changed
from services.errors import ServicesError
from services.models import PriceKind, RatingState, Service, ServiceRequest
from services.permissions import can_edit_service

SERVICE_FIELDS = frozenset(
    {"category", "countries_served", "languages", "delivery_days", "price_kind", "price_amount", "price_currency"}
)
LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def _clean_languages(value) -> str:
    items = codes(value) if isinstance(value, str) else [str(v).strip() for v in value or []]
    unknown = sorted(set(items) - LANGUAGE_CODES)
    if unknown:
        raise ValidationError({"languages": _("Unknown language codes: %(codes)s.") % {"codes": ", ".join(unknown)}})
    if not items:
        raise ValidationError({"languages": _("Name at least one language you serve clients in.")})
    return ",".join(dict.fromkeys(items))


def _write(*, service: Service, user, data: dict, title: str, description: str) -> Service:
    unknown = set(data) - SERVICE_FIELDS - {"source_language"}
    if unknown:
        raise ServicesError(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code="invalid_field",
        )
    for name, value in data.items():
        setattr(service, name, value)
    service.languages = _clean_languages(data.get("languages", service.languages))
    if service.price_kind == PriceKind.ON_QUOTE:
        service.price_amount = None
        service.price_currency = ""
    elif service.price_amount is None or not service.price_currency:
        raise ValidationError({"price_amount": _("Give the amount and currency, or choose “On quote”.")})
    service.country = service.institution.country
    setattr(service, column("title", service.source_language), (title or "").strip())
    setattr(service, column("description", service.source_language), (description or "").strip())
    service.full_clean(exclude=["owner", "institution"])
    with transaction.atomic():
        service.save()
        # Like a listing's edit: texts that changed get machine translations, and search sees the change.
        source_text_changed.send(sender=Service, instance=service)
        listing_changed.send(sender=Service, listing=service)
    return service


def service_create(*, owner, institution: Institution, data: dict, title: str, description: str) -> Service:
    """A member of a provider institution writes a draft service (submitted to staff separately)."""
    if not (owner.is_authenticated and owner.is_active):
        raise NotAllowed(_("Sign in to publish a service."), code="not_authenticated")
    if not owner.is_staff and institution.pk not in member_institution_ids(owner):
        raise NotAllowed(_("You can only publish services of an institution you are a member of."))
    return _write(
        service=Service(owner=owner, institution=institution),
        user=owner,
        data=data,
        title=title,
        description=description,
    )


def service_update(*, service: Service, user, data: dict, title: str, description: str) -> Service:
    """Change a draft service (or one with requested changes)."""
    if not can_edit_service(user, service):
        raise NotFound()
    if service.state not in EDITABLE_STATES and not user.is_staff:
        raise ServicesError(
            _("Only drafts and services with requested changes can be edited."), code="not_editable", status=409
        )
    return _write(service=service, user=user, data=data, title=title, description=description)


def service_submit(*, service: Service, user) -> ModerationEvent:
    """Send a draft to the staff's review queue."""
    if not can_edit_service(user, service):
        raise NotFound()
    return listing_transition(listing=service, actor=user, action=ModerationAction.SUBMIT)


def service_moderate(*, service: Service, actor, action: str, reason: str = "") -> ModerationEvent:
    """Staff approve, request changes or reject a submitted service, like a listing (reason, audit, e-mail)."""
    return listing_moderate(listing=service, actor=actor, action=action, reason=reason)


def rating_moderate(*, request: ServiceRequest, actor, publish: bool) -> ServiceRequest:
    """Staff publish a rating on the service's page, or keep it off (abusive, off-topic)."""
    if not (actor.is_authenticated and actor.is_active and actor.is_staff):
        raise NotAllowed(_("Only center staff moderate ratings."))
    with transaction.atomic():
        locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        if locked.rating is None:
            raise ServicesError(_("This request has no rating."), code="no_rating", status=409)
        locked.rating_state = RatingState.PUBLISHED if publish else RatingState.REJECTED
        locked.save(update_fields=["rating_state", "updated_at"])
    return locked
