"""Cálculo del avance de indicadores y AEI, bandas, AEI críticas y conteos por OEI.

Cada regla viene de `config`; aquí solo se aplica. Los avances se guardan sin redondear
(`avance_pct`) y, aparte, como se publican (`avance_publicado`, redondeado y truncado).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import config, formato
from ..periodos import Periodo
from ..vocabulario import ClaveBanda, Estado, Sentido

CON_AVANCE, SIN_PROGRAMACION, SIN_DATO = Estado.CON_AVANCE, Estado.SIN_PROGRAMACION, Estado.SIN_DATO


# Cada regla está escrita una vez, para columnas enteras (las tablas de todo el periodo, o de miles de
# entidades). Las funciones de un solo valor la aplican a una columna de un elemento: son las que
# documentan la regla con ejemplos y las que usan las frases del informe.


def estados(valor: pd.Series, meta: pd.Series) -> pd.Series:
    """Estado de cada indicador: meta nula o cero es «sin programación»; valor faltante es ND."""
    estado = np.select([meta.isna() | meta.eq(0), valor.isna()], [str(SIN_PROGRAMACION), str(SIN_DATO)], str(CON_AVANCE))
    return pd.Series(estado, index=valor.index, dtype=object)


def avances(valor: pd.Series, meta: pd.Series, estado: pd.Series, sentido: pd.Series | None = None) -> pd.Series:
    """Avance (%) sin redondear ni truncar, con la fórmula del sentido de cada indicador (`config.FORMULAS_POR_SENTIDO`;
    ascendente: valor obtenido / logro esperado anual × 100); NaN si no se calcula."""
    sentido = pd.Series(str(Sentido.ASCENDENTE), index=valor.index) if sentido is None else sentido
    resultado = pd.Series(np.nan, index=valor.index, dtype="float64")
    for clave, formula in config.FORMULAS_POR_SENTIDO.items():
        cuales = sentido.eq(str(clave))
        if cuales.any():
            resultado[cuales] = formula(valor[cuales], meta[cuales])
    return resultado.where(estado.eq(CON_AVANCE))


def inferir_sentido(metas: list[float]) -> Sentido | None:
    """Sentido de un indicador por sus logros esperados anuales en orden (sin los vacíos ni los ceros, que son «sin
    programación»): nunca bajan y suben alguna vez, ascendente; nunca suben y bajan alguna vez, descendente; todos
    iguales (o uno solo), constante; suben y bajan, None: hay que declararlo.

    >>> [str(inferir_sentido(m)) for m in ([1, 3, 11], [18, 15], [5, 5], [0, 4, 0])], inferir_sentido([1207, 1058, 1300])
    (['ascendente', 'descendente', 'constante', 'constante'], None)
    """
    serie = [m for m in metas if m == m and m != 0]
    pasos = [b - a for a, b in zip(serie, serie[1:])]
    if all(p == 0 for p in pasos):
        return Sentido.CONSTANTE
    if all(p >= 0 for p in pasos):
        return Sentido.ASCENDENTE
    if all(p <= 0 for p in pasos):
        return Sentido.DESCENDENTE
    return None


def sentidos(indicadores: pd.DataFrame, metas: pd.DataFrame) -> pd.Series:
    """El sentido de cada indicador: el declarado o, si la celda está vacía, el inferido de sus metas (la ingesta ya
    rechazó los que no se pueden inferir; si llega uno así, se mide como ascendente)."""
    declarado = (indicadores["sentido"] if "sentido" in indicadores else pd.Series("", index=indicadores.index)).fillna("").astype(str)
    if declarado.ne("").all():
        return declarado
    clave = [c for c in ("entidad", "codigo_indicador") if c in indicadores.columns and c in metas.columns]
    por_indicador = metas.sort_values("anio").groupby(clave)["logro_esperado"].apply(list)
    claves = pd.MultiIndex.from_frame(indicadores[clave]) if len(clave) > 1 else indicadores["codigo_indicador"]
    inferido = [str(inferir_sentido(por_indicador.get(k, [])) or Sentido.ASCENDENTE) for k in claves]
    return declarado.where(declarado.ne(""), pd.Series(inferido, index=indicadores.index))


def publicados(avance_pct: pd.Series) -> pd.Series:
    """Avance como se publica: redondeado a un decimal (mitad hacia arriba) y truncado al tope."""
    return formato.redondear_serie(avance_pct).clip(upper=config.TOPE_AVANCE)


def bandas(estado: pd.Series, avance: pd.Series) -> pd.Series:
    """Clave de la banda de `config.BANDAS` de cada avance ya publicado."""
    condiciones = [estado.eq(SIN_DATO), estado.eq(SIN_PROGRAMACION), avance.eq(0)]
    claves = [str(ClaveBanda.SIN_DATO), "", str(ClaveBanda.SIN_AVANCE)]
    for banda in config.BANDAS:
        if banda.desde is not None:
            condiciones.append(avance.ge(banda.desde) & (avance.lt(banda.hasta) if banda.hasta is not None else True))
            claves.append(str(banda.clave))
    return pd.Series(np.select(condiciones, claves, default="?"), index=estado.index, dtype=object)


def es_critica(estado, avance, umbral: float):
    """AEI crítica: tiene dato y su avance publicado es menor que el umbral del tipo de periodo.

    Sirve igual para un valor y para columnas.
    """
    return (estado == CON_AVANCE) & (avance < umbral)


def _texto(estado: str, avance: float) -> str:
    """Celda «Avance (%)» para un avance ya publicado."""
    if estado == SIN_PROGRAMACION:
        return "Sin programación"
    if estado == SIN_DATO:
        return config.MARCA_ND
    return formato.porcentaje(avance)


def texto_avance(estado: str, avance_pct: float) -> str:
    """Celda «Avance (%)» de las tablas: «72.7%», «100.0%», «ND» o «Sin programación»."""
    return _texto(estado, avance_publicado(avance_pct) if estado == CON_AVANCE else math.nan)


def textos(estado: pd.Series, avance_pct: pd.Series) -> pd.Series:
    """`texto_avance` para columnas: se formatea cada valor distinto una sola vez."""
    claves = pd.Series(list(zip(estado, publicados(avance_pct).fillna(-1))), index=estado.index)
    unicos = {clave: _texto(*clave) for clave in set(claves)}
    return claves.map(unicos)


def _uno(funcion, *valores):
    return funcion(*(pd.Series([v], dtype=object if isinstance(v, str) else "float64") for v in valores)).iloc[0]


def calcular_avance(valor: float, meta: float) -> tuple[str, float]:
    """Avance de un indicador: (estado, porcentaje sin redondear ni truncar).

    >>> calcular_avance(8, 11)[1]
    72.72727272727273
    >>> calcular_avance(5, 0)
    ('sin_programacion', nan)
    >>> calcular_avance(float('nan'), 9)
    ('sin_dato', nan)
    """
    valor_s, meta_s = pd.Series([valor], dtype="float64"), pd.Series([meta], dtype="float64")
    estado = estados(valor_s, meta_s)
    return estado.iloc[0], float(avances(valor_s, meta_s, estado).iloc[0])


def avance_publicado(avance_pct: float) -> float:
    """Avance como se publica.

    >>> avance_publicado(166.6667), avance_publicado(7.5268), avance_publicado(72.65)
    (100.0, 7.5, 72.7)
    """
    return float(_uno(publicados, avance_pct))


def banda_de(estado: str, avance: float) -> str:
    """Banda de un avance ya publicado.

    >>> banda_de("con_avance", 79.9), banda_de("con_avance", 0.0), banda_de("sin_dato", float("nan"))
    ('avance_medio', 'sin_avance', 'sin_dato')
    """
    return _uno(bandas, estado, avance)


def _agregar_avance(tabla: pd.DataFrame, umbral: float) -> pd.DataFrame:
    """Columnas de avance a partir de `valor_obtenido` y `logro_esperado` (o de `avance_pct` y `estado`)."""
    if "estado" not in tabla:
        tabla["estado"] = estados(tabla["valor_obtenido"], tabla["logro_esperado"])
        tabla["avance_pct"] = avances(tabla["valor_obtenido"], tabla["logro_esperado"], tabla["estado"])
    tabla["avance"] = publicados(tabla["avance_pct"])
    tabla["avance_mostrado"] = textos(tabla["estado"], tabla["avance_pct"])
    tabla["banda"] = bandas(tabla["estado"], tabla["avance"])
    tabla["critica"] = es_critica(tabla["estado"], tabla["avance"], umbral)
    return tabla


def tabla_indicadores(tablas: dict[str, pd.DataFrame], periodo: Periodo) -> pd.DataFrame:
    """Una fila por indicador: meta del año, valor del periodo, avance, banda y si es crítico."""
    entidad = ["entidad"] if "entidad" in tablas["indicadores"].columns else []  # varias entidades a la vez
    indicadores = tablas["indicadores"].merge(tablas["aei"][[*entidad, "codigo_aei", "codigo_oei"]], on=[*entidad, "codigo_aei"], how="left")
    metas = tablas["metas"]
    metas = metas[metas["anio"] == periodo.anio][
        [*entidad, "codigo_indicador", "logro_esperado", "_fila" if "_fila" in metas else "fila_origen"]
    ].rename(columns={"_fila": "fila_meta", "fila_origen": "fila_meta"})
    valores = tablas["valores"]
    if "explicacion" not in valores:  # columna que un valores.csv puede no traer (causas que reportó el área)
        valores = valores.assign(explicacion="")
    valores = valores[valores["periodo"] == periodo.codigo][
        [*entidad, "codigo_indicador", "valor_obtenido", "fuera_de_plazo", "explicacion", "_fila" if "_fila" in valores else "fila_origen"]
    ].rename(columns={"_fila": "fila_valor", "fila_origen": "fila_valor"})
    clave = [*entidad, "codigo_indicador"]
    indicadores = indicadores.assign(sentido=sentidos(indicadores, tablas["metas"]))
    tabla = indicadores.merge(metas, on=clave, how="left").merge(valores, on=clave, how="left")
    tabla["fuera_de_plazo"] = tabla["fuera_de_plazo"].fillna(False).astype(bool)
    tabla["explicacion"] = tabla["explicacion"].fillna("").astype(str)
    tabla["estado"] = estados(tabla["valor_obtenido"], tabla["logro_esperado"])
    tabla["avance_pct"] = avances(tabla["valor_obtenido"], tabla["logro_esperado"], tabla["estado"], tabla["sentido"])
    tabla = _agregar_avance(tabla, config.umbrales(periodo).aei_critica)
    tabla["truncado"] = tabla["avance_pct"].gt(config.TOPE_AVANCE)
    columnas = [
        *entidad, "codigo_oei", "codigo_aei", "codigo_indicador", "indicador", "unidad", "sentido", "responsable", "fuente_seguimiento",
        "logro_esperado", "valor_obtenido", "fuera_de_plazo", "estado", "avance_pct", "avance", "truncado",
        "avance_mostrado", "banda", "critica", "fila_meta", "fila_valor", "explicacion",
    ]
    return tabla[columnas].sort_values(clave).reset_index(drop=True)


def tabla_aei(indicadores: pd.DataFrame, aei: pd.DataFrame, umbral: float) -> pd.DataFrame:
    """Una fila por AEI del PEI con su avance (promedio de indicadores, ver config.AGREGACION_AEI).

    Si las tablas traen una columna `entidad` (varias entidades a la vez), se agrupa también por ella.
    """
    claves = [c for c in ("entidad", "codigo_aei") if c in aei.columns and c in indicadores.columns]
    ind = indicadores.assign(
        _programado=indicadores["estado"].ne(SIN_PROGRAMACION),
        _con_dato=indicadores["estado"].eq(CON_AVANCE),
        # Cada indicador aporta su avance truncado: un indicador sobrecumplido no compensa a otro.
        _avance_truncado=indicadores["avance_pct"].clip(upper=config.TOPE_AVANCE).where(indicadores["estado"].eq(CON_AVANCE)),
        _truncado=indicadores["truncado"] & indicadores["estado"].eq(CON_AVANCE),
        _avance_real=indicadores["avance_pct"].where(indicadores["estado"].eq(CON_AVANCE)),
    )
    resumen = ind.groupby(claves, sort=False).agg(
        indicadores=("codigo_indicador", "size"),
        indicadores_programados=("_programado", "sum"),
        con_dato=("_con_dato", "sum"),
        avance_pct=("_avance_truncado", "mean"),
        _promedio_real=("_avance_real", "mean"),
        truncado=("_truncado", "any"),
        fuera_de_plazo=("fuera_de_plazo", "any"),
    ).reset_index()
    tabla = aei[[*claves[:-1], "codigo_oei", "codigo_aei", "nombre_aei"]].merge(resumen, on=claves, how="left")
    tabla[["indicadores", "indicadores_programados", "con_dato"]] = (
        tabla[["indicadores", "indicadores_programados", "con_dato"]].fillna(0).astype(int)
    )
    tabla[["truncado", "fuera_de_plazo"]] = tabla[["truncado", "fuera_de_plazo"]].fillna(False).astype(bool)
    tabla["estado"] = pd.Series(np.select(
        [tabla["indicadores_programados"].eq(0), tabla["con_dato"].eq(0)], [str(SIN_PROGRAMACION), str(SIN_DATO)], str(CON_AVANCE),
    ), index=tabla.index, dtype=object)
    tabla = _agregar_avance(tabla, umbral)
    # Una AEI que se muestra en el tope tiene todos sus indicadores con dato en el tope o más: su avance sin truncar
    # (el que dicen el gráfico y la prosa, entre paréntesis) es el promedio de sus avances reales. Vacío si no se truncó.
    en_el_tope = tabla["truncado"] & tabla["avance"].ge(config.TOPE_AVANCE)
    tabla["avance_sin_truncar"] = tabla["_promedio_real"].where(en_el_tope)
    columnas = [*claves[:-1], "codigo_oei", "codigo_aei", "nombre_aei", "indicadores", "indicadores_programados", "estado",
                "avance_pct", "avance", "truncado", "avance_sin_truncar", "avance_mostrado", "banda", "critica", "fuera_de_plazo"]
    return tabla[columnas].sort_values(claves).reset_index(drop=True)


def aei_criticas(aei: pd.DataFrame, indicadores: pd.DataFrame) -> pd.DataFrame:
    """AEI con avance menor que el umbral, con sus indicadores (Tabla de AEI críticas)."""
    criticas = aei[aei["critica"]][["codigo_aei", "avance", "avance_mostrado"]]
    detalle = indicadores[indicadores["estado"] != SIN_PROGRAMACION][
        ["codigo_aei", "codigo_indicador", "indicador", "unidad", "logro_esperado", "valor_obtenido", "fuera_de_plazo"]
    ]
    return criticas.merge(detalle, on="codigo_aei", how="left")[
        ["codigo_aei", "codigo_indicador", "indicador", "unidad", "logro_esperado", "valor_obtenido", "fuera_de_plazo", "avance", "avance_mostrado"]
    ].reset_index(drop=True)


def conclusiones(aei: pd.DataFrame) -> pd.DataFrame:
    """Número de AEI programadas en cada banda de avance (todas las bandas, aun con cero)."""
    programadas = aei[aei["estado"] != SIN_PROGRAMACION]
    total = len(programadas)
    filas = []
    for banda in config.BANDAS:
        n = int((programadas["banda"] == banda.clave).sum())
        filas.append({
            "banda": str(banda.clave),
            "etiqueta": banda.etiqueta,
            "numero_aei": n,
            "porcentaje_aei": (n / total * 100) if total else math.nan,
            "aei": ", ".join(programadas.loc[programadas["banda"] == banda.clave, "codigo_aei"]),
        })
    return pd.DataFrame(filas)


def conteos_por_oei(aei: pd.DataFrame, indicadores: pd.DataFrame, oei: pd.DataFrame) -> pd.DataFrame:
    """Por OEI: AEI del PEI, AEI con programación en el año e indicadores de esas AEI."""
    programadas = aei[aei["estado"] != SIN_PROGRAMACION]
    filas = []
    for _, objetivo in oei.sort_values("codigo_oei").iterrows():
        codigo = objetivo["codigo_oei"]
        propias = programadas[programadas["codigo_oei"] == codigo]
        filas.append({
            "codigo_oei": codigo,
            "nombre_oei": objetivo["nombre_oei"],
            "aei_pei": int((aei["codigo_oei"] == codigo).sum()),
            "aei_programadas": len(propias),
            "indicadores": int(indicadores["codigo_aei"].isin(propias["codigo_aei"]).sum()),
            "aei_sin_programacion": ", ".join(aei.loc[(aei["codigo_oei"] == codigo) & (aei["estado"] == SIN_PROGRAMACION), "codigo_aei"]),
        })
    return pd.DataFrame(filas)


def historial(tablas: dict[str, pd.DataFrame], periodo: Periodo) -> pd.DataFrame:
    """Metas y valores de cada indicador en todos los años hasta el del periodo.

    Para años anteriores se usa el valor anual (periodo AAAA-II); para el año del periodo,
    el valor del propio periodo.
    """
    metas = tablas["metas"][tablas["metas"]["anio"] <= periodo.anio][["codigo_indicador", "anio", "logro_esperado"]]
    valores = tablas["valores"].copy()
    valores["anio"] = valores["periodo"].str[:4].astype(int)
    anteriores = valores[(valores["anio"] < periodo.anio) & valores["periodo"].str.endswith("-II")]
    actual = valores[valores["periodo"] == periodo.codigo]
    valores = pd.concat([anteriores, actual])[["codigo_indicador", "anio", "periodo", "valor_obtenido"]]
    tabla = metas.merge(valores, on=["codigo_indicador", "anio"], how="left")
    tabla["anio"] = tabla["anio"].astype(int)
    sentido = dict(zip(tablas["indicadores"]["codigo_indicador"], sentidos(tablas["indicadores"], tablas["metas"])))
    tabla["estado"] = estados(tabla["valor_obtenido"], tabla["logro_esperado"])
    tabla["avance_pct"] = avances(tabla["valor_obtenido"], tabla["logro_esperado"], tabla["estado"],
                                  tabla["codigo_indicador"].map(sentido).fillna(str(Sentido.ASCENDENTE)))
    tabla["avance"] = publicados(tabla["avance_pct"])
    return tabla.sort_values(["codigo_indicador", "anio"]).reset_index(drop=True)


def resumen_pei(aei: pd.DataFrame, indicadores: pd.DataFrame) -> dict:
    """Cifras de cabecera del PEI para el resumen ejecutivo."""
    programadas = aei[aei["estado"] != SIN_PROGRAMACION]
    total = len(programadas)
    contar = lambda clave: int((programadas["banda"] == clave).sum())  # noqa: E731
    resumen = {
        "aei_pei": len(aei),
        "aei_programadas": total,
        "aei_sin_programacion": list(aei.loc[aei["estado"] == SIN_PROGRAMACION, "codigo_aei"]),
        "indicadores_programados": int(indicadores["codigo_aei"].isin(programadas["codigo_aei"]).sum()),
        "aei_meta_alcanzada": contar(ClaveBanda.META_ALCANZADA),
        "aei_avance_alto": contar(ClaveBanda.AVANCE_ALTO),
        "aei_criticas": int(programadas["critica"].sum()),
        "aei_sin_dato": contar(ClaveBanda.SIN_DATO),
    }
    # Qué parte de las AEI programadas representa cada conteo del resumen ejecutivo (ND si no hay ninguna).
    resumen["porcentaje_de_programadas"] = {
        clave: (resumen[clave] / total * 100 if total else None)
        for clave in ("aei_meta_alcanzada", "aei_avance_alto", "aei_criticas")
    }
    return resumen
