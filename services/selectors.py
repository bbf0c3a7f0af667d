"""Reads of the service hub, with their visibility rules: published services for everyone, a request only for its
two parties and staff."""

from __future__ import annotations

from django.db.models import Avg, Count, Prefetch, Q, QuerySet

from marketplace.codes import codes_q
from marketplace.errors import NotFound
from marketplace.models import ModerationState
from marketplace.permissions import member_institution_ids
from services.models import DeliveryFile, RatingState, Service, ServiceRequest
from services.permissions import can_edit_service, can_view_request, visible_requests_q

PUBLISHED_RATING = Q(requests__rating_state=RatingState.PUBLISHED)


def _with_ratings(qs: QuerySet[Service]) -> QuerySet[Service]:
    return qs.annotate(
        rating_average=Avg("requests__rating", filter=PUBLISHED_RATING),
        rating_count=Count("requests", filter=PUBLISHED_RATING),
    )


def service_list(*, filters: dict | None = None) -> QuerySet[Service]:
    """Published services; ``filters``: category, country (served, or the provider's), language, provider, q."""
    filters = filters or {}
    qs = Service.objects.filter(state=ModerationState.PUBLISHED).select_related("institution")
    if filters.get("category"):
        qs = qs.filter(category=filters["category"])
    if filters.get("country"):
        code = str(filters["country"])
        qs = qs.filter(Q(countries_served__contains=code) | Q(country=code))
    if filters.get("language"):
        qs = qs.filter(codes_q("languages", filters["language"]))
    if filters.get("provider"):
        qs = qs.filter(institution=filters["provider"])
    if filters.get("q"):
        qs = qs.filter(Q(title__icontains=filters["q"]) | Q(institution__name__icontains=filters["q"]))
    return _with_ratings(qs).order_by("-published_at", "-id")


def service_get(*, pk: int, user) -> Service:
    """A published service, or any state for its editors."""
    service = _with_ratings(Service.objects.select_related("institution", "owner").filter(pk=pk)).first()
    if service is None or not (service.state == ModerationState.PUBLISHED or can_edit_service(user, service)):
        raise NotFound()
    return service


def service_ratings(*, service: Service) -> QuerySet[ServiceRequest]:
    """Published ratings of a service, newest first (the requester shown by display name only)."""
    return (
        service.requests.filter(rating_state=RatingState.PUBLISHED)
        .select_related("requester")
        .only("rating", "rating_comment", "rated_at", "requester__display_name")
        .order_by("-rated_at")
    )


def services_mine(*, user) -> QuerySet[Service]:
    """Services of the institutions ``user`` belongs to, every state (the provider's desk)."""
    return Service.objects.filter(Q(owner=user) | Q(institution_id__in=member_institution_ids(user))).select_related(
        "institution"
    )


def request_list(*, user, state: str = "") -> QuerySet[ServiceRequest]:
    """The requests ``user`` is a party to, on either side (staff: all), newest first."""
    if not (user.is_authenticated and user.is_active):
        return ServiceRequest.objects.none()
    qs = ServiceRequest.objects.filter(visible_requests_q(user)).select_related(
        "requester", "service", "provider", "expert__user"
    )
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at", "-id")


def request_get(*, pk: int, user) -> ServiceRequest:
    """One request, for its parties and staff; for anyone else it does not exist."""
    request = (
        ServiceRequest.objects.select_related("requester", "service", "provider", "expert__user", "achievement", "deal")
        .prefetch_related(Prefetch("files", queryset=DeliveryFile.objects.order_by("id")), "events__actor")
        .filter(pk=pk)
        .first()
    )
    if request is None or not can_view_request(user, request):
        raise NotFound()
    return request


def delivery_file_get(*, pk: int, user) -> DeliveryFile:
    """A delivered file, for the request's parties and staff only."""
    item = DeliveryFile.objects.select_related("request__expert").filter(pk=pk).first()
    if item is None or not can_view_request(user, item.request):
        raise NotFound()
    return item
