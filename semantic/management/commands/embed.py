"""Compute missing and stale vectors (``manage.py embed``; ``--queue`` hands the work to the worker)."""

from django.core.management.base import BaseCommand

from semantic import embedders
from semantic.services import embed_all
from semantic.sources import SOURCES


class Command(BaseCommand):
    help = "Embed every searchable object whose text or model changed since its vector was stored."

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", choices=sorted(SOURCES), help="only these kinds")
        parser.add_argument("--queue", action="store_true", help="queue a Celery task instead")

    def handle(self, *args, kind=None, queue=False, **options):
        if queue:
            from semantic.tasks import embed_everything

            try:
                embed_everything.delay()
            except Exception as error:  # noqa: BLE001 - no broker: say so, leave the rest of `make run` alone
                self.stderr.write(f"Could not queue the embedding task: {error}")
                return
            self.stdout.write("Embedding queued for the worker.")
            return
        name = embedders.embedder_name()
        if name is None:
            self.stdout.write(
                "No embedder (SEMANTIC_EMBEDDER off, or the model cannot load): nothing embedded."
            )
            return
        for kind_name, counts in embed_all(kind).items():
            self.stdout.write(
                f"{kind_name}: {counts['embedded']} embedded, {counts['unchanged']} unchanged, "
                f"{counts['removed']} removed ({counts['seconds']} s, {name})"
            )
