"""Formato de números en español del Perú (es-PE) y redondeo explícito.

Python redondea con la regla del banquero y en binario (round(0.25, 1) == 0.2); el informe
redondea la mitad hacia arriba sobre el número decimal que se lee, así que se hace con Decimal.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
from babel.numbers import format_decimal

from . import config
from .vocabulario import ENCABEZADOS, ETIQUETAS_DE_CODIGOS, Unidad

_NUMEROS_EN_LETRAS = {
    0: "cero", 1: "uno", 2: "dos", 3: "tres", 4: "cuatro", 5: "cinco", 6: "seis",
    7: "siete", 8: "ocho", 9: "nueve", 10: "diez", 11: "once", 12: "doce",
    13: "trece", 14: "catorce", 15: "quince",
}


def es_nulo(valor) -> bool:
    return valor is None or (isinstance(valor, float) and math.isnan(valor))


def redondear(valor: float, decimales: int = config.DECIMALES_AVANCE) -> float:
    """Redondea la mitad hacia arriba: 72.65 → 72.7; 0.05 → 0.1. Antes quita el ruido binario de una división
    (2.3 / 8 × 100 da 28.749999999999996, que es 28.75) redondeando a 9 decimales, como `redondear_serie`: una cifra
    se muestra igual en una tabla, en un gráfico y en una frase."""
    cuanto = Decimal(1).scaleb(-decimales)
    return float(Decimal(repr(round(float(valor), 9))).quantize(cuanto, rounding=ROUND_HALF_UP))


def redondear_serie(valores: pd.Series, decimales: int = config.DECIMALES_AVANCE) -> pd.Series:
    """`redondear` para columnas enteras, sin un Decimal por fila.

    Primero se quita el ruido binario (72.65 se guarda como 72.6499999…; × 10 = 726.4999999…) redondeando
    a 9 decimales, luego se suma media unidad y se trunca. Coincide con `redondear` para números de hasta
    9 cifras decimales, que es lo que se registra (las pruebas lo comparan valor por valor).
    """
    escala = 10.0 ** decimales
    return pd.Series(np.floor(np.round(valores.to_numpy(dtype="float64") * escala, 9) + 0.5) / escala, index=valores.index)


def numero(valor: float, decimales: int | None = None) -> str:
    """1700 → «1,700»; 7.96 → «7.96». Sin decimales superfluos salvo que se pidan."""
    if es_nulo(valor):
        return config.MARCA_ND
    if decimales is None:
        patron = "#,##0.##" if float(valor) != int(valor) else "#,##0"
        return format_decimal(valor, format=patron, locale=config.LOCALE)
    patron = "#,##0" + ("." + "0" * decimales if decimales else "")
    return format_decimal(redondear(valor, decimales), format=patron, locale=config.LOCALE)


def porcentaje(valor: float, decimales: int = config.DECIMALES_AVANCE) -> str:
    """72.72727 → «72.7%»."""
    if es_nulo(valor):
        return config.MARCA_ND
    return numero(valor, decimales) + "%"


def porcentaje_sin_ceros(valor: float) -> str:
    """28.0 → «28%»; 42.857 → «42.86%»; 14.3 → «14.3%»: hasta dos decimales (la mitad hacia arriba) y sin ceros
    superfluos, como `numero`. Así se escribe la ejecución física de una actividad, en la prosa y en la tabla de
    actividades críticas, para que ambas digan la misma cifra."""
    if es_nulo(valor):
        return config.MARCA_ND
    return numero(redondear(valor, 2)) + "%"


def soles(valor: float) -> str:
    """517509952.58 → «S/ 517,509,952.58»."""
    return "S/ " + numero(valor, 2)


def valor_con_unidad(valor: float, unidad: str) -> str:
    """Valor de un indicador tal como se lee en su tabla: «93%», «1,700», «−2.5%» (tasa de variación), «0.85» (ratio)."""
    if es_nulo(valor):
        return config.MARCA_ND
    texto = numero(valor)
    return texto + "%" if unidad in (Unidad.PORCENTAJE, Unidad.TASA_DE_VARIACION) else texto


def en_letras(n: int, femenino: bool = False) -> str:
    """Números pequeños en letras, como se escriben en prosa («ocho acciones», «una acción»)."""
    if femenino and int(n) == 1:
        return "una"
    return _NUMEROS_EN_LETRAS.get(int(n), numero(n))


def plural(n: int, singular: str, plural_: str) -> str:
    return singular if int(n) == 1 else plural_


def etiqueta_de_codigo(valor: str, columna: str) -> str:
    """Un código de las tablas como se lee: la banda por su etiqueta; estado, origen y resultado con palabras."""
    if columna == "banda" and valor in config.BANDA:
        return config.BANDA[valor].etiqueta
    return ETIQUETAS_DE_CODIGOS.get(valor, valor)


def encabezado(columna: str, propios: dict[str, str] | None = None) -> str:
    """El nombre de una columna ante un lector: el propio de quien muestra la tabla, el de `vocabulario.ENCABEZADOS`
    o, si no está, el nombre sin guiones bajos."""
    columna = str(columna)
    return (propios or {}).get(columna) or ENCABEZADOS.get(columna) or columna.replace("_", " ").capitalize()
