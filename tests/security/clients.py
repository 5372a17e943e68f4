"""Test clients with and without the malformed-input guard, logged in per role."""

from django.conf import settings
from django.test import Client, override_settings

GUARD = "core.middleware.RejectMalformedInputMiddleware"


def middleware(*, guarded: bool) -> list[str]:
    """settings.MIDDLEWARE with the guard right after WhiteNoise, or without it."""
    stack = [entry for entry in settings.MIDDLEWARE if entry != GUARD]
    if guarded:
        after = stack.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
        stack.insert(after, GUARD)
    return stack


class RoleClients:
    """One Django test client per configuration; each remembers who is logged in."""

    def __init__(self, world):
        self.world = world
        self._clients = {}
        self._roles = {}

    def get(self, role: str, *, guarded: bool = True) -> Client:
        if guarded not in self._clients:
            client = Client()
            # The handler builds its middleware chain once; build it under the wanted stack.
            with override_settings(MIDDLEWARE=middleware(guarded=guarded)):
                client.handler.load_middleware()
            self._clients[guarded] = client
        client = self._clients[guarded]
        if self._roles.get(guarded, "?") != role:
            client.logout()
            user = self.world.users[role]
            if user is not None:
                client.force_login(user)
            self._roles[guarded] = role
        return client

    def forget(self) -> None:
        """Log in again next time (after a view logged the user out or changed the session)."""
        self._roles.clear()
