"""Etapa de cálculo del PEI: avance de indicadores y AEI, bandas, AEI críticas, conteos por OEI,
historial, desgloses, gráficos y hallazgos de calidad de los datos.

Lee las tablas validadas de data/processed y escribe en reports/<periodo>/: `tablas/*.csv`,
`figuras/*` y `tablas/cifras_pei.json` (las cifras de cabecera que cita la redacción). Las etapas
siguientes leen esos archivos; nada se vuelve a calcular.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import config
from ..datos.ingesta import DatosCrudos
from ..periodos import Periodo
from . import calidad, graficos, tablas
from . import desgloses as desg
from . import indicadores as ind

COLUMNAS_INDICADORES = [
    "codigo_aei", "codigo_indicador", "indicador", "unidad", "responsable", "logro_esperado", "valor_obtenido",
    "avance_pct", "avance_mostrado", "banda", "critica", "estado", "truncado", "fuera_de_plazo",
    # Para la redacción y los auditores: de qué OEI es, quién informa, el avance publicado y de qué filas sale.
    "codigo_oei", "fuente_seguimiento", "avance", "fila_meta", "fila_valor", "sentido",
    "explicacion",  # causas y medidas que reportó el área (sección 2.2)
]
TABLAS, CIFRAS = config.TABLAS_PEI, config.CIFRAS_PEI
FIGURA_AVANCE_AEI = "avance_aei"
FIGURA_HISTORIAL = "historial_avance"


@dataclass
class ResultadosPEI:
    periodo: Periodo
    indicadores: pd.DataFrame
    aei: pd.DataFrame
    aei_criticas: pd.DataFrame
    conclusiones: pd.DataFrame
    oei: pd.DataFrame
    historial: pd.DataFrame
    desgloses: pd.DataFrame
    totales_desgloses: list[dict]
    hallazgos: pd.DataFrame
    resumen: dict

    def tablas(self) -> dict[str, pd.DataFrame]:
        return {
            "indicadores": self.indicadores[COLUMNAS_INDICADORES], "aei": self.aei, "aei_criticas": self.aei_criticas,
            "conclusiones": self.conclusiones, "conteos_oei": self.oei, "historial": self.historial,
            **({"desgloses": self.desgloses.drop(columns=["fila_origen"])} if len(self.desgloses) else {}),
            "hallazgos_calidad": self.hallazgos,
        }

    def cifras(self) -> dict:
        return {**self.resumen, "desgloses": self.totales_desgloses}


def calcular(datos: DatosCrudos, periodo: Periodo, dir_crudos: Path = config.DIR_CRUDOS) -> ResultadosPEI:
    t = datos.tablas
    umbrales = config.umbrales(periodo)
    indicadores = ind.tabla_indicadores(t, periodo)
    aei = ind.tabla_aei(indicadores, t["aei"], umbrales.aei_critica)
    desgloses = t.get("desgloses", pd.DataFrame(columns=["codigo_aei", "desglose", "titulo", "categoria", "valor", "unidad",
                                                         "fuente_publicacion", "fila_origen"]))
    return ResultadosPEI(
        periodo=periodo, indicadores=indicadores, aei=aei,
        aei_criticas=ind.aei_criticas(aei, indicadores),
        conclusiones=ind.conclusiones(aei),
        oei=ind.conteos_por_oei(aei, indicadores, t["oei"]),
        historial=ind.historial(t, periodo),
        desgloses=desgloses,
        totales_desgloses=desg.resumen(desgloses, indicadores),
        hallazgos=calidad.hallazgos(t, Path(dir_crudos), periodo.codigo, datos.metadatos.get("periodo", {}).get("observaciones_aceptadas"),
                                    indicadores.merge(aei[["codigo_aei", "critica"]].rename(columns={"critica": "aei_critica"}))),
        resumen=ind.resumen_pei(aei, indicadores),
    )


def figuras(res: ResultadosPEI) -> dict[str, object]:
    """Los gráficos del PEI, por nombre de archivo (sin extensión)."""
    graficos.configurar()
    figuras = {
        FIGURA_AVANCE_AEI: graficos.grafico_avance_aei(res.aei, config.umbrales(res.periodo).aei_critica),
        FIGURA_HISTORIAL: graficos.grafico_historial(res.historial, res.indicadores, res.periodo),
    }
    for total in res.totales_desgloses:
        partes = res.desgloses[(res.desgloses["codigo_aei"] == total["codigo_aei"]) & (res.desgloses["desglose"] == total["desglose"])]
        figuras[total["figura"]] = graficos.grafico_desglose(partes, total["unidad"])
    return figuras


def escribir(res: ResultadosPEI, dir_tablas: Path, dir_figuras: Path) -> dict[str, Path]:
    """Escribe tablas, cifras y gráficos; devuelve lo escrito, por nombre."""
    escritos = {nombre: tablas.escribir_csv(tabla, Path(dir_tablas) / f"{nombre}.csv") for nombre, tabla in res.tablas().items()}
    escritos[CIFRAS] = tablas.escribir_json(res.cifras(), Path(dir_tablas) / CIFRAS)
    for nombre, figura in figuras(res).items():
        graficos.guardar(figura, Path(dir_figuras) / nombre)
        escritos[nombre] = Path(dir_figuras) / f"{nombre}.svg"
    return escritos
