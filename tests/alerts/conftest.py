"""Saved searches run on the search engine: the embedded index of each test, from the search fixtures."""

from tests.search.conftest import embedded_search  # noqa: F401 (a fixture)
