"""Bulk writes with PostgreSQL COPY, column lists taken from the models.

Rows are dicts keyed by field attname; a field a row leaves out gets the
model's Python default, so a field another engineer adds with a default does
not break the generator.
"""

import datetime
import io
import time
from collections.abc import Iterable
from contextlib import contextmanager

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection

FLUSH_ROWS = 20_000


def _literal(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, list | dict):
        import json

        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def copy_rows(model, rows: Iterable[dict]) -> int:
    """COPY the rows into the model's table in chunks; returns how many were written."""
    fields = [f for f in model._meta.concrete_fields]
    defaults = {f.attname: (f.get_default() if f.has_default() or f.null else None) for f in fields}
    names = [f.attname for f in fields]
    sql = f'COPY "{model._meta.db_table}" ({", ".join(connection.ops.quote_name(f.column) for f in fields)}) FROM STDIN'
    written = 0
    buf = io.StringIO()
    with connection.cursor() as cursor:
        for row in rows:
            buf.write("\t".join(_literal(row[n] if n in row else defaults[n]) for n in names))
            buf.write("\n")
            written += 1
            if written % FLUSH_ROWS == 0:
                buf.seek(0)
                cursor.copy_expert(sql, buf)
                buf = io.StringIO()
        if buf.tell():
            buf.seek(0)
            cursor.copy_expert(sql, buf)
    return written


def next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{model._meta.db_table}"')
        return cursor.fetchone()[0]


def reset_sequence(model) -> None:
    """Rows came in with explicit ids: move the id sequence past them."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT MAX(id) FROM \"{table}\"), 0) + 1, false)",
            [table],
        )


def domain_tables() -> list[str]:
    """Every table of the domain apps (history tables included) and the users."""
    tables = {get_user_model()._meta.db_table}
    for label in ("agencies", "documents", "tasks"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            tables.add(model._meta.db_table)
    return sorted(tables)


def truncate_domain() -> None:
    quoted = ", ".join(f'"{t}"' for t in domain_tables())
    with connection.cursor() as cursor:
        # Deferred foreign-key checks of rows written earlier in this transaction must fire first.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")


def analyze(models) -> None:
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')


def vacuum_analyze() -> None:
    """VACUUM ANALYZE the domain tables (outside any transaction)."""
    with connection.cursor() as cursor:
        for table in domain_tables():
            cursor.execute(f'VACUUM ANALYZE "{table}"')


# Building an index once over a million rows is several times faster than updating it a row at a time
# (the trigram GIN indexes above all), and one validating join per foreign key is faster than a
# deferred check per row at commit; the memory is the transaction's own (SET LOCAL).
INDEX_BUILD_MEMORY = "512MB"


def _saved_definitions(cursor, table: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(plain indexes, foreign keys) of the table as (name, definition)."""
    cursor.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
           WHERE i.schemaname = current_schema() AND i.tablename = %s
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.indexname))::regclass)
           ORDER BY i.indexname""",
        [table],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = (quote_ident(%s))::regclass AND contype = 'f' ORDER BY conname",
        [table],
    )
    return indexes, cursor.fetchall()


@contextmanager
def indexes_built_after(models, log=print):
    """Drop the plain indexes and foreign keys of the models' empty tables, fill them, then create both again.

    Primary keys and unique constraints stay: duplicates are refused as the rows come. The foreign keys come
    back validated (ADD CONSTRAINT checks every row), so a wrong id still fails the generation. Only empty
    tables are touched, inside the caller's transaction: a failure rolls the drop back too.
    """
    indexes: list[str] = []
    keys: list[tuple[str, str, str]] = []
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Rows written earlier (agencies, users) have deferred checks pending, which ALTER TABLE refuses.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for model in models:
            table = model._meta.db_table
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {q(table)})")
            if cursor.fetchone()[0]:
                continue
            table_indexes, table_keys = _saved_definitions(cursor, table)
            for name, definition in table_indexes:
                cursor.execute(f"DROP INDEX {q(name)}")
                indexes.append(definition)
            for name, definition in table_keys:
                cursor.execute(f"ALTER TABLE {q(table)} DROP CONSTRAINT {q(name)}")
                keys.append((table, name, definition))
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    yield
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
        for definition in indexes:
            cursor.execute(definition)
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(name)} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    log(f"  重建 {len(indexes)} 个索引、{len(keys)} 个外键: {time.perf_counter() - started:.1f} s")
