"""Change stamps belong to the platform; commerce made the table first (``regions.0002``), so an existing
database keeps it and a new one, of any service, gets it here."""

from typing import Any

from django.db import migrations, models


def create_unless_present(apps: Any, schema_editor: Any) -> None:
    model = apps.get_model("platform", "ChangeStamp")
    if model._meta.db_table not in schema_editor.connection.introspection.table_names():
        schema_editor.create_model(model)


class Migration(migrations.Migration):
    initial = True
    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ChangeStamp",
                    fields=[
                        ("name", models.CharField(max_length=50, primary_key=True, serialize=False)),
                        ("token", models.CharField(max_length=64)),
                    ],
                    options={"db_table": "change_stamp"},
                ),
            ],
        ),
        migrations.RunPython(create_unless_present, migrations.RunPython.noop),
    ]
