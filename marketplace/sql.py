"""Model instances from a fixed, hand-written SQL statement, for the few hot paths where building the ORM query costs
more CPU than running it (an API token lookup, the read that decides a bid: see ``make bench-bids``).

``Model.objects.raw()`` does the same, but works out again on every execution which column fills which field and how
each value is converted. ``fetch_instances`` works that out once per statement and keeps it: the statement is fixed;
on PostgreSQL it is also prepared once per connection.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.db.models.sql import Query


def fetch_instances(model: type[Model], sql: str, params: Sequence, *, using: str = DEFAULT_DB_ALIAS) -> list:
    """The rows of ``sql`` as ``model`` instances, as ``model.objects.raw(sql, params)`` gives them.

    A column named like one of the model's fields fills it, converted as the ORM converts it; the model's other fields
    are deferred (loaded when first used). Any other column is set as an attribute, unconverted. The primary key is
    required. Only identifiers may be formatted into ``sql``; every value goes in ``params``.
    """
    connection = connections[using]
    rows, columns = _execute(connection, sql, params)
    names, positions, converters, extras = _plan(model, using, columns)
    instances = []
    for row in rows:
        values = list(row)
        for position, functions, expression in converters:
            for function in functions:
                values[position] = function(values[position], expression, connection)
        instance = model.from_db(using, names, [values[position] for position in positions])
        for name, position in extras:
            setattr(instance, name, values[position])
        instances.append(instance)
    return instances


def _execute(connection, sql: str, params: Sequence) -> tuple[list[tuple], tuple[str, ...]]:
    """Run ``sql``: on PostgreSQL as a prepared statement of the connection, planned once and then only executed.

    Django binds parameters on the client (the project keeps that default), so PostgreSQL parses and plans every
    query anew: 0.65 ms of its CPU for the bid read, 0.08 ms prepared (measured on this machine's PostgreSQL 15).
    When Django logs queries (DEBUG, ``CaptureQueriesContext``) the statement goes through Django's cursor, unprepared,
    so that it is logged like any other.
    """
    if connection.vendor == "postgresql" and not connection.queries_logged:
        connection.ensure_connection()
        with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(sql, params, prepare=True)
            return cursor.fetchall(), _columns(connection.alias, sql, cursor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall(), _columns(connection.alias, sql, cursor)


_COLUMNS: dict[tuple[str, str], tuple[str, ...]] = {}


def _columns(alias: str, sql: str, cursor) -> tuple[str, ...]:
    """The statement's column names, read from the cursor once (psycopg builds a description object per column on
    every call; that was a twentieth of a bid's CPU). Read again if their number changed (a migration while running)."""
    known = _COLUMNS.get((alias, sql))
    result = getattr(cursor, "pgresult", None)  # psycopg: the count without building the description
    count = result.nfields if result is not None else len(cursor.description)
    if known is None or len(known) != count:
        known = _COLUMNS[(alias, sql)] = tuple(column[0] for column in cursor.description)
    return known


@functools.cache
def _plan(model: type[Model], using: str, columns: tuple[str, ...]) -> tuple:
    """Which column fills which field, the converters of each, and the extra columns: once per statement shape."""
    connection = connections[using]
    identifier = connection.introspection.identifier_converter
    by_column = {identifier(field.column): field for field in model._meta.concrete_fields}
    fields = [by_column.get(column) for column in columns]
    if model._meta.pk not in fields:
        raise ValueError(f"the statement must select the primary key of {model.__name__}")
    # In the model's field order, as Model.from_db expects them (a table's column order can differ).
    filled = [
        (field, columns.index(identifier(field.column))) for field in model._meta.concrete_fields if field in fields
    ]
    names = [field.attname for field, _position in filled]
    positions = [position for _field, position in filled]
    compiler = connection.ops.compiler("SQLCompiler")(Query(model), connection, using)
    expressions = [field.get_col(model._meta.db_table) if field is not None else None for field in fields]
    converters = [
        (position, functions, expression)
        for position, (functions, expression) in compiler.get_converters(expressions).items()
    ]
    extras = [(column, position) for position, column in enumerate(columns) if fields[position] is None]
    return names, positions, converters, extras
