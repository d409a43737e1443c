"""Django's PostgreSQL backend, with PgBouncer's ``server_check_delay`` for its health check.

A health check costs a ``SELECT 1`` round trip before a request uses its connection. A connection
that ran a statement moments ago is as healthy as that check can tell, so the check only runs once
the connection has been idle for ``HEALTH_CHECK_DELAY`` seconds. That holds for both ways of holding
connections: a persistent connection per thread (``CONN_HEALTH_CHECKS``), and psycopg's pool, where
a connection's idle time starts when Django gives it back and the check runs when it is taken again.
A request that hit a database error still has its connection tested, and dropped if broken, when it
ends, as Django does.
"""

from __future__ import annotations

import time
import weakref
from typing import Any

from django.db.backends.postgresql import base

# Seconds a used connection is trusted without a check: long enough to cover back-to-back requests
# under load, far shorter than a server restart.
HEALTH_CHECK_DELAY = 1.0

_given_back: weakref.WeakKeyDictionary[Any, float] = weakref.WeakKeyDictionary()


def _healthy(connection: Any) -> bool:
    """psycopg's own check (a round trip), once the connection sat idle long enough."""
    from psycopg_pool import ConnectionPool

    if time.monotonic() - _given_back.get(connection, float("-inf")) < HEALTH_CHECK_DELAY:
        return True
    try:
        ConnectionPool.check_connection(connection)
    except Exception:
        return False
    return True


class DatabaseWrapper(base.DatabaseWrapper):
    last_used_at = float("-inf")

    def close_if_health_check_failed(self) -> None:
        """Called before each use of the connection (every cursor, every transaction), so also its clock."""
        now = time.monotonic()
        idle, self.last_used_at = now - self.last_used_at, now
        if self.connection is not None and idle < HEALTH_CHECK_DELAY:
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        """From the pool, a connection that passes ``_healthy``; a broken one is dropped (the pool
        replaces a connection given back closed), so a restarted server costs one failed check each."""
        connection = super().get_new_connection(conn_params)
        if not self.pool:
            return connection
        for _ in range(self.pool.max_size):
            if _healthy(connection):
                return connection
            connection.close()
            self.pool.putconn(connection)
            connection = super().get_new_connection(conn_params)
        return connection

    def _close(self) -> None:
        if self.connection is not None and self.pool:
            _given_back[self.connection] = time.monotonic()
        super()._close()
