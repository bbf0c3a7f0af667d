"""The embedded search engine (tantivy in-process): ``EmbeddedBackend`` is in engine.py."""

from search.backends.embedded.engine import EmbeddedBackend
from search.backends.embedded.schema import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "EmbeddedBackend"]
