"""What is embedded, per kind: which objects and which of their text.

Everything that may ever be searched is embedded, members-only content too:
visibility is applied when ranking (``selectors``), through the owning app's
own visibility selectors, never here. The querysets below only leave out what
no one searches (drafts, proposals' absence is the search's own rule).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery

from communities.models import Community
from exchange.models import Challenge, DevelopmentStep, InstrumentRequest, Thread
from exchange.selectors import public_posts, public_steps
from instruments.models import Experience, Instrument
from instruments.selectors import published_instruments

# e5-small reads 512 tokens; longer text is windowed, which costs time and adds little.
MAX_TEXT = 2000


@dataclass(frozen=True)
class Source:
    kind: str
    model: type
    objects: Callable[[], QuerySet]
    text: Callable[[object], str]


def _join(*parts) -> str:
    return "\n".join(" ".join(str(part).split()) for part in parts if part)[:MAX_TEXT]


def _threads() -> QuerySet[Thread]:
    opening = public_posts().filter(thread=OuterRef("pk")).order_by("created_at", "id").values("body")[:1]
    return Thread.objects.annotate(opening_body=Subquery(opening))


SOURCES: dict[str, Source] = {
    source.kind: source
    for source in (
        Source(
            "instruments",
            Instrument,
            published_instruments,
            lambda o: _join(o.title, o.summary, o.goal, o.description),
        ),
        Source(
            "experiences",
            Experience,
            lambda: Experience.objects.select_related("instrument"),
            lambda o: _join(o.instrument.title, o.sector, o.what_worked, o.tips, o.what_did_not_work),
        ),
        Source("challenges", Challenge, Challenge.objects.all, lambda o: _join(o.title, o.description)),
        Source(
            "communities",
            Community,
            Community.objects.all,
            lambda o: _join(o.name, o.challenge, o.shared_learning_goal),
        ),
        Source(
            "steps", DevelopmentStep, public_steps, lambda o: _join(o.title, o.what_we_did, o.what_we_learned)
        ),
        Source("threads", Thread, _threads, lambda o: _join(o.title, getattr(o, "opening_body", ""))),
        Source(
            "requests",
            InstrumentRequest,
            InstrumentRequest.objects.all,
            lambda o: _join(o.title, o.description),
        ),
    )
}


def source_for_model(model) -> Source | None:
    return next((s for s in SOURCES.values() if s.model is model), None)
