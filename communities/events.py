"""What happens in a community that apps above it react to (reminders: open blockers).

communities sits below reminders in the layer contract (pyproject.toml, ``lint-imports``), so it
announces the event instead of calling reminders. Sent inside the write's transaction: a receiver
that records a row commits with the event, or not at all.
"""

from django.dispatch import Signal

# A stand-up closed: kwargs ``standup``.
standup_closed = Signal()
