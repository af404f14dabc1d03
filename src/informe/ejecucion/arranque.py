"""Ajustes de arranque para los procesos que importan nbformat (orquestador y auditoría)."""

from __future__ import annotations

import sys

CODIGO_PYTEST_SIN_GRAMATICA = (
    "import sys; from informe.ejecucion.arranque import omitir_gramatica_rfc3987; omitir_gramatica_rfc3987(); "
    "import pytest; sys.exit(pytest.main(sys.argv[1:]))"
)
"""Para lanzar pytest (nbval) en otro proceso con el mismo ajuste: python -c CODIGO args…"""


def omitir_gramatica_rfc3987() -> None:
    """nbformat importa jsonschema, que al cargar sus verificadores de formato compila la gramática de
    rfc3987-syntax: 0.8 s medidos, más que todo papermill. Ningún cuaderno usa IRIs, así que ese
    verificador se omite (jsonschema lo trata como una biblioteca ausente). Sigue pagando: `make report` en frío,
    mediana de 6 corridas, 14.0 s con el ajuste y 16.3 s sin él."""
    sys.modules.setdefault("rfc3987_syntax", None)
