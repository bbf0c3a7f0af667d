"""Who is on which side of a service request. Pure functions over a user and a request."""

from __future__ import annotations

from django.db.models import Q

from marketplace.permissions import is_institution_admin, member_institution_ids
from services.models import Service, ServiceRequest


def is_requester(user, request: ServiceRequest) -> bool:
    return user.is_authenticated and user.is_active and request.requester_id == user.pk


def is_provider_side(user, request: ServiceRequest) -> bool:
    """The expert consulted, or an active member of the provider institution."""
    if not (user.is_authenticated and user.is_active):
        return False
    if request.expert_id is not None:
        return request.expert.user_id == user.pk
    return request.provider_id is not None and request.provider_id in member_institution_ids(user)


def can_view_request(user, request: ServiceRequest) -> bool:
    """The two parties and center staff; nobody else learns the request exists."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_staff or is_requester(user, request) or is_provider_side(user, request)


def visible_requests_q(user) -> Q:
    """Requests ``user`` is a party to, on either side (staff: every request)."""
    if user.is_staff:
        return Q()
    return (
        Q(requester=user) | Q(expert__isnull=True, provider_id__in=member_institution_ids(user)) | Q(expert__user=user)
    )


def can_edit_service(user, service: Service) -> bool:
    """The author, administrators of the provider institution, and center staff."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_staff or service.owner_id == user.pk or is_institution_admin(user, service.institution_id)
