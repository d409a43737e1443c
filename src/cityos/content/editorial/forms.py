"""Forms and their submissions (Payload's form builder): editors define fields, visitors submit.

A submission is checked against its form's fields (required, e-mail, number, select options,
lengths); unknown fields are refused. Anyone may submit to a form; only the tenant's editors read
the submissions.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from cityos.content.editorial.models import Form, FormSubmission
from cityos.content.payload.auth import Actor
from cityos.content.payload.collections import Collection, register
from cityos.content.payload.declared import Attr, declare
from cityos.content.payload.errors import Forbidden, ValidationError
from cityos.content.payload.query import QueryField, as_date, as_number
from cityos.content.payload.writing import Invalid

FIELD_TYPES = {"text", "email", "textarea", "number", "checkbox", "select"}
NAME = re.compile(r"^[a-zA-Z][a-zA-Z0-9_]{0,63}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_FIELDS, MAX_VALUE = 50, 5000


def form_fields(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or len(value) > MAX_FIELDS:
        raise Invalid(f"fields must be a list of at most {MAX_FIELDS} fields.")
    names = []
    for field in value:
        if not isinstance(field, dict) or field.get("blockType") not in FIELD_TYPES:
            raise Invalid(f"Each field needs a blockType: {', '.join(sorted(FIELD_TYPES))}.")
        if not isinstance(field.get("name"), str) or not NAME.match(field["name"]):
            raise Invalid("Each field needs a name of letters, digits and underscores.")
        if field["blockType"] == "select" and not isinstance(field.get("options"), list):
            raise Invalid(f"Select field {field['name']} needs options.")
        names.append(field["name"])
    if len(names) != len(set(names)):
        raise Invalid("Field names must be unique.")
    return value


FORMS = declare(
    slug="forms",
    singular="Form",
    plural="Forms",
    model=Form,
    drafts=False,
    unique_per_tenant="slug",
    attrs={
        "slug": Attr("slug", required=True),
        "title": Attr("title", required=True),
        "fields": Attr("fields", "list", parse=form_fields),
        "confirmationMessage": Attr("confirmation_message"),
    },
)


def _answer(field: dict[str, Any], value: Any) -> str | None:
    """The problem with one answer, or None when it suits its field."""
    kind = field["blockType"]
    if value in (None, "", False):
        return "This field is required." if field.get("required") else None
    if kind == "checkbox":
        return None if isinstance(value, bool) else "This field must be true or false."
    if kind == "number":
        return (
            None
            if isinstance(value, int | float) and not isinstance(value, bool)
            else "This field must be a number."
        )
    if not isinstance(value, str) or len(value) > MAX_VALUE:
        return f"This field must be text of at most {MAX_VALUE} characters."
    if kind == "email" and not EMAIL.match(value):
        return "This field must be an e-mail address."
    if kind == "select" and value not in {
        str(o.get("value")) for o in field.get("options", []) if isinstance(o, dict)
    }:
        return "This value is not one of the options."
    return None


def check_submission(form: Form, data: Any) -> list[dict[str, Any]]:
    if not isinstance(data, list) or not all(
        isinstance(item, dict) and isinstance(item.get("field"), str) for item in data
    ):
        raise ValidationError(
            "form-submissions", [{"path": "submissionData", "message": "A list of {field, value}."}]
        )
    answers = {item["field"]: item.get("value") for item in data}
    fields = {field["name"]: field for field in form.fields}
    errors = [
        {"path": f"submissionData.{name}", "message": "This field is not on the form."}
        for name in answers
        if name not in fields
    ]
    for name, field in fields.items():
        if problem := _answer(field, answers.get(name)):
            errors.append({"path": f"submissionData.{name}", "message": problem})
    if errors:
        raise ValidationError("form-submissions", errors)
    return [{"field": name, "value": answers[name]} for name in fields if name in answers]


def scope(actor: Actor) -> QuerySet[FormSubmission]:
    if actor.is_anonymous:
        return FormSubmission.objects.none()
    return actor.scoped(FormSubmission.objects.select_related("tenant"))


def to_doc(submission: FormSubmission, draft: bool) -> dict[str, Any]:
    return {
        "id": submission.pk,
        "form": submission.form_id,
        "submissionData": submission.data,
        "tenant": submission.tenant.slug,
        "createdAt": submission.created_at,
        "updatedAt": submission.updated_at,
    }


@transaction.atomic
def create(actor: Actor, body: dict[str, Any], publish: bool) -> FormSubmission:
    form_id = body.get("form")
    form = Form.objects.filter(pk=form_id).first() if isinstance(form_id, int) else None
    if form is None:
        raise ValidationError(
            "form-submissions", [{"path": "form", "message": "This relationship field has an invalid value."}]
        )
    if unknown := set(body) - {"form", "submissionData", "id", "createdAt", "updatedAt"}:
        raise ValidationError(
            "form-submissions",
            [{"path": name, "message": "This field does not exist."} for name in sorted(unknown)],
        )
    data = check_submission(form, body.get("submissionData", []))
    return FormSubmission.objects.create(form=form, tenant_id=form.tenant_id, data=data)


def update(submission: FormSubmission, actor: Actor, body: dict[str, Any], publish: bool) -> FormSubmission:
    raise Forbidden  # what a visitor sent stays as sent


@transaction.atomic
def delete(submission: FormSubmission, actor: Actor) -> None:
    if actor.is_anonymous:
        raise Forbidden
    submission.delete()


SUBMISSIONS = register(
    Collection(
        slug="form-submissions", singular="Form Submission", plural="Form Submissions",
        fields={"id": QueryField("pk", as_number), "form": QueryField("form_id", as_number),
                "createdAt": QueryField("created_at", as_date)},
        scope=scope, to_doc=to_doc, create=create, update=update, delete=delete, has_drafts=False,
    )
)  # fmt: skip
