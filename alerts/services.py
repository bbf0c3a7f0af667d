"""Saved searches: save and delete them, and the beat run that tells members about newly published matches."""

from __future__ import annotations

import logging
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alerts.errors import AlertsError
from alerts.models import SavedSearch, SavedSearchHit
from alerts.notifications import SAVED_SEARCH_MATCH
from notifications.services import notification_send
from search.doctypes import doctype_get
from search.documents import parse_key
from search.forms import SIDEBAR_FACETS, SearchForm
from search.selectors import search_listings

logger = logging.getLogger(__name__)

MATCHES_PER_RUN = 50  # the newest matches a run looks at, per saved search
NOTIFIED_PER_RUN = 10  # at most this many notifications per saved search and run (the rest wait for the next run)


def normalized_params(params: QueryDict | dict) -> tuple[QueryDict, SearchForm]:
    """The search's defining parameters (q, type, mode, facet filters), validated like the search page's, in a fixed
    order; page and sort are not part of a saved search. Raises ``AlertsError`` for a search that cannot be run."""
    data = params if isinstance(params, QueryDict) else _querydict(params)
    form = SearchForm(data)
    if not form.is_valid():
        raise AlertsError(
            _("This search cannot be saved: %(errors)s")
            % {"errors": " ".join(message for messages in form.errors.values() for message in messages)},
            code="invalid_search",
        )
    clean = QueryDict(mutable=True)
    if form.cleaned_data["q"]:
        clean["q"] = form.cleaned_data["q"]
    if form.cleaned_data.get("type"):
        clean["type"] = form.cleaned_data["type"]
    if form.cleaned_data.get("mode") == "text":
        clean["mode"] = "text"
    for name in SIDEBAR_FACETS:
        if form.filters.get(name):
            clean.setlist(name, sorted(form.filters[name]))
    return clean, form


def _querydict(params: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in params.items():
        data.setlist(name, [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)])
    return data


def saved_search_create(*, user, params: QueryDict | dict, name: str = "") -> tuple[SavedSearch, bool]:
    """Save a search for ``user`` (the same search again returns the saved one); ``(search, created)``."""
    clean, form = normalized_params(params)
    if not clean:
        raise AlertsError(_("Enter words or choose filters before saving a search."), code="empty_search")
    encoded = clean.urlencode()
    if len(encoded) > SavedSearch._meta.get_field("params").max_length:
        raise AlertsError(_("This search is too long to be saved."), code="search_too_long")
    name = " ".join((name or "").split())[:120] or _default_name(form)
    with transaction.atomic():
        existing = SavedSearch.objects.filter(user=user, params=encoded).first()
        if existing is not None:
            return existing, False
        if SavedSearch.objects.filter(user=user).count() >= settings.SAVED_SEARCHES_MAX:
            raise AlertsError(
                _("You can keep at most %(count)s saved searches; delete one first.")
                % {"count": settings.SAVED_SEARCHES_MAX},
                code="too_many_saved_searches",
                status=409,
            )
        try:
            with transaction.atomic():
                return SavedSearch.objects.create(user=user, name=name, params=encoded), True
        except IntegrityError:  # the same search saved at the same moment (a double click)
            return SavedSearch.objects.get(user=user, params=encoded), False


def _default_name(form: SearchForm) -> str:
    if form.cleaned_data["q"]:
        return form.cleaned_data["q"][:120]
    kind = form.cleaned_data.get("type")
    return str(doctype_get(kind).plural_label) if kind else _("All listings")


def saved_search_delete(*, user, saved_search_id: int) -> None:
    """Delete one of ``user``'s saved searches (another person's does not exist for them)."""
    deleted, _rows = SavedSearch.objects.filter(user=user, pk=saved_search_id).delete()
    if not deleted:
        raise AlertsError(_("Saved search not found."), code="not_found", status=404)


def saved_searches_run(*, now=None) -> int:
    """Beat: run every saved search again and notify each newly published match once; returns notifications sent.

    "Newly published" means published after the search was saved: what was there already is recorded as seen, so
    neither this run nor a later one (after a re-index, say) tells it.
    """
    now = now or timezone.now()
    sent = 0
    for saved in SavedSearch.objects.select_related("user").filter(user__is_active=True).iterator(chunk_size=200):
        try:
            sent += _run_one(saved, now=now)
        except Exception:  # one broken search must not stop the others' alerts
            logger.exception("saved search %s could not be run", saved.pk)
    return sent


def _run_one(saved: SavedSearch, *, now) -> int:
    params = QueryDict(saved.params)
    _clean, form = normalized_params(params)
    data = form.cleaned_data
    language = saved.user.preferred_language or settings.LANGUAGE_CODE
    common = {
        "text": data["q"],
        "lang": language,
        "filters": form.filters,
        "types": (data["type"],) if data.get("type") else None,
        "page_size": MATCHES_PER_RUN,
    }
    with translation.override(language):
        # The newest matches by words (a new listing is never crowded out by older, more relevant ones), and, for a
        # query with words, the best matches by meaning too (a listing in another language, not yet translated).
        hits = list(search_listings(**common, sort="date", mode="text").hits)
        if data["q"] and data.get("mode") != "text":
            # A notification is a push: a listing found by meaning alone needs a closer match than a search page.
            floor = settings.SAVED_SEARCH_MIN_SIMILARITY
            hits += [
                hit
                for hit in search_listings(**common, sort="relevance", mode="hybrid").hits
                if hit.match == "text" or (hit.similarity or 0) >= floor
            ]
    seen = set(saved.hits.values_list("key", flat=True))
    fresh = list({hit.key: hit for hit in hits if hit.key not in seen}.values())
    published = _published_at(hit.key for hit in fresh)
    told = 0
    with transaction.atomic():
        for hit in fresh:
            when = published.get(hit.key)
            is_new = when is not None and when >= saved.created_at
            if is_new and told >= NOTIFIED_PER_RUN:
                continue  # over this run's limit: the next run tells it
            _hit, created = SavedSearchHit.objects.get_or_create(
                saved_search=saved, key=hit.key, defaults={"notified": is_new}
            )
            if created and is_new:
                with translation.override(language):
                    url = reverse(doctype_get(hit.type).detail_url_name, kwargs={"pk": hit.pk})
                notification_send(
                    recipient=saved.user,
                    kind=SAVED_SEARCH_MATCH.code,
                    context={"search": saved.name, "title": hit.title},
                    url=url,
                    group=f"saved-search:{saved.pk}",
                )
                told += 1
        SavedSearch.objects.filter(pk=saved.pk).update(last_run_at=now)
    return told


def _published_at(keys) -> dict[str, object]:
    """When each listing was published (keys of records that are no longer public are left out)."""
    by_type: dict[str, list[int]] = defaultdict(list)
    for key in keys:
        kind, pk = parse_key(key)
        by_type[kind].append(pk)
    dates = {}
    for kind, pks in by_type.items():
        doctype = doctype_get(kind)
        rows = doctype.model.objects.filter(doctype.published, pk__in=pks).values_list("pk", doctype.date_field)
        dates.update({f"{kind}:{pk}": when for pk, when in rows if when is not None})
    return dates
