"""Writes of the outbox: record a mail with the change that causes it; send rows again (admin).

The interface other apps call::

    mail_enqueue(*, kind: str, key: str, recipient, subject_template: str, body_template: str,
                 context: dict, html_template: str | None = None, unsubscribe_url: str | None = None,
                 language: str | None = None) -> bool

    mail_enqueue_built(*, kind: str, key: str, recipient, builder: str, ref: dict | None = None) -> bool

* ``recipient``: a user (mailed at ``user.email``, in ``user.language``) or a
  bare address (an invitee without an account; ``language`` or the site's).
* Once per (``kind``, ``key``, recipient): a second call with the same three
  records nothing and returns False; True when a new mail was recorded.
  ``kind`` names the sort of mail ("communities.invitation"), ``key`` the
  object or event ("invitation:42").
* Call it inside the transaction that makes the event happen: the row commits
  with the event or not at all (a savepoint keeps a duplicate from breaking the
  caller's transaction). After the commit a Celery task delivers it; if the
  broker is down, the periodic sweep (``outbox.sweep``) queues it later. Nothing
  is lost and the page does not fail.
* Rendered here, at enqueue, under ``translation.override`` of the recipient's
  language and the site's time zone, with ``site_url`` added to the context.
  Why here and not at delivery: callers pass model instances, which a task
  cannot carry; the row then holds exactly what the event said (a later edit or
  deletion cannot change or break the mail, and admin shows the text); and the
  worker needs no domain code, so the outbox depends on nothing but core.
  Mails that must decide again at sending time (reminders: is the stand-up still
  open?) are a registered source with their own ``build`` (see ``registry``),
  delivered by the same code.
* ``unsubscribe_url`` adds RFC 8058 ``List-Unsubscribe`` headers; put the link
  in the template yourself too.
* Delivery: exactly once per row (claim, hand over, mark; see ``delivery``);
  SMTP failures retried with backoff; the status is readable through
  ``selectors.mail_status``/``mail_statuses`` ("queued" until sent).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import DeliveryStatus, OutboxMail
from .tasks import publish_on_commit

logger = logging.getLogger(__name__)

SOURCE = "outbox.mail"


def _recipient(recipient, language: str | None) -> tuple[object | None, str, str, str]:
    if isinstance(recipient, str):
        address = recipient.strip()
        return None, address, f"email:{address.lower()}", language or settings.LANGUAGE_CODE
    return recipient, recipient.email, f"user:{recipient.pk}", language or recipient.language


def render(subject_template, body_template, html_template, context, language) -> tuple[str, str, str]:
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        context = {"site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(subject_template, context).split())
        body = render_to_string(body_template, context)
        html = render_to_string(html_template, context) if html_template else ""
    return subject, body, html


def mail_enqueue(
    *,
    kind: str,
    key: str,
    recipient,
    subject_template: str,
    body_template: str,
    context: dict,
    html_template: str | None = None,
    unsubscribe_url: str | None = None,
    language: str | None = None,
) -> bool:
    """Record one mail (rendered now, in the recipient's language); deliver it after commit."""
    user, address, recipient_key, language = _recipient(recipient, language)
    if not address:
        return False
    if OutboxMail.objects.filter(kind=kind, key=key, recipient_key=recipient_key).exists():
        return False
    subject, body, html = render(subject_template, body_template, html_template, context, language)
    try:
        with transaction.atomic():
            mail = OutboxMail.objects.create(
                kind=kind,
                key=key,
                recipient_key=recipient_key,
                recipient=user,
                to=address,
                language=language,
                subject=subject[:300],
                body=body,
                html=html,
                unsubscribe_url=unsubscribe_url or "",
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:
        return False  # recorded meanwhile: once per (kind, key, recipient)
    publish_on_commit(SOURCE, mail.pk)
    return True


def mail_enqueue_built(*, kind: str, key: str, recipient, builder: str, ref: dict | None = None) -> bool:
    """Record a mail that is rendered at sending time by a registered builder; see the module.

    For mails that must decide again just before they go out (may the
    recipient still see it? still want it?). ``builder`` names a function
    registered with ``outbox.registry.register_builder`` (in your AppConfig.ready);
    it receives the OutboxMail (``recipient``, ``ref``, ``kind``, ``key``) and
    returns an ``outbox.delivery.Message`` — with ``skip_reason`` set to not send —
    rendered under ``translation.override(recipient.language)``. Same
    once-per-(kind, key, recipient) rule, same delivery, same return value.
    """
    user, address, recipient_key, language = _recipient(recipient, None)
    if not address:
        return False
    try:
        with transaction.atomic():
            mail = OutboxMail.objects.create(
                kind=kind,
                key=key,
                recipient_key=recipient_key,
                recipient=user,
                to=address,
                language=language,
                builder=builder,
                ref=ref or {},
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:
        return False
    publish_on_commit(SOURCE, mail.pk)
    return True


REQUEUEABLE = (
    DeliveryStatus.FAILED,
    DeliveryStatus.UNKNOWN,
    DeliveryStatus.SKIPPED,
    DeliveryStatus.TOO_LATE,
)


@transaction.atomic
def rows_requeue(*, actor, rows, include_handed: bool = False) -> tuple[int, int]:
    """Admin: send rows again; returns (requeued, left out because the server may have them).

    Rows in "outcome unknown" that were handed to the mail server may have
    arrived: they are only sent again with ``include_handed`` (the admin accepts
    the duplicate risk).
    """
    rows = [r for r in rows if r.status in REQUEUEABLE]
    risky = [r for r in rows if r.status == DeliveryStatus.UNKNOWN and r.handed_at is not None]
    chosen = rows if include_handed else [r for r in rows if r not in risky]
    if not chosen:
        return 0, 0 if include_handed else len(risky)
    model = type(chosen[0])
    count = model.objects.filter(pk__in=[r.pk for r in chosen]).update(
        status=DeliveryStatus.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        enqueued_at=None,
        claimed_at=None,
        handed_at=None,
    )
    logger.info("%s re-queued %s %s row(s)", actor, count, model._meta.label)
    return count, 0 if include_handed else len(risky)
