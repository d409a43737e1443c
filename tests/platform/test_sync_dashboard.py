"""The sync dashboard: hour-by-hour charts of what went out, failed and died, and its retry button."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client

from cityos.platform.events.delivery import subscribe
from cityos.platform.events.history import HOURS, history
from cityos.platform.events.models import Delivery, DeliveryAttempt
from cityos.platform.events.outbox import emit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_push(settings):
    settings.CITYOS_WEBHOOK_PUSH = False


def deliveries(count: int) -> list[Delivery]:
    subscribe("http://127.0.0.1:9/hooks", description="cityos:content")
    with transaction.atomic():
        for number in range(count):
            emit("product.updated", entity_id=f"prod_{number}")
    return list(Delivery.objects.order_by("pk"))


def test_history_counts_each_hour_and_the_lag() -> None:
    delivered, failed, dead = deliveries(3)
    sent_at = delivered.event.created_at + timedelta(milliseconds=250)
    Delivery.objects.filter(pk=delivered.pk).update(status="delivered", delivered_at=sent_at)
    Delivery.objects.filter(pk=dead.pk).update(status="dead")
    DeliveryAttempt.objects.create(delivery=failed, status_code=503)
    charts = {series.title: series for series in history("commerce", now=sent_at)["medusa_to_payload"]}
    assert len(charts["Delivered"].values) == HOURS
    assert (charts["Delivered"].values[-1], charts["Delivered"].total) == (1, 1)
    assert charts["Failed attempts"].values[-1] == 1
    assert charts["Dead (by the hour made)"].values[-1] == 1
    assert charts["Lag p99"].values[-1] == pytest.approx(250, abs=1)
    earlier = history("commerce", now=sent_at + timedelta(hours=HOURS + 1))["medusa_to_payload"][0]
    assert earlier.total == 0  # a day later it has left the window


def test_staff_see_the_dashboard_and_only_superusers_retry(client: Client, django_user_model) -> None:
    deliveries(1)
    Delivery.objects.update(status="dead")
    staff = django_user_model.objects.create_user(email="staff@cityos.test", password="x", is_staff=True)
    client.force_login(staff)
    page = client.get("/app/sync/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "commerce → content" in text
    assert "<svg" in text
    assert client.post("/app/sync/").status_code == 403
    boss = django_user_model.objects.create_superuser(email="boss@cityos.test", password="x")
    client.force_login(boss)
    answer = client.post("/app/sync/")
    assert "Rescheduled 1 deliveries" in answer.content.decode()
    assert Delivery.objects.get().status == "pending"


def test_the_dashboard_needs_a_signed_in_staff_member(client: Client) -> None:
    assert client.get("/app/sync/").status_code == 302


def test_scheduled_jobs_leave_their_last_run_in_status(client: Client, django_user_model) -> None:
    from cityos.platform.events.jobs import recorded
    from cityos.platform.events.status import sync_status
    from cityos.platform.events.tasks import prune_old_events

    prune_old_events.call_local()

    @recorded("failing_job")
    def failing() -> None:
        raise RuntimeError("peer unreachable")

    with pytest.raises(RuntimeError):
        failing()
    jobs = sync_status("commerce")["jobs"]
    assert jobs["prune_old_events"]["outcome"] == {"events": 0, "inbox": 0}
    assert jobs["prune_old_events"]["finished_at"] >= jobs["prune_old_events"]["started_at"]
    assert "peer unreachable" in jobs["failing_job"]["error"]
    client.force_login(django_user_model.objects.create_superuser(email="boss@cityos.test", password="x"))
    page = client.get("/app/sync/").content.decode()
    assert "prune_old_events" in page
    assert "failed: RuntimeError" in page


def test_the_admin_index_links_the_dashboard(client: Client, django_user_model) -> None:
    staff = django_user_model.objects.create_user(email="staff@cityos.test", password="x", is_staff=True)
    client.force_login(staff)
    assert 'href="/app/sync/"' in client.get("/app/").content.decode()
