# Front door: `make lab` opens the notebooks, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PORT ?= 8888

.PHONY: install lab test notebooks lint lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); $(PYTHON) tools/bootstrap_venv.py $(VENV); }

# The pinned environment plus `helpers` (editable); redone when the lock or the package metadata change.
$(INSTALLED): requirements-lock.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-lock.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(INSTALLED)

lab: install
	$(BIN)/jupyter lab --no-browser --ip=127.0.0.1 --port=$(PORT) --ServerApp.root_dir=notebooks

test: install
	$(BIN)/ruff check helpers tests tools
	$(BIN)/python -m pytest --nbval --nbval-current-env tests notebooks

# Re-execute every notebook in place from a clean kernel; outputs are committed so readers see them.
notebooks: install
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace notebooks/*.ipynb

lint: install
	$(BIN)/ruff check helpers tests tools

# Re-pin the tested environment from requirements.in (run after changing it).
lock: $(BIN)/python
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -r requirements.in
	.venv-lock/bin/pip freeze --exclude-editable > requirements-lock.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
