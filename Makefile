# Front door: `make lab` opens the notebooks, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PORT ?= 8888

# A test run starts some hundred Pythons (kernels, servers, pytest). Where PYTHONDONTWRITEBYTECODE is set, as in many
# containers, each would compile matplotlib, IPython and Jupyter from source again, about 1.5 s of CPU a process; here
# the first one keeps the compiled files (in the environments, and in git-ignored __pycache__/ folders).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: install lab test notebooks lint lock clean
.PHONY: install-oldest test-oldest html diff-setup

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); $(PYTHON) tools/bootstrap_venv.py $(VENV); }

# uv installs both environments (seconds, where pip takes minutes); it goes into the main one with pip first.
UV_VERSION := 0.13.9
UV := $(BIN)/uv

$(UV): | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# The pinned environment plus `helpers` (editable); redone when the lock or the package metadata change.
$(INSTALLED): requirements-lock.txt pyproject.toml | $(UV)
	$(UV) pip install --quiet --python $(BIN)/python -r requirements-lock.txt
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

install: $(INSTALLED)

# Jupyter refuses to run as root without --allow-root; containers and many shared machines run as root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: install
	$(BIN)/jupyter lab --no-browser --ip=127.0.0.1 --port=$(PORT) --ServerApp.root_dir=notebooks $(ALLOW_ROOT)

# ruff, then six runs side by side (TEST_JOBS at a time, the longest first); each prints its output when it ends.
# The browser run waits for its pages much of the time, so three share two cores well. One failing fails
# `make test`; the others still finish and print.
TEST_JOBS ?= 3
TEST_RUNS := test-main test-browser test-oldest-tests test-colab test-oldest-notebooks test-seeds
# One OpenBLAS thread in every test run: the course's matrices are small, and the idle threads of OpenBLAS 0.3.21
# (numpy 1.24, the oldest environment) spin in sched_yield, which took a third of that run's CPU from the others.
$(TEST_RUNS) test-oldest portability seeds: export OPENBLAS_NUM_THREADS = 1
test: install install-oldest install-colab lint
	@echo "Six test runs, $(TEST_JOBS) at a time; each prints its output when it ends."
	$(MAKE) --no-print-directory --keep-going -j$(TEST_JOBS) --output-sync=target $(TEST_RUNS)

# Everything in the main environment but the browser and the site: unit, property and widget tests, every notebook
# under nbval.
# The tests run in a shuffled order (SHUFFLE is its seed; the notebooks' cells keep theirs): none may depend on
# another having run first.
SHUFFLE ?= 1
.PHONY: test-main
test-main: install
	$(BIN)/python -m pytest -p no:cacheprovider -m "not browser and not site" --shuffle $(SHUFFLE) \
		--nbval --nbval-current-env tests notebooks

