"""Mail in the recipient's language and time zone, as plain text plus HTML."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation


def render_mail(template: str, context: dict, *, language: str | None = None) -> tuple[str, str, str | None]:
    """Render ``<template>_subject.txt``, ``_body.txt`` and (if present) ``_body.html``."""
    with translation.override(language or settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        context = {"site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}_body.txt", context)
        try:
            html = render_to_string(f"{template}_body.html", context)
        except TemplateDoesNotExist:
            html = None
    return subject, text, html


def send_templated_mail(
    template: str,
    context: dict,
    *,
    to: str,
    language: str | None = None,
    headers: dict | None = None,
) -> None:
    """Send one mail; raises what the mail backend raises (tasks decide about retries)."""
    subject, text, html = render_mail(template, context, language=language)
    message = EmailMultiAlternatives(subject, text, to=[to], headers=headers or {})
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
