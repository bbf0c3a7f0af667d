"""Input rules every edge shares: no control characters in text, amounts in one plain decimal syntax.

Text: NUL and the other C0/C1 control characters (tab, line feed and carriage return excepted) have no business in
a listing, a message or a search; PostgreSQL refuses NUL in text columns (a 500 where SQLite stored it). They are
refused at the edge with the code ``control_characters``: ``ControlCharactersMiddleware`` checks query strings and
form posts (pages, the admin, the API's form and multipart bodies), ``marketplace.parsers`` the API's JSON bodies,
and imports call ``reject_control_characters`` on what they read.

Amounts: only ASCII digits with at most one dot (and a leading minus, refused later with its own message). Python's
``Decimal`` also reads fullwidth and Arabic-Indic digits, ``2_500``, exponents and ``NaN``; none of those is what a
person typing a price or a bid means to send, and a bid log must show the amount as it was judged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from rest_framework import serializers

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_CHARACTERS_CODE = "control_characters"
AMOUNT_SYNTAX = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
API_PREFIX = "/api/"


def control_characters_message(where: str | None = None) -> str:
    message = _("Text cannot contain control characters (only tabs and line breaks are allowed).")
    return f"{where}: {message}" if where else message


def find_control_characters(data: Any, path: str = "") -> str | None:
    """The path (``field``, ``items.2``) of the first string in ``data`` with a control character, else None."""
    if isinstance(data, str):
        return path or "non_field_errors" if CONTROL_CHARACTERS.search(data) else None
    if isinstance(data, dict):
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and CONTROL_CHARACTERS.search(key):
                return where
            found = find_control_characters(value, where)
            if found:
                return found
    elif isinstance(data, list | tuple):
        for index, value in enumerate(data):
            found = find_control_characters(value, f"{path}.{index}" if path else str(index))
            if found:
                return found
    return None


def reject_control_characters(value: Any) -> None:
    """A ``ValidationError`` (code ``control_characters``) if any string in ``value`` holds a control character."""
    where = find_control_characters(value)
    if where:
        raise ValidationError(control_characters_message(), code=CONTROL_CHARACTERS_CODE)


@deconstructible
class ControlCharactersValidator:
    """``reject_control_characters`` as a field validator (forms, serializers, model fields)."""

    def __call__(self, value: Any) -> None:
        reject_control_characters(value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ControlCharactersValidator)


def _querydict_strings(querydict) -> dict[str, list[str]]:
    return {key: querydict.getlist(key) for key in querydict}


class ControlCharactersMiddleware:
    """Refuses a query string or form post holding a control character: 400, JSON ``{code, detail}`` on the API."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        where = find_control_characters(_querydict_strings(request.GET))
        if where is None and request.method == "POST" and request.content_type in _FORM_TYPES:
            where = find_control_characters(_querydict_strings(request.POST))
        if where is None:
            return self.get_response(request)
        # Keys are "field.index": name the field only.
        message = control_characters_message(where.rsplit(".", 1)[0])
        if request.path.startswith(API_PREFIX):
            return JsonResponse({"code": CONTROL_CHARACTERS_CODE, "detail": message}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def parse_plain_decimal(text: str) -> Decimal | None:
    """``text`` as a Decimal if it is ASCII digits with at most one dot (and maybe a leading minus), else None."""
    if not AMOUNT_SYNTAX.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only what Decimal reads
        return None


class PlainDecimalFormField(forms.DecimalField):
    """A form ``DecimalField`` that reads only the plain syntax (``parse_plain_decimal``)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if parse_plain_decimal(text) is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(text)


class PlainDecimalSerializerField(serializers.DecimalField):
    """A DRF ``DecimalField`` that reads only the plain syntax; JSON numbers are judged by their text."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        text = str(data).strip() if isinstance(data, str | int | float | Decimal) else None
        if text is None or parse_plain_decimal(text) is None:
            self.fail("invalid")
        return super().to_internal_value(text)
