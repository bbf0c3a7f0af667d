"""Turning published records of every registered document type (``search.doctypes``) into SearchDocuments: public
text in every language, and the facet values.

Only the type's declared text fields and facet paths are read. Confidential dossiers, NDA texts, contact details,
attachments, drafts and owner data never enter a document (tests/search/test_documents.py proves it for every type),
and the bulk loader defers the types' private columns so they are not even fetched.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db.models import Model, QuerySet

from marketplace.codes import codes
from marketplace.i18n import column
from search.backends.base import SearchDocument
from search.doctypes import DocumentType, doctype_for, doctype_get, doctype_names


def doctype_of(record: Model | type[Model]) -> DocumentType:
    """The registered type of a record or model class; TypeError for anything else."""
    doctype = doctype_for(record)
    if doctype is None:
        model = record if isinstance(record, type) else type(record)
        raise TypeError(f"not a search document type: {model.__name__}")
    return doctype


def doc_type(listing: Model | type[Model]) -> str:
    """The type name (``"achievement"``, ``"demand"``, ``"project"``, ...) of a record or its model class."""
    return doctype_of(listing).name


def doc_key(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"


def parse_key(key: str) -> tuple[str, int]:
    """``"demand:12"`` -> ``("demand", 12)``; raises ValueError for anything else."""
    kind, _sep, pk = key.partition(":")
    if kind not in doctype_names() or not pk.isdigit():
        raise ValueError(f"not a search key: {key!r}")
    return kind, int(pk)


def path_values(record: Model, path: str) -> list:
    """The values at an ORM path (``institution__kind``, ``transfer_modes__code``) of a loaded record, following
    to-many relations through their (prefetched) ``all()``; empty values dropped."""
    values: list = [record]
    for step in path.split("__"):
        following = []
        for value in values:
            attribute = getattr(value, step, None)
            if attribute is not None and hasattr(attribute, "all") and hasattr(attribute, "model"):
                following.extend(attribute.all())
            elif attribute is not None:
                following.append(attribute)
        values = following
    cleaned = []
    for value in values:
        value = getattr(value, "code", value)  # a django-countries Country
        if value not in (None, ""):
            cleaned.append(value)
    return cleaned


def record_texts(record: Model, doctype: DocumentType | None = None) -> dict[str, dict[str, str]]:
    """language -> {text name: text} of a record (only non-empty texts, only languages with some)."""
    doctype = doctype or doctype_of(record)
    texts: dict[str, dict[str, str]] = {}
    for lang, _name in settings.LANGUAGES:
        values = {}
        for name, model_field in doctype.text_fields.items():
            value = (getattr(record, column(model_field, lang), "") or "").strip()
            if value:
                values[name] = value
        if values:
            texts[lang] = values
    if doctype.extra_texts is not None:
        source = record.source_language or "en"
        extra = {name: value.strip() for name, value in doctype.extra_texts(record).items() if (value or "").strip()}
        if extra:
            texts[source] = {**extra, **texts.get(source, {})}
    return texts


def _single(values: list) -> str:
    """One facet value of a single-valued facet (the smallest, so a record with several gets a stable one)."""
    return min((str(value) for value in values), default="")


def document_for(listing: Model) -> SearchDocument:
    """The search document of one record (whatever its state: callers decide what gets indexed)."""
    doctype = doctype_of(listing)
    facets = {name: path_values(listing, path) for name, path in doctype.facet_paths.items()}
    for name, path in doctype.facet_code_columns.items():
        facets[name] = [code for value in path_values(listing, path) for code in codes(str(value))]
    trl = facets.get("trl") or []
    return SearchDocument(
        key=doc_key(doctype.name, listing.pk),
        type=doctype.name,
        pk=listing.pk,
        texts=record_texts(listing, doctype),
        source_language=listing.source_language or "en",
        field=_single(facets.get("field", [])),
        country=_single(facets.get("country", [])),
        trl=int(trl[0]) if trl else None,
        ip_status=_single(facets.get("ip_status", [])),
        transfer_modes=tuple(sorted({str(mode) for mode in facets.get("transfer_mode", [])})),
        institution_type=_single(facets.get("institution_type", [])),
        institution=_single(facets.get("institution", [])),
        published_at=doctype.document_date(listing),
        category=_single(facets.get("category", [])),
        languages=tuple(sorted({str(code) for code in facets.get("language", [])})),
    )


def listing_queryset(kind: str) -> QuerySet:
    """Records of one type with what a document needs joined in, and the private columns deferred."""
    return doctype_get(kind).queryset()


def documents_for(queryset: QuerySet | Iterable[Model]) -> Iterator[SearchDocument]:
    """Documents for many records of one type in a constant number of queries (one, plus one per to-many relation)."""
    if isinstance(queryset, QuerySet):
        base = doctype_of(queryset.model).queryset()
        queryset = base.filter(pk__in=queryset.values("pk")).order_by("pk")
    for listing in queryset:
        yield document_for(listing)
