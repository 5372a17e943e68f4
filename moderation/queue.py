"""What waits for a coordinator in the apps' own workflows, and where it is decided.

Moderation's queue page shows its own sections (role requests, other kinds'
approvals, reported content) and the lists the apps register here from their
``AppConfig.ready()``, e.g. submitted instruments (``instruments/moderation.py``):

``register_queue_list(QueueList(name, template, items, position))``
    A paginated list on the queue page; ``name`` is its page in the template
    context and the query parameter of its page number.
``register_queue_counts(counts)``
    ``counts()`` returns ``{name: number}`` for the navigation's queue count
    (one query for all of an app's lists, if it can).
``register_urls(*patterns)``
    Review pages under the ``moderation:`` namespace, guarded with
    ``moderation.permissions.coordinator_required``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.db.models import QuerySet


class QueuePagesForm(forms.Form):
    """The page number of each list on the queue page, declared so the page's parameters are known.

    Moderation's own lists are here; the lists other apps register add their parameter
    (:func:`register_queue_list`). A number that is not one shows the first page.
    """

    roles = forms.CharField(required=False)
    reports = forms.CharField(required=False)


@dataclass(frozen=True)
class QueueList:
    """A list on the queue page of what waits for a coordinator in an app's own workflow."""

    name: str  # the page of items in the template context, and the query parameter of its number
    template: str  # the section, rendered with the page under ``name``
    items: Callable[[], QuerySet]  # what waits, oldest first
    # Order on the page: role requests stand at 10, other kinds' approvals at 30, reported content at 50.
    position: int = 60


QUEUE_LISTS: dict[str, QueueList] = {}
QUEUE_COUNTS: list[Callable[[], dict[str, int]]] = []
URLS: dict[str, object] = {}


def register_queue_list(queue_list: QueueList) -> None:
    QUEUE_LISTS[queue_list.name] = queue_list
    # On the class, not per request: whoever reads the form knows every parameter of the page
    # (the security tests fuzz what a view binds to request.GET).
    QueuePagesForm.base_fields.setdefault(queue_list.name, forms.CharField(required=False))


def queue_lists() -> list[QueueList]:
    return sorted(QUEUE_LISTS.values(), key=lambda queue_list: queue_list.position)


def register_queue_counts(counts: Callable[[], dict[str, int]]) -> None:
    if counts not in QUEUE_COUNTS:
        QUEUE_COUNTS.append(counts)


def register_urls(*patterns) -> None:
    """Add review pages to the moderation namespace (read once, when the URLconf loads)."""
    for pattern in patterns:
        URLS[pattern.name] = pattern


def urlpatterns() -> list:
    return list(URLS.values())
