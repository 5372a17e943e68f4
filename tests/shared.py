"""Rows that several tests of a module read, built once instead of once per test.

A world of users, communities and threads takes longer to build than the request a test makes of
it. ``SharedRows.get(key, build)`` builds it in a transaction of its own that stays open between
tests; each test's ``db`` fixture then runs in a savepoint inside it, so whatever a test writes is
rolled back before the next test, which sees the world exactly as it was built. A different key
rolls the previous world back first: one world at a time, so tests never see each other's rows.

Build the world in a fixture that does not depend on ``db``, and ask for ``db`` after it (a
fixture's arguments are all set up before its body runs); do not mark such tests ``django_db``,
whose autouse fixture would enter the test's transaction first::

    @pytest.fixture
    def _world_once(shared_rows):
        return shared_rows.get("world", build_world)

    @pytest.fixture
    def world(_world_once, db):  # the world's transaction first, then the test's savepoint
        return _world_once

``shared_rows`` (tests/conftest.py) rolls the last world back when the module ends. Python objects
of the world are shared too: a test must not change them in memory (refresh its own copy instead).
Sort parametrized cases by world, so a worker builds each world once rather than once per switch.
"""

from django.db import connection, transaction


class SharedRows:
    _open: set["SharedRows"] = set()

    def __init__(self, django_db_blocker):
        self._blocker = django_db_blocker
        self._atomic = None
        self._key = None
        self._value = None
        self.builds = 0  # how many worlds were built (tests/test_shared_rows.py)

    def get(self, key, build):
        if self._atomic is not None and key == self._key:
            if connection.atomic_blocks[:1] != [self._atomic]:
                raise RuntimeError("The shared world's transaction is gone (tests/shared.py)")
            return self._value
        if connection.atomic_blocks and connection.atomic_blocks[-1] is not self._atomic:
            # Built inside the test's transaction, the world would vanish with the test.
            raise RuntimeError(
                "Ask for the shared world before the db fixture, and do not mark the test django_db "
                "(tests/shared.py)"
            )
        self.drop()
        with self._blocker.unblock():
            atomic = transaction.atomic()
            # As for a TestCase's own transactions: durable blocks inside are allowed.
            atomic._from_testcase = True
            atomic.__enter__()
            self._atomic = atomic
            SharedRows._open.add(self)
            try:
                self._value = build()
            except BaseException:
                self.drop()
                raise
        self._key = key
        self.builds += 1
        return self._value

    def drop(self) -> None:
        """Roll the current world back (nothing happens when there is none)."""
        if self._atomic is None:
            return
        atomic, self._atomic, self._key, self._value = self._atomic, None, None, None
        SharedRows._open.discard(self)
        with self._blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)

    @classmethod
    def leave_all(cls) -> None:
        """For a test that uses the database without a shared world: roll back any still open.

        Fails when the test's own transaction was entered first (a ``django_db`` mark runs before
        any fixture of ours): it would run inside the world and see its rows.
        """
        for rows in list(cls._open):
            if connection.atomic_blocks and connection.atomic_blocks[-1] is not rows._atomic:
                raise RuntimeError(
                    "A test without shared_rows started inside a shared world (tests/shared.py): "
                    "ask for the database with the db fixture instead of a django_db mark."
                )
            rows.drop()
