from celery import shared_task

from . import services


@shared_task(name="semantic.embed", ignore_result=True)
def embed_objects(kind: str, ids: list[int] | None = None) -> None:
    """Recompute the vectors of the changed objects ``ids`` of ``kind`` (all of them without ids)."""
    services.embed_kind(kind, ids)


@shared_task(name="semantic.embed_all", ignore_result=True)
def embed_everything() -> None:
    services.embed_all()
