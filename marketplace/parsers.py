"""The API's default JSON parser. Its own module: DRF imports it from settings while ``rest_framework.views`` may
still be loading, so it must not import anything that imports that (marketplace.api does)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser as DRFJSONParser


class JSONParser(DRFJSONParser):
    """DRF's JSON parser, but absurdly nested input (a RecursionError in ``json``) is a 400, not a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise exceptions.ParseError(_("The request body is not valid JSON.")) from exc
