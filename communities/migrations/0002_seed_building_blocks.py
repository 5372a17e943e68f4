"""Seed the tempelmodel building blocks (Mennens et al. 2021; publication 2.2).

Codes and pillars are copied here rather than imported, so this migration keeps
working when the model code changes later.
"""

from django.db import migrations

BLOCKS = [
    ("goals", "goal_focus"),
    ("goals", "intended_term"),
    ("goals", "intended_outcomes"),
    ("structure", "size"),
    ("structure", "composition"),
    ("structure", "mutual_relations"),
    ("process", "meeting_frequency"),
    ("process", "meeting_form"),
    ("process", "way_of_working"),
    ("culture", "trust"),
    ("culture", "room_to_experiment"),
    ("culture", "appreciation_of_learning"),
]


def seed(apps, schema_editor):
    BuildingBlock = apps.get_model("communities", "BuildingBlock")
    for position, (pillar, code) in enumerate(BLOCKS, start=1):
        BuildingBlock.objects.update_or_create(code=code, defaults={"pillar": pillar, "position": position})


def unseed(apps, schema_editor):
    BuildingBlock = apps.get_model("communities", "BuildingBlock")
    BuildingBlock.objects.filter(code__in=[code for _pillar, code in BLOCKS]).delete()


class Migration(migrations.Migration):
    dependencies = [("communities", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
