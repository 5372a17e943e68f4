"""The search vector of communities, owned here (core/searchvectors.py says how it works).

Until this migration discovery's migration 0002 added this column and trigger
to this app's table, outside the model. A fresh database gets them here; one
migrated before gets the same objects under this app's names (the statements
are idempotent and rename discovery's).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import migrations

from core.searchvectors import SearchVector, search_vector_operations

COMMUNITY = SearchVector(
    app_label="communities",
    model_name="community",
    table="communities_community",
    weighted=[("name", "A"), ("challenge", "B"), ("shared_learning_goal", "C"), ("region", "D")],
    trigram=["name"],
    previous=(
        "discovery_communities_community_tsv",
        "discovery_communities_community_tsv_trigger",
        "discovery_communities_community_tsv_gin",
        {"name": "discovery_community_name_trgm"},
    ),
)


class Migration(migrations.Migration):
    dependencies = [("communities", "0009_experience_link")]

    operations = search_vector_operations(COMMUNITY, SearchVectorField)
