"""Frases del informe, elegidas según el caso de cada cifra (superó, alcanzó, avance parcial, sin avance,
ND, sin programación) y completadas con los valores de las tablas. Ninguna cifra se escribe a mano.
Todo texto que viene de los datos se escapa (ver `texto.escapar`).
"""

from __future__ import annotations

import pandas as pd

from .. import config, formato
from ..vocabulario import Estado, Unidad
from .texto import enumerar, minuscula_inicial, oracion
from .texto import escapar as e


def explicar_avance(fila) -> str:
    """Cómo se obtuvo el avance de un indicador, con los archivos y filas de origen (para auditores)."""
    origen = f"data/raw/pei/valores.csv fila {_entero(fila.get('fila_valor'))}; data/raw/pei/metas.csv fila {_entero(fila.get('fila_meta'))}"
    if fila["estado"] == Estado.SIN_PROGRAMACION:
        return f"Logro esperado {formato.numero(fila['logro_esperado'])}: sin programación. {origen}"
    if fila["estado"] == Estado.SIN_DATO:
        return f"Valor obtenido ND: no se calcula. {origen}"
    calculo = (f"{formato.numero(fila['valor_obtenido'])} ÷ {formato.numero(fila['logro_esperado'])} × 100 = "
               f"{formato.numero(fila['avance_pct'], 2)}%")
    if fila["avance_pct"] > config.TOPE_AVANCE:
        calculo += f" (se muestra {formato.porcentaje(config.TOPE_AVANCE)})"
    return f"{calculo}. {origen}"


def _entero(valor) -> str:
    return "?" if formato.es_nulo(valor) else str(int(valor))


def trazable(texto_html: str, explicacion: str) -> str:
    """Cifra que muestra, al pasar el cursor en el HTML, cómo se obtuvo y de qué archivo y fila viene."""
    return f'<span class="cifra" title="{e(explicacion)}">{texto_html}</span>'


def _valor(valor: float, unidad: str) -> str:
    return formato.valor_con_unidad(valor, unidad)


def frase_indicador(fila: pd.Series, periodo) -> str:
    """Frase que resume el avance de un indicador, elegida según su caso."""
    nombre = f"«{e(minuscula_inicial(fila['indicador']))}»"
    corte = periodo.al_corte
    meta = _valor(fila["logro_esperado"], fila["unidad"])
    valor = _valor(fila["valor_obtenido"], fila["unidad"])
    tarde = " Según la oficina de planeamiento, el dato fue remitido fuera del plazo establecido." if fila["fuera_de_plazo"] else ""
    estado = fila["estado"]
    if estado == Estado.SIN_PROGRAMACION:
        return f"El indicador {nombre} no tiene logro esperado programado para {periodo.anio}, por lo que no se calcula su avance.{tarde}"
    if estado == Estado.SIN_DATO:
        return (f"El indicador {nombre} no cuenta con dato para el {periodo.nombre} (ND), por lo que no se calcula su avance "
                f"respecto del logro esperado anual de {meta}.{tarde}")
    avance_pct = fila["avance_pct"]
    if avance_pct > config.TOPE_AVANCE:
        return (f"{corte}, el indicador {nombre} obtuvo un valor de {valor}, superior al logro esperado anual de {meta}. "
                f"El avance se presenta como {formato.porcentaje(config.TOPE_AVANCE)}; sin truncar, equivale a "
                f"{formato.porcentaje(avance_pct)}.{tarde}")
    if fila["avance"] >= config.TOPE_AVANCE:
        return (f"{corte}, el indicador {nombre} alcanzó el logro esperado anual ({valor} de {meta}), es decir, un avance de "
                f"{fila['avance_mostrado']}.{tarde}")
    if fila["avance"] == 0:
        return f"{corte}, el indicador {nombre} no registró avance: su valor es {valor} frente a un logro esperado anual de {meta}.{tarde}"
    avance = trazable(fila["avance_mostrado"], explicar_avance(fila)) if "fila_valor" in fila else fila["avance_mostrado"]
    return (f"{corte}, el indicador {nombre} obtuvo un valor de {valor} respecto del logro esperado anual de {meta}, "
            f"lo que representa un avance de {avance}.{tarde}")


def frase_aei(fila: pd.Series, umbral: float) -> str:
    """Frase de la AEI cuando tiene varios indicadores o es crítica."""
    if fila["estado"] != Estado.CON_AVANCE:
        return ""
    partes = []
    if fila["indicadores_programados"] > 1 or fila["indicadores"] > 1:
        partes.append(f"Considerando sus indicadores con programación y dato, el avance de la {e(fila['codigo_aei'])} es de "
                      f"{fila['avance_mostrado']}.")
    if fila["critica"]:
        partes.append(
            f"Por tener un avance menor a {formato.porcentaje(umbral, 0)} del logro esperado anual, "
            f"la {e(fila['codigo_aei'])} se considera una AEI crítica (ver sección 2.2)."
        )
    return " ".join(partes)


def parrafo_desglose(partes: pd.DataFrame, total: dict) -> str:
    """Describe un desglose tal como se publicó y explica la diferencia con su total, si la hay
    (`total` es la fila de `cifras_pei.json` que calculó la etapa del PEI)."""
    unidad = total["unidad"]
    sufijo = "%" if unidad == Unidad.PORCENTAJE else ""
    # «categoría (valor)»: se lee bien con cualquier categoría, sin concordar un verbo con ella.
    items = enumerar([f"{e(minuscula_inicial(c))} ({formato.numero(v)}{sufijo})" for c, v in zip(partes["categoria"], partes["valor"])])
    if unidad == Unidad.PORCENTAJE or total["total"] is None:
        texto = f"Por categoría: {items}."
    else:
        texto = f"Del total de {formato.numero(total['total'])}, por categoría: {items}."
    diferencia = total["diferencia"]
    if diferencia:
        suma = formato.numero(total["suma"]) + sufijo
        referencia = "100%" if unidad == Unidad.PORCENTAJE else formato.numero(total["total"])
        if diferencia > 0:
            texto += (f" Las categorías informadas suman {suma}; la diferencia de {formato.numero(diferencia)}{sufijo} "
                      f"respecto de {referencia} no tiene desglose en la fuente y se muestra aparte.")
        else:
            texto += (f" Las categorías informadas suman {suma}, {formato.numero(-diferencia)}{sufijo} más que {referencia}"
                      " (probablemente por redondeo en la fuente).")
    return f"<p>{texto}</p>"


def frase_actividad(fila: pd.Series, inicio: str) -> str:
    """Una o dos oraciones por actividad crítica: su ejecución y la causa que reportó el área.
    El nombre va tal como se registró en el POI: pasarlo a minúsculas perdería siglas (ADP, CENAF)."""
    sujeto = f"{inicio} «{e(fila['actividad'])}» ({e(fila['id_actividad'])})"
    if fila["ejecucion_fisica"] == 0:
        texto = f"{sujeto} no registró ejecución física en el periodo."
    else:
        texto = f"{sujeto} alcanzó una ejecución física de {formato.porcentaje(fila['ejecucion_fisica'], 2)} de lo programado."
    causa = fila["explicacion"].strip()
    return texto + (f" Causa reportada: {e(oracion(causa))}" if causa else " El área no reportó la causa.")
