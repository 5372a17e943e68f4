"""Accept a pending invitation as soon as its invitee has logged in or signed up."""

from allauth.account.signals import user_logged_in
from django.contrib import messages
from django.dispatch import receiver
from django.utils.translation import gettext as _

SESSION_KEY = "communities_invitation_token"


@receiver(user_logged_in, dispatch_uid="communities_accept_invitation")
def accept_invitation_after_login(sender, request, user, **kwargs):
    # allauth also sends user_logged_in right after a verified signup, so this
    # one receiver covers both new and existing accounts.
    token = request.session.pop(SESSION_KEY, None)
    if not token:
        return
    from . import services

    invitation = services.invitation_by_token(token)
    try:
        membership = services.invitation_accept(actor=user, invitation=invitation)
    except services.InvitationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Welcome to %(community)s!") % {"community": membership.community.name})
