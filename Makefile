# Two commands set everything up on a fresh machine:
#   make demo   installs align into .venv and writes the sample report to out/
#   make test   installs the development tools and runs lint and the tests
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install -c constraints.txt

.PHONY: install dev demo test lint bench clean

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --upgrade pip

install: $(PY)
	$(PIP) -e .

dev: $(PY)
	$(PIP) -e ".[dev,scale]"

demo: install
	$(VENV)/bin/align demo --out out/

test: dev
	$(VENV)/bin/ruff check align tests app.py
	$(VENV)/bin/pytest

clean:
	rm -rf out build *.egg-info
