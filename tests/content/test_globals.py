"""Globals: a tenant's singleton documents at /api/globals/{slug}, as Payload's REST API serves them."""

from __future__ import annotations

import pytest

from cityos.content.editorial.models import SiteSettings
from tests.content.conftest import Api

pytestmark = pytest.mark.django_db


def test_the_first_save_creates_the_global_and_later_saves_change_it(editor: Api, anonymous: Api) -> None:
    saved = editor.post("/api/globals/site-settings", {"site_name": "Acme Outdoor", "tagline": "Go"})
    assert saved.status_code == 200, saved.content
    assert saved.json()["message"] == "Updated successfully."
    assert saved.json()["result"]["globalType"] == "site-settings"
    editor.post("/api/globals/site-settings", {"tagline": "Go further"})
    assert SiteSettings.objects.get().tagline == "Go further"
    read = anonymous.get("/api/globals/site-settings?tenant=acme").json()
    assert (read["site_name"], read["tagline"], read["tenant"]) == ("Acme Outdoor", "Go further", "acme")


def test_a_tenant_without_the_global_reads_an_empty_one(anonymous: Api) -> None:
    read = anonymous.get("/api/globals/site-settings?tenant=globex")
    assert read.status_code == 200
    assert read.json() == {
        "globalType": "site-settings",
        "tenant": "globex",
        "createdAt": None,
        "updatedAt": None,
    }


def test_strangers_cannot_save_and_an_unnamed_tenant_is_a_bad_request(editor: Api, anonymous: Api) -> None:
    assert editor.post("/api/globals/site-settings?tenant=globex", {"site_name": "Mine"}).status_code == 403
    assert anonymous.post("/api/globals/site-settings?tenant=acme", {"site_name": "Mine"}).status_code == 403
    assert anonymous.get("/api/globals/site-settings").status_code == 400
    assert anonymous.get("/api/globals/nope?tenant=acme").status_code == 404
    assert not SiteSettings.objects.exists()


def test_a_bad_body_names_the_field_and_saves_nothing(editor: Api) -> None:
    answer = editor.post("/api/globals/site-settings", {"site_name": 5})
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["data"]["errors"][0]["path"] == "site_name"
    assert not SiteSettings.objects.exists()
