import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from cityos.commerce.tenants.models import Tenant
from cityos.platform.middleware import AtomicWritesMiddleware

pytestmark = pytest.mark.django_db(transaction=True)


def writes_then_answers(status: int):
    def view(request):
        Tenant.objects.create(slug="half", name="Half written")
        return HttpResponse(status=status)

    return AtomicWritesMiddleware(view)


def test_a_refused_write_leaves_nothing():
    writes_then_answers(400)(RequestFactory().post("/anything"))
    assert not Tenant.objects.filter(slug="half").exists()


def test_a_successful_write_commits():
    writes_then_answers(201)(RequestFactory().post("/anything"))
    assert Tenant.objects.filter(slug="half").exists()


def test_reads_take_no_transaction():
    seen = []
    from django.db import connection

    AtomicWritesMiddleware(lambda request: seen.append(connection.in_atomic_block) or HttpResponse())(
        RequestFactory().get("/anything")
    )
    assert seen == [False]
