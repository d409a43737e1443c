def test_health_has_no_database_but_a_queue(client):
    body = client.get("/health").json()
    assert (body["status"], body["service"]) == ("ok", "storefront")
    assert body["database"] == {"status": "none"}
    assert body["queue"]["status"] == "ok"
