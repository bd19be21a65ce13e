# Two commands set everything up on a fresh machine:
#   make demo   installs align into .venv and writes the sample report to out/
#   make test   installs the development tools and runs lint, the tests and the benchmark smoke runs
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install -c constraints.txt

.PHONY: install dev browser demo test lint bench clean

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --upgrade pip

install: $(PY)
	$(PIP) -e .

dev: $(PY)
	$(PIP) -e ".[dev,scale]"

# The browser test drives Debian's chromium (never `playwright install`, which downloads a browser).
# Installing it needs root; without it that one test is skipped with a message.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; } || \
	  echo "chromium not installed: the browser test will be skipped (sudo apt-get install chromium fonts-noto-cjk)"

demo: install
	$(VENV)/bin/align demo --out out/

lint: dev
	$(VENV)/bin/ruff check align tests app.py benchmarks

test: dev browser lint
	$(VENV)/bin/pytest
	$(MAKE) bench-smoke

bench-smoke:
	$(PY) benchmarks/bench_batch.py --smoke

clean:
	rm -rf out build *.egg-info
