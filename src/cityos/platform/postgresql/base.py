"""Django's PostgreSQL backend, with PgBouncer's ``server_check_delay`` for its per-request health check.

``CONN_HEALTH_CHECKS`` costs a ``SELECT 1`` round trip at the start of every request. A connection
that ran a statement moments ago is as healthy as that check can tell, so the check only runs once
the connection has been idle for ``HEALTH_CHECK_DELAY`` seconds. A request that hit a database
error still has its connection tested, and dropped if broken, when it ends, as Django does.
"""

from __future__ import annotations

import time

from django.db.backends.postgresql import base

# Seconds a used connection is trusted without a check: long enough to cover back-to-back requests
# under load, far shorter than a server restart.
HEALTH_CHECK_DELAY = 1.0


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
