"""The search vectors of instruments and experiences, owned here (core/searchvectors.py says how they work).

Until this migration discovery's migration 0002 added these columns and
triggers to this app's tables, outside the models. A fresh database gets them
here; one migrated before gets the same objects under this app's names (the
statements are idempotent and rename discovery's).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import migrations

from core.searchvectors import SearchVector, search_vector_operations

INSTRUMENT = SearchVector(
    app_label="instruments",
    model_name="instrument",
    table="instruments_instrument",
    weighted=[("title", "A"), ("summary", "B"), ("goal", "C"), ("description", "D")],
    trigram=["title"],
    previous=(
        "discovery_instruments_instrument_tsv",
        "discovery_instruments_instrument_tsv_trigger",
        "discovery_instruments_instrument_tsv_gin",
        {"title": "discovery_instrument_title_trgm"},
    ),
)
EXPERIENCE = SearchVector(
    app_label="instruments",
    model_name="experience",
    table="instruments_experience",
    weighted=[("sector", "A"), ("what_worked", "B"), ("tips", "C"), ("what_did_not_work", "C")],
    previous=(
        "discovery_instruments_experience_tsv",
        "discovery_instruments_experience_tsv_trigger",
        "discovery_instruments_experience_tsv_gin",
        {},
    ),
)


class Migration(migrations.Migration):
    dependencies = [("instruments", "0006_format_guide")]

    operations = [
        *search_vector_operations(INSTRUMENT, SearchVectorField),
        *search_vector_operations(EXPERIENCE, SearchVectorField),
    ]
