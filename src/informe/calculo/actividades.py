"""Actividades operativas del POI: ejecución física y financiera, actividades críticas y agregados.

El archivo de actividades puede estar completo (una fila por actividad del POI, con metas
programadas y ejecutadas) o ser parcial. Una cifra agregada solo se calcula cuando las filas
la sostienen; si no, se usa la cifra que declaró la entidad y el informe lo dice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .. import config, formato
from ..vocabulario import ConceptoPOI, Origen, Unidad

CALCULADO, DECLARADO = Origen.CALCULADO, Origen.DECLARADO


def tabla_actividades(actividades: pd.DataFrame, aei: pd.DataFrame, umbral: float) -> pd.DataFrame:
    """Una fila por actividad con su ejecución del semestre y si es crítica."""
    tabla = actividades.copy()
    tiene_metas = tabla["meta_fisica_programada"].gt(0) & tabla["meta_fisica_ejecutada"].notna()
    calculada = tabla["meta_fisica_ejecutada"] / tabla["meta_fisica_programada"] * 100
    tabla["ejecucion_fisica_pct"] = calculada.where(tiene_metas, tabla["avance_declarado_pct"])
    tabla["origen_ejecucion"] = [str(CALCULADO if t else DECLARADO) for t in tiene_metas]
    tabla["ejecucion_fisica"] = formato.redondear_serie(tabla["ejecucion_fisica_pct"], config.DECIMALES_EJECUCION)
    con_pim = tabla["pim"].gt(0) & tabla["ejecutado"].notna()
    tabla["ejecucion_financiera_pct"] = (tabla["ejecutado"] / tabla["pim"] * 100).where(con_pim)
    # Se compara redondeada, como se publica (config.DECIMALES_EJECUCION).
    tabla["critica"] = tabla["ejecucion_fisica"].lt(umbral)
    if "nombre_en_texto" not in tabla:
        tabla["nombre_en_texto"] = ""
    claves = [c for c in ("entidad", "codigo_aei") if c in tabla.columns and c in aei.columns]
    estado_aei = aei[[*claves, "critica", "avance"]].rename(columns={"critica": "aei_critica", "avance": "avance_aei"})
    tabla = tabla.merge(estado_aei, on=claves, how="left")
    tabla["aei_critica"] = tabla["aei_critica"].fillna(False).astype(bool)
    columnas = [
        *claves[:-1], "codigo_aei", "avance_aei", "aei_critica", "id_actividad", "actividad", "meta_fisica_programada",
        "meta_fisica_ejecutada", "ejecucion_fisica_pct", "ejecucion_fisica", "origen_ejecucion", "pim", "ejecutado",
        "ejecucion_financiera_pct", "critica", "explicacion", "nombre_en_texto",
    ]
    return tabla[columnas].sort_values([*claves[:-1], "codigo_aei", "id_actividad"]).reset_index(drop=True)


def actividades_criticas(actividades: pd.DataFrame) -> pd.DataFrame:
    """Actividades cuya ejecución del periodo es menor que el umbral (ver `config.umbrales`)."""
    return actividades[actividades["critica"]].reset_index(drop=True)


@dataclass(frozen=True)
class Cifra:
    """Una cifra del POI con su origen: calculada desde las filas o declarada por la entidad."""

    valor: float
    origen: Origen
    unidad: Unidad

    def a_json(self) -> dict:
        return {"valor": self.valor if self.disponible else None, "origen": str(self.origen), "unidad": str(self.unidad)}

    @classmethod
    def de_json(cls, datos: dict) -> "Cifra":
        return cls(float("nan") if datos["valor"] is None else datos["valor"], Origen(datos["origen"]), Unidad(datos["unidad"]))

    @property
    def disponible(self) -> bool:
        return not formato.es_nulo(self.valor)


def resumen_poi(actividades: pd.DataFrame, declarado: pd.DataFrame | None, completo_declarado: bool = False) -> dict[str, Cifra]:
    """Agregados del POI. Se calculan si el archivo de actividades está completo (trae tantas actividades como el
    total que declara la entidad, o el periodo dice `poi_completo = true`) y cada una tiene sus metas; si no, se
    toman los declarados."""
    declarados = {} if declarado is None else dict(zip(declarado["concepto"], declarado["valor"]))
    unidades = {} if declarado is None else dict(zip(declarado["concepto"], declarado["unidad"]))
    total_declarado = declarados.get(ConceptoPOI.TOTAL_ACTIVIDADES)
    completo = (
        len(actividades) > 0
        and (actividades["origen_ejecucion"] == CALCULADO).all()
        and (completo_declarado or total_declarado is None or len(actividades) == total_declarado)
    )
    con_pim = actividades["pim"].gt(0).all() and actividades["ejecutado"].notna().all() if len(actividades) else False

    def tomar(concepto: str, calculo, unidad: str, se_puede: bool = True) -> Cifra:
        if completo and se_puede:
            return Cifra(float(calculo()), CALCULADO, unidad)
        return Cifra(float(declarados.get(concepto, math.nan)), DECLARADO, unidades.get(concepto, unidad))

    # Ejecución física del POI: promedio simple de la ejecución de cada actividad, porque las metas
    # de actividades distintas (reuniones, expedientes, exámenes…) no se pueden sumar entre sí.
    ejecucion = actividades["ejecucion_fisica_pct"]
    c = ConceptoPOI
    return {
        c.TOTAL_ACTIVIDADES: tomar(c.TOTAL_ACTIVIDADES, lambda: len(actividades), Unidad.NUMERO),
        c.ACTIVIDADES_DESTACADAS_PCT: tomar(
            c.ACTIVIDADES_DESTACADAS_PCT, lambda: (ejecucion > config.UMBRAL_ACTIVIDAD_DESTACADA).mean() * 100, Unidad.PORCENTAJE,
        ),
        c.EJECUCION_FISICA_PCT: tomar(c.EJECUCION_FISICA_PCT, lambda: ejecucion.mean(), Unidad.PORCENTAJE),
        c.EJECUCION_FINANCIERA_MONTO: tomar(c.EJECUCION_FINANCIERA_MONTO, lambda: actividades["ejecutado"].sum(), Unidad.SOLES, con_pim),
        c.EJECUCION_FINANCIERA_PCT_PIM: tomar(
            c.EJECUCION_FINANCIERA_PCT_PIM, lambda: actividades["ejecutado"].sum() / actividades["pim"].sum() * 100,
            Unidad.PORCENTAJE, con_pim,
        ),
    }


def tabla_resumen_poi(resumen: dict[str, Cifra]) -> pd.DataFrame:
    return pd.DataFrame([
        {"concepto": str(k), "valor": c.valor, "unidad": str(c.unidad), "origen": str(c.origen)} for k, c in resumen.items()
    ])
