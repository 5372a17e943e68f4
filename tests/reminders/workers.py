"""Start real Celery workers (subprocesses) against Redis for tests and bench/reminders.py."""

from __future__ import annotations

import email
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))


def database_url() -> str:
    """The URL of the database this process uses now (the test database inside pytest)."""
    s = connection.settings_dict
    if s["ENGINE"] != "django.db.backends.postgresql":
        raise RuntimeError("real workers need a database server (PostgreSQL)")
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def new_queue() -> str:
    return f"lc-reminders-test-{uuid.uuid4().hex[:8]}"


def drop_queue(queue: str) -> None:
    """Remove the queue and its kombu bindings from Redis (leftover duplicates, unacked copies)."""
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    keys = list(client.scan_iter(match=f"*{queue}*"))
    if keys:
        client.delete(*keys)


class Worker:
    def __init__(
        self,
        name: str,
        *,
        queue: str,
        mail_dir: Path,
        log_dir: Path,
        env: dict | None = None,
        pool: str = "prefork",
        concurrency: int = 2,
    ):
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        environment = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": os.environ["REDIS_URL"],
            "CELERY_QUEUE": queue,
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
            "LC_VAR_DIR": str(log_dir / "var"),
            **(env or {}),
        }
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                CELERY,
                "-A",
                "lcplatform",
                "worker",
                "-n",
                f"{name}@%h",
                "-Q",
                queue,
                "--loglevel=INFO",
                f"--pool={pool}",
                f"--concurrency={concurrency}",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=environment,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.log():
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"worker {self.name} exited:\n{self.log()}")
            time.sleep(0.2)
        raise TimeoutError(f"worker {self.name} not ready:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL the whole worker (a crash: no acknowledgement, no clean-up)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()


def mails_in(mail_dir: Path) -> list[email.message.Message]:
    """Every message the file-based backend wrote (one file may hold several)."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_text(errors="replace").split("-" * 79):
            if chunk.strip():
                messages.append(email.message_from_string(chunk.strip()))
    return messages


def wait_for(predicate, timeout: float = 60, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    return predicate()
