"""Generador de datos de seguimiento SINTÉTICOS para medir la escala.

Nada de esto es un dato real: son tablas con la misma forma que las validadas por la ingesta,
para muchas entidades a la vez (columna `entidad`), generadas con una semilla fija. Solo se
usan en benchmarks/; nunca se escriben en data/.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SEMILLA = 20230630
INDICADORES_POR_ENTIDAD = 40
AEI_POR_OEI = 5


def generar(entidades: int, filas_poi: int, semilla: int = SEMILLA) -> dict[str, pd.DataFrame]:
    """Tablas sintéticas: `entidades` × 40 indicadores (uno por AEI) y `filas_poi` actividades."""
    azar = np.random.default_rng(semilla)
    n = entidades * INDICADORES_POR_ENTIDAD
    entidad = np.repeat([f"SINT{e:05d}" for e in range(entidades)], INDICADORES_POR_ENTIDAD)
    k = np.tile(np.arange(INDICADORES_POR_ENTIDAD), entidades)
    oei = k // AEI_POR_OEI + 1
    codigo_aei = pd.Series([f"AEI.{o:02d}.{a:02d}" for o, a in zip(oei, k % AEI_POR_OEI + 1)])
    codigo_ind = "IND." + codigo_aei.str[4:] + ".01"
    aei = pd.DataFrame({
        "entidad": entidad, "codigo_aei": codigo_aei, "codigo_oei": [f"OEI.{o:02d}" for o in oei],
        "nombre_aei": "AEI sintética", "fila_origen": np.arange(n) + 2,
    })
    indicadores = pd.DataFrame({
        "entidad": entidad, "codigo_indicador": codigo_ind, "codigo_aei": codigo_aei, "indicador": "Indicador sintético",
        "unidad": "Número", "responsable": "SINT", "fuente_seguimiento": "sintético", "fila_origen": np.arange(n) + 2,
    })
    meta = azar.integers(0, 60, n).astype(float)  # incluye metas 0 (sin programación)
    valor = np.floor(meta * azar.uniform(0, 1.4, n))
    valor[azar.uniform(size=n) < 0.03] = np.nan  # 3 % ND
    metas = pd.DataFrame({"entidad": entidad, "codigo_indicador": codigo_ind, "anio": 2023, "logro_esperado": meta, "fila_origen": np.arange(n) + 2})
    valores = pd.DataFrame({
        "entidad": entidad, "codigo_indicador": codigo_ind, "periodo": "2023-I", "valor_obtenido": valor,
        "fuera_de_plazo": azar.uniform(size=n) < 0.1, "fila_origen": np.arange(n) + 2,
    })
    fila_aei = azar.integers(0, n, filas_poi)
    programada = azar.integers(1, 50, filas_poi).astype(float)
    pim = np.round(azar.uniform(1e3, 1e6, filas_poi), 2)
    actividades = pd.DataFrame({
        "entidad": entidad[fila_aei], "codigo_aei": codigo_aei.to_numpy()[fila_aei],
        "id_actividad": [f"AOI{i:011d}" for i in range(filas_poi)], "actividad": "ACTIVIDAD SINTÉTICA",
        "meta_fisica_programada": programada, "meta_fisica_ejecutada": np.floor(programada * azar.uniform(0, 1.2, filas_poi)),
        "avance_declarado_pct": np.nan, "pim": pim, "ejecutado": np.round(pim * azar.uniform(0, 1, filas_poi), 2),
        "explicacion": "", "fila_origen": np.arange(filas_poi) + 2,
    })
    return {"aei": aei, "indicadores": indicadores, "metas": metas, "valores": valores, "poi_actividades": actividades}
