"""Tablas de resultados: CSV UTF-8 y JSON, y su lectura con tipos (el libro Excel para analistas: `libro`).

Los textos que empiezan con =, +, - o @ se escriben precedidos de un apóstrofo para que
Excel no los ejecute como fórmulas al abrir el archivo.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

_INICIO_FORMULA = ("=", "+", "-", "@")


def neutralizar_formula(valor):
    if isinstance(valor, str) and valor.startswith(_INICIO_FORMULA):
        return "'" + valor
    return valor


def _para_csv(tabla: pd.DataFrame) -> pd.DataFrame:
    tabla = tabla.copy()
    for columna in tabla.columns:
        if tabla[columna].dtype == bool:
            tabla[columna] = tabla[columna].map({True: "true", False: "false"})
        elif pd.api.types.is_string_dtype(tabla[columna]) or pd.api.types.is_object_dtype(tabla[columna]):
            tabla[columna] = tabla[columna].map(neutralizar_formula)
    return tabla


def escribir_csv(tabla: pd.DataFrame, ruta: Path) -> Path:
    ruta = Path(ruta)
    ruta.parent.mkdir(parents=True, exist_ok=True)
    _para_csv(tabla).to_csv(ruta, index=False, encoding="utf-8", lineterminator="\n")
    return ruta


# --- Lectura de las tablas que escribió una etapa de cálculo, con sus tipos -------------------------
# Las etapas siguientes (el POI, que lee el avance de las AEI; la redacción, que lee todo) leen las
# tablas de tablas/*.csv en lugar de recalcularlas. Cada columna se llama igual en todas las tablas,
# así que su tipo se declara una sola vez.

NUMERICAS = {
    "logro_esperado", "valor_obtenido", "avance_pct", "avance", "porcentaje_aei", "valor", "meta_fisica_programada",
    "meta_fisica_ejecutada", "ejecucion_fisica_pct", "ejecucion_fisica", "pim", "ejecutado", "ejecucion_financiera_pct",
    "diferencia", "avance_declarado_pct", "avance_sin_truncar", "avance_aei",
}
ENTERAS = {"indicadores", "indicadores_programados", "numero_aei", "aei_pei", "aei_programadas", "anio", "fila_meta", "fila_valor"}
LOGICAS = {"critica", "truncado", "fuera_de_plazo", "aei_critica"}
MIXTAS = {"valor_calculado"}
"""Un número o un texto (lo que dan los datos para una afirmación del informe publicado)."""


def _numero_o_texto(texto: str):
    if texto == "":
        return float("nan")
    try:
        return float(texto)
    except ValueError:
        return texto


def _sin_neutralizar(texto: str) -> str:
    return texto[1:] if texto[:1] == "'" and texto[1:2] in _INICIO_FORMULA else texto


def leer_csv(ruta: Path) -> pd.DataFrame:
    """Lee una tabla escrita con `escribir_csv` y le devuelve sus tipos (números, enteros, sí/no, textos)."""
    tabla = pd.read_csv(ruta, dtype=str, keep_default_na=False)
    for columna in tabla.columns:
        celdas = tabla[columna]
        if columna in NUMERICAS:
            tabla[columna] = pd.to_numeric(celdas.replace("", None), errors="raise").astype("float64")
        elif columna in ENTERAS:
            numeros = pd.to_numeric(celdas.replace("", None), errors="raise").astype("float64")
            tabla[columna] = numeros.astype(int) if numeros.notna().all() else numeros
        elif columna in LOGICAS:
            tabla[columna] = celdas.eq("true")
        elif columna in MIXTAS:
            tabla[columna] = celdas.map(_numero_o_texto).astype(object)
        else:
            tabla[columna] = celdas.map(_sin_neutralizar)
    return tabla


def leer_tablas(carpeta: Path, nombres) -> dict[str, pd.DataFrame]:
    """Las tablas `nombres` de `carpeta` (las que existan)."""
    return {n: leer_csv(Path(carpeta) / f"{n}.csv") for n in nombres if (Path(carpeta) / f"{n}.csv").exists()}


def escribir_json(contenido: dict, ruta: Path) -> Path:
    """Cifras para la redacción: JSON ordenado, mismo contenido, mismos bytes."""
    ruta = Path(ruta)
    ruta.parent.mkdir(parents=True, exist_ok=True)
    ruta.write_text(json.dumps(contenido, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False, default=_a_json) + "\n",
                    encoding="utf-8")
    return ruta


def _a_json(valor):
    if hasattr(valor, "item"):  # números de numpy
        return valor.item()
    raise TypeError(f"No se puede escribir {type(valor).__name__} en JSON")


def leer_json(ruta: Path) -> dict:
    return json.loads(Path(ruta).read_text(encoding="utf-8"))
