"""The registry of search document types: what kinds of public records search indexes, and how to read each one.

Search itself registers the listings it stands on (achievements and demands: ``search.listing_types``); apps above it
(projects, services, experts, ...) register their own types from their AppConfig.ready() (their ``search.py``), so
search never imports them. Everything in search (documents, re-indexing, the database fallback, the API and the page)
works from these declarations; the engines only need the type names.

One declaration drives both the index and the database fallback: ``facet_paths`` are the ORM paths of a record's facet
values, read from the loaded record to build its document and used as filters and counts when the engine is down, so
the two agree by construction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Model, Q, QuerySet

# The facets a document type may fill (``SearchDocument``'s facet fields); the others stay empty for that type.
FACET_NAMES = (
    "field",
    "country",
    "trl",
    "ip_status",
    "transfer_mode",
    "institution_type",
    "institution",
    "category",
    "language",
)
# The text names of a SearchDocument (engines index these per language, with these boosts).
TEXT_NAMES = ("title", "summary", "description", "keywords")


@dataclass(frozen=True)
class DocumentType:
    """One kind of public record in search.

    ``text_fields`` maps a document text name (title/summary/description/keywords) to the record's translated model
    field holding it; ``extra_texts`` gives texts that are not translated columns (an expert's name), in the record's
    source language. ``facet_code_columns`` maps a facet to the ORM path of a column holding a comma-separated list of
    codes (a service's languages): each code is one facet value. ``category_choices`` label the type's ``category``
    facet values (search cannot import the apps above it). ``published`` selects the records the public may see
    (through to-one relations only, so a row matches once): only those are indexed, every other one is removed.
    ``private_columns`` are deferred whenever search loads records, so they are not even fetched.
    """

    name: str  # the type's value in documents, keys ("project:12"), filters and the API (?type=project)
    model: type[Model]
    label: Any  # singular, translatable (lazy): the hit badge and the type facet value's label
    plural_label: Any  # the tab above the results
    icon: str  # Bootstrap icon name of the hit badge
    detail_url_name: str  # reversed with kwargs={"pk": pk}
    text_fields: dict[str, str]
    published: Q
    facet_paths: dict[str, str] = field(default_factory=dict)
    facet_code_columns: dict[str, str] = field(default_factory=dict)
    category_choices: tuple[tuple[str, Any], ...] = ()
    extra_texts: Callable[[Model], dict[str, str]] | None = None
    date_field: str = "published_at"  # the "newest first" order and the document's published_at
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    private_columns: tuple[str, ...] = ()
    # Translated model fields the database fallback looks for words in (default: the title's and summary's fields),
    # and untranslated ORM paths it also looks in (an expert's name).
    fallback_text_fields: tuple[str, ...] = ()
    fallback_plain_fields: tuple[str, ...] = ()
    position: int = 100  # re-index order (a resume key points into it) and the order of the tabs
    # Whether a change of this record can matter to the index; default: it is published or was published once.
    may_be_indexed: Callable[[Model], bool] | None = None

    def __post_init__(self) -> None:
        facets = set(self.facet_paths) | set(self.facet_code_columns)
        unknown = (set(self.text_fields) - set(TEXT_NAMES)) | (facets - set(FACET_NAMES))
        if set(self.facet_paths) & set(self.facet_code_columns):
            raise ValueError(f"document type {self.name!r}: a facet is both a path and a code column")
        if unknown or ("title" not in self.text_fields and self.extra_texts is None):
            raise ValueError(f"document type {self.name!r}: unknown names {sorted(unknown)} or no title")
        if not self.name.isidentifier() or ":" in self.name:
            raise ValueError(f"bad document type name: {self.name!r}")

    def queryset(self) -> QuerySet:
        """Every record of the type with what a document needs joined in, and the private columns deferred."""
        queryset = self.model.objects.all()
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset.defer(*self.private_columns)

    def public(self) -> QuerySet:
        """The published records (what the index holds)."""
        return self.queryset().filter(self.published)

    def searched_fields(self) -> tuple[str, ...]:
        return (
            self.fallback_text_fields
            or tuple(self.text_fields[name] for name in ("title", "summary") if name in self.text_fields)
            or tuple(self.text_fields.values())
        )

    def document_date(self, record: Model) -> datetime:
        value = getattr(record, self.date_field, None)
        return value or getattr(record, "updated_at", None) or record.created_at


_TYPES: dict[str, DocumentType] = {}


def doctype_register(doctype: DocumentType) -> None:
    """Add (or replace, by name) a document type; called from an AppConfig.ready()."""
    for other in _TYPES.values():
        if other.name != doctype.name and other.model is doctype.model:
            raise ValueError(f"{doctype.model.__name__} is already the document type {other.name!r}")
    _TYPES[doctype.name] = doctype


def doctype_get(name: str) -> DocumentType:
    """The registered type called ``name``; KeyError for any other name."""
    return _TYPES[name]


def all_doctypes() -> list[DocumentType]:
    """Every registered type, in re-index (and tab) order."""
    return sorted(_TYPES.values(), key=lambda doctype: (doctype.position, doctype.name))


def doctype_names() -> tuple[str, ...]:
    return tuple(doctype.name for doctype in all_doctypes())


def doctype_for(record: Model | type[Model]) -> DocumentType | None:
    """The type of a record (or model class), None when its model is no document type."""
    model = record if isinstance(record, type) else type(record)
    for doctype in _TYPES.values():
        if issubclass(model, doctype.model):
            return doctype
    return None


def category_labels() -> dict[str, Any]:
    """Every registered type's category codes with their (lazy) labels."""
    labels: dict[str, Any] = {}
    for doctype in all_doctypes():
        labels.update(dict(doctype.category_choices))
    return labels


def narrows_types(types: tuple[str, ...] | list[str]) -> bool:
    """Whether a query's types leave any registered type out (then engines filter by type)."""
    return set(types) != set(_TYPES)
