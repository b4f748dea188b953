"""requirements-oldest.txt pins each dependency of pyproject.toml at its floor, and the oldest environment has them."""

import ast
import re
import subprocess
from pathlib import Path

from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
OLDEST_ENV = ROOT / ".venv-oldest"


def floors():
    """{name: lowest admitted version} from pyproject.toml's dependencies."""
    text = (ROOT / "pyproject.toml").read_text()
    return dict(re.findall(r'^\s*"([a-z][a-z0-9-]*)>=([\d.]+)"', text, re.MULTILINE))


def oldest_pins():
    """{name: version} of every `name==version` line in requirements-oldest.txt."""
    lines = (ROOT / "requirements-oldest.txt").read_text().splitlines()
    return {m[1].lower().replace("_", "-"): m[2] for m in map(re.compile(r"^([\w.-]+)==([\w.]+)$").match, lines) if m}


def test_every_dependency_is_pinned_in_its_lowest_minor_release():
    pins = oldest_pins()
    assert floors() and set(floors()) <= set(pins)
    for name, floor in floors().items():
        pinned, lowest = Version(pins[name]), Version(floor)
        assert pinned >= lowest and pinned.release[:2] == lowest.release[:2], (name, str(pinned), floor)


def installed_in_oldest_environment(names):
    """{name: version} installed in .venv-oldest (`make test` creates it before any test runs)."""
    python = OLDEST_ENV / "bin" / "python"
    assert python.exists(), "no .venv-oldest: run `make install-oldest`"
    code = "import sys, importlib.metadata as m; print(repr({n: m.version(n) for n in sys.argv[1:]}))"
    result = subprocess.run([str(python), "-c", code, *names], capture_output=True, text=True, check=True)
    return ast.literal_eval(result.stdout)


def test_the_oldest_environment_has_the_pinned_versions():
    pins = oldest_pins()
    installed = installed_in_oldest_environment(sorted(pins))
    wrong = {name: (version, installed[name]) for name, version in pins.items()
             if Version(installed[name]) != Version(version)}
    assert not wrong, f"(pinned, installed): {wrong}; run `make install-oldest`"
