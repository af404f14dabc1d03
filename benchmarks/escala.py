"""Tiempo y memoria de los cálculos de los cuadernos 2 y 3 sobre datos SINTÉTICOS de muchas entidades.

Uso: python -m benchmarks.escala --entidades 2000 --filas 1000000
Imprime una línea JSON. Cada tamaño se mide en su propio proceso para que la memoria máxima sea la suya.
"""

from __future__ import annotations

import argparse
import json
import resource
import time

from informe import config
from informe.calculo import actividades as act
from informe.calculo import indicadores as ind
from informe.periodos import Periodo

from .sintetico import generar


def medir(entidades: int, filas: int) -> dict:
    tablas = generar(entidades, filas)
    periodo = Periodo.desde_texto("2023-I")
    umbrales = config.umbrales(periodo)
    inicio = time.perf_counter()
    indicadores = ind.tabla_indicadores(tablas, periodo)
    aei = ind.tabla_aei(indicadores, tablas["aei"], umbrales.aei_critica)
    bandas = ind.conclusiones(aei)
    criticas_aei = int(aei["critica"].sum())
    t_pei = time.perf_counter() - inicio
    inicio = time.perf_counter()
    actividades = act.tabla_actividades(tablas["poi_actividades"], aei, umbrales.actividad_critica)
    criticas = act.actividades_criticas(actividades)
    resumen = act.resumen_poi(actividades, None)
    t_poi = time.perf_counter() - inicio
    return {
        "datos": "sintéticos", "entidades": entidades, "indicadores": len(indicadores), "aei": len(aei),
        "actividades": len(actividades), "aei_criticas": criticas_aei, "actividades_criticas": len(criticas),
        "bandas": int(bandas["numero_aei"].sum()), "ejecucion_fisica_pct": round(resumen["ejecucion_fisica_pct"].valor, 3),
        "segundos_pei": round(t_pei, 3), "segundos_poi": round(t_poi, 3),
        "memoria_max_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


if __name__ == "__main__":
    lector = argparse.ArgumentParser()
    lector.add_argument("--entidades", type=int, default=2000)
    lector.add_argument("--filas", type=int, default=1_000_000)
    argumentos = lector.parse_args()
    print(json.dumps(medir(argumentos.entidades, argumentos.filas), ensure_ascii=False))
