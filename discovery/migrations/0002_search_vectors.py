"""Once: full-text and trigram search storage on the instruments' and communities' tables.

This migration added ``search_vector`` columns, their triggers and GIN indexes
to other apps' tables, outside their models. Those apps own them now
(instruments/0007, communities/0010, core/searchvectors.py): on a database
where this ran they take the objects over under their own names; on a fresh
database this migration does nothing. It stays in the graph because
discovery/0003 and every migrated database name it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("discovery", "0001_initial"),
        ("instruments", "0001_initial"),
        ("communities", "0002_seed_building_blocks"),
    ]

    operations = []
