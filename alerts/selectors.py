from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from alerts.models import SavedSearch


def saved_searches_of(*, user) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user).order_by("-created_at", "-id")


def search_url(saved: SavedSearch) -> str:
    """The search page showing this saved search's results now."""
    return f"{reverse('search:results')}?{saved.params}" if saved.params else reverse("search:results")
