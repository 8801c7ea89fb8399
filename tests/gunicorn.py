"""The app in its own gunicorn process, as deployed (DEBUG=0), for tests that must meet it
over real HTTP: one worker on a free loopback port, its output in the test's folder."""

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.proxy import free_port


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=5):  # noqa: S310
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer:\n{log.read_text()}")


@contextmanager
def gunicorn(env: dict[str, str], folder: Path) -> Iterator[str]:
    """Serve with `env` (DEBUG forced to 0) until the block ends; yields the base URL."""
    port, log = free_port(), folder / "gunicorn.log"
    binary = Path(sys.executable).parent / "gunicorn"
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603
            [str(binary), "rogatory.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--timeout", "60"],
            env={**env, "DEBUG": "0"}, stdout=output, stderr=output)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
