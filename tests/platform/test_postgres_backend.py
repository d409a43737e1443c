"""The PostgreSQL backend's health check runs only on a connection that sat idle (PgBouncer's rule),
for pooled connections (the default) and for Django's persistent ones; and a process holds no more
connections than its pool, whatever its threads do."""

import threading

import psycopg
import pytest
from django.db import close_old_connections, connection, connections

from cityos.platform.postgresql import base
from cityos.platform.postgresql.base import HEALTH_CHECK_DELAY

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _new_request() -> None:
    """What Django does between two requests: ``request_started`` runs ``close_old_connections``."""
    close_old_connections()


def _server_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _idle() -> None:
    """Make the connection last given back (or last used) look older than the delay."""
    connection.last_used_at -= HEALTH_CHECK_DELAY
    for held in list(base._given_back):
        base._given_back[held] -= HEALTH_CHECK_DELAY


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each health check that reached the server, by its outcome."""
    outcomes: list[bool] = []
    from psycopg_pool import ConnectionPool

    check = ConnectionPool.check_connection

    def counted(conn: psycopg.Connection) -> None:
        try:
            check(conn)
        except Exception:
            outcomes.append(False)
            raise
        outcomes.append(True)

    monkeypatch.setattr(ConnectionPool, "check_connection", staticmethod(counted))
    usable = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: outcomes.append(usable()) or outcomes[-1])
    return outcomes


def test_connections_are_pooled_by_default():
    assert connection.pool is not None


def test_a_connection_used_a_moment_ago_is_not_checked_again(checks):
    for _ in range(3):  # every connection the pool holds now was given back a moment ago
        _server_pid()
        _new_request()
    checks.clear()
    _server_pid()
    assert checks == []


def test_an_idle_connection_is_checked_and_still_serves(checks):
    _server_pid()
    _new_request()
    _idle()
    checks.clear()
    _server_pid()
    assert checks == [True]


def test_an_idle_connection_the_server_dropped_is_replaced_before_the_request_uses_it(checks):
    pid = _server_pid()
    _new_request()
    settings = connection.settings_dict
    with psycopg.connect(host=settings["HOST"], port=settings["PORT"], user=settings["USER"],
                         dbname="postgres", autocommit=True) as admin:  # fmt: skip
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    _idle()
    assert _server_pid() != pid  # a working connection, never the one the server dropped


def test_threads_that_come_and_go_share_the_pool(settings):
    """Forty short-lived threads, as a server's thread pool starts and retires them: the process
    never holds more connections than its pool allows."""
    size = connection.settings_dict["OPTIONS"]["pool"]["max_size"]

    def request() -> None:
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT 1")
        finally:
            connections["default"].close()

    for _ in range(4):
        threads = [threading.Thread(target=request) for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    with connection.cursor() as cursor:
        others = "datname = current_database() AND pid <> pg_backend_pid()"
        cursor.execute(f"SELECT count(*) FROM pg_stat_activity WHERE {others}")
        (others,) = cursor.fetchone()
    assert others + 1 <= size
