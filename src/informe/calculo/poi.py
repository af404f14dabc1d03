"""Etapa de cálculo del POI y de la verificación: actividades operativas, actividades críticas, cifras
agregadas del POI y contraste de las cifras del informe publicado.

La verificación va aquí y no en la etapa del PEI porque el informe publicado mezcla cifras de los dos
planes (avances de AEI y conteos por OEI junto a la ejecución física y financiera del POI): esta es la
primera etapa que tiene ambas. Del PEI lee lo que escribió su etapa (`tablas/*.csv` y
`tablas/cifras_pei.json`), sin recalcularlo. Escribe sus tablas, `tablas/cifras_poi.json` y el libro
`tablas/tablas.xlsx` con todas las tablas del periodo.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import config
from ..datos import esquemas
from ..datos.ingesta import DatosCrudos
from ..periodos import Periodo
from ..vocabulario import Origen
from . import actividades as act
from . import libro, pei, tablas, verificacion

TABLAS, CIFRAS, LIBRO = config.TABLAS_POI, config.CIFRAS_POI, config.LIBRO_DE_TABLAS
TABLAS_DEL_PEI_QUE_LEE = ("indicadores", "aei", "conteos_oei", "conclusiones")


@dataclass
class ResultadosPOI:
    periodo: Periodo
    actividades: pd.DataFrame
    actividades_criticas: pd.DataFrame
    resumen: dict[str, act.Cifra]
    verificacion: pd.DataFrame | None
    sintetico: bool = False  # la entidad de ejemplo: el libro de tablas lo advierte en su primera hoja
    entidad: str = ""  # su nombre, en el título del libro de tablas

    @property
    def titulo_del_libro(self) -> str:
        de_quien = f"{self.entidad}: " if self.entidad else ""
        return f"{de_quien}tablas del informe de evaluación, {self.periodo.nombre}"

    def tablas(self) -> dict[str, pd.DataFrame]:
        return {
            **({"verificacion": self.verificacion} if self.verificacion is not None else {}),
            "actividades_criticas": self.actividades_criticas,
            "poi_resumen": act.tabla_resumen_poi(self.resumen),
        }

    def cifras(self) -> dict:
        criticas = self.actividades_criticas
        return {
            "poi": {str(concepto): cifra.a_json() for concepto, cifra in self.resumen.items()},
            "actividades_registradas": len(self.actividades),
            "actividades_criticas": len(criticas),
            "aei_con_actividades_criticas": int(criticas["codigo_aei"].nunique()),
            "aei_no_criticas_con_actividades_criticas": sorted(set(criticas.loc[~criticas["aei_critica"], "codigo_aei"])),
            "actividades_criticas_declaradas": int((criticas["origen_ejecucion"] == Origen.DECLARADO).sum()),
            "verificacion": verificacion.resumen(self.verificacion) if self.verificacion is not None else None,
        }


def _actividades_vacias() -> pd.DataFrame:
    return pd.DataFrame({
        c.nombre: pd.Series(dtype="float64" if c.tipo == "numero" else "object") for c in esquemas.POI_ACTIVIDADES.columnas
    })


def calcular(datos: DatosCrudos, periodo: Periodo, dir_tablas: Path) -> ResultadosPOI:
    """`dir_tablas` es donde la etapa del PEI dejó sus tablas: de ahí se toma el avance de cada AEI."""
    del_pei = tablas.leer_tablas(dir_tablas, TABLAS_DEL_PEI_QUE_LEE)
    t = datos.tablas
    actividades = act.tabla_actividades(t.get("poi_actividades", _actividades_vacias()), del_pei["aei"],
                                        config.umbrales(periodo).actividad_critica)
    completo = bool(datos.metadatos.get("periodo", {}).get("poi_completo", False))
    resumen = act.resumen_poi(actividades, t.get("poi_resumen_declarado"), completo)
    contraste = None
    if "cifras_publicadas" in t:
        base = verificacion.Resultados(
            periodo=periodo, indicadores=del_pei["indicadores"], aei=del_pei["aei"], oei=del_pei["conteos_oei"],
            conclusiones=del_pei["conclusiones"], resumen_pei=tablas.leer_json(Path(dir_tablas) / pei.CIFRAS),
            resumen_poi=resumen, metas=t["metas"],
        )
        contraste = verificacion.verificar(base, t["cifras_publicadas"])
    entidad = datos.metadatos.get("entidad", {})
    return ResultadosPOI(periodo, actividades, act.actividades_criticas(actividades), resumen, contraste,
                         bool(entidad.get("sintetico", False)), str(entidad.get("nombre", "")))


def escribir(res: ResultadosPOI, dir_tablas: Path) -> dict[str, Path]:
    """Escribe las tablas del POI y de la verificación, sus cifras y el libro Excel con todas las tablas."""
    dir_tablas = Path(dir_tablas)
    escritos = {nombre: tablas.escribir_csv(tabla, dir_tablas / f"{nombre}.csv") for nombre, tabla in res.tablas().items()}
    escritos[CIFRAS] = tablas.escribir_json(res.cifras(), dir_tablas / CIFRAS)
    # Las del PEI se leen de lo que escribió su etapa; las propias ya están en memoria.
    todas = {**tablas.leer_tablas(dir_tablas, pei.TABLAS), **res.tablas()}
    escritos[LIBRO] = libro.escribir_libro(todas, dir_tablas / LIBRO, res.titulo_del_libro,
                                           config.AVISO_SINTETICO if res.sintetico else "")
    return escritos
