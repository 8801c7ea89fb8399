"""REDIS_URL: the cache, sessions, login rate limits and API throttles of every application
server live in one Redis, so that a second server sees what the first counted."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from rest_framework.test import APIClient

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ("import json, rogatory.settings as s; print(json.dumps("
            "[s.CACHES['default'], getattr(s, 'SESSION_ENGINE', None)]))")


def settings_with(**env: str) -> list:
    environment = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    environment.update(env, PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run([sys.executable, "-c", SETTINGS], env=environment, check=True,  # noqa: S603
                          capture_output=True, text=True)
    return json.loads(done.stdout)


def test_redis_url_moves_cache_and_sessions_to_redis():
    cache, sessions = settings_with(REDIS_URL="redis://127.0.0.1:6390/3")
    assert cache == {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                     "LOCATION": "redis://127.0.0.1:6390/3"}
    assert sessions == "django.contrib.sessions.backends.cached_db"


def test_without_redis_one_process_cache_and_database_sessions():
    cache, sessions = settings_with()
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert sessions is None  # Django's default: sessions in the database


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A throw-away redis-server on a free loopback port (skipped when not installed)."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 (our own command line)
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path_factory.mktemp("redis"))], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def on_redis(redis_url, settings):
    """This process as one of several servers sharing the Redis (each test starts empty)."""
    with override_settings(
            CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                "LOCATION": redis_url}},
            SESSION_ENGINE="django.contrib.sessions.backends.cached_db"):
        caches["default"].clear()
        yield caches["default"]
        caches["default"].clear()


def _other_server_sees(redis_url: str) -> set[str]:
    """The cache keys as another process (another application server) reads them."""
    import redis

    return {key.decode() for key in redis.Redis.from_url(redis_url).keys("*")}


@pytest.mark.django_db
def test_login_rate_limit_is_counted_in_redis(actors, on_redis, redis_url):
    """Failed sign-ins are counted in Redis: a second server refuses the sixth one too."""
    client = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(5):
        client.post("/accounts/login/", {"login": actors.officer_a.email, "password": "wrong"})
    assert any("login_failed" in key for key in _other_server_sees(redis_url))
    other = Client(REMOTE_ADDR="198.51.100.7")
    refused = other.post("/accounts/login/", {"login": actors.officer_a.email,
                                              "password": PASSWORD})
    assert "Too many failed login attempts" in refused.content.decode()
    assert "_auth_user_id" not in other.session  # even the right password waits


@pytest.mark.django_db
def test_api_throttle_and_session_are_in_redis(actors, on_redis, redis_url):
    client = Client()
    client.force_login(actors.officer_a)
    session_key = client.cookies["sessionid"].value
    assert any(session_key in key for key in _other_server_sees(redis_url))
    # The anonymous throttle's history of this address is a Redis key: every server adds to it.
    APIClient(REMOTE_ADDR="198.51.100.8").get("/api/v1/legal-basis/", {
        "requesting": "NL", "requested": "FR", "type": "mla", "offence": "money_laundering"})
    assert "throttle_anon_198.51.100.8" in {key.split(":", 2)[-1]
                                            for key in _other_server_sees(redis_url)}
