"""Shared API pieces: pagination, the ``{"code", "detail"}`` error shape, ``?lang=`` handling."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, QueryDict
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from marketplace.errors import MarketplaceError
from marketplace.i18n import reader_languages, set_reader_languages
from marketplace.reads import LIST_CACHE_SECONDS, ListingPaginator, cached, listings_version
from marketplace.serializers import UNKNOWN_FIELD_CODE


def given_query_params(params: QueryDict) -> QueryDict:
    """The query parameters without blank values: a form submitting ``?q=&country=`` means "no such filter", not an
    invalid one (the schema says so with ``allowEmptyValue``, marketplace.openapi)."""
    given = QueryDict(mutable=True)
    for key in params:
        values = [value for value in params.getlist(key) if value.strip()]
        if values:
            given.setlist(key, values)
    return given


def cached_public_response(request: Request, name: str, compute: Callable[[], dict], *parts: object) -> Response:
    """An answer that is the same for every reader it is given to in a language (a public list, a public listing to
    a reader who is not signed in): ``compute()`` cached per listings version, ``parts``, language, the reader's other
    languages (the fallback of texts) and URL (its links are absolute); a refusal raises and is never cached. The ETag
    names all that, so a client's copy is revalidated with a bodiless 304 without reading the cache."""
    parts = (*parts, translation.get_language(), reader_languages(), request.build_absolute_uri())
    digest = hashlib.blake2b(repr((name, listings_version(), parts)).encode(), digest_size=12).hexdigest()
    etag = f'W/"{digest}"'
    # "If-None-Match: *" would match whatever the URL names, even a listing that does not exist: answered in full.
    asked = request.headers.get("If-None-Match", "").strip()
    not_modified = get_conditional_response(request, etag=etag) if asked and asked != "*" else None
    response = not_modified or Response(cached(name, compute, *parts, timeout=LIST_CACHE_SECONDS))
    response["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    return response


class Pagination(PageNumberPagination):
    """``?page=`` and ``?page_size=``; counts cached per listings version, pages read ids first (marketplace.reads)."""

    django_paginator_class = ListingPaginator
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        # DRF falls back to the default size for a malformed ?page_size=; the schema says a whole number from 1.
        value = request.query_params.get(self.page_size_query_param, "")
        if value.strip() and not (value.isascii() and value.isdigit() and int(value) > 0):
            raise exceptions.ValidationError({self.page_size_query_param: [_("Give a whole number from 1.")]})
        return super().get_page_size(request)

    def paginate_queryset(self, queryset, request, view=None):
        # An empty ?page= is not page 1: the schema says a whole number from 1, and DRF would read "" as the first page.
        if request.query_params.get(self.page_query_param, None) == "":
            raise exceptions.NotFound(_("That page does not exist."), code="invalid_page")
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound as exc:
            raise exceptions.NotFound(_("That page does not exist."), code="invalid_page") from exc


def _first_message(detail: Any) -> str:
    if isinstance(detail, dict):
        for key, value in detail.items():
            message = _first_message(value)
            return message if key in ("non_field_errors", "detail") else f"{key}: {message}"
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return str(detail)


def _messages(errors: Any, prefix: str = "") -> list[str]:
    """A field's errors as the documented flat list of messages; a list item's or a nested field's message is
    prefixed with its index or name (``2: Not a valid choice.``), as DRF nests them in dicts."""
    if isinstance(errors, dict):
        return [message for key, value in errors.items() for message in _messages(value, f"{prefix}{key}: ")]
    if isinstance(errors, list):
        return [message for item in errors for message in _messages(item, prefix)]
    return [f"{prefix}{errors}"]


def _leaf_codes(codes: Any) -> set[str]:
    if isinstance(codes, dict):
        return {code for value in codes.values() for code in _leaf_codes(value)}
    if isinstance(codes, list):
        return {code for value in codes for code in _leaf_codes(value)}
    return {str(codes)}


def _code_of(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    if isinstance(codes, str):
        return codes
    return exc.default_code


def _validation_code(exc: exceptions.ValidationError) -> str:
    """``invalid``, or ``unknown_field`` when the only fault is keys the body does not take (InputSerializer)."""
    return UNKNOWN_FIELD_CODE if _leaf_codes(exc.get_codes()) == {UNKNOWN_FIELD_CODE} else "invalid"


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Every API error becomes ``{"code", "detail"}`` (plus ``errors`` per field for invalid input)."""
    if isinstance(exc, MarketplaceError):
        return Response({**exc.data, "code": exc.code, "detail": str(exc.message)}, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    assert isinstance(exc, exceptions.APIException)
    body: dict[str, Any] = {"code": _code_of(exc), "detail": _first_message(exc.detail)}
    if isinstance(exc, exceptions.ValidationError):
        body["code"] = _validation_code(exc)
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        body["errors"] = {str(field): _messages(errors) for field, errors in detail.items()}
    if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS:
        body["code"] = "throttled"
    response.data = body
    return response


class LanguageMixin:
    """Activates ``?lang=`` (or ``Accept-Language``, via LocaleMiddleware) for the whole API request."""

    def initial(self, request, *args, **kwargs):
        lang = request.query_params.get("lang")
        if lang:
            if lang not in dict(settings.LANGUAGES):
                raise MarketplaceError(_("Unknown language code."), code="invalid_language")
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        super().initial(request, *args, **kwargs)
        # After authentication (a token user is known only now); the middleware's ``reading`` block resets it.
        user = request.user
        set_reader_languages(getattr(user, "reading_languages", None) or () if user.is_authenticated else ())
