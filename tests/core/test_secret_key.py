"""Finding 1 of the security probe: production never runs on the key written in the source."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    ignored = {"DEBUG", "HTTPS", "SECRET_KEY", "SECRET_KEY_FALLBACKS", "TRUSTED_PROXY_COUNT"}
    environment = {
        k: v for k, v in os.environ.items() if k not in ignored and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment.update(
        {"ALLOWED_HOSTS": "lc.example.org", "DJANGO_SETTINGS_MODULE": "lcplatform.settings", **env}
    )
    return subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_the_web_application_refuses_to_start_without_a_secret_key():
    result = run("-c", "import lcplatform.wsgi", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_the_worker_refuses_to_start_without_a_secret_key():
    script = (
        "import django; django.setup(); from lcplatform.celery import _refuse_the_development_key as f; f()"
    )
    result = run("-c", script, DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_check_deploy_fails_without_a_secret_key():
    result = run("manage.py", "check", "--deploy", DEBUG="0", HTTPS="1")
    assert result.returncode != 0
    assert "core.E001" in result.stdout + result.stderr


def test_development_and_other_commands_still_start_without_a_key():
    assert run("-c", "import lcplatform.wsgi", DEBUG="1").returncode == 0
    # Commands that sign nothing (makemigrations, compilemessages, check) need no secrets.
    assert run("manage.py", "check", DEBUG="0").returncode == 0


@pytest.mark.parametrize("count", ["0", "2"])
def test_key_rotation_and_proxy_count_come_from_the_environment(count):
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECRET_KEY_FALLBACKS, s.ALLAUTH_TRUSTED_PROXY_COUNT)"
    )
    result = run(
        "-c",
        script,
        SECRET_KEY="new-" + "n" * 50,
        SECRET_KEY_FALLBACKS="old-one,older-one",
        TRUSTED_PROXY_COUNT=count,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == f"['old-one', 'older-one'] {count}"


def test_links_signed_with_the_previous_key_still_open(settings):
    from django.core import signing

    settings.SECRET_KEY = "the-old-key-" + "o" * 40
    token = signing.dumps({"u": 1}, salt="test")
    settings.SECRET_KEY = "the-new-key-" + "n" * 40
    settings.SECRET_KEY_FALLBACKS = ["the-old-key-" + "o" * 40]
    assert signing.loads(token, salt="test") == {"u": 1}
