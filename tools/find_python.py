"""Print the path of a CPython of one minor version, for the environments that test other Pythons.

Usage: python tools/find_python.py 3.10 [UV]

Looks, in this order, for `python3.10` on PATH, a pyenv installation (`$(pyenv root)/versions/3.10.*`), and one
that uv knows; with UV given (the path of uv) and none found, uv installs one (that needs uv's download
site). Each candidate is run to check its version. Exits with a message naming what to install if there is none.
"""

import glob
import os
import shutil
import subprocess
import sys


def version_of(python):
    """'3.10' for a working interpreter, None for anything else."""
    try:
        result = subprocess.run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def pyenv_pythons(version):
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    return sorted(glob.glob(os.path.join(root, "versions", f"{version}.*", "bin", f"python{version}")), reverse=True)


def uv_python(uv, version, install):
    if install:
        subprocess.run([uv, "python", "install", version], check=False)
    result = subprocess.run([uv, "python", "find", "--no-project", version], capture_output=True, text=True)
    return [result.stdout.strip()] if result.returncode == 0 else []


def find(version, uv=None):
    for install in (False, True) if uv else (False,):
        candidates = [shutil.which(f"python{version}"), *pyenv_pythons(version)]
        if uv:
            candidates += uv_python(uv, version, install)
        for python in filter(None, candidates):
            if version_of(python) == version:
                return python
    return None


if __name__ == "__main__":
    version, uv = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else None)
    python = find(version, uv)
    if python is None:
        sys.exit(f"no Python {version} found (PATH, pyenv, uv): install it, e.g. `pyenv install {version}` "
                 f"or `uv python install {version}`")
    print(python)
