"""Reminders' answers to events announced by apps below it (communities/events.py).

Connected in RemindersConfig.ready(). Each runs inside the transaction of the event.
"""

from core.queue import enqueue_on_commit

from .services import notice_queue
from .tasks import standup_closed


def mail_join_decision(sender, *, join_request, approved, **kwargs):
    # Mail goes out through Celery after commit; the sent-log row commits with the decision.
    notice_queue(
        kind="join_decision",
        occurrence=f"join_request:{join_request.pk}",
        recipient=join_request.user,
        community=join_request.community,
        payload={"approved": approved},
    )


def notice_open_blockers(sender, *, standup, **kwargs):
    # Facilitators hear about open blockers; the reminder scan catches it if queueing fails.
    enqueue_on_commit(standup_closed, standup.pk)
