"""Lo que lee la redacción: las tablas y cifras que escribieron las etapas de cálculo, y los textos
validados por la ingesta. La redacción no calcula nada: si una cifra no está aquí, no la puede decir.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import config, entidades
from ..calculo import pei, poi, tablas
from ..calculo.actividades import Cifra
from ..config import Rutas
from ..datos.ingesta import leer_procesados
from ..periodos import Periodo


@dataclass
class Insumos:
    periodo: Periodo
    indicadores: pd.DataFrame
    aei: pd.DataFrame
    aei_criticas: pd.DataFrame
    conclusiones: pd.DataFrame
    oei: pd.DataFrame
    historial: pd.DataFrame
    desgloses: pd.DataFrame
    hallazgos: pd.DataFrame
    verificacion: pd.DataFrame | None
    actividades_criticas: pd.DataFrame
    resumen_pei: dict
    totales_desgloses: list[dict]
    resumen_poi: dict[str, Cifra]
    cifras_poi: dict
    textos: dict[str, str]
    destacados: dict[str, str]
    metadatos: dict
    tablas_de_texto: dict[str, pd.DataFrame]
    leidos: dict[str, dict]
    figuras: Path
    orden_auditoria: str
    """El comando que vuelve a ejecutar y comparar este informe (con ENTIDAD si no es la predeterminada)."""
    carpeta_datos: str
    """Dónde están los datos crudos, como la nombra la nota técnica («data/raw», «data/entidades/gore-ejemplo»): relativa
    a la raíz, sin una ruta de la máquina (una copia de fuera, como las de las pruebas, es la entidad predeterminada)."""


def leer(periodo: Periodo, rutas: Rutas) -> Insumos:
    """Lee las salidas de las etapas anteriores del periodo."""
    t = tablas.leer_tablas(rutas.tablas, pei.TABLAS + poi.TABLAS)
    cifras_pei = tablas.leer_json(rutas.tablas / pei.CIFRAS)
    cifras_poi = tablas.leer_json(rutas.tablas / poi.CIFRAS)
    procesados = leer_procesados(rutas.procesados, config.PROCESADOS_INFORME)
    vacia = pd.DataFrame(columns=["codigo_aei", "desglose", "titulo", "categoria", "valor", "unidad"])
    entidad = entidades.de_crudos(rutas.crudos)
    return Insumos(
        periodo=periodo,
        indicadores=t["indicadores"], aei=t["aei"], aei_criticas=t["aei_criticas"], conclusiones=t["conclusiones"],
        oei=t["conteos_oei"], historial=t["historial"], desgloses=t.get("desgloses", vacia), hallazgos=t["hallazgos_calidad"],
        verificacion=t.get("verificacion"), actividades_criticas=t["actividades_criticas"],
        resumen_pei={k: v for k, v in cifras_pei.items() if k != "desgloses"}, totales_desgloses=cifras_pei["desgloses"],
        resumen_poi={k: Cifra.de_json(v) for k, v in cifras_poi["poi"].items()}, cifras_poi=cifras_poi,
        textos=procesados.textos, destacados=procesados.destacados, metadatos=procesados.metadatos,
        tablas_de_texto=procesados.tablas, leidos=procesados.leidos, figuras=rutas.figuras,
        orden_auditoria=entidad.orden("audit", periodo.codigo),
        carpeta_datos=entidades.lugar(entidad.nombre, Path()).crudos.as_posix(),
    )
