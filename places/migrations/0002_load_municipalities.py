"""Load the Dutch municipalities from places/data/municipalities.csv (CBS, 1 January 2025).

The loader upserts by CBS code, so running it again (or a later migration with
a newer list) keeps the rows communities point at.
"""

from django.db import migrations


def load(apps, schema_editor):
    from places.loading import load_municipalities, read_municipalities

    load_municipalities(apps.get_model("places", "Municipality"), read_municipalities())


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
