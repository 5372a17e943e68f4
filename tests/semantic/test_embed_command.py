"""``manage.py embed``: catches up by hand, or queues the work for the worker (make run)."""

import io

from django.core.management import call_command

from semantic.models import Embedding
from tests.factories import InstrumentFactory


def test_embed_computes_missing_vectors_and_says_what_it_did(db):
    InstrumentFactory(title="Kaart", summary="Over vertrouwen.", goal="Vertrouwen.")
    out = io.StringIO()
    call_command("embed", "--kind", "instruments", stdout=out)
    assert "instruments: 1 embedded, 0 unchanged, 0 removed" in out.getvalue()
    assert Embedding.objects.filter(kind="instruments").count() == 1


def test_embed_queue_without_a_broker_reports_and_returns(db, monkeypatch):
    from semantic import tasks

    def down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(tasks.embed_everything, "delay", down)
    err = io.StringIO()
    call_command("embed", "--queue", stdout=io.StringIO(), stderr=err)
    assert "Could not queue" in err.getvalue()
