"""What every API operation shares, written into the OpenAPI schema once (a drf-spectacular postprocessing hook).

Each view documents its own answers; the answers that come from the layers every request passes through are added
here, so that /api/schema/ promises exactly what the API does (tests/api/test_schemathesis.py holds it to that):

- 400 on every operation: ``ControlCharactersMiddleware`` and the parsers refuse control characters in any query
  string or body, and ``?lang=`` must name a served language;
- 401 on every operation: a wrong ``Authorization: Token`` is refused even where no sign-in is needed;
- 403 on every write: a session without its CSRF token, or a user without the right;
- 404 where a path names an object or a list has pages (``?page=`` past the end);
- 415 where there is a body: another media type, or a multipart body that cannot be parsed;
- 429 on every operation: the throttles.

Request bodies take only the keys they document (``additionalProperties: false``): marketplace.serializers'
``InputSerializer`` refuses any other with a 400 ``unknown_field``.

And the shared parameters get their real domain: ``lang`` is one of the served languages, ``page`` starts at 1, text
inputs cannot hold control characters (the ``pattern``), and an optional query parameter may be sent empty
(``allowEmptyValue``): it is then not applied.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import DatabaseError

from brics_ttc.languages import LANGUAGE_CODES
from marketplace.models import TechnologyField

ERROR_SCHEMA_REF = "#/components/schemas/Error"
# Text may hold tabs and line breaks, not the other C0/C1 control characters (marketplace.validators).
SLUG_PATTERN = "^[-a-z0-9]+$"
TEXT_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"
METHODS = ("get", "post", "put", "patch", "delete")
# The pattern drf-spectacular gives a DecimalField: whole digits and decimal places.
DECIMAL_PATTERN = re.compile(r"^\^-\?\\d\{0,(\d+)\}\(\?:\\\.\\d\{0,(\d+)\}\)\?\$$")
# Marks a parameter whose values are the technology fields' slugs (filterset_parameters); replaced by their enum.
TECHNOLOGY_FIELD_SLUGS = "x-technology-field-slugs"

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
    "required": ["code", "detail"],
}

_DESCRIPTIONS = {
    "400": "Invalid input (including control characters in any text, or an unknown ?lang=).",
    "401": "A wrong or expired API token.",
    "403": "Not allowed (or a session request without its CSRF token).",
    "404": "No such object visible to you, or no such page.",
    "415": "A body in a media type the operation does not take (or a malformed multipart body).",
    "429": "Too many requests: retry later.",
}


def _error(status: str) -> dict[str, Any]:
    return {
        "description": _DESCRIPTIONS[status],
        "content": {"application/json": {"schema": {"$ref": ERROR_SCHEMA_REF}}},
    }


def _text_schema(schema: dict[str, Any]) -> None:
    """Add the no-control-characters pattern to plain text (not enums, formats or patterns of their own), and give
    amounts the shape they are parsed in."""
    decimal = DECIMAL_PATTERN.match(schema.get("pattern", "")) if schema.get("format") == "decimal" else None
    if decimal:
        # drf-spectacular's pattern also matches "", "-" and ".", and its \d any script's digits; amounts are ASCII
        # digits with at most one dot, never negative (marketplace.validators, the min_value of every amount).
        whole, places = decimal.groups()
        schema["pattern"] = rf"^[0-9]{{1,{whole}}}(?:\.[0-9]{{1,{places}}})?$"
    elif schema.get("type") == "string" and not ({"enum", "format", "pattern"} & schema.keys()):
        schema["pattern"] = TEXT_PATTERN
    elif schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        _text_schema(schema["items"])
    elif schema.get("type") == "object" and isinstance(schema.get("additionalProperties"), dict):
        _text_schema(schema["additionalProperties"])


def _technology_field(schema: dict[str, Any], field_slugs: list[str] | None) -> bool:
    """Give a marked schema (or its items) the technology fields' slugs; False if it holds no mark."""
    if isinstance(schema.get("items"), dict):
        return _technology_field(schema["items"], field_slugs)
    if not schema.pop(TECHNOLOGY_FIELD_SLUGS, False):
        return False
    # The taxonomy as it stands when the schema is generated (it is served live from /api/schema/).
    if field_slugs is None:
        schema["pattern"] = SLUG_PATTERN
    else:
        schema["enum"] = list(field_slugs)
    return True


def _parameter(parameter: dict[str, Any], field_slugs: list[str] | None) -> None:
    schema = parameter.setdefault("schema", {})
    name = parameter.get("name")
    if parameter.get("in") != "query":
        return
    if name == "lang":
        # Empty means "not given": the Accept-Language header decides.
        schema.update({"type": "string", "enum": ["", *LANGUAGE_CODES]})
    elif name in ("page", "page_size"):
        schema["minimum"] = 1
    elif not _technology_field(schema, field_slugs):
        _text_schema(schema)
    if name != "page" and not parameter.get("required"):
        # An optional filter sent empty (``?country=``, an HTML form's "any") is not applied (given_query_params, the
        # FilterSets); only an empty ``?page=`` names no page (404).
        parameter["allowEmptyValue"] = True


def postprocess_shared_answers(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    components = result.setdefault("components", {})
    components.setdefault("schemas", {}).setdefault("Error", ERROR_SCHEMA)
    try:
        field_slugs = list(TechnologyField.objects.order_by("slug").values_list("slug", flat=True))
    except DatabaseError:
        field_slugs = None  # `manage.py spectacular` without a database: the slugs' shape only
    for name, schema in components["schemas"].items():
        # Request bodies only: COMPONENT_SPLIT_REQUEST names them ...Request. Answers may quote what was refused.
        if not name.endswith("Request"):
            continue
        for prop in (schema.get("properties") or {}).values():
            if not _technology_field(prop, field_slugs):
                _text_schema(prop)
        if schema.get("type") == "object":
            # Every request body is an InputSerializer (marketplace.serializers): a key it does not take is a 400.
            schema.setdefault("additionalProperties", False)
    for path, item in result.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            for parameter in operation.get("parameters", []):
                _parameter(parameter, field_slugs)
            names = {parameter.get("name") for parameter in operation.get("parameters", [])}
            statuses = ["400", "401", "429"]
            if method != "get":
                statuses.append("403")
            if "{" in path or "page" in names:
                statuses.append("404")
            if "requestBody" in operation:
                statuses.append("415")
            responses = operation.setdefault("responses", {})
            for status in statuses:
                responses.setdefault(status, _error(status))
    return result
