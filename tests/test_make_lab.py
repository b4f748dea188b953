"""`make lab`, the README's command, serves JupyterLab on the notebooks, as root too (containers run as root)."""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 120  # seconds for the server to print its address


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_environment():
    """os.environ without what an enclosing `make test` passes to its children."""
    return {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}


def lab_page(url, deadline):
    """The page at url, asked for until the server answers (it prints its address before it listens)."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.read().decode()
        except OSError:  # refused: not listening yet
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_allow_root_is_passed_exactly_when_running_as_root():
    command = subprocess.run(["make", "--no-print-directory", "-n", "lab"], cwd=ROOT, env=make_environment(),
                             capture_output=True, text=True, check=True).stdout
    assert "jupyter lab" in command
    assert ("--allow-root" in command) == (os.geteuid() == 0)


def test_make_lab_serves_the_lab_page():
    port = free_port()
    server = subprocess.Popen(["make", "--no-print-directory", "lab", f"PORT={port}"], cwd=ROOT,
                              env=make_environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True)
    try:
        deadline, seen, url = time.monotonic() + TIMEOUT, [], None
        while url is None and time.monotonic() < deadline and server.poll() is None:
            line = server.stdout.readline()
            seen.append(line)
            match = re.search(rf"(http://127\.0\.0\.1:{port}/lab\?token=\w+)", line)
            url = match and match[1]
        assert url, "make lab printed no address:\n" + "".join(seen)
        assert "JupyterLab" in lab_page(url, deadline)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
