"""Forms: editors define fields; anyone submits answers that suit them; only editors read them."""

import pytest

from cityos.platform.events.models import OutboxEvent

pytestmark = pytest.mark.django_db

CONTACT = {
    "tenant": "acme",
    "slug": "contact",
    "title": "Contact us",
    "fields": [
        {"blockType": "text", "name": "name", "label": "Name", "required": True},
        {"blockType": "email", "name": "email", "label": "E-mail", "required": True},
        {
            "blockType": "select",
            "name": "topic",
            "label": "Topic",
            "options": [{"label": "Order", "value": "order"}],
        },
        {"blockType": "checkbox", "name": "newsletter", "label": "Newsletter"},
    ],
    "confirmationMessage": "Thanks!",
}


@pytest.fixture
def form(editor):
    response = editor.post("/api/forms", CONTACT)
    assert response.status_code == 201, response.content
    return response.json()["doc"]


def answers(**values):
    return [{"field": name, "value": value} for name, value in values.items()]


def test_a_visitor_submits_and_the_editor_reads_it(anonymous, editor, form):
    sent = anonymous.post(
        "/api/form-submissions",
        {
            "form": form["id"],
            "submissionData": answers(name="Ada", email="ada@example.com", topic="order", newsletter=True),
        },
    )
    assert sent.status_code == 201, sent.content
    assert OutboxEvent.objects.filter(name="form_submission.created").exists()
    assert anonymous.get("/api/form-submissions").json()["totalDocs"] == 0
    listed = editor.get(f"/api/form-submissions?where[form][equals]={form['id']}").json()
    assert listed["docs"][0]["submissionData"][0] == {"field": "name", "value": "Ada"}


@pytest.mark.parametrize(
    ("data", "path"),
    [
        (answers(email="ada@example.com"), "submissionData.name"),
        (answers(name="Ada", email="not-an-email"), "submissionData.email"),
        (answers(name="Ada", email="ada@example.com", topic="refund"), "submissionData.topic"),
        (answers(name="Ada", email="ada@example.com", age=3), "submissionData.age"),
        (answers(name="x" * 5001, email="ada@example.com"), "submissionData.name"),
    ],
)
def test_answers_must_suit_the_form(anonymous, form, data, path):
    response = anonymous.post("/api/form-submissions", {"form": form["id"], "submissionData": data})
    assert response.status_code == 400
    assert path in {e["path"] for e in response.json()["errors"][0]["data"]["errors"]}


def test_submissions_cannot_be_changed(editor, anonymous, form):
    sent = anonymous.post(
        "/api/form-submissions", {"form": form["id"], "submissionData": answers(name="A", email="a@b.co")}
    )
    assert (
        editor.patch(f"/api/form-submissions/{sent.json()['doc']['id']}", {"submissionData": []}).status_code
        == 403
    )


@pytest.mark.parametrize(
    "fields",
    [
        [{"blockType": "html", "name": "x"}],
        [{"blockType": "text", "name": "bad name"}],
        [{"blockType": "select", "name": "s"}],
        [{"blockType": "text", "name": "a"}, {"blockType": "text", "name": "a"}],
    ],
)
def test_form_definitions_are_checked(editor, fields):
    response = editor.post("/api/forms", {**CONTACT, "fields": fields})
    assert response.status_code == 400
    assert response.json()["errors"][0]["data"]["errors"][0]["path"] == "fields"


@pytest.mark.parametrize("data", [[{"field": ["name"], "value": "Ada"}], [{"field": {}, "value": 1}], "text"])
def test_malformed_submissions_are_400(anonymous, form, data):
    assert (
        anonymous.post("/api/form-submissions", {"form": form["id"], "submissionData": data}).status_code
        == 400
    )
