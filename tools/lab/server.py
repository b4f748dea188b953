"""A JupyterLab server on a temporary copy of notebooks/, so running cells never touches the committed files.

    server = LabServer(ROOT / "notebooks", tmp_dir)
    server.start()              # random free port, random token; polls /api/status until it answers
    page.goto(server.url("00_start_here.ipynb"))
    server.stop()               # by the PID it started
"""

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

START_TIMEOUT = 60  # seconds; the server is usually up in about 2 s
STOP_TIMEOUT = 10

# Lab settings for a reproducible page: every cell stays in the DOM (no windowing), no news or update pop-ups.
LAB_SETTINGS = {
    # autoStartDefaultKernel: on a loaded machine Lab may open a notebook before it knows the kernels and would ask
    # which one to start ("Select Kernel"), a dialog that blocks every click until someone answers it
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none",
                                                                   "autoStartDefaultKernel": True},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                        "checkForUpdates": False},
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_settings(folder):
    """Write LAB_SETTINGS as user settings files under folder."""
    for name, values in LAB_SETTINGS.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


class LabServer:
    def __init__(self, notebooks, workdir):
        self.workdir = workdir
        self.root = workdir / "notebooks"
        shutil.copytree(notebooks, self.root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.process = None

    def command(self):
        write_settings(self.workdir / "settings")
        return [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
                "--ServerApp.port_retries=0", "--allow-root", f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={self.root}", "--LabApp.expose_app_in_browser=True",
                f"--LabApp.user_settings_dir={self.workdir / 'settings'}",
                f"--LabApp.workspaces_dir={self.workdir / 'workspaces'}"]

    def environment(self):
        """os.environ with Jupyter's and IPython's per-user folders moved into workdir (no user config leaks in)."""
        env = dict(os.environ)
        for variable in ["JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"]:
            env[variable] = str(self.workdir / variable.lower())
        return env

    def start(self):
        self.log = open(self.workdir / "server.log", "w")  # closed in stop()
        self.process = subprocess.Popen(self.command(), env=self.environment(), stdout=self.log,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"JupyterLab did not start; see {self.workdir / 'server.log'}")
            time.sleep(0.2)

    def answers(self):
        try:
            self.api("/api/status")
        except OSError:
            return False
        return True

    def stop(self):
        """End the kernels, then the server (by its PID)."""
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(OSError):
                self.shut_down_kernels()
            self.process.terminate()
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def api(self, path, method="GET"):
        """JSON answer of the server's REST API at path (None for an empty answer)."""
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def url(self, notebook):
        """Address that opens notebook (a name in the copied folder) in a fresh Lab workspace."""
        return f"http://127.0.0.1:{self.port}/lab/tree/{notebook}?token={self.token}&reset"

    def shut_down_kernels(self, notebook=None):
        """End every session, or only the notebook's: kernels of notebooks already tested hold memory and CPU."""
        for session in self.api("/api/sessions"):
            if notebook is None or session["path"] == notebook:
                self.api(f"/api/sessions/{session['id']}", method="DELETE")
