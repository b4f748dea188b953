"""The environments of other Pythons hold what their requirements pin: the oldest one pyproject.toml admits, and
Colab's runtime (`make test` creates both before any test runs)."""

import ast
import re
import subprocess
from pathlib import Path

import pytest
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
ENVIRONMENTS = {  # requirements file: (environment, its Python)
    "requirements-oldest.txt": (ROOT / ".venv-oldest", None),  # None: the floor of requires-python
    "requirements-colab.txt": (ROOT / ".venv-colab", "3.13"),
}
# Colab's runtime, from its published pip freeze of 2026-08-19 (Python 3.13.15 there).
COLAB = {"numpy": "2.1.3", "matplotlib": "3.10.0", "ipywidgets": "7.7.1", "ipykernel": "6.17.1", "ipython": "7.34.0",
         "jupyter-client": "7.4.9", "pyzmq": "26.2.1", "tornado": "6.5.7", "traitlets": "5.7.1", "notebook": "6.5.7"}


def pyproject():
    return (ROOT / "pyproject.toml").read_text()


def floors():
    """{name: lowest admitted version} from pyproject.toml's dependencies."""
    return dict(re.findall(r'^\s*"([a-z][a-z0-9-]*)>=([\d.]+)"', pyproject(), re.MULTILINE))


def python_floor():
    return re.search(r'^requires-python = ">=([\d.]+)"', pyproject(), re.MULTILINE)[1]


def pins(requirements):
    """{name: version} of every `name==version` line of a requirements file."""
    lines = (ROOT / requirements).read_text().splitlines()
    pattern = re.compile(r"^([\w.-]+)==([\w.]+)(\s|$)")
    return {m[1].lower().replace("_", "-"): m[2] for m in map(pattern.match, lines) if m}


def test_every_dependency_is_pinned_in_its_lowest_minor_release():
    oldest = pins("requirements-oldest.txt")
    assert floors() and set(floors()) <= set(oldest)
    for name, floor in floors().items():
        pinned, lowest = Version(oldest[name]), Version(floor)
        assert pinned >= lowest and pinned.release[:2] == lowest.release[:2], (name, str(pinned), floor)


def test_the_colab_environment_pins_colab_s_versions():
    colab = pins("requirements-colab.txt")
    assert {name: colab.get(name) for name in COLAB} == COLAB


def installed(environment, names):
    """(Python's "major.minor", {name: version}) of an environment."""
    python = environment / "bin" / "python"
    assert python.exists(), f"no {environment.name}: run `make test` (or make install-oldest / install-colab)"
    code = ("import sys, importlib.metadata as m; "
            "print(repr(('%d.%d' % sys.version_info[:2], {n: m.version(n) for n in sys.argv[1:]})))")
    result = subprocess.run([str(python), "-c", code, *names], capture_output=True, text=True, check=True)
    return ast.literal_eval(result.stdout)


@pytest.mark.parametrize("requirements", ENVIRONMENTS)
def test_the_environment_has_the_pinned_versions(requirements):
    environment, python = ENVIRONMENTS[requirements]
    pinned = pins(requirements)
    version, found = installed(environment, sorted(pinned))
    assert version == (python or python_floor())
    wrong = {name: (pin, found[name]) for name, pin in pinned.items() if Version(found[name]) != Version(pin)}
    assert not wrong, f"(pinned, installed): {wrong}; run `make test`"
