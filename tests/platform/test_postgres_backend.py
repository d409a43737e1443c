"""The PostgreSQL backend's health check runs only on a connection that sat idle (PgBouncer's rule)."""

import psycopg
import pytest
from django.db import close_old_connections, connection

from cityos.platform.postgresql.base import HEALTH_CHECK_DELAY

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _new_request() -> None:
    """What Django does between two requests: ``request_started`` runs ``close_old_connections``."""
    close_old_connections()


def _server_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each health check Django runs, by its outcome."""
    assert connection.health_check_enabled
    outcomes: list[bool] = []
    check = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: outcomes.append(check()) or outcomes[-1])
    return outcomes


def test_a_connection_used_a_moment_ago_is_not_checked_again(checks):
    pid = _server_pid()
    _new_request()
    assert _server_pid() == pid
    assert checks == []


def test_an_idle_connection_is_checked_and_still_serves(checks):
    pid = _server_pid()
    connection.last_used_at -= HEALTH_CHECK_DELAY
    _new_request()
    assert _server_pid() == pid
    assert checks == [True]


def test_an_idle_connection_the_server_dropped_is_replaced_before_the_request_uses_it(checks):
    pid = _server_pid()
    settings = connection.settings_dict
    with psycopg.connect(host=settings["HOST"], port=settings["PORT"], user=settings["USER"],
                         dbname="postgres", autocommit=True) as admin:  # fmt: skip
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    connection.last_used_at -= HEALTH_CHECK_DELAY
    _new_request()
    assert _server_pid() != pid
    assert checks == [False]
