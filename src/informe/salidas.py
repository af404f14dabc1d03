"""Escritura de tablas para analistas: CSV UTF-8 y un libro Excel con una hoja por tabla.

Los textos que empiezan con =, +, - o @ se escriben precedidos de un apóstrofo para que
Excel no los ejecute como fórmulas al abrir el archivo.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import xlsxwriter

_INICIO_FORMULA = ("=", "+", "-", "@")
_FECHA_FIJA = dt.datetime(2000, 1, 1)  # el libro no lleva la fecha de creación: mismo contenido, mismos bytes


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


def escribir_excel(tablas: dict[str, pd.DataFrame], ruta: Path) -> Path:
    """Un libro con una hoja por tabla, en el orden del diccionario."""
    ruta = Path(ruta)
    ruta.parent.mkdir(parents=True, exist_ok=True)
    libro = xlsxwriter.Workbook(str(ruta), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
    libro.set_properties({"created": _FECHA_FIJA, "author": "", "title": "Tablas del informe"})
    negrita = libro.add_format({"bold": True})
    for nombre, tabla in tablas.items():
        hoja = libro.add_worksheet(nombre[:31])
        tabla = _para_csv(tabla)
        for j, columna in enumerate(tabla.columns):
            hoja.write_string(0, j, str(columna), negrita)
            hoja.set_column(j, j, min(max(len(str(columna)), 10), 60))
        for i, fila in enumerate(tabla.itertuples(index=False), start=1):
            for j, valor in enumerate(fila):
                if isinstance(valor, (int, float)) and not isinstance(valor, bool):
                    if valor == valor:  # NaN queda como celda vacía
                        hoja.write_number(i, j, valor)
                elif valor is not None and valor == valor:
                    hoja.write_string(i, j, str(valor))
        hoja.freeze_panes(1, 0)
    libro.close()
    return ruta
