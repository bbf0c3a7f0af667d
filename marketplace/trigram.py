"""GIN trigram indexes (pg_trgm) for the staff's substring search, created by migrations on PostgreSQL only.

``icontains`` (``UPPER(column) LIKE UPPER('%term%')``) cannot use a B-tree; a trigram index on that expression answers
it for a column. On SQLite (the embedded default) and
where the database role may not create the extension, the migrations skip them and the search scans as before.
"""

from __future__ import annotations

from django.db import DatabaseError, migrations, transaction


def trigram_indexes(table: str, columns: list[str]) -> migrations.RunPython:
    """A migration operation creating ``<table>_<column>_trgm`` for each column (and dropping them backwards)."""

    def create(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            if cursor.fetchone() is None:
                try:
                    with transaction.atomic(using=schema_editor.connection.alias):
                        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                except DatabaseError:  # a role without the right to create it keeps the unindexed search
                    return
            for name in columns:
                # On the expression Django's icontains compares: UPPER("column"::text) LIKE UPPER('%term%').
                cursor.execute(
                    f'CREATE INDEX IF NOT EXISTS "{table}_{name}_trgm" ON "{table}" '
                    f'USING gin ((UPPER("{name}"::text)) gin_trgm_ops)'
                )

    def drop(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for name in columns:
                cursor.execute(f'DROP INDEX IF EXISTS "{table}_{name}_trgm"')

    return migrations.RunPython(create, drop, elidable=False)
