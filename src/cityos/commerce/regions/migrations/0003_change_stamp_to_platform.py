"""The change stamp's model moves to ``platform``; its table stays where it is."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0002_change_stamp"),
        ("platform", "0001_change_stamp"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="ChangeStamp")]),
    ]
