"""Matchmaking runs on the search engine's vectors: the embedded index of each test, from the search fixtures."""

from tests.search.conftest import embedded_search  # noqa: F401 (a fixture)
