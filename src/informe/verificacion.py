"""Contraste de las cifras de un informe publicado con las que dan sus propios datos.

Regla de redondeo: una cifra publicada con d decimales se confirma si la calculada,
redondeada a d decimales (mitad hacia arriba), da el mismo número. Si coincide solo así y la
publicada tiene menos decimales que la regla del informe, se marca «redondeo»; si no coincide,
es una «discrepancia».
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from . import config, formato
from . import indicadores as ind

if TYPE_CHECKING:
    from .calculos import Resultados

CONFIRMADA = "confirmada"
REDONDEO = "redondeo"
DISCREPANCIA = "discrepancia"

# Cómo se nombran en el informe publicado las bandas de las conclusiones.
BANDAS_PUBLICADAS = {
    "igual o superior al 100%": "meta_alcanzada",
    "en el rango de 80 al 95%": "avance_alto",
    "en el rango de 40 al 75%": "avance_medio",
    "no superaron el 39%": "avance_bajo",
    "no presentaron avance alguno": "sin_avance",
}


def leer_cifra(texto: str) -> tuple[float, int]:
    """«72.7%» → (72.7, 1); «1,700» → (1700.0, 0); «7.0%*» → (7.0, 1); «ND» → (nan, 0)."""
    limpio = texto.strip().rstrip("*").replace("%", "").replace(",", "").strip()
    if limpio.upper() == config.MARCA_ND or not limpio:
        return math.nan, 0
    decimales = len(limpio.split(".")[1]) if "." in limpio else 0
    return float(limpio), decimales


# Conceptos que se contrastan como texto, no como número: qué dice el informe frente a qué dan los datos.
TEXTUALES = {"aei_de_la_tabla", "sin_avance_en_texto", "nota_de_truncado"}


def _textual(res: Resultados, concepto: str, clave: str) -> tuple[str, str]:
    """(lo que dan los datos, cómo) para los conceptos textuales."""
    if concepto == "aei_de_la_tabla":
        # Las tablas por AEI se numeran en orden, una por AEI con programación.
        programadas = list(res.aei.loc[res.aei["estado"] != ind.SIN_PROGRAMACION, "codigo_aei"])
        numero = int(clave.rsplit(" ", 1)[-1])
        return programadas[numero - 1], f"la tabla N° {numero} es la de la {numero}.ª AEI programada"
    if concepto == "sin_avance_en_texto":
        fila = res.aei.set_index("codigo_aei").loc[clave]
        sin_avance = fila["estado"] != ind.CON_AVANCE or fila["avance"] == 0
        return ("sin avance" if sin_avance else fila["avance_mostrado"]), f"avance de la AEI: {fila['avance_mostrado']}"
    if concepto == "nota_de_truncado":
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
    if concepto == "avance_indicador":
        fila = indicadores.loc[clave]
        if fila["estado"] == ind.SIN_PROGRAMACION:
            return math.nan, "sin programación (logro esperado 0): no corresponde un avance"
        return fila["avance"], f"{formato.numero(fila['valor_obtenido'])} / {formato.numero(fila['logro_esperado'])}"
    if concepto == "avance_en_texto":
        return _calculado(res, "avance_indicador", clave)
    if concepto in ("avance_aei_critica", "avance_aei_en_texto"):
        fila = aei.loc[clave]
        return fila["avance"], f"avance de la AEI ({fila['indicadores_programados']} indicador(es) con programación)"
    if concepto == "logro_esperado_aei_critica":
        propios = res.indicadores[res.indicadores["codigo_aei"] == clave]
        return propios["logro_esperado"].iloc[0], "logro esperado anual del indicador"
    if concepto == "aei_por_oei":
        return oei.loc[clave, "aei_programadas"], "AEI con programación en el año"
    if concepto == "indicadores_por_oei":
        return oei.loc[clave, "indicadores"], "indicadores de las AEI programadas"
    if concepto == "aei_por_banda":
        return conclusiones.loc[BANDAS_PUBLICADAS[clave], "numero_aei"], f"AEI en la banda «{conclusiones.loc[BANDAS_PUBLICADAS[clave], 'etiqueta']}»"
    if concepto == "pct_aei_meta_alcanzada":
        n = res.resumen_pei["aei_meta_alcanzada"]
        return n / programadas * 100, f"{n} / {programadas}"
    if concepto == "pct_aei_avance_mayor_75_menor_100":
        avance = res.aei["avance"]
        n = int(((avance > 75) & (avance < config.TOPE_AVANCE)).sum())
        return n / programadas * 100, f"{n} / {programadas}"
    if concepto == "aei_con_programacion":
        return programadas, "AEI con al menos un indicador con logro esperado"
    if concepto == "aei_en_pei":
        return res.resumen_pei["aei_pei"], "AEI en data/raw/pei/aei.csv"
    if concepto == "indicadores_aei_programadas":
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
    if concepto == "aei_de_la_tabla":
        return f"errata en el título: la tabla es de la {fila['valor_calculado']}"
    if concepto == "sin_avance_en_texto":
        return f"el texto dice que no hubo avance, pero los datos dan {fila['valor_calculado']}"
    if concepto == "nota_de_truncado":
        return ("falta la nota «Porcentaje truncado al 100%»" if fila["valor_calculado"] == "con nota"
                else "nota de truncado donde no corresponde")
    publicado, _ = leer_cifra(fila["valor_publicado"]) if fila["valor_publicado"] != "(no figura)" else (math.nan, 0)
    if concepto == "aei_critica_omitida":
        return "omisión: cumple la regla de AEI crítica y no figura en la tabla"
    indicadores = res.indicadores.set_index("codigo_indicador")
    if concepto in ("avance_indicador", "avance_en_texto") and clave in indicadores.index:
        fila_ind = indicadores.loc[clave]
        if fila_ind["estado"] == ind.SIN_PROGRAMACION:
            return "regla no aplicada: un indicador sin programación se publicó con avance"
        if publicado == fila_ind["valor_obtenido"]:
            return "confusión: se publicó el valor obtenido en lugar del avance"
    if concepto == "logro_esperado_aei_critica":
        metas = res.datos.tablas["metas"]
        codigo = res.indicadores.loc[res.indicadores["codigo_aei"] == clave, "codigo_indicador"].iloc[0]
        origen = metas[(metas["codigo_indicador"] == codigo) & (metas["anio"] == res.periodo.anio)]["fuente_publicacion"]
        lugar = origen.iloc[0].split(",")[0] if len(origen) and origen.iloc[0] else "la tabla de la AEI"
        return f"inconsistencia entre dos lugares: {lugar} dice {formato.numero(fila['valor_calculado'])}"
    if concepto == "aei_por_banda":
        conteo = res.conclusiones.set_index("banda")["numero_aei"]
        if BANDAS_PUBLICADAS.get(clave) == "sin_avance" and publicado == conteo["sin_avance"] + conteo["sin_dato"]:
            return "criterio distinto: cuenta juntas las AEI sin avance y las sin dato (ND)"
    if concepto in ("aei_por_oei", "indicadores_por_oei"):
        oei = res.oei.set_index("codigo_oei").loc[clave]
        if concepto == "aei_por_oei" and publicado == oei["aei_pei"] and oei["aei_pei"] != oei["aei_programadas"]:
            return "criterio distinto: cuenta AEI sin programación en el año"
        if concepto == "indicadores_por_oei" and publicado == oei["aei_pei"] and oei["aei_pei"] != oei["aei_programadas"]:
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
    listadas = set(publicadas.loc[publicadas["concepto"] == "avance_aei_critica", "clave"])
    if listadas:
        ubicacion = publicadas.loc[publicadas["concepto"] == "avance_aei_critica", "ubicacion"].iloc[0]
        for _, accion in res.aei[res.aei["critica"] & ~res.aei["codigo_aei"].isin(listadas)].iterrows():
            filas.append({
                "ubicacion": ubicacion, "concepto": "aei_critica_omitida", "clave": accion["codigo_aei"],
                "valor_publicado": "(no figura)", "valor_calculado": accion["avance"],
                "calculo": f"avance {accion['avance_mostrado']} < {formato.porcentaje(config.umbrales(res.periodo).aei_critica, 0)}",
                "diferencia": math.nan, "resultado": DISCREPANCIA,
            })
    for fila in filas:
        fila["causa_probable"] = causa_probable(fila, res, publicadas)
    return pd.DataFrame(filas)


def resumen(verificadas: pd.DataFrame) -> dict[str, int]:
    """Cuántas cifras se revisaron y cuántas se confirmaron, por redondeo o no."""
    publicadas = verificadas[verificadas["concepto"] != "aei_critica_omitida"]
    return {
        "revisadas": len(publicadas),
        "confirmadas": int((publicadas["resultado"] == CONFIRMADA).sum()),
        "redondeo": int((publicadas["resultado"] == REDONDEO).sum()),
        "discrepancias": int((verificadas["resultado"] == DISCREPANCIA).sum()),
    }
