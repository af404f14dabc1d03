# Informe de Evaluación Institucional: comandos del proyecto.
# `make` sin argumentos muestra esta ayuda.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ENTORNO := $(VENV)/.instalado

# ENTIDAD: vacía, el MRE (data/raw → reports/<periodo>/); otra, data/entidades/<ENTIDAD> → reports/<ENTIDAD>/<periodo>/.
# SEMESTER: vacío, el periodo más reciente con datos de la entidad. Ambos llegan a las recetas por el entorno y se
# validan (src/informe/entidades.py) antes de cualquier trabajo: nunca se pegan en una línea de shell.
ENTIDAD ?=
SEMESTER ?=
export ENTIDAD SEMESTER
ENTIDADES := $(PYTHON) src/informe/entidades.py
# Sin ENTIDAD, la predeterminada (o todas, en reports y clean); sin SEMESTER, el último periodo con datos. Uno dado que
# quedó vacío (SEMESTER=, o una expresión que make expande a nada) es un error, no otra entidad ni otro periodo.
# (Solo cuenta lo dado en la línea de comandos: `make test` y `make reports` pasan a otros make el entorno, vacío.)
DADOS := $(if $(findstring command line,$(origin ENTIDAD)),--entidad-dada) $(if $(findstring command line,$(origin SEMESTER)),--periodo-dado)
VALIDAR := $(ENTIDADES) --validar "$$ENTIDAD" "$$SEMESTER" $(DADOS)
VALIDAR_ENTIDAD := $(ENTIDADES) --validar-entidad "$$ENTIDAD" $(DADOS)
# Cada informe que construye `make reports`: entidad/periodo.
INFORMES := $(shell $(ENTIDADES) --informes)

.PHONY: help
help: ## Muestra los comandos disponibles
	@echo "Uso: make <comando> [ENTIDAD=gore-ejemplo] [SEMESTER=2023-I]"
	@echo
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-13s %s\n", $$1, $$2}'
	@echo
	@echo "Entidades (sin ENTIDAD, la predeterminada; sin SEMESTER, el último periodo con datos):"
	@$(ENTIDADES) --resumen

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

# Qué volver a ejecutar lo decide el orquestador por contenido (src/informe/ejecucion/etapas.py).
.PHONY: report
report: $(ENTORNO) ## Genera (o deja al día) el informe de SEMESTER en reports/[ENTIDAD/]SEMESTER/
	@$(VALIDAR)
	@$(PY) -m informe.ejecucion.pipeline --entidad="$$ENTIDAD" --periodo="$$SEMESTER"

.PHONY: reports
reports: $(ENTORNO) ## Genera los informes de todas las entidades (o de ENTIDAD) y sus periodos con datos (admite make -j)
	@$(ENTIDADES) --validar-informes "$$ENTIDAD" $(DADOS)
	@$(MAKE) --no-print-directory $(addprefix informe/,$(if $(ENTIDAD),$(filter $(ENTIDAD)/%,$(INFORMES)),$(INFORMES)))

# Un objetivo por informe (informe/<entidad>/<periodo>): cada uno escribe solo en su carpeta y toma su candado.
.PHONY: $(addprefix informe/,$(INFORMES))
$(addprefix informe/,$(INFORMES)): informe/%: $(ENTORNO)
	@$(PY) -m informe.ejecucion.pipeline --entidad $(firstword $(subst /, ,$*)) --periodo $(lastword $(subst /, ,$*))

.PHONY: preview
preview: $(ENTORNO) ## Sirve el informe de SEMESTER en http://127.0.0.1:8000/ y lo rehace al guardar un texto (sin recalcular)
	@$(VALIDAR)
	@$(PY) -m informe.ejecucion.vista_previa --entidad="$$ENTIDAD" --periodo="$$SEMESTER"

.PHONY: audit
audit: $(ENTORNO) ## Re-ejecuta los cuadernos aprobados de reports/[ENTIDAD/]SEMESTER y exige las mismas salidas
	@$(VALIDAR)
	$(PY) -m informe.ejecucion.auditoria --entidad="$$ENTIDAD" --periodo="$$SEMESTER"

