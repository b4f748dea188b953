"""The tree follows the placement rule of the README's layout section.

Each notebook's topic word (the README's table) names its modules, helpers/<word>.py (numpy only, no figures) and
helpers/<word>_plots.py, its exercises helpers/exercises/<word>.py and its tests tests/test_<word>*.py. Only its own
notebook imports a topic module; whatever two notebooks use is core, at the top of helpers/, and every other module
of helpers/ is core. The top level exports at most 40 names and no name there hides a module.
"""

import ast
import importlib
import inspect
import json
import pkgutil
import re
from pathlib import Path

import pytest

import helpers as h

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MAX_TOP_LEVEL = 40
# core although one notebook uses it today: the typed f(x) is how any explorer takes an f from a learner
CORE_BY_CHOICE = {"functions"}


def topic_words():
    """{notebook number: topic word} from the table of the README's layout section."""
    layout = (ROOT / "README.md").read_text().split("## Layout", 1)[1]
    return dict(re.findall(r"^\| (\d\d) [^|]*\| `(\w+)` \|", layout, re.MULTILINE))


TOPICS = topic_words()
MODULES = {m.name for m in pkgutil.iter_modules(h.__path__) if not m.ispkg}
TOPIC_MODULES = {m: word for word in TOPICS.values() for m in (word, f"{word}_plots") if m in MODULES}


def code_of(notebook):
    return "\n".join("".join(c["source"]) for c in json.loads(notebook.read_text())["cells"]
                     if c["cell_type"] == "code")


def imported_topic_modules(notebook):
    """The topic modules a notebook imports (`from helpers import a, b  # a comment` or `import helpers.a`)."""
    names = set()
    for line in re.findall(r"^from helpers import ([\w, ]+?) *(?:#.*)?$", code_of(notebook), re.MULTILINE):
        names |= {n.split(" as ")[0].strip() for n in line.split(",")}
    names |= set(re.findall(r"^import helpers\.(\w+)", code_of(notebook), re.MULTILINE))
    return names & set(TOPIC_MODULES)


def test_every_numbered_notebook_has_a_topic_word():
    assert sorted(TOPICS) == sorted(nb.name[:2] for nb in NOTEBOOKS if nb.name[:2] != "00")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda nb: nb.name[:2])
def test_a_notebook_imports_only_its_own_topic_modules(notebook):
    word = TOPICS.get(notebook.name[:2])
    own = {m for m, w in TOPIC_MODULES.items() if w == word}
    assert imported_topic_modules(notebook) == own
    exercises = re.findall(r"^from helpers\.exercises import (\w+)", code_of(notebook), re.MULTILINE)
    assert exercises == ([word] if (ROOT / "helpers" / "exercises" / f"{word}.py").exists() else [])


def test_every_module_is_core_or_belongs_to_a_topic():
    for path in (ROOT / "helpers" / "exercises").glob("*.py"):
        assert path.stem == "__init__" or path.stem in TOPICS.values(), f"{path.name}: not a topic word"
    for word in TOPICS.values():
        assert (ROOT / "helpers" / "exercises" / f"{word}.py").exists() or word not in MODULES
    core = MODULES - set(TOPIC_MODULES)
    # a core module is named after no topic and no notebook's topic word starts it
    assert not {m for m in core if m.split("_")[0] in TOPICS.values()}


@pytest.mark.parametrize("module", sorted(m for m in TOPIC_MODULES if not m.endswith("_plots")))
def test_a_compute_module_draws_nothing(module):
    tree = ast.parse((ROOT / "helpers" / f"{module}.py").read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {m for m in imported if m.startswith(("matplotlib", "ipywidgets", "plotting", "widgets"))}


def test_each_core_module_at_the_top_level_serves_two_notebooks():
    tree = ast.parse((ROOT / "helpers" / "__init__.py").read_text())
    modules = {node.module: {alias.name for alias in node.names} for node in tree.body
               if isinstance(node, ast.ImportFrom)}
    for module, names in modules.items():
        users = {nb.name[:2] for nb in NOTEBOOKS for name in names if re.search(rf"\bh\.{name}\b", code_of(nb))}
        assert len(users) >= 2 or module in CORE_BY_CHOICE, f"{module}: used by notebook {users} only, so a topic's"


def test_the_top_level_is_small_and_hides_no_module():
    assert len(h.__all__) <= MAX_TOP_LEVEL
    assert sorted(h.__all__) == sorted(name for name in vars(h) if not name.startswith("_")
                                       and not inspect.ismodule(getattr(h, name)))
    for name in MODULES:
        importlib.import_module(f"helpers.{name}")
        assert inspect.ismodule(getattr(h, name)), f"helpers.{name} is not the module"


def test_topic_tests_are_named_by_their_word():
    for path in (ROOT / "tests").glob("test_*.py"):
        first = path.stem.removeprefix("test_").split("_")[0]
        if first in TOPICS.values():
            assert path.stem in {f"test_{first}", f"test_{first}_plots", f"test_{first}_exercises"}, path.name
