"""Create a virtual environment where `python3 -m venv` cannot (Debian/Ubuntu without python3-venv).

Usage: python3 tools/bootstrap_venv.py DIR
Creates DIR without pip, then installs pip from its wheel on PyPI into it.
"""

import json
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
import venv
from pathlib import Path

PIP_JSON = "https://pypi.org/pypi/pip/json"


def pip_wheel_url():
    with urllib.request.urlopen(PIP_JSON, timeout=60) as response:
        files = json.load(response)["urls"]
    url = next(f["url"] for f in files if f["filename"].endswith("py3-none-any.whl"))
    return urllib.parse.urljoin(PIP_JSON, url)  # some mirrors answer with relative links


def main(target):
    venv.create(target, with_pip=False)
    with tempfile.TemporaryDirectory() as tmp:
        url = pip_wheel_url()
        wheel = Path(tmp) / url.rsplit("/", 1)[-1]
        urllib.request.urlretrieve(url, wheel)
        python = Path(target) / "bin" / "python"
        subprocess.run([str(python), f"{wheel}/pip", "install", "--quiet", str(wheel)], check=True)


if __name__ == "__main__":
    main(sys.argv[1])