.PHONY: plantillas
plantillas: $(ENTORNO) ## Escribe un libro Excel por oficina responsable para SEMESTER en reports/[ENTIDAD/]plantillas/SEMESTER/
	@$(ENTIDADES) --validar-plantillas "$$ENTIDAD" "$$SEMESTER" $(DADOS)
	@$(PY) -m informe.datos.entregas plantillas --entidad="$$ENTIDAD" --periodo="$$SEMESTER"

.PHONY: estado
estado: $(ENTORNO) ## Dice qué oficinas entregaron su libro de SEMESTER, cuáles faltan y cuáles tienen errores (termina con error si hay errores)
	@$(ENTIDADES) --validar-plantillas "$$ENTIDAD" "$$SEMESTER" $(DADOS)
	@$(PY) -m informe.datos.entregas estado --entidad="$$ENTIDAD" --periodo="$$SEMESTER"

.PHONY: nueva-entidad
nueva-entidad: $(ENTORNO) ## Crea data/entidades/ENTIDAD desde la plantilla, con la carpeta del periodo SEMESTER
	@$(PY) -m informe.datos.plantilla --entidad="$$ENTIDAD" --periodo="$$SEMESTER"

.PHONY: ejemplo
ejemplo: $(ENTORNO) ## Vuelve a escribir los datos SINTÉTICOS de la entidad de ejemplo (semilla fija)
	@$(PY) -m informe.datos.ejemplo

.PHONY: test
test: $(ENTORNO) $(NAVEGADOR) ## Revisa el código con ruff y ejecuta las pruebas (unitarias, nbval, punta a punta, accesibilidad)
	$(VENV)/bin/ruff check src tests benchmarks notebooks
	$(PY) -m pytest

# Otra plataforma, desde cero, como root: una raíz Debian hecha con debootstrap, un clon del commit actual, .ci/run
# y make audit (ver .ci/plataforma). Debian 13 trae Python 3.13; Debian 12, los pasos del Containerfile.
.PHONY: test-debian13 test-debian12
test-debian13: ## Prueba el commit actual en Debian 13 con Python 3.13 (debootstrap; como root)
	bash .ci/plataforma trixie
test-debian12: ## Prueba el commit actual en Debian 12, con los pasos del Containerfile (debootstrap; como root)
	bash .ci/plataforma bookworm

.PHONY: bench
bench: $(ENTORNO) ## Mide la velocidad (informe real) y la escala (datos sintéticos); escribe .bench/resultados.*
	$(PY) -m benchmarks.bench

.PHONY: lock
lock: $(ENTORNO) ## Recalcula requirements.lock desde pyproject.toml (versiones y hashes; usa uv)
	$(PY) -m pip install --quiet --disable-pip-version-check uv
	@# Universal: una resolución para todo requires-python (3.11 a 3.13) y cualquier sistema, con marcadores para
	@# lo que solo pide una versión (papermill pide aiohttp solo en 3.12). En 3.11 instala lo mismo que sin marcadores.
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 --generate-hashes -o requirements.lock

.PHONY: lab
lab: $(ENTORNO) ## Abre JupyterLab en la carpeta notebooks/
	$(VENV)/bin/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root)

# El informe aprobado del periodo de referencia está versionado (make audit lo compara): clean no lo borra.
PERIODO_APROBADO := 2023-I

.PHONY: clean
clean: ## Borra data/processed y los informes regenerables (no el aprobado de reports/2023-I); con ENTIDAD, solo los suyos
	@# Con el mismo candado que report y audit: no borra lo que otro comando está escribiendo.
	@$(VALIDAR_ENTIDAD)
	$(PYTHON) src/informe/ejecucion/reemplazo.py $(PERIODO_APROBADO) "$$ENTIDAD"

.PHONY: distclean
distclean: clean ## Borra además el entorno virtual
	rm -rf $(VENV)
