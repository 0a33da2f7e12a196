# The guide's commands. `make build` sets everything up on a fresh Debian/Ubuntu machine.
SHELL := /bin/bash
export NO_MKDOCS_2_WARNING := 1
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
VENDOR_STAMP := content/assets/vendor/.installed

.PHONY: build publish check serve test lock clean deps system-tools bench leaflets import help

build: deps
	$(PY) scripts/build_site.py

# The same build, for the public site: it refuses the example address (GUIDE_SITE_URL gives the real one).
publish: deps
	GUIDE_PUBLIER=1 $(PY) scripts/build_site.py

deps: $(PY_STAMP) $(NODE_STAMP) $(VENDOR_STAMP) system-tools

# Python: a virtual environment with the hash-locked requirements, and our package.
$(PY_STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	# The project's own package (macros/) is found through a .pth file: no build step, no setuptools.
	$(PY) -c "import pathlib, sysconfig; pathlib.Path(sysconfig.get_paths()['purelib'], 'guide-reclamations.pth').write_text('$(CURDIR)\n')"
	touch $@

# npm: exactly what package-lock.json says (Mermaid, axe-core, the font).
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The venv too: the font is cut down with fontTools.
$(VENDOR_STAMP): $(PY_STAMP) $(NODE_STAMP) scripts/vendor_assets.py
	$(PY) scripts/vendor_assets.py
	touch $@

system-tools:
	@bash scripts/ensure_system_tools.sh

check: $(PY_STAMP)
	$(PY) scripts/check_data.py $(if $(MANQUES),--manques)

# A partner's answers (the file downloaded from /contribuer/<id>/) into circuits/: checked, then merged.
import: $(PY_STAMP)
	@test -n "$(FICHIER)" || { echo "Donnez le fichier : make import FICHIER=reponses-actis.yaml (ECRASER=1 pour remplacer une valeur)"; exit 2; }
	$(PY) scripts/import_answers.py "$(FICHIER)" $(if $(ECRASER),--ecraser) $(if $(ESSAI),--essai)

serve: deps
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

test: build
	$(PY) -m pytest -n 2 --dist loadfile

lock:
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
		--no-emit-find-links -o requirements.txt requirements.in
	npm install --package-lock-only --no-audit --no-fund

clean:
	rm -rf site .site-* .cache

bench: build
	$(PY) scripts/bench.py

# The leaflets (one per landlord, and per landlord and federation) into site/pdf/, without the site.
leaflets: deps
	$(PY) scripts/leaflets.py

help:
	@echo "make build                  installe ce qui manque, puis construit le site dans site/"
	@echo "make publish                le site public : GUIDE_SITE_URL=https://… make publish"
	@echo "make check [MANQUES=1]      valide les données (et liste ce qui manque)"
	@echo "make import FICHIER=…       fait entrer les réponses d'un partenaire dans circuits/ (ECRASER=1, ESSAI=1)"
	@echo "make serve                  aperçu sur http://127.0.0.1:8000"
	@echo "make test                   toute la suite de tests"
	@echo "make leaflets               les dépliants seulement"
	@echo "make bench | lock | clean   mesures, verrouillage des dépendances, caches"
