"""Desgloses cualitativos de una AEI (Gráficos N° 1–3 del informe publicado) y el total al que deben llegar.

La regla del total vive solo aquí; el gráfico, la frase del informe y el hallazgo de calidad la leen
de `resumen`:
- partes en porcentaje: deben sumar 100%;
- partes en número: deben sumar el valor obtenido del indicador de la AEI, si la AEI tiene un solo
  indicador (con varios no se sabe cuál desglosan, y no se compara).
"""

from __future__ import annotations

import pandas as pd

from .. import formato
from ..vocabulario import Unidad


def nombre_de_figura(codigo_aei: str, desglose: str) -> str:
    """Archivo (sin extensión) del gráfico de un desglose en figuras/."""
    return f"desglose_{codigo_aei.replace('.', '_')}_{desglose}"


def total_esperado(unidad: str, valores_del_indicador: pd.Series) -> float | None:
    """A cuánto deben sumar las partes: 100 si son porcentajes; el valor del único indicador si son números."""
    if unidad == Unidad.PORCENTAJE:
        return 100.0
    if len(valores_del_indicador) == 1 and not formato.es_nulo(valores_del_indicador.iloc[0]):
        return float(valores_del_indicador.iloc[0])
    return None


def resumen(desgloses: pd.DataFrame | None, indicadores: pd.DataFrame) -> list[dict]:
    """Por cada desglose: su total esperado, la suma de sus partes y la diferencia (redondeada a 2 decimales)."""
    if desgloses is None or desgloses.empty:
        return []
    filas = []
    for (codigo, clave), grupo in desgloses.groupby(["codigo_aei", "desglose"], sort=False):
        propios = indicadores[indicadores["codigo_aei"] == codigo]
        unidad = grupo["unidad"].iloc[0]
        total = total_esperado(unidad, propios["valor_obtenido"])
        suma = float(grupo["valor"].sum())
        filas.append({
            "codigo_aei": codigo, "desglose": clave, "titulo": grupo["titulo"].iloc[0], "unidad": unidad,
            "total": total, "suma": suma, "categorias": len(grupo),
            "diferencia": formato.redondear(total - suma, 2) if total is not None else None,
            "figura": nombre_de_figura(codigo, clave),
            # Solo los que el informe publicado grafica junto a su AEI; los demás, en el anexo (misma numeración).
            "junto_a_la_aei": bool(grupo["grafico"].all()) if "grafico" in grupo else True,
            "filas_origen": [int(f) for f in grupo["fila_origen"]] if "fila_origen" in grupo else [],
        })
    return filas
