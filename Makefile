# Informe de Evaluación Institucional: comandos del proyecto.
# `make` sin argumentos muestra esta ayuda.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ENTORNO := $(VENV)/.instalado

# Periodo por defecto: el más reciente que tiene datos en data/raw/pei/valores.csv.
SEMESTER ?= $(shell $(PYTHON) src/informe/periodos.py --ultimo)
PERIODOS := $(shell $(PYTHON) src/informe/periodos.py)

.PHONY: help
help: ## Muestra los comandos disponibles
	@echo "Uso: make <comando> [SEMESTER=2023-I]"
	@echo
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-10s %s\n", $$1, $$2}'
	@echo
	@echo "Periodos con datos: $(PERIODOS) (por defecto: $$SEMESTER)"

$(ENTORNO): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@# El paquete se usa desde src/ sin construirlo: un .pth lo pone en el camino de importación.
	echo "$(CURDIR)/src" > "$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/informe-src.pth"
	touch $@

.PHONY: entorno
entorno: $(ENTORNO) ## Crea el entorno virtual desde requirements.lock (solo si falta o cambió)

# La prueba de accesibilidad abre el HTML en el Chromium del sistema con axe-core y playwright-core (que no
# descarga navegadores), fijados con hash en tests/navegador/package-lock.json.
NAVEGADOR := tests/navegador/node_modules/.instalado
$(NAVEGADOR): tests/navegador/package-lock.json tests/navegador/package.json
	npm ci --prefix tests/navegador --no-audit --no-fund --loglevel=error
	touch $@

# SEMESTER llega a la receta por el entorno y se valida antes de cualquier trabajo: nunca se pega en
# una línea de shell. Qué volver a ejecutar lo decide el orquestador por contenido (src/informe/ejecucion/etapas.py).
export SEMESTER

.PHONY: report
report: $(ENTORNO) ## Genera (o deja al día) el informe del periodo SEMESTER en reports/SEMESTER/
	@$(PYTHON) src/informe/periodos.py --validar "$$SEMESTER"
	@$(PY) -m informe.ejecucion.pipeline --periodo "$$SEMESTER"

.PHONY: reports
reports: $(ENTORNO) ## Genera los informes de todos los periodos con datos (admite make -j)
	@$(MAKE) --no-print-directory $(addprefix informe-,$(PERIODOS))

.PHONY: $(addprefix informe-,$(PERIODOS))
$(addprefix informe-,$(PERIODOS)): informe-%: $(ENTORNO)
	@$(PY) -m informe.ejecucion.pipeline --periodo $*

.PHONY: preview
preview: $(ENTORNO) ## Sirve el informe de SEMESTER en http://127.0.0.1:8000/ y lo rehace al guardar un texto (sin recalcular)
	@$(PYTHON) src/informe/periodos.py --validar "$$SEMESTER"
	@$(PY) -m informe.ejecucion.vista_previa --periodo "$$SEMESTER"

.PHONY: audit
audit: $(ENTORNO) ## Re-ejecuta los cuadernos aprobados de reports/SEMESTER y exige las mismas salidas
	@$(PYTHON) src/informe/periodos.py --validar "$$SEMESTER"
	$(PY) -m informe.ejecucion.auditoria --periodo "$$SEMESTER"

.PHONY: test
test: $(ENTORNO) $(NAVEGADOR) ## Revisa el código con ruff y ejecuta las pruebas (unitarias, nbval, punta a punta, accesibilidad)
	$(VENV)/bin/ruff check src tests benchmarks notebooks
	$(PY) -m pytest

.PHONY: bench
bench: $(ENTORNO) ## Mide la velocidad (informe real) y la escala (datos sintéticos); escribe .bench/resultados.*
	$(PY) -m benchmarks.bench

.PHONY: lock
lock: $(ENTORNO) ## Recalcula requirements.lock desde pyproject.toml (versiones y hashes; usa uv)
	$(PY) -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 \
		--python-platform x86_64-unknown-linux-gnu --generate-hashes -o requirements.lock

.PHONY: lab
lab: $(ENTORNO) ## Abre JupyterLab en la carpeta notebooks/
	$(VENV)/bin/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root)

# El informe aprobado del periodo de referencia está versionado (make audit lo compara): clean no lo borra.
PERIODO_APROBADO := 2023-I

.PHONY: clean
clean: ## Borra data/processed y los informes regenerables (no el aprobado de reports/2023-I)
	@# Con el mismo candado que report y audit: no borra lo que otro comando está escribiendo.
	$(PYTHON) src/informe/ejecucion/reemplazo.py $(PERIODO_APROBADO)

.PHONY: distclean
distclean: clean ## Borra además el entorno virtual
	rm -rf $(VENV)
