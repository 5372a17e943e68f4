"""Reminders' answers to events announced by apps below it (communities/events.py).

Connected in RemindersConfig.ready(). Each runs inside the transaction of the event.
"""

from core.queue import enqueue_on_commit

from .tasks import standup_closed


def notice_open_blockers(sender, *, standup, **kwargs):
    # Facilitators hear about open blockers; the reminder scan catches it if queueing fails.
    enqueue_on_commit(standup_closed, standup.pk)
