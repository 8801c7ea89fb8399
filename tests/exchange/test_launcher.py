"""The two-node launcher (`make demo-exchange`) stops its nodes however it is stopped."""

import os
import signal
import subprocess
import sys
import time

import pytest

CHILDREN = """
import subprocess, sys
from rogatory.exchange.network import run_until_stopped
children = [subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
            for _ in range(2)]
print(*(child.pid for child in children), flush=True)
run_until_stopped(children)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child ended but not yet reaped by its parent is a zombie: not running.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(")")[-1].split()[0] != "Z"


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_stopping_the_launcher_stops_every_node(stop):
    launcher = subprocess.Popen([sys.executable, "-c", CHILDREN], stdout=subprocess.PIPE,  # noqa: S603
                                text=True)
    children = [int(pid) for pid in launcher.stdout.readline().split()]
    assert len(children) == 2 and all(_alive(pid) for pid in children)
    launcher.send_signal(stop)
    assert launcher.wait(timeout=60) == 0
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in children)
