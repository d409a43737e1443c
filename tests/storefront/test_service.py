def test_health_has_no_database_but_a_queue(client):
    body = client.get("/health").json()
    assert (body["status"], body["service"]) == ("ok", "storefront")
    assert body["database"] == {"status": "none"}
    assert body["queue"]["status"] == "ok"


def test_home_page_names_the_host(client):
    response = client.get("/", HTTP_HOST="acme.localhost")
    assert response.status_code == 200
    assert b"acme.localhost" in response.content
