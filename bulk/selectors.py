"""Who may import and export for which institution, and the reads behind the import pages."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from bulk.columns import ListingKind
from bulk.models import ImportBatch
from experts.models import Certification
from marketplace.codes import codes_q
from marketplace.errors import NotFound
from marketplace.models import Institution, Membership, MembershipRole, MembershipStatus, TechnologyField

RECENT_BATCHES = 10


def bulk_institutions(*, user) -> QuerySet[Institution]:
    """Institutions ``user`` imports and exports for: staff any; an institution's active administrators and its
    technology managers (active members whose expert profile there is certified as one) their own."""
    if not (user.is_authenticated and user.is_active):
        return Institution.objects.none()
    if user.is_staff:
        return Institution.objects.all()
    active = Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE)
    admin_of = active.filter(role=MembershipRole.ADMIN).values("institution_id")
    manager_of = active.filter(
        Q(institution__experts__user=user)
        & codes_q("institution__experts__certifications", Certification.TECHNOLOGY_MANAGER)
    ).values("institution_id")
    return Institution.objects.filter(Q(pk__in=admin_of) | Q(pk__in=manager_of))


def can_bulk_manage(*, user, institution: Institution) -> bool:
    return bulk_institutions(user=user).filter(pk=institution.pk).exists()


def bulk_institution_get(*, user, slug: str) -> Institution:
    """The institution ``slug`` if ``user`` may import and export for it; ``NotFound`` otherwise (no hint that it
    exists)."""
    institution = bulk_institutions(user=user).filter(slug=slug).first()
    if institution is None:
        raise NotFound()
    return institution


def import_batch_get(*, user, pk: int) -> ImportBatch:
    """An import its institution's importers may follow; ``NotFound`` for anyone else."""
    batch = ImportBatch.objects.select_related("institution").filter(pk=pk).first()
    if batch is None or not can_bulk_manage(user=user, institution=batch.institution):
        raise NotFound()
    return batch


def import_batches_recent(*, institution: Institution) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(institution=institution).select_related("created_by")[:RECENT_BATCHES]


def listings_by_external_id(
    *, kind: ListingKind, institution: Institution, external_ids: list[str] | None = None
) -> dict[str, object]:
    """The institution's listings of ``kind`` that have an external id (or one of ``external_ids``), by it, with their
    modes (one read)."""
    rows = (
        kind.model.objects.filter(institution=institution)
        .exclude(external_id="")
        .prefetch_related(kind.m2m)
        .order_by("id")
    )
    if external_ids is not None:
        rows = rows.filter(external_id__in=external_ids)
    return {listing.external_id: listing for listing in rows}


def listings_of_batch(*, batch: ImportBatch, kind: ListingKind, limit: int = 50) -> list:
    """The listings an import wrote (the first ``limit``), for its result page."""
    written = (batch.report or {}).get("written", [])[:limit]
    found = {
        listing.external_id: listing
        for listing in kind.model.objects.filter(institution=batch.institution, external_id__in=written)
    }
    return [found[external_id] for external_id in written if external_id in found]


def taxonomy_slugs() -> QuerySet[TechnologyField]:
    return TechnologyField.objects.order_by("position", "slug")
