"""Run every notebook as Colab opens it: alone in an empty folder, `helpers` installed from a wheel.

Usage: .venv-oldest/bin/python tools/run_standalone.py [notebooks/NN_name.ipynb ...]   (default: all)

With the Python that runs it (the oldest and the Colab environment: `make test-oldest`, `make test-colab`):
1. builds a wheel of `helpers` from a copy of the package's own files (pyproject.toml, README.md, LICENSE, helpers/)
   and installs it with --no-deps, as the Colab setup cell does, replacing any earlier install;
2. copies each notebook into an empty temporary folder of its own, far from the repository;
3. checks that `import helpers` there finds the installed wheel, holding every module of the copied helpers/;
4. runs `pytest --nbval` on the copies: every cell must run without an error, the notebook's asserts included,
   and print what the committed notebook shows (the numeric profile it runs under may differ: see
   tools/numeric_profile.py).
"""

import filecmp
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_FILES = ["pyproject.toml", "README.md", "LICENSE", "helpers"]
CELL_TIMEOUT = 300  # seconds; a notebook takes under 20 s in all


def clean_env():
    """The environment for child processes, without anything that would put the repository on sys.path."""
    return {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}


def pip(*args):
    subprocess.run([sys.executable, "-m", "pip", *args, "--quiet", "--disable-pip-version-check"],
                   check=True, env=clean_env())


def build_wheel(workdir):
    """Path of helpers-*.whl built from a copy of the package files (a stale build/ in the repo cannot leak in)."""
    source = workdir / "source"
    source.mkdir()
    for name in PACKAGE_FILES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    pip("wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", str(workdir / "dist"), str(source))
    (wheel,) = (workdir / "dist").glob("helpers-*.whl")
    return wheel


def copy_alone(notebook, workdir):
    """The notebook copied into an empty folder of its own: nothing of the repository is next to it."""
    folder = workdir / notebook.stem
    folder.mkdir()
    return Path(shutil.copy2(notebook, folder / notebook.name))


def imported_helpers(folder):
    """The folder of the `helpers` package that `import helpers` finds when Python starts in `folder`."""
    code = "import helpers, pathlib; print(pathlib.Path(helpers.__file__).parent)"
    result = subprocess.run([sys.executable, "-c", code], cwd=folder, env=clean_env(),
                            check=True, capture_output=True, text=True)
    return Path(result.stdout.strip())


def differences_from_source(package, source):
    """Modules of the source package missing from the installed package or different there (relative paths)."""
    modules = sorted(p.relative_to(source) for p in source.rglob("*.py"))
    return [str(m) for m in modules if not (package / m).is_file()
            or not filecmp.cmp(source / m, package / m, shallow=False)]


def check_installed_helpers(folder, source):
    """Fail unless `helpers`, seen from `folder`, is the installed wheel holding every module of `source`."""
    package = imported_helpers(folder)
    site_packages = Path(sysconfig.get_paths()["purelib"]).resolve()
    if package.resolve().parent != site_packages:
        sys.exit(f"`import helpers` in {folder} found {package}, not the wheel installed in {site_packages}")
    differences = differences_from_source(package, source)
    if differences:
        sys.exit(f"the installed helpers wheel ({package}) lacks or differs in: {', '.join(differences)}; "
                 "is every subpackage listed under [tool.setuptools] packages in pyproject.toml?")
    print(f"helpers from the wheel: {package}")


def run_strict(notebooks, workdir):
    """Exit status of strict `pytest --nbval` on the copies, kernels in this Python, run from the temporary folder."""
    (workdir / "pytest.ini").write_text("[pytest]\n")
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env",
               f"--nbval-cell-timeout={CELL_TIMEOUT}", "-c", str(workdir / "pytest.ini"), *map(str, notebooks)]
    return subprocess.run(command, cwd=workdir, env=clean_env()).returncode


def main(paths):
    notebooks = [Path(p).resolve() for p in paths] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    with tempfile.TemporaryDirectory(prefix="wheel-") as build, \
            tempfile.TemporaryDirectory(prefix="standalone-") as alone:
        pip("install", "--no-deps", "--force-reinstall", str(build_wheel(Path(build))))
        copies = [copy_alone(notebook, Path(alone)) for notebook in notebooks]
        check_installed_helpers(copies[0].parent, Path(build) / "source" / "helpers")
        return run_strict(copies, Path(alone))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
