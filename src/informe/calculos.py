"""Todos los cálculos de un periodo en un solo paso, a partir de las tablas validadas.

Los cuadernos 2, 3 y 4 lo llaman sobre las mismas tablas de data/processed; como las
funciones son puras y rápidas, cada cuaderno se puede ejecutar por separado sin depender
de archivos intermedios de otro cuaderno.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import actividades as act
from . import calidad, config, esquemas, verificacion
from . import indicadores as ind
from .ingesta import DatosCrudos
from .periodos import Periodo

COLUMNAS_INDICADORES = [
    "codigo_aei", "codigo_indicador", "indicador", "unidad", "responsable", "logro_esperado", "valor_obtenido",
    "avance_pct", "avance_mostrado", "banda", "critica", "estado", "truncado", "fuera_de_plazo",
]


@dataclass
class Resultados:
    periodo: Periodo
    datos: DatosCrudos
    indicadores: pd.DataFrame
    aei: pd.DataFrame
    aei_criticas: pd.DataFrame
    conclusiones: pd.DataFrame
    oei: pd.DataFrame
    historial: pd.DataFrame
    actividades: pd.DataFrame
    actividades_criticas: pd.DataFrame
    resumen_poi: dict
    resumen_pei: dict
    hallazgos: pd.DataFrame
    verificacion: pd.DataFrame | None = None


def calcular(datos: DatosCrudos, periodo: Periodo | str, dir_crudos=config.DIR_CRUDOS) -> Resultados:
    periodo = Periodo.desde_texto(str(periodo))
    tablas = datos.tablas
    indicadores = ind.tabla_indicadores(tablas, periodo)
    umbrales = config.umbrales(periodo)
    aei = ind.tabla_aei(indicadores, tablas["aei"], umbrales.aei_critica)
    vacias = pd.DataFrame({
        c.nombre: pd.Series(dtype="float64" if c.tipo == "numero" else "object") for c in esquemas.POI_ACTIVIDADES.columnas
    })
    actividades = act.tabla_actividades(tablas.get("poi_actividades", vacias), aei, umbrales.actividad_critica)
    resultados = Resultados(
        periodo=periodo,
        datos=datos,
        indicadores=indicadores,
        aei=aei,
        aei_criticas=ind.aei_criticas(aei, indicadores),
        conclusiones=ind.conclusiones(aei),
        oei=ind.conteos_por_oei(aei, indicadores, tablas["oei"]),
        historial=ind.historial(tablas, periodo),
        actividades=actividades,
        actividades_criticas=act.actividades_criticas(actividades),
        resumen_poi=act.resumen_poi(actividades, tablas.get("poi_resumen_declarado")),
        resumen_pei=ind.resumen_pei(aei, indicadores),
        hallazgos=calidad.hallazgos(tablas, dir_crudos, periodo.codigo),
    )
    if "cifras_publicadas" in tablas:
        resultados.verificacion = verificacion.verificar(resultados, tablas["cifras_publicadas"])
    return resultados


def tablas_pei(res: Resultados) -> dict[str, pd.DataFrame]:
    """Tablas del PEI que se entregan en tablas/*.csv."""
    desgloses = res.datos.tablas.get("desgloses")
    tablas = {
        "indicadores": res.indicadores[COLUMNAS_INDICADORES],
        "aei": res.aei,
        "aei_criticas": res.aei_criticas,
        "conclusiones": res.conclusiones,
        "conteos_oei": res.oei,
        "historial": res.historial,
    }
    if desgloses is not None:
        tablas["desgloses"] = desgloses.drop(columns=[c for c in ("_fila", "fila_origen") if c in desgloses])
    tablas["hallazgos_calidad"] = res.hallazgos
    if res.verificacion is not None:
        tablas["verificacion"] = res.verificacion
    return tablas


def tablas_poi(res: Resultados) -> dict[str, pd.DataFrame]:
    """Tablas del POI que se entregan en tablas/*.csv."""
    return {
        "actividades_criticas": res.actividades_criticas,
        "poi_resumen": act.tabla_resumen_poi(res.resumen_poi),
    }


def tablas_publicables(res: Resultados) -> dict[str, pd.DataFrame]:
    """Todas las tablas del informe: las del PEI y las del POI."""
    return {**tablas_pei(res), **tablas_poi(res)}
