import pytest

from cityos.content.demo import INTEGRATION_EMAIL, load
from cityos.content.users.models import User, api_key_digest

pytestmark = pytest.mark.django_db

WANTED = {"admin": {"email": "editor@example.com", "password": "a-long-password"}, "api_key": "k" * 43}


def test_demo_makes_admin_and_integration_key():
    made = load(WANTED)
    assert made["api_key_collection"] == "users"
    admin = User.objects.get(email="editor@example.com")
    assert admin.is_superuser
    assert admin.check_password("a-long-password")
    integration = User.objects.get(email=INTEGRATION_EMAIL)
    assert integration.api_key_digest == api_key_digest(WANTED["api_key"])


def test_demo_is_idempotent():
    load(WANTED)
    load(WANTED)
    assert User.objects.count() == 2
