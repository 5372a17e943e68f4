import io

import pytest
from django.db import connection

from demo.management.commands.seed_demo import Command as SeedDemo
from tests.factories import UserFactory

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text and trigram search"
)


@pytest.fixture
def demo_catalogue(db):
    """The publication's instruments from fixtures/instruments.json, published."""
    command = SeedDemo(stdout=io.StringIO())
    command._instruments(UserFactory())
