"""Contraste de las cifras de un informe publicado con las que dan sus propios datos.

Regla de redondeo: una cifra publicada con d decimales se confirma si la calculada,
redondeada a d decimales (mitad hacia arriba), da el mismo número. Si coincide solo así y la
publicada tiene menos decimales que la regla del informe, se marca «redondeo»; si no coincide,
es una «discrepancia».
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .. import config, formato
from ..periodos import Periodo
from ..vocabulario import ClaveBanda, Resultado
from ..vocabulario import ConceptoPublicado as C
from . import indicadores as ind

CONFIRMADA, REDONDEO, DISCREPANCIA = Resultado.CONFIRMADA, Resultado.REDONDEO, Resultado.DISCREPANCIA
TEXTUALES = {concepto for concepto in C if concepto.es_textual}


@dataclass
class Resultados:
    """Lo que se contrasta: las tablas del PEI (tal como las escribió su etapa), las cifras del POI y las metas."""

    periodo: Periodo
    indicadores: pd.DataFrame
    aei: pd.DataFrame
    oei: pd.DataFrame
    conclusiones: pd.DataFrame
    resumen_pei: dict
    resumen_poi: dict
    metas: pd.DataFrame

# Cómo se nombran en el informe publicado las bandas de las conclusiones.
BANDAS_PUBLICADAS = {
    "igual o superior al 100%": ClaveBanda.META_ALCANZADA,
    "en el rango de 80 al 95%": ClaveBanda.AVANCE_ALTO,
    "en el rango de 40 al 75%": ClaveBanda.AVANCE_MEDIO,
    "no superaron el 39%": ClaveBanda.AVANCE_BAJO,
    "no presentaron avance alguno": ClaveBanda.SIN_AVANCE,
}


def leer_cifra(texto: str) -> tuple[float, int]:
    """«72.7%» → (72.7, 1); «1,700» → (1700.0, 0); «7.0%*» → (7.0, 1); «ND» → (nan, 0)."""
    limpio = texto.strip().rstrip("*").replace("%", "").replace(",", "").strip()
    if limpio.upper() == config.MARCA_ND or not limpio:
        return math.nan, 0
    decimales = len(limpio.split(".")[1]) if "." in limpio else 0
    return float(limpio), decimales


def _textual(res: Resultados, concepto: str, clave: str) -> tuple[str, str]:
    """(lo que dan los datos, cómo) para los conceptos textuales."""
    if concepto == C.AEI_DE_LA_TABLA:
        # Las tablas por AEI se numeran en orden, una por AEI con programación.
        programadas = list(res.aei.loc[res.aei["estado"] != ind.SIN_PROGRAMACION, "codigo_aei"])
        numero = int(clave.rsplit(" ", 1)[-1])
        return programadas[numero - 1], f"la tabla N° {numero} es la de la {numero}.ª AEI programada"
    if concepto == C.SIN_AVANCE_EN_TEXTO:
        fila = res.aei.set_index("codigo_aei").loc[clave]
        sin_avance = fila["estado"] != ind.CON_AVANCE or fila["avance"] == 0
        return ("sin avance" if sin_avance else fila["avance_mostrado"]), f"avance de la AEI: {fila['avance_mostrado']}"
    if concepto == C.NOTA_DE_TRUNCADO:
        fila = res.indicadores.set_index("codigo_indicador").loc[clave]
        return ("con nota" if fila["truncado"] else "sin nota"), f"avance sin truncar: {formato.porcentaje(fila['avance_pct'])}"
    raise KeyError(concepto)


def _comparar(publicado: str, calculado: float) -> tuple[str, float]:
    valor, decimales = leer_cifra(publicado)
    if math.isnan(valor) or formato.es_nulo(calculado):
        iguales = math.isnan(valor) and formato.es_nulo(calculado)
        return (CONFIRMADA if iguales else DISCREPANCIA), math.nan
    diferencia = valor - calculado
    if formato.redondear(calculado, decimales) == valor:
        return (REDONDEO if formato.redondear(calculado, config.DECIMALES_AVANCE) != valor else CONFIRMADA), diferencia
    return DISCREPANCIA, diferencia


def _calculado(res: Resultados, concepto: str, clave: str) -> tuple[float, str]:
    """Cifra calculada para un concepto publicado y una explicación de cómo se obtuvo."""
    indicadores = res.indicadores.set_index("codigo_indicador")
    aei = res.aei.set_index("codigo_aei")
    oei = res.oei.set_index("codigo_oei")
    conclusiones = res.conclusiones.set_index("banda")
    programadas = res.resumen_pei["aei_programadas"]
    if concepto == C.AVANCE_INDICADOR:
        fila = indicadores.loc[clave]
        if fila["estado"] == ind.SIN_PROGRAMACION:
            return math.nan, "sin programación (logro esperado 0): no corresponde un avance"
        return fila["avance"], f"{formato.numero(fila['valor_obtenido'])} / {formato.numero(fila['logro_esperado'])}"
    if concepto == C.AVANCE_EN_TEXTO:
        return _calculado(res, C.AVANCE_INDICADOR, clave)
    if concepto in (C.AVANCE_AEI_CRITICA, C.AVANCE_AEI_EN_TEXTO):
        fila = aei.loc[clave]
        return fila["avance"], f"avance de la AEI ({fila['indicadores_programados']} indicador(es) con programación)"
    if concepto == C.LOGRO_ESPERADO_AEI_CRITICA:
        propios = res.indicadores[res.indicadores["codigo_aei"] == clave]
        return propios["logro_esperado"].iloc[0], "logro esperado anual del indicador"
    if concepto == C.AEI_POR_OEI:
        return oei.loc[clave, "aei_programadas"], "AEI con programación en el año"
    if concepto == C.INDICADORES_POR_OEI:
        return oei.loc[clave, "indicadores"], "indicadores de las AEI programadas"
    if concepto == C.AEI_POR_BANDA:
        return conclusiones.loc[BANDAS_PUBLICADAS[clave], "numero_aei"], f"AEI en la banda «{conclusiones.loc[BANDAS_PUBLICADAS[clave], 'etiqueta']}»"
    if concepto == C.PCT_AEI_META_ALCANZADA:
        n = res.resumen_pei["aei_meta_alcanzada"]
        return n / programadas * 100, f"{n} / {programadas}"
    if concepto == C.PCT_AEI_AVANCE_MAYOR_75_MENOR_100:
        avance = res.aei["avance"]
        n = int(((avance > 75) & (avance < config.TOPE_AVANCE)).sum())
        return n / programadas * 100, f"{n} / {programadas}"
    if concepto == C.AEI_CON_PROGRAMACION:
        return programadas, "AEI con al menos un indicador con logro esperado"
    if concepto == C.AEI_EN_PEI:
        return res.resumen_pei["aei_pei"], "AEI en data/raw/pei/aei.csv"
    if concepto == C.INDICADORES_AEI_PROGRAMADAS:
        return res.resumen_pei["indicadores_programados"], "indicadores de las AEI programadas"
    if concepto in res.resumen_poi:
        cifra = res.resumen_poi[concepto]
        return cifra.valor, f"cifra {cifra.origen} del POI"
    raise KeyError(f"Concepto publicado desconocido: {concepto}")


def causa_probable(fila: dict, res: Resultados, publicadas: pd.DataFrame) -> str:
    """Explicación más probable de una diferencia, según reglas simples y comprobables."""
    if fila["resultado"] == CONFIRMADA:
        return ""
    if fila["resultado"] == REDONDEO:
        return "redondeo: se publicó con menos decimales que la regla del informe"
    concepto, clave = fila["concepto"], fila["clave"]
    if concepto == C.AEI_DE_LA_TABLA:
        return f"errata en el título: la tabla es de la {fila['valor_calculado']}"
    if concepto == C.SIN_AVANCE_EN_TEXTO:
        return f"el texto dice que no hubo avance, pero los datos dan {fila['valor_calculado']}"
    if concepto == C.NOTA_DE_TRUNCADO:
        return (f"falta la nota «{config.NOTA_TRUNCADO}»" if fila["valor_calculado"] == "con nota"
                else "nota de truncado donde no corresponde")
    publicado, _ = leer_cifra(fila["valor_publicado"]) if fila["valor_publicado"] != "(no figura)" else (math.nan, 0)
    if concepto == C.AEI_CRITICA_OMITIDA:
        return "omisión: cumple la regla de AEI crítica y no figura en la tabla"
    indicadores = res.indicadores.set_index("codigo_indicador")
    if concepto in (C.AVANCE_INDICADOR, C.AVANCE_EN_TEXTO) and clave in indicadores.index:
        fila_ind = indicadores.loc[clave]
        if fila_ind["estado"] == ind.SIN_PROGRAMACION:
            return "regla no aplicada: un indicador sin programación se publicó con avance"
        if publicado == fila_ind["valor_obtenido"]:
            return "confusión: se publicó el valor obtenido en lugar del avance"
    if concepto == C.LOGRO_ESPERADO_AEI_CRITICA:
        metas = res.metas
        codigo = res.indicadores.loc[res.indicadores["codigo_aei"] == clave, "codigo_indicador"].iloc[0]
        origen = metas[(metas["codigo_indicador"] == codigo) & (metas["anio"] == res.periodo.anio)]["fuente_publicacion"]
        lugar = origen.iloc[0].split(",")[0] if len(origen) and origen.iloc[0] else "la tabla de la AEI"
        return f"inconsistencia entre dos lugares: {lugar} dice {formato.numero(fila['valor_calculado'])}"
    if concepto == C.AEI_POR_BANDA:
        conteo = res.conclusiones.set_index("banda")["numero_aei"]
        if BANDAS_PUBLICADAS.get(clave) == ClaveBanda.SIN_AVANCE and publicado == conteo["sin_avance"] + conteo["sin_dato"]:
            return "criterio distinto: cuenta juntas las AEI sin avance y las sin dato (ND)"
    if concepto in (C.AEI_POR_OEI, C.INDICADORES_POR_OEI):
        oei = res.oei.set_index("codigo_oei").loc[clave]
        if concepto == C.AEI_POR_OEI and publicado == oei["aei_pei"] and oei["aei_pei"] != oei["aei_programadas"]:
            return "criterio distinto: cuenta AEI sin programación en el año"
        if concepto == C.INDICADORES_POR_OEI and publicado == oei["aei_pei"] and oei["aei_pei"] != oei["aei_programadas"]:
            return "criterio distinto: cuenta un indicador por cada AEI del PEI, aun sin programación"
        return "error de conteo"
    mismo_lugar = publicadas[(publicadas["ubicacion"] == fila["ubicacion"]) & (publicadas["concepto"] != concepto)]
    if fila["valor_publicado"] in set(mismo_lugar["valor_publicado"]):
        return f"posible errata: repite la cifra {fila['valor_publicado']} publicada en el mismo lugar para otro concepto"
    return "discrepancia sin causa evidente (posible errata)"


def verificar(res: Resultados, publicadas: pd.DataFrame) -> pd.DataFrame:
    """Una fila por cifra publicada, más una por cada AEI crítica que el informe publicado omitió."""
    filas = []
    for _, fila in publicadas.iterrows():
        if fila["concepto"] in TEXTUALES:
            calculado, como = _textual(res, fila["concepto"], fila["clave"])
            resultado = CONFIRMADA if calculado == fila["valor_publicado"] else DISCREPANCIA
            diferencia = math.nan
        else:
            calculado, como = _calculado(res, fila["concepto"], fila["clave"])
            resultado, diferencia = _comparar(fila["valor_publicado"], calculado)
        filas.append({
            "ubicacion": fila["ubicacion"], "concepto": fila["concepto"], "clave": fila["clave"],
            "valor_publicado": fila["valor_publicado"], "valor_calculado": calculado, "calculo": como,
            "diferencia": diferencia, "resultado": resultado,
        })
    listadas = set(publicadas.loc[publicadas["concepto"] == C.AVANCE_AEI_CRITICA, "clave"])
    if listadas:
        ubicacion = publicadas.loc[publicadas["concepto"] == C.AVANCE_AEI_CRITICA, "ubicacion"].iloc[0]
        for _, accion in res.aei[res.aei["critica"] & ~res.aei["codigo_aei"].isin(listadas)].iterrows():
            filas.append({
                "ubicacion": ubicacion, "concepto": str(C.AEI_CRITICA_OMITIDA), "clave": accion["codigo_aei"],
                "valor_publicado": "(no figura)", "valor_calculado": accion["avance"],
                "calculo": f"avance {accion['avance_mostrado']} < {formato.porcentaje(config.umbrales(res.periodo).aei_critica, 0)}",
                "diferencia": math.nan, "resultado": DISCREPANCIA,
            })
    for fila in filas:
        fila["causa_probable"] = causa_probable(fila, res, publicadas)
    return pd.DataFrame(filas)


def resumen(verificadas: pd.DataFrame) -> dict[str, int]:
    """Cuántas cifras se revisaron y cuántas se confirmaron, por redondeo o no."""
    publicadas = verificadas[verificadas["concepto"] != C.AEI_CRITICA_OMITIDA]
    return {
        "revisadas": len(publicadas),
        "confirmadas": int((publicadas["resultado"] == CONFIRMADA).sum()),
        "redondeo": int((publicadas["resultado"] == REDONDEO).sum()),
        "discrepancias": int((verificadas["resultado"] == DISCREPANCIA).sum()),
        "omitidas": int((verificadas["concepto"] == C.AEI_CRITICA_OMITIDA).sum()),
    }
