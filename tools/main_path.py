"""A notebook's main path: what a first reading covers once the parts marked optional are left out.

    python tools/main_path.py notebooks/*.ipynb            # words, code cells and exercises of each main path
    python tools/main_path.py --write DIR notebooks/*.ipynb  # also write each main path as a notebook into DIR

An optional part starts at a heading "## Optional: ..." or "### Optional: ..." and runs to the next heading of the
same or a higher level, or to a line starting "*End of the optional part.*". A markdown cell that holds both keeps
its main-path lines; a code cell belongs wholly to the part it sits in. Run a written main path with
`jupyter nbconvert --to notebook --execute` to check that the notebook reads and runs without its optional parts.

The minutes printed are a reading model, not a measurement: prose at READING_WORDS_PER_MINUTE, plus
MINUTES_PER_CODE_CELL to read a cell, run it and look at what it prints, plus MINUTES_PER_EXERCISE. The constants
are fitted to learners' timed readings of the main paths of 02-06 and of the language-model notebook (then 07):
55, 50, 58, 58, 65 and 50 minutes, which the model gives back to within about 7 minutes each. Later readers
timed the shortened notebooks 1.3 to 2.3 times slower than the model says, and their times hardly followed the
length: main paths the model puts at 25 to 44 minutes all took them 45 to 72. After the main paths of 01-08 were cut
to about 1100-1350 words and 8-12 code cells (the model: 24 to 28 minutes), two or three readers each timed them at
30 to 45 minutes, about 40 on average. Use the model to compare versions of a notebook, and timed readings for what
a learner needs (the notebooks' openings state those).
"""

import argparse
import copy
import json
import re
from pathlib import Path

READING_WORDS_PER_MINUTE = 65  # technical prose with equations, read closely enough to follow
MINUTES_PER_CODE_CELL = 0.25
MINUTES_PER_EXERCISE = 4.0
HEADING = re.compile(r"^(#+) ")
END = "*End of the optional part.*"


def split_cells(cells):
    """[(cell, main_text or None for a code cell, part)]: part 0 is the main path, k the k-th optional part; a
    markdown cell that holds main-path lines is in part 0, its main_text those lines."""
    level, part, count = None, 0, 0  # the heading level of the optional part we are in (None: the main path)
    parts = []
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] != "markdown":
            parts.append((cell, None, part))
            continue
        kept, last = [], part
        for line in source.splitlines():
            heading = HEADING.match(line)
            if heading and level is not None and len(heading.group(1)) <= level:
                level, part = None, 0
            if heading and "Optional:" in line and level is None:
                count += 1
                level, part, last = len(heading.group(1)), count, count
            if line.startswith(END):
                level, part = None, 0
                line = line[len(END):].strip()
            if level is None:
                kept.append(line)
        text = "\n".join(kept).strip()
        parts.append((cell, text, 0 if text else last))
    return parts


def words(text):
    """Words of prose: a formula counts as one word per five characters of TeX, code in backticks as one."""
    text = re.sub(r"\$\$.*?\$\$|\$[^$]*\$", lambda m: " x" * max(1, len(m.group(0)) // 5), text, flags=re.DOTALL)
    text = re.sub(r"`[^`]*`", " x", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return len(re.findall(r"\w+", text))


def is_exercise(cell):
    return cell["cell_type"] == "code" and re.search(r"\bexercises\.check_\w+\(", "".join(cell["source"]))


def measure(cells):
    """Words, code cells and exercises of the main path, and the minutes of the reading model."""
    main = [(cell, text) for cell, text, part in split_cells(cells) if part == 0]
    prose = sum(words(text) for cell, text in main if text is not None)
    code = sum(1 for cell, text in main if cell["cell_type"] == "code")
    exercises = sum(1 for cell, text in main if is_exercise(cell))
    minutes = prose / READING_WORDS_PER_MINUTE + code * MINUTES_PER_CODE_CELL + exercises * MINUTES_PER_EXERCISE
    return {"words": prose, "code cells": code, "exercises": exercises, "minutes": minutes}


def measure_all(cells):
    """The reading model over every cell, optional parts included."""
    return measure([{**cell, "source": "".join(cell["source"]).replace("Optional:", "")} for cell in cells])


def main_path(notebook):
    """A copy of the notebook with its optional parts left out."""
    copied = copy.deepcopy(notebook)
    cells = []
    for cell, text, part in split_cells(copied["cells"]):
        if part == 0:
            if text is not None:
                cell["source"] = text
            cells.append(cell)
    copied["cells"] = cells
    return copied


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--write", type=Path, metavar="DIR", help="write each main path as a notebook into DIR")
    args = parser.parse_args()
    print(f"{'notebook':<55} {'words':>6} {'code':>5} {'exercises':>9} {'minutes':>7}  (whole notebook)")
    for path in args.notebooks:
        notebook = json.loads(path.read_text())
        part, whole = measure(notebook["cells"]), measure_all(notebook["cells"])
        print(f"{path.name:<55} {part['words']:>6} {part['code cells']:>5} {part['exercises']:>9} "
              f"{part['minutes']:>7.0f}  ({whole['minutes']:.0f})")
        if args.write:
            args.write.mkdir(parents=True, exist_ok=True)
            (args.write / path.name).write_text(json.dumps(main_path(notebook), indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
