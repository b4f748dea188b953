"""`make diff-setup` makes `git diff` show a changed notebook as its changed cell (nbdime), not as JSON lines."""

import json
import re
import shutil
import subprocess
from pathlib import Path

from conftest import require_executable

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "02_the_log_derivative_trick.ipynb"


def git(repo, *args):
    return subprocess.run(["git", "-c", "user.email=course@example.org", "-c", "user.name=course", *args], cwd=repo,
                          check=True, capture_output=True, text=True).stdout


def test_a_changed_cell_shows_as_that_cell(tmp_path):
    require_executable("git")
    repo = tmp_path / "fork"
    (repo / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / ".gitattributes", repo)
    shutil.copy(NOTEBOOK, repo / "notebooks")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "the course")
    subprocess.run(["make", "-s", "-C", str(ROOT), "diff-setup", f"REPO={repo}"], check=True, capture_output=True)
    copy = repo / "notebooks" / NOTEBOOK.name
    nb = json.loads(copy.read_text())
    changed = next(i for i, cell in enumerate(nb["cells"]) if cell["cell_type"] == "markdown" and i > 2)
    nb["cells"][changed]["source"] = ["A sentence an instructor wrote.\n"]
    copy.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    diff = re.sub(r"\x1b\[[0-9;]*m", "", git(repo, "diff"))  # nbdime colours its output itself
    assert f"## modified /cells/{changed}/source" in diff
    assert "+A sentence an instructor wrote." in diff
    assert '"cell_type"' not in diff  # cells, not JSON
