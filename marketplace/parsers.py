"""The API's parsers. Their own module: DRF imports them from settings while ``rest_framework.views`` may still be
loading, so it must not import anything that imports that (marketplace.api does).

Every parser refuses text with control characters (``marketplace.validators``) with the code ``control_characters``,
and a body that is not JSON gets one plain message: DRF's own names Python internals (``sys.set_int_max_str_digits``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework import parsers as drf_parsers

from marketplace.validators import CONTROL_CHARACTERS_CODE, control_characters_message, find_control_characters


class ControlCharactersInInput(exceptions.ParseError):
    default_code = CONTROL_CHARACTERS_CODE


def checked(data):
    """``data`` (parsed JSON, or a QueryDict of form fields) if none of its text holds a control character."""
    plain = {key: data.getlist(key) for key in data} if hasattr(data, "getlist") else data
    where = find_control_characters(plain)
    if where:
        field = where.split(".", 1)[0] if hasattr(data, "getlist") else where
        raise ControlCharactersInInput(control_characters_message(field))
    return data


class JSONParser(drf_parsers.JSONParser):
    """DRF's JSON parser; any body it cannot read (absurd nesting, a 5,000-digit number...) is one plain 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        return checked(self.load(stream, media_type, parser_context))

    def load(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except (exceptions.ParseError, RecursionError) as exc:
            raise exceptions.ParseError(_("The request body is not valid JSON.")) from exc


class FormParser(drf_parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return checked(super().parse(stream, media_type, parser_context))


class MultiPartParser(drf_parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        checked(result.data)
        return result
