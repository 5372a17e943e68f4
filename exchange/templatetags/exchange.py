from django import template
from django.contrib.auth.models import AnonymousUser

from .. import permissions, selectors

register = template.Library()


@register.inclusion_tag("exchange/partials/community_panel_content.html", takes_context=True)
def community_exchange(context, community):
    """The community's challenges and its latest shared steps, for the community profile."""
    request = context.get("request")
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "request": request,
        "community": community,
        "challenges": selectors.community_challenges(user, community),
        "steps": selectors.community_steps(community),
        "can_link": permissions.can_link_challenges(user, community),
        "can_publish": permissions.can_publish_step(user, community) and community.is_public,
    }


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or AnonymousUser()


@register.inclusion_tag("exchange/partials/threads_panel.html", takes_context=True)
def subject_threads(context, subject, subject_type):
    """The latest threads about a challenge or community, with the buttons to start one.

    (The instrument page's, with its answered questions: exchange/panels.py.)
    """
    user = _user(context)
    return {
        "subject": subject,
        "subject_type": subject_type,
        "threads": list(selectors.subject_threads(user, **{subject_type: subject})),
        "can_start": permissions.can_write_about(user, subject),
        "user": user,
        "request": context.get("request"),
    }


@register.inclusion_tag("exchange/partials/owner_questions.html", takes_context=True)
def owner_open_questions(context, instrument=None, limit=10):
    """Unanswered questions on one instrument, or on all of the reader's own (their insights)."""
    questions = selectors.open_questions_for_owner(_user(context), instrument)
    return {"questions": list(questions[:limit]), "total": questions.count()}
