"""Property-based test of the open API against its own OpenAPI document (Schemathesis).

For every operation Schemathesis generates valid and invalid requests from the
schema (NUL bytes, odd Unicode, out-of-range numbers, unknown enum values ...)
and runs its default checks on each answer: no server error, status code,
content type and headers as documented, body valid against the response
schema, valid data accepted and invalid data rejected.

The database holds a small catalogue with hidden and unpublished instruments,
so answers carry real data. Requests go through Django's WSGI application in
the test's own transaction.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.core.parameters import ParameterLocation

from lcplatform.wsgi import application
from tests.api.conftest import seed_catalogue
from tests.hypothesis_profiles import examples

# Loaded through the app itself at collection time (the schema view reads no
# database). schemathesis.pytest.from_fixture would load it per test, but its
# lazy loader does not run under pytest 9 (it sets Node._nodeid, gone since).
schema = schemathesis.openapi.from_wsgi(reverse("api:openapi"), application)


@pytest.fixture
def seeded_slugs(db) -> list[str]:
    """Seed the catalogue; the slugs of its listed and unlisted instruments."""
    catalogue = seed_catalogue()
    # Like Django's test client: a request must not close the connection that
    # holds the test transaction (the WSGI handler does so on request_finished).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield [
        instrument.slug
        for instrument in (catalogue.cultuurscan, catalogue.formula, catalogue.submitted, catalogue.hidden)
    ]
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


HYPOTHESIS = settings(
    max_examples=examples(40),  # per operation; a third of it in the fast profile
    deadline=None,
    database=None,  # nothing written into the work tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@schema.parametrize()
@HYPOTHESIS
def test_api_conforms_to_its_schema(case, seeded_slugs):
    """Every operation, with the coverage phase (boundary values, NUL bytes, wrong types,
    undocumented methods) and the fuzzing phase."""
    case.call_and_validate()


@schema.include(path_regex=r"\{slug\}").parametrize()
@schema.given(data=st.data())
@HYPOTHESIS
def test_instrument_answers_with_real_data_conform(case, data, seeded_slugs):
    """Random slugs almost never name a seeded instrument: swap in one that exists (valid for
    valid, so negative cases stay negative), so answers with real data are checked too.
    (Schemathesis runs no coverage phase for a test with ``given``, hence two tests.)"""
    path = case.path_parameters
    if not (case.meta and case.meta.is_negative_at(ParameterLocation.PATH)):
        path["slug"] = data.draw(st.sampled_from([path["slug"], *seeded_slugs]), label="slug")
    case.call_and_validate()


def test_the_schema_is_valid_openapi():
    schema.validate()
    assert schema.raw_schema["openapi"] == "3.1.0"
