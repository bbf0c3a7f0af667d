"""Index versions behind an alias, and writes, of the Elasticsearch backend (see the package docstring)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from elasticsearch import BadRequestError, Elasticsearch
from elasticsearch_dsl import Index

from search.backends.base import SearchDocument, SearchUnavailable
from search.backends.common import TEXT_FIELDS
from search.backends.elastic.client import chunks, engine_errors, error_reason
from search.backends.elastic.mapping import index_definition, text_field_name

if TYPE_CHECKING:
    from search.backends.elastic.engine import ElasticBackend

BULK_CHUNK = 500
BULK_TIMEOUT = 60.0  # seconds: a batch of long multilingual texts may take a busy cluster longer than a search


class IndexManagement:
    """Creating, swapping and dropping index versions, and bulk writes (mixed into ElasticBackend, whose
    ``vector_space`` names the embedding space written with each vector)."""

    client: Elasticsearch
    alias: str
    languages: tuple[str, ...]
    vectors_enabled: bool
    _write_target: str
    _writes_need_alias: bool
    _refresh: str | bool

    def version_name(self, version: int) -> str:
        return f"{self.alias}-v{version}"

    def versions(self) -> dict[int, str]:
        """Existing versioned indices of this alias: {version: index name}."""
        pattern = re.compile(rf"^{re.escape(self.alias)}-v(\d+)$")
        with engine_errors():
            names = self.client.indices.get(index=f"{self.alias}-v*", allow_no_indices=True).body
        return {int(match[1]): name for name in names if (match := pattern.match(name))}

    def current_index(self) -> str | None:
        """The concrete index the alias points at, or None before ensure_index()."""
        with engine_errors():
            if not self.client.indices.exists_alias(name=self.alias):
                return None
            targets = self.client.indices.get_alias(name=self.alias).body
        return sorted(targets)[-1] if targets else None

    def _index_definition(self, name: str) -> Index:
        return index_definition(self.client, name, languages=self.languages, vectors=self.vectors_enabled)

    def _create_version(self, version: int, *, with_alias: bool) -> str:
        name = self.version_name(version)
        index = self._index_definition(name)
        if with_alias:
            index.aliases(**{self.alias: {}})
        with engine_errors():
            try:
                index.create()
            except BadRequestError as exc:
                # Two workers creating the first version at once: the loser finds it there, which is fine.
                if "resource_already_exists" not in error_reason(exc):
                    raise
        return name

    def ensure_index(self) -> None:
        """Create version 1 and the alias when neither exists; re-attach the alias to the newest version if lost."""
        with engine_errors():
            if self.client.indices.exists_alias(name=self.alias):
                return
        versions = self.versions()
        if not versions:
            self._create_version(1, with_alias=True)
        with engine_errors():
            if not self.client.indices.exists_alias(name=self.alias):
                newest = versions[max(versions)] if versions else self.version_name(1)
                self.client.indices.put_alias(index=newest, name=self.alias)

    def reindex_swap(self, build: Callable[[ElasticBackend], None]) -> str:
        """Fill a new index version with ``build(writer)`` while searches keep using the old one, then swap the alias.

        ``writer`` is a backend whose ``index``/``delete`` write to the new version. The alias moves to it in one
        atomic request and the old versions are dropped. If ``build`` fails the new version is dropped and the alias
        is left alone. Live updates made during the build go to the old version and are lost with it: the periodic
        reconciliation repairs that drift.
        """
        self.ensure_index()
        live = self.current_index()
        old = self.versions()
        new = self._create_version(max(old, default=0) + 1, with_alias=False)
        writer = type(self)(client=self.client, prefix=self.alias.removesuffix("-listings"))
        writer._write_target = new
        writer._writes_need_alias = False
        writer._refresh = False  # one refresh at the end is far cheaper than one per batch
        try:
            build(writer)
            with engine_errors():
                self.client.indices.refresh(index=new)
        except BaseException:
            with engine_errors():
                self.client.options(ignore_status=404).indices.delete(index=new)
            raise
        # One request: readers see the old version or the new one, never neither. Older versions that lost the alias
        # in an interrupted swap are cleaned up with the one that had it.
        actions: list[dict[str, Any]] = [{"add": {"index": new, "alias": self.alias}}]
        if live:
            actions.insert(0, {"remove": {"index": live, "alias": self.alias}})
        with engine_errors():
            self.client.indices.update_aliases(actions=actions)
            for name in old.values():
                self.client.options(ignore_status=404).indices.delete(index=name)
        return new

    def drop(self) -> None:
        """Delete every version of the index, and with them the alias (tests; taking a prefix out of service)."""
        with engine_errors():
            for name in self.versions().values():
                self.client.options(ignore_status=404).indices.delete(index=name)

    def clear(self) -> None:
        """Drop every version and the alias, then start again from an empty version 1."""
        self.drop()
        self._create_version(1, with_alias=True)

    # --- writes ------------------------------------------------------------------------------------------------------

    def _source(self, document: SearchDocument) -> dict[str, Any]:
        body: dict[str, Any] = {
            "key": document.key,
            "type": document.type,
            "pk": document.pk,
            "source_language": document.source_language,
            "field": document.field or None,
            "country": document.country or None,
            "trl": document.trl,
            "ip_status": document.ip_status or None,
            "transfer_mode": list(document.transfer_modes),
            "institution_type": document.institution_type or None,
            "institution": document.institution or None,
            "category": document.category or None,
            "language": list(document.languages),
            "published_at": document.published_at.isoformat(),
        }
        if self.vectors_enabled and document.vector:
            body["embedding"] = list(document.vector)
            body["embedding_space"] = self.vector_space()
        for lang, values in document.texts.items():
            if lang not in self.languages:
                continue
            for field in TEXT_FIELDS:
                if values.get(field):
                    body[text_field_name(field, lang)] = values[field]
        return {name: value for name, value in body.items() if value is not None}

    def _bulk(self, operations: list[dict[str, Any]], *, last: bool) -> None:
        with engine_errors():
            response = (
                self.client.options(request_timeout=BULK_TIMEOUT)
                .bulk(
                    operations=operations,
                    refresh=self._refresh if last else False,
                    require_alias=self._writes_need_alias,
                )
                .body
            )
        if not response.get("errors"):
            return
        for item in response["items"]:
            action, result = next(iter(item.items()))
            if "error" in result and not (action == "delete" and result.get("status") == 404):
                error = result["error"]
                reason = f"{error.get('type')}: {error.get('reason')}" if isinstance(error, dict) else str(error)
                raise SearchUnavailable(f"Elasticsearch refused {action} of {result.get('_id')}: {reason}")

    def index(self, documents: list[SearchDocument]) -> None:
        if not documents:
            return
        if self._writes_need_alias:
            self.ensure_index()
        batches = list(chunks(documents, BULK_CHUNK))
        for number, chunk in enumerate(batches, start=1):
            operations: list[dict[str, Any]] = []
            for document in chunk:
                operations.append({"index": {"_index": self._write_target, "_id": document.key}})
                operations.append(self._source(document))
            self._bulk(operations, last=number == len(batches))

    def delete(self, keys: list[str]) -> None:
        if not keys:
            return
        if self._writes_need_alias and self.current_index() is None:
            return  # no index, nothing to delete
        batches = list(chunks(keys, BULK_CHUNK))
        for number, chunk in enumerate(batches, start=1):
            operations = [{"delete": {"_index": self._write_target, "_id": key}} for key in chunk]
            self._bulk(operations, last=number == len(batches))
