"""The pinned environment, Binder's environment.yml and the repository address agree everywhere."""

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from new_notebook import repository_url  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def pins(lines, sep):
    return {m[1].lower().replace("_", "-"): m[2] for m in (re.match(rf"^\s*-?\s*([\w.-]+)\s*{sep}\s*([\w.]+)\s*$", ln)
                                                           for ln in lines) if m}


def test_environment_yml_pins_the_same_versions_as_the_lock():
    lock = pins((ROOT / "requirements-lock.txt").read_text().splitlines(), "==")
    conda = pins((ROOT / "environment.yml").read_text().splitlines(), "==")
    for name in ["numpy", "matplotlib", "ipywidgets", "jupyterlab", "nbval"]:
        assert name in conda, f"environment.yml does not pin {name}"
    mismatched = {name: (version, lock.get(name)) for name, version in conda.items() if lock.get(name) != version}
    assert not mismatched, f"environment.yml vs requirements-lock.txt (yml, lock): {mismatched}"


def test_package_dependencies_are_in_the_lock():
    text = (ROOT / "pyproject.toml").read_text()
    deps = re.findall(r'^\s*"([a-z]+)>=', text, re.MULTILINE)
    lock = pins((ROOT / "requirements-lock.txt").read_text().splitlines(), "==")
    assert deps and all(d in lock for d in deps), (deps, sorted(lock))


def test_environment_yml_installs_the_helpers():
    assert re.search(r"^\s*-\s*-e\s+\.\s*$", (ROOT / "environment.yml").read_text(), re.MULTILINE)


@pytest.mark.parametrize("path", [ROOT / "README.md"] + NOTEBOOKS, ids=lambda p: p.name)
def test_repository_url_is_the_declared_one(path):
    url = repository_url()
    text = path.read_text()
    found = set(re.findall(r"(?:github\.com/|colab\.research\.google\.com/github/|mybinder\.org/v2/gh/)"
                            r"([\w.-]+/[\w.-]+?)(?:\.git)?[/\s\")]", text))
    slug = url.removeprefix("https://github.com/")
    assert found == {slug}, f"{path.name} names {found}; pyproject.toml declares {slug}"