# Re-execute every notebook in place from a clean kernel; outputs are committed so readers see them.
notebooks: install
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace notebooks/*.ipynb

lint: install
	$(BIN)/ruff check helpers tests tools benchmarks

# The browser tests: every notebook run in JupyterLab in headless Chromium, explorers driven with keys and typing;
# and the static site, built once: its pages read, and in Chromium its links followed and its equations typeset.
# Screenshots of every figure land in screenshots/ (git-ignored).
.PHONY: test-browser
test-browser: install
	$(BIN)/python -m pytest -p no:cacheprovider -m "browser or site" tests

# Re-pin the tested environment from requirements.in (run after changing it).
lock: $(BIN)/python
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -r requirements.in
	.venv-lock/bin/pip freeze --exclude-editable > requirements-lock.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) $(OLDEST) $(COLAB) $(BENCH) .pytest_cache build *.egg-info site screenshots

# The oldest versions pyproject.toml admits (requirements-oldest.txt: Colab's ipywidgets 7.7 and ipykernel 6),
# in a second environment; `helpers` goes in there as a wheel, as Colab installs it, not editable.
OLDEST ?= .venv-oldest
OLDEST_INSTALLED := $(OLDEST)/.installed

# uv makes these environments with another Python (tools/find_python.py: on PATH, pyenv's, or one uv installs).
# The floor of requires-python in pyproject.toml:
OLDEST_PYTHON := 3.10
$(OLDEST)/bin/python: | $(UV)
	$(UV) venv --quiet --seed --python "$$($(BIN)/python tools/find_python.py $(OLDEST_PYTHON) $(UV))" $(OLDEST)

$(OLDEST_INSTALLED): requirements-oldest.txt | $(OLDEST)/bin/python $(UV)
	$(UV) pip install --quiet --python $(OLDEST)/bin/python -r requirements-oldest.txt
	touch $@

install-oldest: $(OLDEST_INSTALLED)

# Two runs, which `make test` runs side by side: every notebook alone in an empty folder with the helpers wheel
# (tools/run_standalone.py, which installs it), and the tests without a browser, which read helpers from the
# repository (their kernels too: PYTHONPATH). Tests that only read files or run the main environment's tools
# (hygiene, environment, site, diffs, main paths, make lab) run in the main environment only.
MAIN_ONLY := test_site test_notebook_diffs test_notebook_hygiene test_installed_environment test_main_path test_make_lab
.PHONY: test-oldest-notebooks test-oldest-tests
test-oldest: test-oldest-notebooks test-oldest-tests
test-oldest-notebooks test-oldest-tests: export PYDEVD_DISABLE_FILE_VALIDATION = 1
test-oldest-notebooks: install-oldest
	$(OLDEST)/bin/python tools/numeric_profile.py generic+baseline $(OLDEST)/bin/python tools/run_standalone.py
test-oldest-tests: install-oldest
	PYTHONPATH=$(CURDIR) $(OLDEST)/bin/python -m pytest -p no:cacheprovider -m "not browser" \
		--ignore=tests/browser $(MAIN_ONLY:%=--ignore=tests/%.py) tests

# Colab's runtime (requirements-colab.txt: its published pins, Python 3.13), where learners open the notebooks:
# every notebook alone from the wheel, outputs compared (numeric profile generic+widest), and the widget comm path.
COLAB ?= .venv-colab
COLAB_PYTHON := 3.13
$(COLAB)/bin/python: | $(UV)
	$(UV) venv --quiet --seed --python "$$($(BIN)/python tools/find_python.py $(COLAB_PYTHON) $(UV))" $(COLAB)

$(COLAB)/.installed: requirements-colab.txt | $(COLAB)/bin/python
	$(UV) pip install --quiet --python $(COLAB)/bin/python -r requirements-colab.txt
	touch $@

.PHONY: install-colab test-colab
install-colab: $(COLAB)/.installed

test-colab: export PYDEVD_DISABLE_FILE_VALIDATION = 1
test-colab: install-colab
	$(COLAB)/bin/python tools/numeric_profile.py generic+widest $(COLAB)/bin/python tools/run_standalone.py
	$(COLAB)/bin/python -m pytest -p no:cacheprovider tests/oldest/test_widget_comm.py

# Portability: every notebook under strict nbval with every numeric profile this machine runs (OpenBLAS kernel
# family x numpy SIMD level; tools/numeric_profile.py list), besides the native one test-main uses.
.PHONY: portability seeds test-seeds
PROFILES = $(filter-out native+widest,$(shell $(BIN)/python tools/numeric_profile.py list))
portability: install
	@failed=""; for profile in $(PROFILES); do \
		$(BIN)/python tools/numeric_profile.py $$profile $(BIN)/python -m pytest -p no:cacheprovider -q \
			--nbval --nbval-current-env notebooks || failed="$$failed $$profile"; \
	done; test -z "$$failed" || { echo "outputs differ under:$$failed"; exit 1; }

# Every notebook with all its seeds shifted (tools/shift_seeds.py): each claim must hold for other seeds too.
SHIFTS ?= 1 2 3 4 5
seeds: install
	$(BIN)/python tools/shift_seeds.py $(SHIFTS)

# The shift make test runs; `make seeds` runs others.
test-seeds: install
	$(BIN)/python tools/shift_seeds.py 1000

# A static site of the committed notebooks in site/ (no re-execution); MathJax comes from jupyter-server-mathjax,
# so equations render without a CDN.
html: install
	rm -rf site
	$(BIN)/python tools/build_site.py site

# Notebook diffs as changed cells: names nbdime's drivers for the notebooks of .gitattributes, in this clone only
# (REPO=path for another clone).
REPO ?= .
diff-setup: install
	git -C $(REPO) config diff.jupyternotebook.command "$(CURDIR)/$(BIN)/git-nbdiffdriver diff"
	git -C $(REPO) config merge.jupyternotebook.driver "$(CURDIR)/$(BIN)/git-nbmergedriver merge %O %A %B %L %P"
	git -C $(REPO) config merge.jupyternotebook.name "jupyter notebook merge driver (nbdime)"

# Benchmarks of interactive speed: prints the tables and writes benchmarks/results.md. PyTorch, one of the
# baselines, goes into its own environment .venv-bench (pinned CPU wheel); without it that column is left out.
BENCH ?= .venv-bench
.PHONY: bench
$(BENCH)/.installed:
	{ $(PYTHON) -m venv $(BENCH) && $(BENCH)/bin/python -m pip install --quiet torch==2.13.0 && touch $@; } \
		|| echo "PyTorch not installed: the benchmark leaves its column out"

bench: install $(BENCH)/.installed
	$(BIN)/python -m benchmarks.run
