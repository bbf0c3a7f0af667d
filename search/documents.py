"""Turning published listings into SearchDocuments: public text in every language, and the facet values.

Only an explicit allow-list of public columns is read. Confidential dossiers, NDA texts, contact details, attachments
and owner data never enter a document (tests/search/test_documents.py proves it), and the bulk loader defers those
columns so they are not even fetched.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db.models import Model, QuerySet

from achievements.models import Achievement
from demands.models import Demand
from marketplace.i18n import column
from search.backends.base import DocType, SearchDocument

TEXT_FIELDS: dict[DocType, tuple[str, ...]] = {
    "achievement": ("title", "summary", "description", "keywords"),
    "demand": ("title", "description"),
}
MODELS: dict[DocType, type[Model]] = {"achievement": Achievement, "demand": Demand}
# The URL name of each listing type's page (a hit links there without loading the listing).
DETAIL_URLS: dict[DocType, str] = {"achievement": "achievements:detail", "demand": "demands:detail"}
# Columns a document never needs: deferred so private data is not even loaded while indexing.
PRIVATE_COLUMNS: dict[DocType, tuple[str, ...]] = {
    "achievement": ("confidential_dossier", "nda_text", "contact_name", "contact_email", "contact_phone"),
    "demand": (),
}
_MODES_RELATION: dict[DocType, str] = {"achievement": "transfer_modes", "demand": "cooperation_modes"}


def doc_type(listing: Model | type[Model]) -> DocType:
    """``"achievement"`` or ``"demand"`` for a listing or its model class."""
    model = listing if isinstance(listing, type) else type(listing)
    if issubclass(model, Achievement):
        return "achievement"
    if issubclass(model, Demand):
        return "demand"
    raise TypeError(f"not a listing: {model.__name__}")


def doc_key(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"


def parse_key(key: str) -> tuple[DocType, int]:
    """``"demand:12"`` -> ``("demand", 12)``; raises ValueError for anything else."""
    kind, _sep, pk = key.partition(":")
    if kind not in MODELS or not pk.isdigit():
        raise ValueError(f"not a search key: {key!r}")
    return kind, int(pk)  # type: ignore[return-value]


def _texts(listing: Model, kind: DocType) -> dict[str, dict[str, str]]:
    texts: dict[str, dict[str, str]] = {}
    for lang, _name in settings.LANGUAGES:
        values = {}
        for name in TEXT_FIELDS[kind]:
            value = (getattr(listing, column(name, lang), "") or "").strip()
            if value:
                values[name] = value
        if values:
            texts[lang] = values
    return texts


def document_for(listing: Model) -> SearchDocument:
    """The search document of one listing (whatever its state: callers decide what gets indexed)."""
    kind = doc_type(listing)
    modes = getattr(listing, _MODES_RELATION[kind]).all()
    institution = listing.institution
    return SearchDocument(
        key=doc_key(kind, listing.pk),
        type=kind,
        pk=listing.pk,
        texts=_texts(listing, kind),
        source_language=listing.source_language or "en",
        field=listing.field.slug,
        country=str(listing.country.code or "") if listing.country else "",
        trl=listing.trl if kind == "achievement" else None,
        ip_status=listing.ip_status if kind == "achievement" else "",
        transfer_modes=tuple(sorted({mode.code for mode in modes})),
        institution_type=institution.kind if institution else "",
        institution=institution.slug if institution else "",
        published_at=listing.published_at or listing.updated_at,
    )


def listing_queryset(kind: DocType) -> QuerySet:
    """Listings of one kind with what a document needs joined in, and the private columns deferred."""
    model = MODELS[kind]
    return (
        model.objects.select_related("field", "institution")
        .prefetch_related(_MODES_RELATION[kind])
        .defer(*PRIVATE_COLUMNS[kind])
    )


def documents_for(queryset: QuerySet | Iterable[Model]) -> Iterator[SearchDocument]:
    """Documents for many listings of one kind in a constant number of queries (one, plus one for the modes)."""
    if isinstance(queryset, QuerySet):
        kind = doc_type(queryset.model)
        base = listing_queryset(kind)
        queryset = base.filter(pk__in=queryset.values("pk")).order_by("pk")
    for listing in queryset:
        yield document_for(listing)
