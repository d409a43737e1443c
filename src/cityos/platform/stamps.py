"""Change stamps: a row whose token the database itself renews on any write to a set of tables.

A process may cache what it read from those tables for as long as the token it reads beside them is
unchanged. Triggers see every write (services, Django admin, bulk updates, cascades, raw SQL), so
nothing has to remember to invalidate. The token is random, never a counter: a transaction that
stamps and then rolls back leaves a token nobody will see again, so no cache can hold its data.

The triggers are (re)installed after every ``migrate``, not by a migration: SQLite drops a table's
triggers whenever Django's schema editor rebuilds the table to alter it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

STAMP_TABLE = "change_stamp"

_POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {stamps} (name, token) VALUES ('{name}', gen_random_uuid()::text)
    ON CONFLICT (name) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END $$
"""
_POSTGRES_TRIGGER = """
CREATE OR REPLACE TRIGGER {trigger} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}"
FOR EACH STATEMENT EXECUTE FUNCTION {function}()
"""
_SQLITE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS {trigger} AFTER {event} ON "{table}" FOR EACH ROW BEGIN
    INSERT INTO {stamps} (name, token) VALUES ('{name}', lower(hex(randomblob(16))))
    ON CONFLICT (name) DO UPDATE SET token = excluded.token;
END
"""


def trigger_statements(vendor: str, name: str, tables: Iterable[str]) -> list[str]:
    """The DDL that makes any write to ``tables`` renew stamp ``name``; idempotent."""
    function = f"cityos_stamp_{name}"
    if vendor == "postgresql":
        statements = [_POSTGRES_FUNCTION.format(function=function, stamps=STAMP_TABLE, name=name)]
        statements += [
            _POSTGRES_TRIGGER.format(trigger=f"{function}_on_change", table=table, function=function)
            for table in tables
        ]
        return statements
    if vendor == "sqlite":
        return [
            _SQLITE_TRIGGER.format(
                trigger=f"{function}_{table}_{event.lower()}",
                event=event,
                table=table,
                stamps=STAMP_TABLE,
                name=name,
            )
            for table in tables
            for event in ("INSERT", "UPDATE", "DELETE")
        ]
    raise NotImplementedError(f"change stamps have no triggers for {vendor}")


def install_triggers(name: str, tables: Iterable[str], using: str = "default") -> None:
    """Stamp ``name`` on writes to those of ``tables`` that exist (a partial ``migrate`` may lack some)."""
    connection: BaseDatabaseWrapper = connections[using]
    existing = set(connection.introspection.table_names())
    if STAMP_TABLE not in existing:
        return
    with connection.cursor() as cursor:
        for statement in trigger_statements(connection.vendor, name, [t for t in tables if t in existing]):
            cursor.execute(statement)
